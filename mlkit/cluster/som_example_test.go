package cluster_test

import (
	"fmt"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// A 6×6 hexagonal map on three blobs: its units cover the data (a small
// quantization error), neighbouring units stay close (a small topographic
// error), and the U-matrix is high on the units between blobs.
func ExampleSOM() {
	X, _, _ := data.Blobs{N: 600, Centers: 3, Seed: 1}.Generate()
	m, err := cluster.SOM{Rows: 6, Cols: 6, Topology: cluster.Hex, Sigma: 1.5, Seed: 1, Progress: progress.Silent}.Fit(X)
	if err != nil {
		fmt.Println(err)
		return
	}
	qe, _ := m.QuantizationError(X)
	te, _ := m.TopographicError(X)
	units, _ := m.Predict(X)
	U, _ := m.UMatrix()
	r, c := U.Dims()
	fmt.Printf("%d iterations, %d units, QE %.2f, TE %.2f\n", m.Iterations, m.Rows*m.Cols, qe, te)
	fmt.Printf("point 0 → unit %d; U-matrix %d×%d\n", units[0], r, c)
	// Output:
	// 18000 iterations, 36 units, QE 0.55, TE 0.04
	// point 0 → unit 14; U-matrix 6×6
}
