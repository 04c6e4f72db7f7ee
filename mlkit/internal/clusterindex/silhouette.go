package clusterindex

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	_ "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/accel" // BLAS for the distance blocks
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// Block sizes of the silhouette distance pass (silRows and silCols are
// variables only so that tests can shrink them: SetBlocks). Rows are taken
// silRows at a time against the columns at and after them (the distance matrix is
// symmetric, so each pair is computed once), silCols columns per BLAS call.
// Both are constants, never derived from GOMAXPROCS, so every sum is formed
// in the same order on any machine.
const (
	silRowsC = 256
	silColsC = 4096
	silChunk = 256 // columns per parallel task in the square-root pass
)

var silRows, silCols = silRowsC, silColsC

// Silhouette is the mean of SilhouetteSamples, summed in row order
// (metrics.SilhouetteContext).
func (g *Grouped) Silhouette(ctx context.Context, where string, rep progress.Reporter) (float64, error) {
	s, err := g.SilhouetteSamples(ctx, where, rep)
	if err != nil {
		return 0, err
	}
	var sum float64
	for _, v := range s {
		sum += v
	}
	return sum / float64(len(s)), nil
}

// SetBlocks sets the silhouette's block sizes, for tests that want small
// data to cross every block edge; it returns a function restoring the
// defaults.
func SetBlocks(rows, cols int) (restore func()) {
	silRows, silCols = rows, cols
	return func() { silRows, silCols = silRowsC, silColsC }
}

// SilhouetteSamples is metrics.SilhouetteSamplesContext on checked data:
// the silhouette of every sample, in X's row order, reporting one step per
// block of rows to rep and stopping between blocks when ctx is done (the
// error, prefixed by where, then wraps ctx.Err()).
//
// It computes the per-cluster distance sums of every sample and turns them
// into silhouettes. For each block I of silRows rows it forms the
// tile of inner products with the columns j ≥ start of I by one BLAS call per
// silCols columns, converts it to distances in place (in parallel over
// column chunks), adds each row's distances per cluster to that row's sums
// ("row part") and, for columns after the block, each column's distances per
// cluster of the block's rows to that column's sums ("column part"). A sample
// j thus receives the column parts of the blocks before its own, in block
// order, then its own row part: a fixed order whatever the scheduling.
func (g *Grouped) SilhouetteSamples(ctx context.Context, where string, rep progress.Reporter) ([]float64, error) {
	n, d, k := g.n, g.d, g.k
	nBlocks := (n + silRows - 1) / silRows
	rep.Start(fmt.Sprintf("silhouette (%d samples)", n), nBlocks)
	// Distances do not change under translation, but the rounding error of
	// ‖a‖² + ‖b‖² − 2a·b grows with the norms: centre a copy first.
	xs := g.sortedCopy()
	mean := make([]float64, d)
	for r := range n {
		for j, v := range xs.RawRowView(r) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	for r := range n {
		row := xs.RawRowView(r)
		for j := range row {
			row[j] -= mean[j]
		}
	}
	norms := make([]float64, n)
	for r := range n {
		var s float64
		for _, v := range xs.RawRowView(r) {
			s += v * v
		}
		norms[r] = s
	}
	sums := make([]float64, n*k) // sums[j*k+c]: Σ distances from j to cluster c
	tile := mat.NewDense(silRows, min(silCols, n), nil)
	xsT := mat.DenseCopyOf(xs.T())
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
		xi := xs.Slice(i0, i1, 0, d)
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
