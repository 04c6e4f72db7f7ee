package cluster

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/accel"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/vec"
)

// The parallel layout of the k-means passes. Rows are cut into chunks of
// chunkSize rows (scikit-learn's CHUNK_SIZE is 256, small enough for a chunk
// and its distances to stay in cache while the samples that changed cluster
// are added to the centroid updates). Consecutive chunks are grouped into a fixed number of
// partitions that does not depend on GOMAXPROCS; each partition owns its
// partial sums, and partial sums are reduced in partition order, so every
// result is bit-identical however many goroutines run the partitions.
const (
	chunkSize = 256
	maxParts  = 32
	// partBudget caps the memory of the per-partition centroid sums
	// (in float64s): fewer partitions when K×d is large.
	partBudget = 1 << 23
)

// useGemm selects the matrix-product kernel for the inner products of a
// chunk of samples with the centres: OpenBLAS's dgemm, run single-threaded
// in each of our goroutines as scikit-learn does (OpenBLAS's own threads,
// busy-waiting beside ours, made a pass several times slower). Gonum's
// pure-Go dgemm is slower than its assembly gemv on these skinny shapes
// (K columns), so the pure-Go build calls gemv per sample.
var useGemm = accel.OpenBLAS

// pureGo is gonum's own BLAS, whatever blas64 is routed to.
var pureGo gonum.Implementation

type workspace struct {
	x       []float64 // centred copy of X, n×d row-major
	n, d    int
	mean    []float64 // the shift subtracted from X
	scale   float64   // x = (X - mean)·scale; 1 unless X is huge or tiny (see pow2Scale)
	big     float64   // the largest |X - mean| (and centroid), for messages
	xNorm   []float64 // squared row norms of x
	nChunks int
	parts   []partition
}

type partition struct {
	c0, c1  int       // chunk range [c0, c1)
	sums    []float64 // K×d changes of the centroid sums (see applyDeltas)
	counts  []float64 // K changes of the cluster sizes
	dist    []float64 // chunkSize×m buffer of inner products
	changed int       // labels changed in this partition
	inertia float64
}

// newWorkspace copies X centred on its column means (scikit-learn does the
// same: distances by the norm expansion lose precision far from the origin).
func newWorkspace(X *mat.Dense, k int) *workspace {
	n, d := X.Dims()
	mean := make([]float64, d)
	for i := 0; i < n; i++ {
		floats.Add(mean, X.RawRowView(i))
	}
	floats.Scale(1/float64(n), mean)
	return newWorkspaceShift(X, k, mean)
}

func newWorkspaceShift(X *mat.Dense, k int, shift []float64) *workspace {
	return newWorkspaceScaled(X, k, shift, 0)
}

// newWorkspaceScaled is newWorkspaceShift with the centred rows multiplied by
// a power of two when their magnitude would make squared distances overflow
// or underflow (see pow2Scale); extra is another magnitude to take into
// account (the centroids', for a fitted model).
func newWorkspaceScaled(X *mat.Dense, k int, shift []float64, extra float64) *workspace {
	n, d := X.Dims()
	ws := &workspace{x: make([]float64, n*d), n: n, d: d, mean: shift, xNorm: make([]float64, n), scale: 1}
	ws.layout(k)
	par.For(len(ws.parts), func(p int) {
		part := &ws.parts[p]
		r0, _ := ws.chunkRows(part.c0)
		_, r1 := ws.chunkRows(part.c1 - 1)
		for i := r0; i < r1; i++ {
			floats.SubTo(ws.x[i*d:(i+1)*d], X.RawRowView(i), shift)
		}
	})
	big := max(extra, check.MaxAbsFloats(ws.x))
	ws.big = big
	if ws.scale = pow2Scale(big, d); ws.scale != 1 {
		floats.Scale(ws.scale, ws.x)
	}
	par.For(len(ws.parts), func(p int) {
		part := &ws.parts[p]
		r0, _ := ws.chunkRows(part.c0)
		_, r1 := ws.chunkRows(part.c1 - 1)
		for i := r0; i < r1; i++ {
			row := ws.x[i*d : (i+1)*d]
			ws.xNorm[i] = floats.Dot(row, row)
		}
	})
	return ws
}

// centroidsOf returns the k centres (in the workspace's centred, scaled
// coordinates) as centroids of the original data.
func (ws *workspace) centroidsOf(centers []float64, k int) *mat.Dense {
	d := ws.d
	cent := mat.NewDense(k, d, nil)
	for j := 0; j < k; j++ {
		row := cent.RawRowView(j)
		copy(row, centers[j*d:(j+1)*d])
		if ws.scale != 1 {
			floats.Scale(1/ws.scale, row)
		}
		for f := range row {
			row[f] += ws.mean[f]
		}
	}
	return cent
}

// unscaleSq maps a sum of squared distances of the scaled data back to the
// original units, with an error when it does not fit in a float64.
func (ws *workspace) unscaleSq(where, what string, v float64) (float64, error) {
	if ws.scale == 1 {
		return v, nil
	}
	out := v / ws.scale / ws.scale
	if math.IsInf(out, 0) {
		return 0, check.Errorf(where, check.ErrNaN, "X reaches magnitudes near %.3g (|X − column mean| up to %.3g): the %s, a sum of squared distances, would be %.3g·2^%d and overflows float64; scale X down (for example with data.StandardScaler)",
			ws.big, ws.big, what, v, -2*math.Ilogb(ws.scale))
	}
	return out, nil
}

