package cluster

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// DBSCAN holds the hyperparameters of density-based clustering (Ester,
// Kriegel, Sander & Xu 1996, "A density-based algorithm for discovering
// clusters in large spatial databases with noise", KDD-96). DBSCAN labels a
// sample core when at least MinSamples samples, itself included, lie within
// distance Eps of it; clusters are the connected components of
// the core samples (two cores are linked when within Eps), each border
// sample (not core, within Eps of a core) joins a cluster of a core it is
// near, and the rest is noise (−1). The definition, and the labels, are
// scikit-learn 1.2's DBSCAN (algorithm "auto", metric euclidean):
//
//   - a neighbour is a row at squared distance Σⱼ(xⱼ−yⱼ)² ≤ Eps·Eps, the sum
//     taken over the features in order on float64 with no fused multiply–add,
//     as scikit-learn's KDTree does on its leaves, so that pairs exactly at
//     distance Eps (integer grids with Eps = 1) are neighbours on both sides.
//     scikit-learn's KDTree also accepts a whole node when the square root of
//     its bounding distance rounds to ≤ Eps, and above 15 features it uses
//     brute force with ‖x‖²−2x·y+‖y‖²; both can differ from this test only for
//     pairs within a rounding error of Eps;
//   - clusters are numbered in the order of their lowest-index core sample,
//     which is the order in which scikit-learn's dbscan_inner starts its
//     depth-first searches;
//   - a border sample near cores of several clusters joins the one with the
//     smallest number: dbscan_inner finishes each cluster's search before
//     starting the next, so the first cluster that reaches a border sample
//     keeps it.
//
// Labels therefore equal scikit-learn's exactly, not only up to relabelling.
//
// Nothing is kept per pair of neighbours: memory is O(n). In 1 to 3
// dimensions the rows are sorted into a uniform grid of cells of side
// Eps/√d (a little less, to absorb rounding), as in the grid algorithms for
// 2-D DBSCAN of Gunawan (2013, "A faster algorithm for DBSCAN", master's
// thesis, TU Eindhoven) and Gan & Tao (2015, "DBSCAN revisited", SIGMOD):
// any two rows of one cell are neighbours, so a cell of at least MinSamples
// rows is all core and its cores form one clique, and every neighbour of a
// row lies in the 5^d cells around its own. Cells are keyed by their integer
// coordinates and sorted (no dense array over the bounding box), core
// counting stops at MinSamples, components are a union–find over cells
// (neighbouring cells are linked when some pair of their cores is within
// Eps, tested first for the 3^d adjacent cells and then, only for cells not
// yet connected, for the outer ring), and a border row only looks for a core
// in cells of a smaller cluster number than the best found. In more
// dimensions, or when the grid would need more than 2^30 cells along an axis
// (tiny Eps, coordinates near 1e300), a k-d tree over the rows does the same
// three passes; nodes entirely within Eps of a row are counted or linked
// whole, so that many identical rows cost O(n). All passes run over the
// cores with par.For, and the result does not depend on GOMAXPROCS.
//
// Limits: Eps·Eps must be a positive finite float64 (Eps between about
// 1e-154 and 1e154); X may have at most 2³¹−2 rows.
type DBSCAN struct {
	// Eps is the neighbourhood radius: rows at Euclidean distance ≤ Eps are
	// neighbours. It has no default and must be finite and > 0.
	Eps float64
	// MinSamples is the number of neighbours, the row itself included, that
	// makes a row a core sample. 0 means 5 (scikit-learn's min_samples).
	MinSamples int
	// Progress receives one step per pass (index, cores, components, labels);
	// nil means progress.Auto().
	Progress progress.Reporter
}

// DBSCANModel is a fitted DBSCAN clustering of the training rows.
type DBSCANModel struct {
	// Labels is the cluster of each row (0..NClusters-1), −1 for noise.
	// Clusters are numbered in the order of their lowest-index core sample,
	// as scikit-learn numbers them.
	Labels []int
	// CoreIndices lists the core rows in increasing order (scikit-learn's
	// core_sample_indices_).
	CoreIndices []int
	// NClusters is the number of clusters.
	NClusters int
	// Eps and MinSamples are the hyperparameters used (defaults resolved).
	Eps        float64
	MinSamples int
}

const defaultMinSamples = 5

// NoiseCount returns the number of rows labelled noise (−1).
func (m *DBSCANModel) NoiseCount() int {
	c := 0
	for _, l := range m.Labels {
		if l < 0 {
			c++
		}
	}
	return c
}

// Fit clusters the rows of X. See FitContext.
func (db DBSCAN) Fit(X *mat.Dense) (*DBSCANModel, error) {
	return db.FitContext(context.Background(), X)
}

