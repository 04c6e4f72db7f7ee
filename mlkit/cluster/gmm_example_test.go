package cluster_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// Two groups in the plane, one round and one stretched along x, fitted by a
// two-component mixture with full covariances: the weights, means and soft
// assignments, and BIC to compare covariance structures (the BIC values equal
// scikit-learn 1.2.1's on the same data).
func ExampleGMM() {
	X := mat.NewDense(12, 2, []float64{
		0, 0, 0.3, 0.1, -0.2, 0.2, 0.1, -0.3, -0.1, -0.1, 0.2, 0.3, // round, around (0, 0)
		4, 5, 6, 5.1, 8, 4.9, 5, 5.2, 7, 4.8, 9, 5.0, // stretched, around (6.5, 5)
	})
	m, err := cluster.GMM{K: 2, Covariance: cluster.Full, Seed: 1, Progress: progress.Silent}.Fit(X)
	if err != nil {
		fmt.Println(err)
		return
	}
	labels, _ := m.Predict(X)
	fmt.Println("labels:", labels)
	fmt.Printf("weights: %.3f\n", m.Weights)
	fmt.Printf("means:\n%.3f\n", mat.Formatted(m.Means))
	proba, _ := m.PredictProba(mat.NewDense(1, 2, []float64{3, 3}))
	fmt.Printf("P(component | (3,3)): %.3f\n", proba.RawRowView(0))
	fmt.Println(m.Note)
	for _, cov := range []cluster.CovarianceType{cluster.Full, cluster.Diag, cluster.Spherical} {
		mm, err := cluster.GMM{K: 2, Covariance: cov, Seed: 1, Progress: progress.Silent}.Fit(X)
		if err != nil {
			fmt.Println(err)
			return
		}
		bic, _ := mm.BIC(X)
		fmt.Printf("%-9v BIC %.2f\n", cov, bic)
	}
	// Output:
	// labels: [1 1 1 1 1 1 0 0 0 0 0 0]
	// weights: [0.500 0.500]
	// means:
	// ⎡6.500  5.000⎤
	// ⎣0.050  0.033⎦
	// P(component | (3,3)): [1.000 0.000]
	// full covariance in 2 dims needs 11 parameters for 12 samples (0.9 per sample)
	// full      BIC 51.80
	// diag      BIC 48.27
	// spherical BIC 66.17
}