// pow2Scale is check.Pow2Scale: k-means finds the same partition on X
// scaled by a power of two, and its centroids and inertia scale back.
func pow2Scale(big float64, d int) float64 { return check.Pow2Scale(big, d) }

// layout cuts the n rows into chunks and the chunks into partitions; the
// layout depends on n, K and d only.
func (ws *workspace) layout(k int) {
	ws.nChunks = (ws.n + chunkSize - 1) / chunkSize
	nParts := min(ws.nChunks, maxParts, max(1, partBudget/(k*ws.d+1)))
	ws.parts = make([]partition, nParts)
	for p := range ws.parts {
		ws.parts[p].c0 = p * ws.nChunks / nParts
		ws.parts[p].c1 = (p + 1) * ws.nChunks / nParts
	}
}

func (ws *workspace) chunkRows(c int) (r0, r1 int) {
	r0 = c * chunkSize
	return r0, min(r0+chunkSize, ws.n)
}

func (ws *workspace) row(i int) []float64 { return ws.x[i*ws.d : (i+1)*ws.d] }

// ensureBuffers sizes the per-partition buffers for K clusters and m
// columns of distances.
func (ws *workspace) ensureBuffers(k, m int) {
	for p := range ws.parts {
		part := &ws.parts[p]
		if len(part.sums) < k*ws.d {
			part.sums = make([]float64, k*ws.d)
			part.counts = make([]float64, k)
		}
		if len(part.dist) < chunkSize*m {
			part.dist = make([]float64, chunkSize*m)
		}
	}
}

// chunkDots returns the (r1-r0)×m inner products of rows [r0,r1) with the m
// rows of c, computed into buf: one single-threaded dgemm with OpenBLAS
// (the kit runs OpenBLAS on one thread: mlkit/internal/accel), one gemv per sample in pure Go.
func (ws *workspace) chunkDots(r0, r1 int, c []float64, m int, buf []float64) []float64 {
	d := ws.d
	if useGemm {
		rows := r1 - r0
		blas64.Gemm(blas.NoTrans, blas.Trans, 1,
			blas64.General{Rows: rows, Cols: d, Stride: d, Data: ws.x[r0*d : r1*d]},
			blas64.General{Rows: m, Cols: d, Stride: d, Data: c[:m*d]},
			0, blas64.General{Rows: rows, Cols: m, Stride: m, Data: buf[:rows*m]})
		return buf[:rows*m]
	}
	for i := r0; i < r1; i++ {
		// Gonum's assembly gemv reuses each loaded sample value for four
		// centres: 1.5 times the speed of separate dot products.
		pureGo.Dgemv(blas.NoTrans, m, d, 1, c, d, ws.x[i*d:(i+1)*d], 1, 0, buf[(i-r0)*m:(i-r0+1)*m], 1)
	}
	return buf[:(r1-r0)*m]
}

// assignLabels sets labels to the nearest of the K centres for every row
// (no centroid update).
func (ws *workspace) assignLabels(centers []float64, labels []int) {
	k := len(centers) / ws.d
	ws.ensureBuffers(k, k)
	cNorm := rowNorms(centers, k, ws.d)
	par.For(len(ws.parts), func(p int) {
		part := &ws.parts[p]
		for c := part.c0; c < part.c1; c++ {
			r0, r1 := ws.chunkRows(c)
			dots := ws.chunkDots(r0, r1, centers, k, part.dist)
			for i := r0; i < r1; i++ {
				labels[i] = argminDist(dots[(i-r0)*k:(i-r0+1)*k], cNorm)
			}
		}
	})
}

// argminDist returns argmin_j ‖c_j‖² − 2 x·c_j (the first on ties).
func argminDist(dots, cNorm []float64) int {
	best, bestV := 0, math.Inf(1)
	for j, v := range dots {
		if e := cNorm[j] - 2*v; e < bestV {
			best, bestV = j, e
		}
	}
	return best
}

// inertia is Σ ‖x_i − c_{labels[i]}‖², computed directly (not by the norm
// expansion) and summed in partition order.
func (ws *workspace) inertia(centers []float64, labels []int) float64 {
	d := ws.d
	par.For(len(ws.parts), func(p int) {
		part := &ws.parts[p]
		r0, _ := ws.chunkRows(part.c0)
		_, r1 := ws.chunkRows(part.c1 - 1)
		var s float64
		for i := r0; i < r1; i++ {
			l := labels[i]
			s += sqDist(ws.row(i), centers[l*d:(l+1)*d])
		}
		part.inertia = s
	})
	var s float64
	for p := range ws.parts {
		s += ws.parts[p].inertia
	}
	return s
}

