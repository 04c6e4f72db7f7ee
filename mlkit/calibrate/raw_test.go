package calibrate_test

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/calibrate"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/svm"
)

func TestRaw(t *testing.T) {
	for _, centers := range []int{2, 3} {
		X, y, err := data.Blobs{N: 60, Centers: centers, Seed: 2}.Generate()
		if err != nil {
			t.Fatal(err)
		}
		s, err := calibrate.SVC{SVC: svm.SVC{}}.FitScorer(X, y)
		if err != nil {
			t.Fatal(err)
		}
		P, err := calibrate.Raw(s).PredictProba(X)
		if err != nil {
			t.Fatal(err)
		}
		S, _ := s.Scores(X)
		n, k := P.Dims()
		if k != centers {
			t.Fatalf("%d classes: %d columns", centers, k)
		}
		for i := range n {
			sum := 0.0
			for j := range k {
				sum += P.At(i, j)
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Errorf("row %d sums to %v", i, sum)
			}
			if k == 2 {
				// By hand: the logistic function of the decision value.
				if want := 1 / (1 + math.Exp(-S.At(i, 0))); math.Abs(P.At(i, 1)-want) > 1e-15 {
					t.Errorf("row %d: P=%v, want %v", i, P.At(i, 1), want)
				}
			} else {
				// The softmax keeps the order of the scores within a row.
				for a := range k {
					for b := range k {
						if (S.At(i, a) > S.At(i, b)) != (P.At(i, a) > P.At(i, b)) {
							t.Errorf("row %d: softmax changed the order of columns %d and %d", i, a, b)
						}
					}
				}
			}
		}
	}
	if _, err := calibrate.Raw(nil).PredictProba(mat.NewDense(1, 1, nil)); !errors.Is(err, mlkit.ErrEmpty) {
		t.Errorf("nil scorer: err = %v", err)
	}
}
