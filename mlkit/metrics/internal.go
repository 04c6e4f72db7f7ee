package metrics

import (
	"context"
	"fmt"
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/vec"
	"gonum.org/v1/gonum/mat"

	_ "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/accel" // BLAS for the distance blocks
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// grouped holds X with its rows reordered so that each cluster is one
// contiguous range, which turns the per-cluster distance sums into plain
// loops over ranges.
type grouped struct {
	n, d  int
	k     int
	xs    *mat.Dense // rows sorted by cluster (stable)
	order []int      // xs row r is X row order[r]
	start []int      // cluster c occupies rows start[c]..start[c+1]-1 of xs
	code  []int      // cluster of xs row r
	scale float64    // xs = X·scale, a power of two (1 unless X is huge or tiny)
}

// checkInternal validates X and labels as sklearn's internal indices do
// (check_number_of_labels: 2 ≤ distinct labels ≤ n−1) and groups the rows.
func checkInternal(where string, X *mat.Dense, labels []int) (*grouped, error) {
	if err := checkDense(where, "X", X); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	if _, _, err := check.Labels(where, "labels", labels, n); err != nil {
		return nil, err
	}
	codes, ids := encode(labels)
	k := len(ids)
	if k < 2 || k > n-1 {
		return nil, check.Errorf(where, check.ErrValue, "labels has %d distinct values for %d samples, want 2 to n-1=%d", k, n, n-1)
	}
	g := &grouped{n: n, d: d, k: k, start: make([]int, k+1), order: make([]int, n), code: make([]int, n)}
	for _, c := range codes {
		g.start[c+1]++
	}
	for c := range k {
		g.start[c+1] += g.start[c]
	}
	next := append([]int(nil), g.start[:k]...)
	for i, c := range codes {
		g.order[next[c]] = i
		g.code[next[c]] = c
		next[c]++
	}
	g.xs = mat.NewDense(n, d, nil)
	for r, i := range g.order {
		copy(g.xs.RawRowView(r), X.RawRowView(i))
	}
	// The indices are ratios of distances, unchanged when X is scaled: data
	// whose squared distances would overflow or underflow are scaled by a
	// power of two (exact).
	g.scale = check.Pow2Scale(check.MaxAbs(g.xs), d)
	if g.scale != 1 {
		g.xs.Scale(g.scale, g.xs)
	}
	return g, nil
}

func (g *grouped) size(c int) int { return g.start[c+1] - g.start[c] }

// Block sizes of the silhouette distance pass (silRows and silCols are
// variables only so that tests can shrink them). Rows are taken silRows at a
// time against the columns at and after them (the distance matrix is
// symmetric, so each pair is computed once), silCols columns per BLAS call.
// Both are constants, never derived from GOMAXPROCS, so every sum is formed
// in the same order on any machine.
const (
	silRowsC = 256
	silColsC = 4096
	silChunk = 256 // columns per parallel task in the square-root pass
)

var silRows, silCols = silRowsC, silColsC

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
	return g.silhouette(ctx, where, progress.For(rep))
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
	s, err := g.silhouette(ctx, where, progress.For(rep))
	if err != nil {
		return 0, err
	}
	var sum float64
	for _, v := range s {
		sum += v
	}
	return sum / float64(len(s)), nil
}