// applyDeltas adds the partitions' changes of the cluster sums and sizes
// (left by a step that moved samples between clusters) to the running sums
// and counts, in partition order. The running sums stay the sums over the
// current labels, so an iteration costs O(changed·d) instead of O(n·d) for
// the centroid update — most samples keep their label after the first
// iterations. A cluster left with no sample has its sum reset to exactly
// zero so that rounding residue does not linger.
func (ws *workspace) applyDeltas(sums, counts []float64) {
	k, d := len(counts), ws.d
	for p := range ws.parts {
		part := &ws.parts[p]
		if part.changed > 0 {
			floats.Add(sums, part.sums[:k*d])
			floats.Add(counts, part.counts[:k])
		}
	}
	for j, c := range counts {
		if c == 0 {
			clear(sums[j*d : (j+1)*d])
		}
	}
}

// moveSample records in part's deltas that sample x moved from cluster old
// (-1 for none) to cluster l.
func (part *partition) moveSample(x []float64, old, l, d int) {
	if old >= 0 {
		floats.Sub(part.sums[old*d:(old+1)*d], x)
		part.counts[old]--
	}
	floats.Add(part.sums[l*d:(l+1)*d], x)
	part.counts[l]++
}

// newCenters turns the running sums into the next centres: empty clusters
// are relocated on a copy (the running sums must keep matching the labels),
// then the sums are averaged.
func (ws *workspace) newCenters(centersOld, centersNew, sums, counts, tmpSums, tmpCounts []float64, labels []int) {
	copy(tmpSums, sums)
	copy(tmpCounts, counts)
	ws.relocateEmpty(centersOld, tmpSums, tmpCounts, labels)
	averageCenters(centersNew, tmpSums, tmpCounts, ws.d)
}

// relocateEmpty moves each empty cluster to one of the samples farthest
// from their centre, taking that sample out of its own cluster's sum, as
// scikit-learn's _relocate_empty_clusters_dense. Nothing moves when every
// sample sits on its centre (more clusters than distinct points).
func (ws *workspace) relocateEmpty(centersOld, sums, counts []float64, labels []int) {
	d := ws.d
	var empty []int
	for j, c := range counts {
		if c == 0 {
			empty = append(empty, j)
		}
	}
	if len(empty) == 0 {
		return
	}
	dist := make([]float64, ws.n)
	par.For(len(ws.parts), func(p int) {
		part := &ws.parts[p]
		r0, _ := ws.chunkRows(part.c0)
		_, r1 := ws.chunkRows(part.c1 - 1)
		for i := r0; i < r1; i++ {
			l := labels[i]
			dist[i] = sqDist(ws.row(i), centersOld[l*d:(l+1)*d])
		}
	})
	idx := make([]int, ws.n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return dist[idx[a]] > dist[idx[b]] })
	if dist[idx[0]] == 0 {
		return
	}
	for e, newID := range empty {
		far := idx[e]
		oldID := labels[far]
		x := ws.row(far)
		floats.Sub(sums[oldID*d:(oldID+1)*d], x)
		copy(sums[newID*d:(newID+1)*d], x)
		counts[newID] = 1
		counts[oldID]--
	}
}

// averageCenters turns sums into means. A cluster that stayed empty is put
// on the centre of the largest cluster rather than at the origin.
func averageCenters(centers, sums, counts []float64, d int) {
	big := 0
	for j, c := range counts {
		if c > counts[big] {
			big = j
		}
	}
	for j, c := range counts {
		if c > 0 {
			floats.ScaleTo(centers[j*d:(j+1)*d], 1/c, sums[j*d:(j+1)*d])
		}
	}
	for j, c := range counts {
		if c <= 0 {
			copy(centers[j*d:(j+1)*d], centers[big*d:(big+1)*d])
		}
	}
}

// centerShift fills shift with the Euclidean distance each centre moved and
// returns the sum of their squares.
func centerShift(old, new, shift []float64, d int) float64 {
	var tot float64
	for j := range shift {
		s := sqDist(old[j*d:(j+1)*d], new[j*d:(j+1)*d])
		shift[j] = math.Sqrt(s)
		tot += s
	}
	return tot
}

func rowNorms(c []float64, k, d int) []float64 {
	out := make([]float64, k)
	for j := range out {
		r := c[j*d : (j+1)*d]
		out[j] = floats.Dot(r, r)
	}
	return out
}

// fullSums sets sums and counts to the cluster sums and sizes under labels,
// per partition and reduced in partition order.
func (ws *workspace) fullSums(labels []int, sums, counts []float64) {
	k, d := len(counts), ws.d
	par.For(len(ws.parts), func(p int) {
		part := &ws.parts[p]
		clear(part.sums[:k*d])
		clear(part.counts[:k])
		r0, _ := ws.chunkRows(part.c0)
		_, r1 := ws.chunkRows(part.c1 - 1)
		for i := r0; i < r1; i++ {
			part.moveSample(ws.row(i), -1, labels[i], d)
		}
		part.changed = r1 - r0
	})
	clear(sums)
	clear(counts)
	ws.applyDeltas(sums, counts)
}

// sqDist is ‖a−b‖², unrolled by four (vec.SqDist4).
func sqDist(a, b []float64) float64 { return vec.SqDist4(a, b) }
