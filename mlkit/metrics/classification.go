package metrics

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"gonum.org/v1/gonum/mat"
)

// Accuracy is the fraction of samples with pred equal to truth.
func Accuracy(truth, pred []int) (float64, error) {
	if err := checkPair("metrics: Accuracy", truth, pred); err != nil {
		return 0, err
	}
	ok := 0
	for i := range truth {
		if truth[i] == pred[i] {
			ok++
		}
	}
	return float64(ok) / float64(len(truth)), nil
}

// ConfusionMatrix counts samples by (true class, predicted class): entry
// (i, j) is the number of samples of class i predicted as j, as
// sklearn.metrics.confusion_matrix with labels 0..nClasses-1. Labels must lie
// in [0, nClasses), and nClasses is at most 8192.
func ConfusionMatrix(truth, pred []int, nClasses int) (*mat.Dense, error) {
	const where = "metrics: ConfusionMatrix"
	if err := checkPair(where, truth, pred); err != nil {
		return nil, err
	}
	if nClasses < 1 {
		return nil, check.Errorf(where, check.ErrValue, "nClasses=%d, want at least 1", nClasses)
	}
	if nClasses > maxConfusionClasses {
		return nil, check.Errorf(where, check.ErrValue, "nClasses=%d, want at most %d (the matrix has nClasses² cells)", nClasses, maxConfusionClasses)
	}
	for name, y := range map[string][]int{"truth": truth, "pred": pred} {
		for i, v := range y {
			if v >= nClasses {
				return nil, check.Errorf(where, check.ErrValue, "%s[%d]=%d, want a label in [0, %d)", name, i, v, nClasses)
			}
		}
	}
	m := mat.NewDense(nClasses, nClasses, nil)
	raw := m.RawMatrix()
	for i := range truth {
		raw.Data[truth[i]*raw.Stride+pred[i]]++
	}
	return m, nil
}

// maxConfusionClasses bounds ConfusionMatrix's size (8192² cells are 512 MB).
const maxConfusionClasses = 8192

// Averages holds precision, recall and F1 averaged over classes.
type Averages struct {
	Precision, Recall, F1 float64
}

// ClassReport holds per-class precision, recall, F1 and support, for every
// label found in truth or pred (increasing ids), and their averages, as
// sklearn.metrics.precision_recall_fscore_support with zero_division=0: a
// class never predicted has precision 0, a class absent from truth recall 0.
type ClassReport struct {
	Classes               []int
	Precision, Recall, F1 []float64
	Support               []int // samples of each class in truth
	Accuracy              float64
	Macro                 Averages // unweighted mean over Classes
	Weighted              Averages // mean weighted by Support
}

// PrecisionRecallF1 computes the per-class scores and their macro and
// support-weighted averages (F1 averages are means of per-class F1).
func PrecisionRecallF1(truth, pred []int) (*ClassReport, error) {
	if err := checkPair("metrics: PrecisionRecallF1", truth, pred); err != nil {
		return nil, err
	}
	_, ids := encode(slices.Concat(truth, pred))
	idx := make(map[int]int, len(ids))
	for i, v := range ids {
		idx[v] = i
	}
	k := len(ids)
	tp, predN, sup := make([]int, k), make([]int, k), make([]int, k)
	ok := 0
	for i := range truth {
		a, b := idx[truth[i]], idx[pred[i]]
		sup[a]++
		predN[b]++
		if a == b {
			tp[a]++
			ok++
		}
	}
	r := &ClassReport{
		Classes: ids, Support: sup,
		Precision: make([]float64, k), Recall: make([]float64, k), F1: make([]float64, k),
		Accuracy: float64(ok) / float64(len(truth)),
	}
	n := float64(len(truth))
	for c := range k {
		if predN[c] > 0 {
			r.Precision[c] = float64(tp[c]) / float64(predN[c])
		}
		if sup[c] > 0 {
			r.Recall[c] = float64(tp[c]) / float64(sup[c])
		}
		if s := r.Precision[c] + r.Recall[c]; s > 0 {
			r.F1[c] = 2 * r.Precision[c] * r.Recall[c] / s
		}
		r.Macro.Precision += r.Precision[c] / float64(k)
		r.Macro.Recall += r.Recall[c] / float64(k)
		r.Macro.F1 += r.F1[c] / float64(k)
		w := float64(sup[c]) / n
		r.Weighted.Precision += w * r.Precision[c]
		r.Weighted.Recall += w * r.Recall[c]
		r.Weighted.F1 += w * r.F1[c]
	}
	return r, nil
}

