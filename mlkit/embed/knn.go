package embed

import (
	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/neighbors"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// knn returns the k nearest neighbours of every row of X among the other
// rows (n×k indices, nearest first, ties by index) and their squared
// Euclidean distances, from the kit's one exact search (neighbors.KNN by
// brute force: blocked BLAS distances over all cores, the chosen distances
// recomputed directly). X has been checked by the caller.
func knn(X *mat.Dense, k int) ([]int32, []float64, error) {
	n, _ := X.Dims()
	nb, err := neighbors.KNN{K: k, Algorithm: neighbors.Brute, Progress: progress.Silent}.SearchSelf(X)
	if err != nil {
		return nil, nil, err
	}
	idx := make([]int32, n*k)
	dist := make([]float64, n*k)
	for i := range n {
		for t, j := range nb.Indices[i] {
			idx[i*k+t] = int32(j)
			d := nb.Distances[i][t]
			dist[i*k+t] = d * d
		}
	}
	return idx, dist, nil
}
