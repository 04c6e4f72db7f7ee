package cluster_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// Three small blobs in the plane, clustered with K=3: the centroids land on
// the blob centres and the samples of a blob share a label.
func ExampleKMeans() {
	X := mat.NewDense(9, 2, []float64{
		0, 0, 0.2, 0.1, -0.1, 0.2, // around (0, 0)
		5, 5, 5.1, 4.8, 4.9, 5.2, // around (5, 5)
		0, 6, 0.1, 6.2, -0.2, 5.9, // around (0, 6)
	})
	m, err := cluster.KMeans{K: 3, Seed: 1, Progress: progress.Silent}.Fit(X)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("labels:", m.Labels)
	fmt.Printf("centroids:\n%.2f\n", mat.Formatted(m.Centroids))
	fmt.Printf("inertia %.4f, converged %v\n", m.Inertia, m.Converged)

	labels, _ := m.Predict(mat.NewDense(2, 2, []float64{4, 4, 1, 1}))
	fmt.Println("predicted:", labels)
	// Output:
	// labels: [2 2 2 0 0 0 1 1 1]
	// centroids:
	// ⎡ 5.00   5.00⎤
	// ⎢-0.03   6.03⎥
	// ⎣ 0.03   0.10⎦
	// inertia 0.2600, converged true
	// predicted: [0 2]
}

// Mini-batch k-means on the same kind of data: batches of 4 samples, each
// centre moving to the running mean of the samples it has received.
func ExampleMiniBatchKMeans() {
	X := mat.NewDense(9, 2, []float64{
		0, 0, 0.2, 0.1, -0.1, 0.2,
		5, 5, 5.1, 4.8, 4.9, 5.2,
		0, 6, 0.1, 6.2, -0.2, 5.9,
	})
	m, err := cluster.MiniBatchKMeans{K: 3, BatchSize: 4, Seed: 1, Progress: progress.Silent}.Fit(X)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("labels:", m.Labels)
	fmt.Printf("inertia %.2f\n", m.Inertia)
	// Output:
	// labels: [1 1 1 0 0 0 2 2 2]
	// inertia 0.32
}
