package metrics

import (
	"slices"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// AveragePrecision summarises the precision–recall curve of a score (larger
// means more positive) for labels in {0, 1} as
// sklearn.metrics.average_precision_score: AP = Σ_n (R_n − R_{n−1})·P_n over
// the distinct score thresholds from the highest down, the step-wise (not
// trapezoidal) area, so a classifier is not rewarded for the optimistic
// interpolation between operating points (Manning, Raghavan & Schütze,
// Introduction to Information Retrieval 2008, section 8.4; scikit-learn's
// user guide, "Precision, recall and F-measures"). Tied scores form one
// threshold.
//
// AP is undefined when truth holds no positive (scikit-learn warns and
// returns 0); that is an error here. A truth with positives only gives 1.
func AveragePrecision(truth []int, score []float64) (float64, error) {
	const where = "metrics: AveragePrecision"
	if err := checkBinary(where, truth, score, "score"); err != nil {
		return 0, err
	}
	idx := make([]int, len(score))
	for i := range idx {
		idx[i] = i
	}
	// Descending scores, stable (numpy's mergesort on the negated scores).
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case score[a] > score[b]:
			return -1
		case score[a] < score[b]:
			return 1
		}
		return 0
	})
	total := 0.0
	for _, y := range truth {
		total += float64(y)
	}
	if total == 0 {
		return 0, check.Errorf(where, check.ErrValue, "truth holds no label 1, want at least one positive (AP is undefined)")
	}
	// Walk the thresholds from the highest score: at the end of each tie
	// group, recall rises by the group's positives and the precision there
	// weighs that rise.
	var ap, tp, prevRecall float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && score[idx[j]] == score[idx[i]] {
			tp += float64(truth[idx[j]])
			j++
		}
		recall := tp / total
		precision := tp / float64(j)
		ap += (recall - prevRecall) * precision
		prevRecall = recall
		i = j
	}
	return ap, nil
}