// silhouette computes the per-cluster distance sums of every sample and
// turns them into silhouettes. For each block I of silRows rows it forms the
// tile of inner products with the columns j ≥ start of I by one BLAS call per
// silCols columns, converts it to distances in place (in parallel over
// column chunks), adds each row's distances per cluster to that row's sums
// ("row part") and, for columns after the block, each column's distances per
// cluster of the block's rows to that column's sums ("column part"). A sample
// j thus receives the column parts of the blocks before its own, in block
// order, then its own row part: a fixed order whatever the scheduling.
func (g *grouped) silhouette(ctx context.Context, where string, rep progress.Reporter) ([]float64, error) {
	n, d, k := g.n, g.d, g.k
	nBlocks := (n + silRows - 1) / silRows
	rep.Start(fmt.Sprintf("silhouette (%d samples)", n), nBlocks)
	// Distances do not change under translation, but the rounding error of
	// ‖a‖² + ‖b‖² − 2a·b grows with the norms: centre the (copied) data first.
	mean := make([]float64, d)
	for r := range n {
		for j, v := range g.xs.RawRowView(r) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	for r := range n {
		row := g.xs.RawRowView(r)
		for j := range row {
			row[j] -= mean[j]
		}
	}
	norms := make([]float64, n)
	for r := range n {
		var s float64
		for _, v := range g.xs.RawRowView(r) {
			s += v * v
		}
		norms[r] = s
	}
	sums := make([]float64, n*k) // sums[j*k+c]: Σ distances from j to cluster c
	tile := mat.NewDense(silRows, min(silCols, n), nil)
	xsT := mat.DenseCopyOf(g.xs.T())
	// segment c of rows [lo,hi): the rows of cluster c inside it.
	segs := func(lo, hi int, f func(c, a, b int)) {
		for c := g.code[lo]; c <= g.code[hi-1]; c++ {
			if a, b := max(g.start[c], lo), min(g.start[c+1], hi); a < b {
				f(c, a, b)
			}
		}
	}
	for i0 := 0; i0 < n; i0 += silRows {
		if err := ctx.Err(); err != nil {
			rep.Finish("silhouette cancelled")
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		rep.Update(i0 / silRows)
		i1 := min(i0+silRows, n)
		rows := i1 - i0
		xi := g.xs.Slice(i0, i1, 0, d)
		for p0 := i0; p0 < n; p0 += silCols {
			p1 := min(p0+silCols, n)
			t := tile.Slice(0, rows, 0, p1-p0).(*mat.Dense)
			t.Mul(xi, xsT.Slice(0, d, p0, p1))
			raw := t.RawMatrix()
			at := func(r int) []float64 { return raw.Data[r*raw.Stride : r*raw.Stride+(p1-p0)] }

			// Distances in place and, for columns after block I, the column part.
			nChunks := (p1 - p0 + silChunk - 1) / silChunk
			par.For(nChunks, func(ch int) {
				a, b := p0+ch*silChunk, min(p0+(ch+1)*silChunk, p1)
				// Columns a..m-1 lie in block I itself (no column part; the
				// diagonal is there); columns m..b-1 come after it.
				m := min(max(a, i1), b)
				tmp := make([]float64, b-m)
				segs(i0, i1, func(c, ra, rb int) {
					clear(tmp)
					for r := ra; r < rb; r++ {
						ni := norms[r]
						row := at(r - i0)
						own := row[a-p0 : m-p0]
						for j, gv := range own {
							v := ni + norms[a+j] - 2*gv
							if v < 0 {
								v = 0
							}
							own[j] = math.Sqrt(v)
						}
						if r >= a && r < m {
							own[r-a] = 0 // sklearn zeroes the diagonal
						}
						after := row[m-p0 : b-p0]
						nj := norms[m:b]
						for j, gv := range after {
							v := ni + nj[j] - 2*gv
							if v < 0 {
								v = 0
							}
							dd := math.Sqrt(v)
							after[j] = dd
							tmp[j] += dd
						}
					}
					for j, v := range tmp {
						sums[(m+j)*k+c] += v
					}
				})
			})
			// Row part: each row of block I against the columns p0..p1-1.
			par.For(rows, func(r int) {
				row := at(r)
				acc := sums[(i0+r)*k : (i0+r+1)*k]
				segs(p0, p1, func(c, a, b int) {
					acc[c] += sum4(row[a-p0 : b-p0])
				})
			})
		}
	}
	out := make([]float64, n)
	for gi := range n {
		own := g.code[gi]
		acc := sums[gi*k : (gi+1)*k]
		sz := g.size(own)
		if sz == 1 {
			continue // silhouette 0, as sklearn
		}
		a := acc[own] / float64(sz-1)
		b := math.Inf(1)
		for c := range k {
			if c != own {
				b = min(b, acc[c]/float64(g.size(c)))
			}
		}
		if m := max(a, b); m > 0 {
			out[g.order[gi]] = (b - a) / m
		}
	}
	rep.Update(nBlocks)
	rep.Finish(fmt.Sprintf("silhouette of %d samples", n))
	return out, nil
}

// sum4 adds x with four accumulators (independent add chains).
func sum4(x []float64) float64 {
	var s0, s1, s2, s3 float64
	j := 0
	for ; j+3 < len(x); j += 4 {
		s0 += x[j]
		s1 += x[j+1]
		s2 += x[j+2]
		s3 += x[j+3]
	}
	for ; j < len(x); j++ {
		s0 += x[j]
	}
	return (s0 + s1) + (s2 + s3)
}

// centroids returns the per-cluster means of the grouped rows (k×d, in
// label-id order), summing each cluster's rows in sample order as numpy's
// mean does up to summation order.
func (g *grouped) centroids() *mat.Dense {
	C := mat.NewDense(g.k, g.d, nil)
	for c := range g.k {
		row := C.RawRowView(c)
		for r := g.start[c]; r < g.start[c+1]; r++ {
			for j, v := range g.xs.RawRowView(r) {
				row[j] += v
			}
		}
		inv := float64(g.size(c))
		for j := range row {
			row[j] /= inv
		}
	}
	return C
}

func dist(a, b []float64) float64 { return math.Sqrt(vec.SqDist(a, b)) }

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
	C := g.centroids()
	intra := make([]float64, g.k)
	allIntraZero := true
	for c := range g.k {
		cr := C.RawRowView(c)
		var s float64
		for r := g.start[c]; r < g.start[c+1]; r++ {
			s += dist(g.xs.RawRowView(r), cr)
		}
		intra[c] = s / float64(g.size(c))
		allIntraZero = allIntraZero && math.Abs(intra[c]) <= 1e-8
	}
	cd := make([]float64, g.k*g.k)
	allCentZero := true
	for i := range g.k {
		for j := range g.k {
			if i != j {
				cd[i*g.k+j] = dist(C.RawRowView(i), C.RawRowView(j))
			}
			allCentZero = allCentZero && math.Abs(cd[i*g.k+j]) <= 1e-8
		}
	}
	if allIntraZero || allCentZero {
		return 0, nil
	}
	var sum float64
	for i := range g.k {
		m := math.Inf(-1)
		for j := range g.k {
			dd := cd[i*g.k+j]
			if dd == 0 {
				dd = math.Inf(1) // sklearn: zero distances (and the diagonal) become inf
			}
			m = max(m, (intra[i]+intra[j])/dd)
		}
		sum += m
	}
	return sum / float64(g.k), nil
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
	mean := make([]float64, g.d)
	for r := range g.n {
		for j, v := range X.RawRowView(r) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(g.n)
		mean[j] *= g.scale
	}
	C := g.centroids()
	var extra, intra float64
	for c := range g.k {
		cr := C.RawRowView(c)
		var s float64
		for j, v := range cr {
			dv := v - mean[j]
			s += dv * dv
		}
		extra += float64(g.size(c)) * s
		for r := g.start[c]; r < g.start[c+1]; r++ {
			for j, v := range g.xs.RawRowView(r) {
				dv := v - cr[j]
				intra += dv * dv
			}
		}
	}
	// W = 0 gives the documented 1. Identical rows leave W as rounding noise
	// of the centroids (a few ulps of X's magnitude per entry), which would
	// make the ratio noise too: count that as 0.
	const eps = 0x1p-52
	noise := 16 * eps * check.MaxAbs(g.xs)
	if intra <= float64(g.n*g.d)*noise*noise {
		return 1, nil
	}
	return extra * float64(g.n-g.k) / (intra * float64(g.k-1)), nil
}
