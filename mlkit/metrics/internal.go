package metrics

import (
	"context"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/clusterindex"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// The internal indices are computed by package internal/clusterindex, which
// probe.KSweep also calls after checking its X once for a hundred
// partitions; here they check their arguments first.

// checkInternal validates X and labels as sklearn's internal indices do
// (check_number_of_labels: 2 ≤ distinct labels ≤ n−1) and groups the rows.
func checkInternal(where string, X *mat.Dense, labels []int) (*clusterindex.Grouped, error) {
	if err := checkDense(where, "X", X); err != nil {
		return nil, err
	}
	return clusterindex.Prepare(X).Group(where, labels)
}

// SilhouetteSamples returns the silhouette coefficient of every sample
// (Rousseeuw 1987): s = (b − a) / max(a, b), with a the mean Euclidean
// distance to the other members of its cluster and b the smallest mean
// distance to the members of another cluster. As
// sklearn.metrics.silhouette_samples, a sample alone in its cluster gets 0
// and the number of distinct labels must be between 2 and n−1.
//
// Distances are computed in tiles as ‖a‖² + ‖b‖² − 2a·b (one BLAS product per
// tile, clamped at 0 before the square root, the diagonal set to 0, as
// sklearn's euclidean_distances), each pair once since the matrix is
// symmetric. Square roots and sums run in parallel over fixed chunks and
// every sum is accumulated in a fixed order, so results do not depend on
// GOMAXPROCS. Memory: O(n·(d + clusters)) plus one 256 × 4096 tile.
func SilhouetteSamples(X *mat.Dense, labels []int) ([]float64, error) {
	return SilhouetteSamplesContext(context.Background(), X, labels, progress.Silent)
}

// SilhouetteSamplesContext is SilhouetteSamples reporting one step per block
// of 256 rows to rep (nil means progress.Auto()) and stopping between blocks
// when ctx is done (the error then wraps ctx.Err()). It is O(n²·d): about a
// second for 10,000 samples of 100 features.
func SilhouetteSamplesContext(ctx context.Context, X *mat.Dense, labels []int, rep progress.Reporter) ([]float64, error) {
	const where = "metrics: SilhouetteSamples"
	g, err := checkInternal(where, X, labels)
	if err != nil {
		return nil, err
	}
	return g.SilhouetteSamples(ctx, where, progress.For(rep))
}

// Silhouette is the mean of SilhouetteSamples (sklearn.metrics.silhouette_score).
func Silhouette(X *mat.Dense, labels []int) (float64, error) {
	return SilhouetteContext(context.Background(), X, labels, progress.Silent)
}

// SilhouetteContext is Silhouette with the progress and cancellation of
// SilhouetteSamplesContext.
func SilhouetteContext(ctx context.Context, X *mat.Dense, labels []int, rep progress.Reporter) (float64, error) {
	const where = "metrics: Silhouette"
	g, err := checkInternal(where, X, labels)
	if err != nil {
		return 0, err
	}
	return g.Silhouette(ctx, where, progress.For(rep))
}

// DaviesBouldin is the Davies–Bouldin index (Davies & Bouldin 1979,
// definition 5 with q = 1, p = 2): the mean over clusters of the largest
// (s_i + s_j) / d(c_i, c_j), where s_i is the mean Euclidean distance of
// cluster i's points to its centroid c_i. Lower is better. As
// sklearn.metrics.davies_bouldin_score, it is 0 when all s_i or all centroid
// distances are within 1e-8 of 0, and coinciding centroids are skipped.
func DaviesBouldin(X *mat.Dense, labels []int) (float64, error) {
	g, err := checkInternal("metrics: DaviesBouldin", X, labels)
	if err != nil {
		return 0, err
	}
	return g.DaviesBouldin(), nil
}

// CalinskiHarabasz is the variance ratio criterion (Caliński & Harabasz
// 1974, eq. 3): [B / (k−1)] / [W / (n−k)] with B the between-cluster and W the
// within-cluster sum of squares. Higher is better. As
// sklearn.metrics.calinski_harabasz_score, it is 1 when W = 0 (also when W
// is only the rounding noise of identical rows).
func CalinskiHarabasz(X *mat.Dense, labels []int) (float64, error) {
	g, err := checkInternal("metrics: CalinskiHarabasz", X, labels)
	if err != nil {
		return 0, err
	}
	return g.CalinskiHarabasz(), nil
}
