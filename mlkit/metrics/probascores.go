package metrics

import (
	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// ProbaScores are the usual scores of a classifier's probabilities on
// labelled rows, computed together so that a table of them needs one call.
type ProbaScores struct {
	// Accuracy of the most probable class (the first column with the
	// largest probability).
	Accuracy float64
	// LogLoss, BrierScore (multiclass, 0…2) and ECE (top-label, Bins bins)
	// as the functions of the same names.
	LogLoss, Brier, ECE float64
	// Confidence is the mean of the largest probability of each row: what
	// the classifier claims its accuracy is. Confidence well above Accuracy
	// is overconfidence.
	Confidence float64
}

// ScoreProba scores probabilities proba (n×K, column j for label j) against
// the labels truth, with bins bins for the ECE (0 means 10).
func ScoreProba(truth []int, proba *mat.Dense, bins int) (ProbaScores, error) {
	const where = "metrics: ScoreProba"
	if bins == 0 {
		bins = 10
	}
	if bins < 1 {
		return ProbaScores{}, check.Errorf(where, check.ErrValue, "bins=%d, want at least 1 (0 means 10)", bins)
	}
	if err := checkProba(where, truth, proba); err != nil {
		return ProbaScores{}, err
	}
	var s ProbaScores
	var err error
	if s.LogLoss, err = LogLoss(truth, proba); err != nil {
		return s, err
	}
	if s.Brier, err = BrierScore(truth, proba); err != nil {
		return s, err
	}
	if s.ECE, err = ECE(truth, proba, bins); err != nil {
		return s, err
	}
	for i, y := range truth {
		row := proba.RawRowView(i)
		arg := 0
		for j, p := range row {
			if p > row[arg] {
				arg = j
			}
		}
		if arg == y {
			s.Accuracy++
		}
		s.Confidence += row[arg]
	}
	n := float64(len(truth))
	s.Accuracy /= n
	s.Confidence /= n
	return s, nil
}
