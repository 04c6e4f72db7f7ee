package calibrate

import (
	"context"
	"fmt"
	"html"
	"math"
	"strings"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// Prober is a fitted classifier that gives class probabilities, column j for
// the j-th of its sorted training labels: the models of svm.SVC (with
// Probability), linear.LogisticRegression, neighbors.KNNClassifier and
// CalibratedClassifier all are.
type Prober interface {
	PredictProba(X *mat.Dense) (*mat.Dense, error)
}

// predicter is a Prober that also predicts labels by its own rule (an SVC's
// one-vs-one vote), so that Evaluate can count where the two disagree.
type predicter interface {
	Predict(X *mat.Dense) ([]int, error)
}

// Candidate is one way of getting probabilities from a training set, with the
// name that tables and figures show.
type Candidate struct {
	Name string
	Fit  func(X *mat.Dense, y []int) (Prober, error)
}

// EvalOptions configures Evaluate.
type EvalOptions struct {
	// Bins is the number of equal-width bins of the ECE (0 means 10).
	Bins int
	// Progress receives one step per fold (nil: progress.Auto).
	Progress progress.Reporter
}

// Score names one column of an Evaluation.
type Score int

// The scores an Evaluation holds per candidate and fold.
const (
	ScoreAccuracy   Score = iota // accuracy of the most probable class (argmax of PredictProba)
	ScoreLogLoss                 // mean negative log-likelihood of the true class
	ScoreBrier                   // multiclass Brier score (0…2)
	ScoreECE                     // top-label expected calibration error
	ScoreConfidence              // mean largest probability: the accuracy the model claims
	ScoreDisagree                // share of rows where argmax of PredictProba ≠ Predict
	ScoreAUC                     // ROC AUC of the second class's probability (two classes only)
	ScorePredict                 // accuracy of Predict (of the most probable class without Predict)
)

var scoreNames = [...]string{"argmax accuracy", "log-loss", "Brier", "ECE", "confidence", "argmax≠predict", "AUC", "predict accuracy"}

func (s Score) String() string {
	if s >= 0 && int(s) < len(scoreNames) {
		return scoreNames[s]
	}
	return fmt.Sprintf("Score(%d)", int(s))
}

// Evaluation holds the scores of several candidates, each fitted on the Train
// rows of every fold and scored on its Test rows.
type Evaluation struct {
	// Names are the candidates' names, in the order given.
	Names []string
	// Classes is the number of classes (columns of the probabilities).
	Classes int
	// Scores[c][f] are the scores of candidate c on fold f.
	Scores [][]metrics.ProbaScores
	// Disagree[c][f] is the share of fold f's test rows where the most
	// probable class of candidate c differs from its own Predict; 0 for a
	// candidate without Predict (HasPredict[c] false).
	Disagree   [][]float64
	HasPredict []bool
	// PredictAccuracy[c][f] is the accuracy of candidate c's Predict on
	// fold f (its most probable class when it has no Predict).
	PredictAccuracy [][]float64
	// AUC[c][f] is the ROC AUC of the probability of class 1 (two classes
	// only; nil otherwise): how well the probabilities rank, whatever their
	// calibration.
	AUC [][]float64
	// Confidence[c] and Hit[c] pool the test rows of every fold: the largest
	// probability, and 1 where that class was right (a top-label reliability
	// diagram is metrics.CalibrationCurve(Hit[c], Confidence[c], …)).
	Confidence [][]float64
	Hit        [][]int
}

// Evaluate fits every candidate on each fold's Train rows of X and y and
// scores its probabilities on the fold's Test rows. The labels must be 0…K−1
// and every fold's training rows must hold all K classes (as TinyDraws'
// folds do), so that the probability columns are the labels. Folds run in
// parallel and each writes its own results, so the numbers do not depend on
// GOMAXPROCS when the candidates' fits do not.
func Evaluate(X *mat.Dense, y []int, folds []data.Fold, cands []Candidate, opts EvalOptions) (*Evaluation, error) {
	return EvaluateContext(context.Background(), X, y, folds, cands, opts)
}

// EvaluateContext is Evaluate that stops between folds when ctx is done.
func EvaluateContext(ctx context.Context, X *mat.Dense, y []int, folds []data.Fold, cands []Candidate, opts EvalOptions) (*Evaluation, error) {
	const where = "calibrate: Evaluate"
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	distinct, maxLabel, err := check.Labels(where, "y", y, n)
	if err != nil {
		return nil, err
	}
	if distinct != maxLabel+1 {
		return nil, check.Errorf(where, check.ErrValue, "y has %d distinct labels with largest %d, want the labels 0…K−1", distinct, maxLabel)
	}
	if distinct < 2 {
		return nil, check.Errorf(where, check.ErrValue, "y holds a single class (%d), want at least 2", maxLabel)
	}
	if len(folds) == 0 {
		return nil, check.Errorf(where, check.ErrEmpty, "folds is empty")
	}
	if len(cands) == 0 {
		return nil, check.Errorf(where, check.ErrEmpty, "cands is empty")
	}
	for i, c := range cands {
		if c.Fit == nil {
			return nil, check.Errorf(where, check.ErrValue, "cands[%d] (%q) has a nil Fit", i, c.Name)
		}
	}
	for f, fold := range folds {
		if len(fold.Train) == 0 || len(fold.Test) == 0 {
			return nil, check.Errorf(where, check.ErrEmpty, "folds[%d] has %d train and %d test rows, want some of each", f, len(fold.Train), len(fold.Test))
		}
		for _, idx := range [][]int{fold.Train, fold.Test} {
			for _, i := range idx {
				if i < 0 || i >= n {
					return nil, check.Errorf(where, check.ErrValue, "folds[%d] holds row %d, want rows in [0, %d)", f, i, n)
				}
			}
		}
		seen := make([]bool, distinct)
		for _, i := range fold.Train {
			seen[y[i]] = true
		}
		for k, ok := range seen {
			if !ok {
				return nil, check.Errorf(where, check.ErrValue, "folds[%d] has no training row of class %d, want every class in every Train", f, k)
			}
		}
	}
	bins := opts.Bins
	if bins == 0 {
		bins = 10
	}
	if bins < 1 {
		return nil, check.Errorf(where, check.ErrValue, "opts.Bins=%d, want at least 1 (0 means 10)", opts.Bins)
	}

	nc, nf := len(cands), len(folds)
	ev := &Evaluation{Classes: distinct, HasPredict: make([]bool, nc)}
	for _, c := range cands {
		ev.Names = append(ev.Names, c.Name)
	}
	ev.Scores = make([][]metrics.ProbaScores, nc)
	ev.Disagree = make([][]float64, nc)
	ev.PredictAccuracy = make([][]float64, nc)
	if distinct == 2 {
		ev.AUC = make([][]float64, nc)
	}
	for c := range cands {
		ev.Scores[c] = make([]metrics.ProbaScores, nf)
		ev.Disagree[c] = make([]float64, nf)
		ev.PredictAccuracy[c] = make([]float64, nf)
		if ev.AUC != nil {
			ev.AUC[c] = make([]float64, nf)
		}
	}
	// Per fold and candidate: the test rows' top confidence and hits, pooled after.
	conf := make([][][]float64, nf)
	hits := make([][][]int, nf)
	errs := make([]error, nf)
	hasPred := make([][]bool, nf)

	rep := progress.For(opts.Progress)
	rep.Start(fmt.Sprintf("%d candidates on %d folds", nc, nf), nf)
	var done atomic.Int64
	par.For(nf, func(f int) {
		if err := ctx.Err(); err != nil {
			errs[f] = err
			return
		}
		errs[f] = evalFold(ev, f, X, y, folds[f], cands, bins, &conf[f], &hits[f], &hasPred[f])
		rep.Update(int(done.Add(1)))
	})
	for _, err := range errs {
		if err != nil {
			rep.Finish("stopped: " + err.Error())
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}
	ev.Confidence = make([][]float64, nc)
	ev.Hit = make([][]int, nc)
	for c := range cands {
		ev.HasPredict[c] = hasPred[0][c]
		for f := range folds {
			ev.Confidence[c] = append(ev.Confidence[c], conf[f][c]...)
			ev.Hit[c] = append(ev.Hit[c], hits[f][c]...)
		}
	}
	rep.Finish(fmt.Sprintf("%d candidates scored on %d folds", nc, nf))
	return ev, nil
}

// evalFold fits and scores every candidate on one fold, writing only slot f.
func evalFold(ev *Evaluation, f int, X *mat.Dense, y []int, fold data.Fold, cands []Candidate, bins int,
	conf *[][]float64, hits *[][]int, hasPred *[]bool) error {
	Xtr, Xte := data.SubsetRows(X, fold.Train), data.SubsetRows(X, fold.Test)
	ytr, yte := foldLabels(y, fold.Train), foldLabels(y, fold.Test)
	*conf = make([][]float64, len(cands))
	*hits = make([][]int, len(cands))
	*hasPred = make([]bool, len(cands))
	for c, cand := range cands {
		m, err := cand.Fit(Xtr, ytr)
		if err != nil {
			return fmt.Errorf("candidate %q on fold %d: %w", cand.Name, f, err)
		}
		if m == nil {
			return check.Errorf("candidate "+cand.Name, check.ErrValue, "Fit returned a nil model on fold %d", f)
		}
		P, err := m.PredictProba(Xte)
		if err != nil {
			return fmt.Errorf("candidate %q on fold %d: %w", cand.Name, f, err)
		}
		if _, k := P.Dims(); k != ev.Classes {
			return check.Errorf("candidate "+cand.Name, check.ErrShape, "PredictProba gave %d columns on fold %d, want one per class (%d)", k, f, ev.Classes)
		}
		s, err := metrics.ScoreProba(yte, P, bins)
		if err != nil {
			return fmt.Errorf("candidate %q on fold %d: %w", cand.Name, f, err)
		}
		ev.Scores[c][f] = s
		top, hit := make([]float64, len(yte)), make([]int, len(yte))
		arg := make([]int, len(yte))
		for i := range yte {
			row := P.RawRowView(i)
			for j, p := range row {
				if p > row[arg[i]] {
					arg[i] = j
				}
			}
			top[i] = row[arg[i]]
			if arg[i] == yte[i] {
				hit[i] = 1
			}
		}
		(*conf)[c], (*hits)[c] = top, hit
		ev.PredictAccuracy[c][f] = s.Accuracy
		if pm, ok := m.(predicter); ok {
			(*hasPred)[c] = true
			pred, err := pm.Predict(Xte)
			if err != nil {
				return fmt.Errorf("candidate %q on fold %d: %w", cand.Name, f, err)
			}
			if len(pred) != len(yte) {
				return check.Errorf("candidate "+cand.Name, check.ErrShape, "Predict gave %d labels for %d rows on fold %d", len(pred), len(yte), f)
			}
			d, right := 0, 0
			for i := range pred {
				if pred[i] != arg[i] {
					d++
				}
				if pred[i] == yte[i] {
					right++
				}
			}
			ev.Disagree[c][f] = float64(d) / float64(len(pred))
			ev.PredictAccuracy[c][f] = float64(right) / float64(len(pred))
		}
		if ev.AUC != nil {
			pos := make([]float64, len(yte))
			for i := range yte {
				pos[i] = P.At(i, 1)
			}
			if ev.AUC[c][f], err = metrics.ROCAUC(yte, pos); err != nil {
				return fmt.Errorf("candidate %q on fold %d: %w", cand.Name, f, err)
			}
		}
	}
	return nil
}

// Values returns score s of candidate c on every fold (nil for ScoreAUC with
// more than two classes).
func (e *Evaluation) Values(c int, s Score) []float64 {
	if c < 0 || c >= len(e.Names) {
		return nil
	}
	switch s {
	case ScoreDisagree:
		return append([]float64(nil), e.Disagree[c]...)
	case ScorePredict:
		return append([]float64(nil), e.PredictAccuracy[c]...)
	case ScoreAUC:
		if e.AUC == nil {
			return nil
		}
		return append([]float64(nil), e.AUC[c]...)
	}
	out := make([]float64, len(e.Scores[c]))
	for f, sc := range e.Scores[c] {
		switch s {
		case ScoreAccuracy:
			out[f] = sc.Accuracy
		case ScoreLogLoss:
			out[f] = sc.LogLoss
		case ScoreBrier:
			out[f] = sc.Brier
		case ScoreECE:
			out[f] = sc.ECE
		case ScoreConfidence:
			out[f] = sc.Confidence
		default:
			return nil
		}
	}
	return out
}

// Mean returns the mean and the standard deviation (divisor n−1, 0 for one
// fold) of score s of candidate c over the folds.
func (e *Evaluation) Mean(c int, s Score) (mean, sd float64) {
	v := e.Values(c, s)
	if len(v) == 0 {
		return 0, 0
	}
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	if len(v) > 1 {
		for _, x := range v {
			sd += (x - mean) * (x - mean)
		}
		sd = math.Sqrt(sd / float64(len(v)-1))
	}
	return mean, sd
}

// Index returns the position of the candidate called name, or −1.
func (e *Evaluation) Index(name string) int {
	for i, n := range e.Names {
		if n == name {
			return i
		}
	}
	return -1
}

func (e *Evaluation) columns() []Score {
	cols := []Score{ScorePredict, ScoreAccuracy, ScoreConfidence, ScoreLogLoss, ScoreBrier, ScoreECE, ScoreDisagree}
	if e.AUC != nil {
		cols = append(cols, ScoreAUC)
	}
	return cols
}

func (e *Evaluation) cells() (head []string, rows [][]string) {
	head = []string{"candidate"}
	for _, s := range e.columns() {
		head = append(head, s.String())
	}
	for c, name := range e.Names {
		row := []string{name}
		for _, s := range e.columns() {
			if s == ScoreDisagree && !e.HasPredict[c] {
				row = append(row, "–")
				continue
			}
			m, sd := e.Mean(c, s)
			row = append(row, fmt.Sprintf("%.3f ± %.3f", m, sd))
		}
		rows = append(rows, row)
	}
	return head, rows
}

// String is a plain-text table: one row per candidate, each score as its
// mean ± standard deviation over the folds.
func (e *Evaluation) String() string {
	head, rows := e.cells()
	width := make([]int, len(head))
	for _, r := range append([][]string{head}, rows...) {
		for j, s := range r {
			width[j] = max(width[j], len([]rune(s)))
		}
	}
	var b strings.Builder
	for _, r := range append([][]string{head}, rows...) {
		for j, s := range r {
			if j > 0 {
				b.WriteString("  ")
			}
			b.WriteString(s + strings.Repeat(" ", width[j]-len([]rune(s))))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// HTML is the table of String as an HTML table, for gonbui.DisplayHTML.
func (e *Evaluation) HTML() string {
	head, rows := e.cells()
	var b strings.Builder
	b.WriteString(`<table style="font-variant-numeric: tabular-nums"><tr>`)
	for _, h := range head {
		b.WriteString("<th>" + html.EscapeString(h) + "</th>")
	}
	b.WriteString("</tr>")
	for _, r := range rows {
		b.WriteString("<tr>")
		for j, s := range r {
			align := "right"
			if j == 0 {
				align = "left"
			}
			b.WriteString(`<td style="text-align:` + align + `">` + html.EscapeString(s) + "</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</table>")
	return b.String()
}

// foldLabels returns y[idx[0]], y[idx[1]], ….
func foldLabels(y, idx []int) []int {
	out := make([]int, len(idx))
	for k, i := range idx {
		out[k] = y[i]
	}
	return out
}

// Reliability returns candidate c's top-label calibration curve over the
// test rows of all folds: per non-empty bin of the largest probability, the
// observed accuracy (probTrue), the mean largest probability (probPred) and
// the count, as metrics.CalibrationCurve with uniform bins.
func (e *Evaluation) Reliability(c, bins int) (probTrue, probPred []float64, counts []int, err error) {
	if c < 0 || c >= len(e.Names) {
		return nil, nil, nil, check.Errorf("calibrate: Evaluation.Reliability", check.ErrValue, "c=%d, want a candidate in [0, %d)", c, len(e.Names))
	}
	return metrics.CalibrationCurve(e.Hit[c], e.Confidence[c], bins, metrics.Uniform)
}

// Sweep gathers score s of every candidate over several evaluations of the
// same candidates (one per training size, say): draws[c] has one row per fold
// and one column per evaluation, the input of a band figure of the score
// against the size. Evaluations must share candidates and fold counts.
func Sweep(evs []*Evaluation, s Score) (names []string, draws []*mat.Dense, err error) {
	const where = "calibrate: Sweep"
	if len(evs) == 0 || evs[0] == nil {
		return nil, nil, check.Errorf(where, check.ErrEmpty, "evs is empty")
	}
	names = evs[0].Names
	folds := len(evs[0].Scores[0])
	draws = make([]*mat.Dense, len(names))
	for c := range names {
		draws[c] = mat.NewDense(folds, len(evs), nil)
	}
	for j, ev := range evs {
		if ev == nil || len(ev.Names) != len(names) || len(ev.Scores[0]) != folds {
			return nil, nil, check.Errorf(where, check.ErrShape, "evs[%d] has other candidates or fold counts than evs[0]", j)
		}
		for c := range names {
			v := ev.Values(c, s)
			if v == nil {
				return nil, nil, check.Errorf(where, check.ErrValue, "score %v is not available in evs[%d]", s, j)
			}
			draws[c].SetCol(j, v)
		}
	}
	return names, draws, nil
}

// PooledECE is the top-label expected calibration error of candidate c over
// the test rows of all folds pooled (bins equal-width bins): Σ_b n_b/n ·
// |accuracy_b − confidence_b| on the curve of Reliability.
func (e *Evaluation) PooledECE(c, bins int) (float64, error) {
	pt, pp, counts, err := e.Reliability(c, bins)
	if err != nil {
		return 0, err
	}
	ece := 0.0
	for b := range pt {
		ece += float64(counts[b]) / float64(len(e.Hit[c])) * math.Abs(pt[b]-pp[b])
	}
	return ece, nil
}