// FitContext clusters the rows of X, stopping between and inside passes when
// ctx is done (the error then wraps ctx.Err()). X must be non-empty and
// finite. Errors wrap the sentinels of package mlkit: ErrValue for bad
// hyperparameters, ErrEmpty and ErrNaN for bad X.
func (db DBSCAN) FitContext(ctx context.Context, X *mat.Dense) (*DBSCANModel, error) {
	const where = "cluster: DBSCAN.Fit"
	eps, minS := db.Eps, db.MinSamples
	if !(eps > 0) || math.IsInf(eps, 0) {
		return nil, check.Errorf(where, check.ErrValue, "Eps=%v, want a finite value > 0", eps)
	}
	if eps2 := eps * eps; eps2 == 0 || math.IsInf(eps2, 0) {
		return nil, check.Errorf(where, check.ErrValue, "Eps=%v: Eps² is not a positive finite float64", eps)
	}
	if minS < 0 {
		return nil, check.Errorf(where, check.ErrValue, "MinSamples=%d, want ≥ 1 (0 means %d)", minS, defaultMinSamples)
	}
	if minS == 0 {
		minS = defaultMinSamples
	}
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	if n > math.MaxInt32-1 {
		return nil, check.Errorf(where, check.ErrValue, "X has %d rows, at most %d are supported", n, math.MaxInt32-1)
	}

	rep := progress.For(db.Progress)
	rep.Start(fmt.Sprintf("DBSCAN (Eps=%g, MinSamples=%d)", eps, minS), 4)
	var ix dbIndex
	if g := newDBGrid(X, eps); g != nil {
		ix = g
	} else {
		ix = newDBTree(X, eps)
	}
	rep.Update(1)
	step := func(k int, err error) error {
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			rep.Finish("cancelled")
			return fmt.Errorf("%s: %w", where, err)
		}
		rep.Update(k)
		return nil
	}
	if err := step(2, ix.markCores(ctx, minS)); err != nil {
		return nil, err
	}
	if err := step(3, ix.linkCores(ctx)); err != nil {
		return nil, err
	}
	labels, cores, k := ix.label(ctx)
	if err := step(4, nil); err != nil {
		return nil, err
	}
	rep.Finish(fmt.Sprintf("DBSCAN: %d clusters, %d core rows of %d", k, len(cores), n))
	return &DBSCANModel{Labels: labels, CoreIndices: cores, NClusters: k, Eps: eps, MinSamples: minS}, nil
}

// dbIndex is one of the two neighbour structures (grid or k-d tree). Both
// work on a copy of the rows in their own order ("local" indices) and map
// back to row indices through perm.
type dbIndex interface {
	markCores(ctx context.Context, minS int) error
	linkCores(ctx context.Context) error
	// label returns the labels by row, the sorted core rows and the number
	// of clusters.
	label(ctx context.Context) ([]int, []int, int)
}

// dbSqDist is Σⱼ(aⱼ−bⱼ)² summed in feature order; the float64 conversion
// forbids the compiler a fused multiply–add (Go spec, "Floating-point
// operators"), so that the rounding is scikit-learn's.
func dbSqDist(a, b []float64) float64 {
	s := 0.0
	for j := range a {
		t := a[j] - b[j]
		s += float64(t * t)
	}
	return s
}

// dbComponentLabels numbers components in the order of their lowest row index.
// minRow[c] is the lowest row index among the cores of component root c
// (math.MaxInt32 when c is not a root with cores); it returns the label of
// each root (−1 elsewhere) and the number of clusters.
func dbComponentLabels(minRow []int32) ([]int32, int) {
	var roots []int32
	for c, r := range minRow {
		if r != math.MaxInt32 {
			roots = append(roots, int32(c))
		}
	}
	slices.SortFunc(roots, func(a, b int32) int { return int(minRow[a]) - int(minRow[b]) })
	lab := make([]int32, len(minRow))
	for i := range lab {
		lab[i] = -1
	}
	for k, c := range roots {
		lab[c] = int32(k)
	}
	return lab, len(roots)
}

// chunks is the number of pieces of size at most size covering n items.
func dbChunks(n, size int) int { return (n + size - 1) / size }

// dbCoreRows lists the rows flagged core, in increasing order (nil for none).
func dbCoreRows(isCore []bool) []int {
	c := 0
	for _, v := range isCore {
		if v {
			c++
		}
	}
	if c == 0 {
		return nil
	}
	cores := make([]int, 0, c)
	for i, v := range isCore {
		if v {
			cores = append(cores, i)
		}
	}
	return cores
}
