package cluster_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
)

func ExampleDBSCAN() {
	// Two squares of four points (sides 0.5 apart) and a lone point.
	X := mat.NewDense(9, 2, []float64{
		0, 0, 0, 0.5, 0.5, 0, 0.5, 0.5,
		5, 5, 5, 5.5, 5.5, 5, 5.5, 5.5,
		10, 0,
	})
	m, err := cluster.DBSCAN{Eps: 1, MinSamples: 3}.Fit(X)
	if err != nil {
		panic(err)
	}
	fmt.Println("clusters:", m.NClusters)
	fmt.Println("labels:", m.Labels)
	fmt.Println("core rows:", m.CoreIndices)
	// Output:
	// clusters: 2
	// labels: [0 0 0 0 1 1 1 1 -1]
	// core rows: [0 1 2 3 4 5 6 7]
}

func ExampleDBSCAN_benchmarkField() {
	// The benchmark field of experiment 03 at 2×10⁵ points, with the
	// settings scikit-learn is timed with.
	X, _, err := data.BenchmarkField{N: 200_000, Seed: 1}.Generate()
	if err != nil {
		panic(err)
	}
	m, err := cluster.DBSCAN{Eps: 0.3, MinSamples: 10}.Fit(X)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d clusters, %.1f %% noise\n", m.NClusters, 100*float64(m.NoiseCount())/200_000)
	// Output:
	// 41 clusters, 9.8 % noise
}
