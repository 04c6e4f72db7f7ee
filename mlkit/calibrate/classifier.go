package calibrate

import (
	"context"
	"fmt"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/sample"
)

// Method picks the calibrator of a CalibratedClassifier.
type Method int

const (
	// SigmoidMethod is Platt scaling (Sigmoid), the default: two
	// parameters, safe on few samples.
	SigmoidMethod Method = iota
	// IsotonicMethod is the isotonic map (Isotonic): more flexible, needs
	// many samples (scikit-learn advises against it below ~1000).
	IsotonicMethod
)

// String returns "sigmoid" or "isotonic", scikit-learn's method names.
func (m Method) String() string {
	switch m {
	case SigmoidMethod:
		return "sigmoid"
	case IsotonicMethod:
		return "isotonic"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// CV is the cross-validation of a CalibratedClassifier: k ≥ 2 for
// stratified k-fold (0 means 5), or LeaveOneOut.
type CV int

// LeaveOneOut calibrates on leave-one-out scores: every sample is scored by
// a base fitted on all the others.
const LeaveOneOut CV = -1

// String returns "5-fold" (for 0 and 5), "k-fold" for k ≥ 1 or
// "leave_one_out"; other negative values print as CV(n).
func (c CV) String() string {
	switch {
	case c == LeaveOneOut:
		return "leave_one_out"
	case c == 0:
		return "5-fold"
	case c < 0:
		return fmt.Sprintf("CV(%d)", int(c))
	}
	return fmt.Sprintf("%d-fold", int(c))
}

// Combine says how the folds' calibrated classifiers are combined.
type Combine int

const (
	// Auto is PerFold for k-fold and explicit Folds, Pooled for
	// LeaveOneOut (a calibrator fitted on one sample is meaningless).
	Auto Combine = iota
	// PerFold keeps one (base, calibrator) pair per fold — the base fitted
	// on the fold's training rows, the calibrator on its test rows — and
	// averages their probabilities: scikit-learn's ensemble=True.
	PerFold
	// Pooled fits one calibrator on the out-of-fold scores of all samples
	// and the base on all samples: scikit-learn's ensemble=False.
	Pooled
)

// String returns "auto", "per_fold" (scikit-learn's ensemble=True) or
// "pooled" (ensemble=False).
func (c Combine) String() string {
	switch c {
	case Auto:
		return "auto"
	case PerFold:
		return "per_fold"
	case Pooled:
		return "pooled"
	}
	return fmt.Sprintf("Combine(%d)", int(c))
}

// CalibratedClassifier calibrates the scores of a base classifier by
// cross-validation, as scikit-learn 1.2's CalibratedClassifierCV: the scores
// the base gives rows it was not fitted on are mapped to probabilities by a
// sigmoid or isotonic calibrator per class (one-vs-rest), and with three or
// more classes the calibrated columns are normalised to sum to one.
//
// The zero value is not usable: Base is required. Other fields default to
// SigmoidMethod, 5-fold stratified CV, Auto combination.
type CalibratedClassifier struct {
	// Base fits the classifier whose scores are calibrated (Logistic, KNN,
	// SVC, or Wrap of any kit classifier).
	Base Estimator
	// Method is SigmoidMethod (default) or IsotonicMethod.
	Method Method
	// CV is the number of stratified folds (0 means 5; each class needs
	// at least CV members) or LeaveOneOut (each class needs 2 members).
	CV CV
	// Folds, when not nil, are the splits to use instead of CV (every
	// sample in exactly one Test for Pooled).
	Folds []data.Fold
	// Combine is Auto (default), PerFold or Pooled.
	Combine Combine
	// Sigmoid configures the sigmoid fits (zero value: defaults).
	Sigmoid Sigmoid
	// Seed shuffles the stratified folds.
	Seed uint64
	// Progress receives one update per fold (nil: progress.Auto).
	Progress progress.Reporter
}

// CalibratedClassifierModel is a fitted calibrated classifier.
type CalibratedClassifierModel struct {
	// Classes are the distinct training labels, sorted; column j of
	// PredictProba is the probability of Classes[j].
	Classes []int
	Method  Method
	// Members are the calibrated classifiers whose probabilities are
	// averaged: one per fold (PerFold) or one (Pooled).
	Members []Calibrated
}

// Calibrated is one fitted base with its calibrators, one per score column
// (one for two classes, calibrating Classes[1]; K for K classes).
type Calibrated struct {
	Base     Scorer
	Sigmoid  []SigmoidModel  // with SigmoidMethod
	Isotonic []IsotonicModel // with IsotonicMethod
}

// Fit is FitContext with context.Background().
func (c CalibratedClassifier) Fit(X *mat.Dense, y []int) (*CalibratedClassifierModel, error) {
	return c.FitContext(context.Background(), X, y)
}

// FitContext fits the base on each fold and the calibrators on its
// held-out scores, stopping between folds when ctx is done.
func (c CalibratedClassifier) FitContext(ctx context.Context, X *mat.Dense, y []int) (*CalibratedClassifierModel, error) {
	const where = "calibrate: CalibratedClassifier.Fit"
	if c.Base == nil {
		return nil, check.Errorf(where, check.ErrValue, "Base is nil, want an Estimator (Logistic, KNN, SVC or Wrap(classifier))")
	}
	if c.Method != SigmoidMethod && c.Method != IsotonicMethod {
		return nil, check.Errorf(where, check.ErrValue, "Method=%v, want SigmoidMethod or IsotonicMethod", c.Method)
	}
	if c.Combine < Auto || c.Combine > Pooled {
		return nil, check.Errorf(where, check.ErrValue, "Combine=%v, want Auto, PerFold or Pooled", c.Combine)
	}
	if c.Sigmoid.MaxIter < 0 || !(c.Sigmoid.Tol >= 0) {
		return nil, check.Errorf(where, check.ErrValue, "Sigmoid={MaxIter: %d, Tol: %v}, want both ≥ 0", c.Sigmoid.MaxIter, c.Sigmoid.Tol)
	}
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	if _, _, err := check.Labels(where, "y", y, n); err != nil {
		return nil, err
	}
	classes, counts := classCounts(y)
	if len(classes) < 2 {
		return nil, check.Errorf(where, check.ErrValue, "y has one class (label %d), want at least two", classes[0])
	}
	folds, combine, err := c.splits(where, y, classes, counts)
	if err != nil {
		return nil, err
	}
	pos := make(map[int]int, len(classes))
	for j, v := range classes {
		pos[v] = j
	}
	m := &CalibratedClassifierModel{Classes: classes, Method: c.Method}
	rep := progress.For(c.Progress)
	rep.Start("CalibratedClassifier", len(folds))
	var oof *mat.Dense // Pooled: out-of-fold scores
	for f, fold := range folds {
		if err := ctx.Err(); err != nil {
			rep.Finish("cancelled")
			return nil, err
		}
		sc, err := c.fitBase(where, fmt.Sprintf("fold %d", f), X, y, fold.Train, classes)
		if err != nil {
			return nil, err
		}
		S, err := scores(where, sc, data.SubsetRows(X, fold.Test), len(classes))
		if err != nil {
			return nil, err
		}
		if combine == Pooled {
			if oof == nil {
				_, k := S.Dims()
				oof = mat.NewDense(n, k, nil)
			}
			for r, i := range fold.Test {
				oof.SetRow(i, S.RawRowView(r))
			}
		} else {
			m.Members = append(m.Members, c.calibrate(sc, S, labelsAt(y, fold.Test), pos))
		}
		rep.Update(f + 1)
	}
	if combine == Pooled {
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		sc, err := c.fitBase(where, "all rows", X, y, all, classes)
		if err != nil {
			return nil, err
		}
		m.Members = []Calibrated{c.calibrate(sc, oof, y, pos)}
	}
	rep.Finish(fmt.Sprintf("CalibratedClassifier: %d folds, %v, %v", len(folds), c.Method, combine))
	return m, nil
}

// splits builds the folds and settles Auto.
func (c CalibratedClassifier) splits(where string, y []int, classes, counts []int) ([]data.Fold, Combine, error) {
	combine := c.Combine
	switch {
	case c.Folds != nil:
		if len(c.Folds) == 0 {
			return nil, 0, check.Errorf(where, check.ErrEmpty, "Folds is empty")
		}
		seen := make([]int, len(y))
		for f, fold := range c.Folds {
			if len(fold.Train) == 0 || len(fold.Test) == 0 {
				return nil, 0, check.Errorf(where, check.ErrEmpty, "Folds[%d] has %d training and %d test rows, want both non-empty", f, len(fold.Train), len(fold.Test))
			}
			for _, idx := range [][]int{fold.Train, fold.Test} {
				for _, i := range idx {
					if i < 0 || i >= len(y) {
						return nil, 0, check.Errorf(where, check.ErrValue, "Folds[%d] holds row %d, want an index in [0, %d)", f, i, len(y))
					}
				}
			}
			for _, i := range fold.Test {
				seen[i]++
			}
		}
		if combine == Auto {
			combine = PerFold
		}
		if combine == Pooled {
			for i, s := range seen {
				if s != 1 {
					return nil, 0, check.Errorf(where, check.ErrValue, "row %d is in %d Test sets, want exactly one with Pooled", i, s)
				}
			}
		}
		return c.Folds, combine, nil
	case c.CV == LeaveOneOut:
		for j, k := range counts {
			if k < 2 {
				return nil, 0, check.Errorf(where, check.ErrValue, "CV=LeaveOneOut and class %d has 1 member, want at least 2 (a base fitted without it cannot score it)", classes[j])
			}
		}
		if combine == PerFold {
			return nil, 0, check.Errorf(where, check.ErrValue, "Combine=PerFold with CV=LeaveOneOut fits each calibrator on one sample, want Pooled or Auto")
		}
		f, err := sample.LeaveOneOut(len(y))
		return f, Pooled, err
	}
	k := int(c.CV)
	if k == 0 {
		k = 5
	}
	if k < 2 {
		return nil, 0, check.Errorf(where, check.ErrValue, "CV=%d, want at least 2 folds, 0 (5 folds) or LeaveOneOut", int(c.CV))
	}
	for j, m := range counts {
		if m < k {
			return nil, 0, check.Errorf(where, check.ErrValue, "CV=%d folds exceeds the %d members of class %d (each class needs one per fold)", k, m, classes[j])
		}
	}
	if combine == Auto {
		combine = PerFold
	}
	f, err := data.StratifiedKFold(y, k, c.Seed)
	return f, combine, err
}

// fitBase fits the base on rows and checks that it saw every class.
func (c CalibratedClassifier) fitBase(where, what string, X *mat.Dense, y, rows, classes []int) (Scorer, error) {
	sc, err := c.Base.FitScorer(data.SubsetRows(X, rows), labelsAt(y, rows))
	if err != nil {
		return nil, fmt.Errorf("%s: Base %T on %s: %w", where, c.Base, what, err)
	}
	if sc == nil {
		return nil, check.Errorf(where, check.ErrValue, "Base %T returned no Scorer on %s (a base without scores cannot be calibrated)", c.Base, what)
	}
	if got := sc.Classes(); !slices.Equal(got, classes) {
		return nil, check.Errorf(where, check.ErrValue, "Base %T fitted on %s knows classes %v, want %v (every class in every training fold)", c.Base, what, got, classes)
	}
	return sc, nil
}

// scores calls the scorer and checks the shape: n×1 for two classes (n×2
// is accepted, its second column used), n×K for K ≥ 3.
func scores(where string, sc Scorer, X *mat.Dense, k int) (*mat.Dense, error) {
	S, err := sc.Scores(X)
	if err != nil {
		return nil, fmt.Errorf("%s: scores of %T: %w", where, sc, err)
	}
	if S == nil {
		return nil, check.Errorf(where, check.ErrValue, "Scorer %T returned no scores (a base without scores cannot be calibrated)", sc)
	}
	n, _ := X.Dims()
	r, cols := S.Dims()
	switch {
	case r != n:
	case k == 2 && cols == 2:
		return mat.DenseCopyOf(S.Slice(0, n, 1, 2)), nil
	case k == 2 && cols == 1, k > 2 && cols == k:
		if err := check.Matrix(where, "scores", S); err != nil {
			return nil, fmt.Errorf("%w (from %T)", err, sc)
		}
		return S, nil
	}
	want := 1
	if k > 2 {
		want = k
	}
	return nil, check.Errorf(where, check.ErrShape, "Scorer %T gave %d×%d scores for %d rows and %d classes, want %d×%d", sc, r, cols, n, k, n, want)
}

// calibrate fits one calibrator per score column against the one-vs-rest
// indicator of its class (Classes[1] for a single column).
func (c CalibratedClassifier) calibrate(sc Scorer, S *mat.Dense, y []int, pos map[int]int) Calibrated {
	out := Calibrated{Base: sc}
	n, cols := S.Dims()
	f := make([]float64, n)
	t := make([]bool, n)
	for j := range cols {
		cls := j
		if cols == 1 {
			cls = 1
		}
		for i := range n {
			f[i] = S.At(i, j)
			t[i] = pos[y[i]] == cls
		}
		if c.Method == IsotonicMethod {
			out.Isotonic = append(out.Isotonic, *fitIsotonic(f, t))
		} else {
			out.Sigmoid = append(out.Sigmoid, *c.Sigmoid.fit(f, t))
		}
	}
	return out
}

// PredictProba returns the n×len(Classes) calibrated probabilities, the
// mean over Members.
func (m *CalibratedClassifierModel) PredictProba(X *mat.Dense) (*mat.Dense, error) {
	const where = "calibrate: CalibratedClassifierModel.PredictProba"
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, err
	}
	if len(m.Members) == 0 {
		return nil, check.Errorf(where, check.ErrEmpty, "the model has no Members")
	}
	n, _ := X.Dims()
	k := len(m.Classes)
	P := mat.NewDense(n, k, nil)
	for _, mem := range m.Members {
		S, err := scores(where, mem.Base, X, k)
		if err != nil {
			return nil, err
		}
		Q := mem.proba(S, k)
		P.Add(P, Q)
	}
	P.Scale(1/float64(len(m.Members)), P)
	return P, nil
}

// proba is scikit-learn's _CalibratedClassifier.predict_proba.
func (c Calibrated) proba(S *mat.Dense, k int) *mat.Dense {
	n, cols := S.Dims()
	P := mat.NewDense(n, k, nil)
	col := make([]float64, n)
	for j := range cols {
		mat.Col(col, j, S)
		var p []float64
		if len(c.Isotonic) > 0 {
			p = c.Isotonic[j].Predict(col)
		} else {
			p = c.Sigmoid[j].Predict(col)
		}
		dst := j
		if cols == 1 {
			dst = 1
		}
		P.SetCol(dst, p)
	}
	for i := range n {
		row := P.RawRowView(i)
		if k == 2 {
			row[0] = 1 - row[1]
		} else {
			s := 0.0
			for _, v := range row {
				s += v
			}
			for j := range row {
				if s != 0 {
					row[j] /= s
				} else {
					row[j] = 1 / float64(k)
				}
			}
		}
		for j, v := range row {
			if v > 1 && v <= 1+1e-5 {
				row[j] = 1
			}
		}
	}
	return P
}

// Predict returns the class of largest calibrated probability (the first
// on ties).
func (m *CalibratedClassifierModel) Predict(X *mat.Dense) ([]int, error) {
	P, err := m.PredictProba(X)
	if err != nil {
		return nil, err
	}
	n, _ := P.Dims()
	out := make([]int, n)
	for i := range out {
		row := P.RawRowView(i)
		best := 0
		for j, v := range row {
			if v > row[best] {
				best = j
			}
		}
		out[i] = m.Classes[best]
	}
	return out, nil
}

func classCounts(y []int) (classes, counts []int) {
	cnt := map[int]int{}
	for _, v := range y {
		cnt[v]++
	}
	for c := range cnt {
		classes = append(classes, c)
	}
	slices.Sort(classes)
	for _, c := range classes {
		counts = append(counts, cnt[c])
	}
	return classes, counts
}

func labelsAt(y, idx []int) []int {
	out := make([]int, len(idx))
	for k, i := range idx {
		out[k] = y[i]
	}
	return out
}
