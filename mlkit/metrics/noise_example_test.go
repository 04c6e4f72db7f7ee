package metrics_test

import (
	"fmt"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
)

// Two density clusterings that agree on the clusters and on the noise,
// with other ids: the noise of each counts as one group of its own.
func ExampleAdjustedRandIndexNoise() {
	dbscan := []int{0, 0, 0, 1, 1, 1, -1, -1}
	other := []int{7, 7, 7, 3, 3, 3, -1, -1}
	ari, _ := metrics.AdjustedRandIndexNoise(dbscan, other)
	fmt.Println(metrics.NoiseAsLabel(dbscan), ari)
	// Output:
	// [0 0 0 1 1 1 2 2] 1
}
