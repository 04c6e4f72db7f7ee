package pairs_test

import (
	"fmt"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/pairs"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// Learn DBSCAN's clustering of one field of blobs as a same-cluster rule on
// pairs of neighbours, apply it to another field, and add one false link.
func Example() {
	db := cluster.DBSCAN{Eps: 0.3, MinSamples: 8, Progress: progress.Silent}
	X1, _, _ := data.Blobs{N: 1000, Centers: 3, Spread: 0.5, Seed: 1}.Generate()
	d1, _ := db.Fit(X1)
	m, err := pairs.Linker{Query: pairs.Radius, R: 0.3, MinClusterSize: 8, Progress: progress.Silent}.Fit(X1, d1.Labels)
	if err != nil {
		fmt.Println(err)
		return
	}

	X2, _, _ := data.Blobs{N: 1000, Centers: 3, Spread: 0.5, Seed: 2}.Generate()
	d2, _ := db.Fit(X2)
	res, _ := m.Predict(X2)
	ari, _ := metrics.AdjustedRandIndex(shift(d2.Labels), shift(res.Labels))
	fmt.Printf("new field: %d clusters (DBSCAN %d), ARI %.2f\n", res.Clusters, d2.NClusters, ari)
	fmt.Printf("scored %d of %.0f pairs\n", res.PairsScored, res.AllPairs)

	// Link a point of cluster 0 to one of cluster 1.
	i, j := index(res.Labels, 0), index(res.Labels, 1)
	merged, _ := res.WithLink(i, j)
	bad, _ := pairs.FalseMerges(merged, d2.Labels)
	fmt.Printf("one false link: %d clusters, %d false merge\n", merged.Clusters, len(bad))
	// Output:
	// new field: 3 clusters (DBSCAN 3), ARI 1.00
	// scored 14620 of 499500 pairs
	// one false link: 2 clusters, 1 false merge
}

// shift maps noise (−1) to a label of its own for the ARI.
func shift(v []int) []int {
	out := make([]int, len(v))
	for i, x := range v {
		out[i] = x + 1
	}
	return out
}

func index(v []int, x int) int {
	for i, y := range v {
		if y == x {
			return i
		}
	}
	return -1
}