// String formats the report as sklearn.metrics.classification_report does.
func (r *ClassReport) String() string {
	var b strings.Builder
	n := 0
	for _, s := range r.Support {
		n += s
	}
	fmt.Fprintf(&b, "%12s  %9s %9s %9s %9s\n\n", "", "precision", "recall", "f1-score", "support")
	for i, c := range r.Classes {
		fmt.Fprintf(&b, "%12d  %9.2f %9.2f %9.2f %9d\n", c, r.Precision[i], r.Recall[i], r.F1[i], r.Support[i])
	}
	fmt.Fprintf(&b, "\n%12s  %9s %9s %9.2f %9d\n", "accuracy", "", "", r.Accuracy, n)
	fmt.Fprintf(&b, "%12s  %9.2f %9.2f %9.2f %9d\n", "macro avg", r.Macro.Precision, r.Macro.Recall, r.Macro.F1, n)
	fmt.Fprintf(&b, "%12s  %9.2f %9.2f %9.2f %9d\n", "weighted avg", r.Weighted.Precision, r.Weighted.Recall, r.Weighted.F1, n)
	return b.String()
}

// checkProba validates an n×K probability matrix for labels truth in [0,K):
// finite entries in [0,1], rows summing to 1 within 1e-4 (float32 softmax
// outputs pass), K ≥ 2.
func checkProba(where string, truth []int, proba *mat.Dense) error {
	if _, _, err := check.Labels(where, "truth", truth, -1); err != nil {
		return err
	}
	if err := checkDense(where, "proba", proba); err != nil {
		return err
	}
	n, k := proba.Dims()
	if n != len(truth) {
		return check.Errorf(where, check.ErrShape, "proba has %d rows and truth %d labels, want equal", n, len(truth))
	}
	if k < 2 {
		return check.Errorf(where, check.ErrShape, "proba has %d column, want one per class (at least 2)", k)
	}
	for i, y := range truth {
		if y >= k {
			return check.Errorf(where, check.ErrValue, "truth[%d]=%d, want a label in [0, %d) (one proba column per class)", i, y, k)
		}
		row := proba.RawRowView(i)
		s := 0.0
		for j, p := range row {
			if p < 0 || p > 1 {
				return check.Errorf(where, check.ErrValue, "proba[%d,%d]=%v, want a probability in [0, 1]", i, j, p)
			}
			s += p
		}
		if math.Abs(s-1) > 1e-4 {
			return check.Errorf(where, check.ErrValue, "proba row %d sums to %v, want 1", i, s)
		}
	}
	return nil
}

// LogLoss is the mean negative log-likelihood of the true class, as
// sklearn.metrics.log_loss 1.2 with eps="auto": probabilities are clipped to
// [ε, 1−ε] with ε = 2.22e-16 (float64 machine epsilon) and each row is
// renormalised. Column j of proba is the probability of label j.
func LogLoss(truth []int, proba *mat.Dense) (float64, error) {
	if err := checkProba("metrics: LogLoss", truth, proba); err != nil {
		return 0, err
	}
	var loss float64
	for i, y := range truth {
		row := proba.RawRowView(i)
		s := 0.0
		for _, p := range row {
			s += min(max(p, eps64), 1-eps64)
		}
		loss -= math.Log(min(max(row[y], eps64), 1-eps64) / s)
	}
	return loss / float64(len(truth)), nil
}

// BrierScore is the multiclass Brier score (Brier 1950): the mean over
// samples of Σ_k (p_k − 1[y = k])², between 0 and 2. For two classes it is
// twice sklearn.metrics.brier_score_loss, which scores only the positive-class
// probability; use BrierBinary for that convention.
func BrierScore(truth []int, proba *mat.Dense) (float64, error) {
	if err := checkProba("metrics: BrierScore", truth, proba); err != nil {
		return 0, err
	}
	var s float64
	for i, y := range truth {
		for j, p := range proba.RawRowView(i) {
			if j == y {
				p -= 1
			}
			s += p * p
		}
	}
	return s / float64(len(truth)), nil
}

