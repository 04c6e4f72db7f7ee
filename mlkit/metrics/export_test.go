package metrics

import "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/clusterindex"

// SetSilhouetteBlocks shrinks the silhouette tiles so that small tests cross
// every block edge; it returns a function restoring the defaults.
func SetSilhouetteBlocks(rows, cols int) (restore func()) {
	return clusterindex.SetBlocks(rows, cols)
}
