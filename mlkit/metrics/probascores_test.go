package metrics_test

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
)

func TestScoreProba(t *testing.T) {
	truth := []int{0, 1, 1, 0}
	P := mat.NewDense(4, 2, []float64{0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.5, 0.5})
	s, err := metrics.ScoreProba(truth, P, 5)
	if err != nil {
		t.Fatal(err)
	}
	// By hand: argmax 0,1,0,0 -> correct rows 0,1,3 -> 0.75; confidence (0.9+0.8+0.6+0.5)/4 = 0.7.
	if s.Accuracy != 0.75 || math.Abs(s.Confidence-0.7) > 1e-15 {
		t.Errorf("accuracy %v confidence %v, want 0.75 and 0.7", s.Accuracy, s.Confidence)
	}
	ll, _ := metrics.LogLoss(truth, P)
	br, _ := metrics.BrierScore(truth, P)
	ece, _ := metrics.ECE(truth, P, 5)
	if s.LogLoss != ll || s.Brier != br || s.ECE != ece {
		t.Errorf("scores %+v differ from LogLoss %v, BrierScore %v, ECE %v", s, ll, br, ece)
	}
	if _, err := metrics.ScoreProba(truth, P, -1); !errors.Is(err, mlkit.ErrValue) {
		t.Errorf("bins=-1: err = %v, want ErrValue", err)
	}
	if _, err := metrics.ScoreProba(truth[:3], P, 0); !errors.Is(err, mlkit.ErrShape) {
		t.Errorf("short truth: err = %v, want ErrShape", err)
	}
	if _, err := metrics.ScoreProba(truth, nil, 0); !errors.Is(err, mlkit.ErrEmpty) {
		t.Errorf("nil proba: err = %v, want ErrEmpty", err)
	}
}