// BrierBinary is sklearn.metrics.brier_score_loss: the mean of (p − y)² for
// labels y in {0, 1} and probPos the predicted probability of label 1.
func BrierBinary(truth []int, probPos []float64) (float64, error) {
	const where = "metrics: BrierBinary"
	if err := checkBinary(where, truth, probPos, "probPos"); err != nil {
		return 0, err
	}
	var s float64
	for i, y := range truth {
		p := probPos[i]
		if p < 0 || p > 1 {
			return 0, check.Errorf(where, check.ErrValue, "probPos[%d]=%v, want a probability in [0, 1]", i, p)
		}
		d := p - float64(y)
		s += d * d
	}
	return s / float64(len(truth)), nil
}

func checkBinary(where string, truth []int, score []float64, name string) error {
	if len(truth) == 0 {
		return check.Errorf(where, check.ErrEmpty, "truth is empty")
	}
	if len(score) != len(truth) {
		return check.Errorf(where, check.ErrShape, "truth has %d labels and %s %d values, want equal lengths", len(truth), name, len(score))
	}
	if err := check.Floats(where, name, score); err != nil {
		return err
	}
	for i, y := range truth {
		if y != 0 && y != 1 {
			return check.Errorf(where, check.ErrValue, "truth[%d]=%d, want 0 or 1", i, y)
		}
	}
	return nil
}

// ECE is the top-label expected calibration error (Naeini, Cooper &
// Hauskrecht 2015; the form of Guo et al. 2017, eq. 3): samples are binned by
// their largest probability into bins equal-width intervals (m/bins,
// (m+1)/bins], and ECE = Σ_m |B_m|/n · |accuracy(B_m) − confidence(B_m)|. The
// predicted class is the first column with the largest probability.
func ECE(truth []int, proba *mat.Dense, bins int) (float64, error) {
	const where = "metrics: ECE"
	if bins < 1 {
		return 0, check.Errorf(where, check.ErrValue, "bins=%d, want at least 1", bins)
	}
	if err := checkProba(where, truth, proba); err != nil {
		return 0, err
	}
	count := make([]float64, bins)
	sumConf := make([]float64, bins)
	sumAcc := make([]float64, bins)
	B := float64(bins)
	for i, y := range truth {
		row := proba.RawRowView(i)
		arg := 0
		for j, p := range row {
			if p > row[arg] {
				arg = j
			}
		}
		c := row[arg]
		m := int(math.Ceil(c*B)) - 1
		// Settle the bin with the same comparisons as conf > m/B && conf <= (m+1)/B.
		m = min(max(m, 0), bins-1)
		for m > 0 && !(c > float64(m)/B) {
			m--
		}
		for m < bins-1 && !(c <= float64(m+1)/B) {
			m++
		}
		count[m]++
		sumConf[m] += c
		if arg == y {
			sumAcc[m]++
		}
	}
	n := float64(len(truth))
	var e float64
	for m := range bins {
		if count[m] > 0 {
			e += count[m] / n * math.Abs(sumAcc[m]/count[m]-sumConf[m]/count[m])
		}
	}
	return e, nil
}

// ROCAUC is the area under the ROC curve for labels in {0, 1} (1 positive)
// and scores where larger means more positive, as
// sklearn.metrics.roc_auc_score: tied scores count one half (the trapezoid
// through tied thresholds), i.e. the Mann–Whitney U statistic / (P·N). Both
// classes must be present.
func ROCAUC(truth []int, score []float64) (float64, error) {
	const where = "metrics: ROCAUC"
	if err := checkBinary(where, truth, score, "score"); err != nil {
		return 0, err
	}
	idx := make([]int, len(score))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case score[a] < score[b]:
			return -1
		case score[a] > score[b]:
			return 1
		}
		return 0
	})
	// Walk groups of equal scores in increasing order: each positive beats
	// every negative below its group and ties half of those inside it.
	var pos, neg, negBelow, u float64
	for i := 0; i < len(idx); {
		j := i
		var gp, gn float64
		for j < len(idx) && score[idx[j]] == score[idx[i]] {
			if truth[idx[j]] == 1 {
				gp++
			} else {
				gn++
			}
			j++
		}
		u += gp * (negBelow + gn/2)
		negBelow += gn
		pos += gp
		neg += gn
		i = j
	}
	if pos == 0 || neg == 0 {
		return 0, check.Errorf(where, check.ErrValue, "truth holds only class %d, want both 0 and 1 (AUC is undefined)", truth[0])
	}
	return u / (pos * neg), nil
}
