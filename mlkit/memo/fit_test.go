package memo_test

import (
	"errors"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/linear"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/memo"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// TestFit: a kept model comes back with the same predictions, and any change
// of a hyperparameter or of the data fits anew.
func TestFit(t *testing.T) {
	t.Setenv("MLKIT_MEMO_DIR", t.TempDir())
	X := mat.NewDense(8, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1, 9, 9, 9, 10, 10, 9, 10, 10})
	y := []int{0, 0, 0, 0, 1, 1, 1, 1}
	gm := cluster.GMM{K: 2, Covariance: cluster.Diag, Seed: 1, Progress: progress.Silent}
	a, err := memo.Fit("t", gm, X)
	if err != nil {
		t.Fatal(err)
	}
	b, err := memo.Fit("t", gm, X)
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Error("the second Fit did not read the kept model back")
	}
	pa, _ := a.PredictProba(X)
	pb, err := b.PredictProba(X)
	if err != nil || !mat.Equal(pa, pb) {
		t.Errorf("kept GMM predicts differently (err %v)", err)
	}
	if c, _ := memo.Fit("t", cluster.GMM{K: 2, Covariance: cluster.Diag, Seed: 2, Progress: progress.Silent}, X); c == nil || c.Iterations == 0 {
		t.Error("another Seed: want a new fit")
	}
	lr := linear.LogisticRegression{C: 1, Progress: progress.Silent}
	m1, err := memo.FitY("t", lr, X, y)
	if err != nil {
		t.Fatal(err)
	}
	m2, _ := memo.FitY("t", lr, X, y)
	l1, _ := m1.Predict(X)
	l2, _ := m2.Predict(X)
	if !slices.Equal(l1, l2) {
		t.Error("kept logistic model predicts differently")
	}
	var nilEst *cluster.KMeans
	if _, err := memo.Fit[*cluster.KMeansModel]("t", nilEst, X); !errors.Is(err, mlkit.ErrEmpty) {
		t.Errorf("nil estimator: got %v, want ErrEmpty", err)
	}
}
