package cluster

import (
	"context"
	"math"
	"math/bits"
	"sort"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
)

const (
	// dbCellShrink makes the cell side Eps/√d·(1−1e-5): two rows of one cell
	// are then within Eps after every rounding of the cell computation, and
	// neighbours are never more than two cells apart along an axis.
	dbCellShrink = 1e-5
	// dbMaxAxisCells bounds the cells along an axis; beyond it the rounding
	// of (x−min)/side could exceed the shrink margin (2^30·2^-52 ≪ 1e-5),
	// so the k-d tree takes over.
	dbMaxAxisCells = 1 << 30
	// dbCellBlock is the number of cells per parallel piece.
	dbCellBlock = 256
)

// dbGrid is the grid index of DBSCAN in 1 to 3 dimensions: rows sorted by
// cell key (stable, so by row index inside a cell), cells listed by
// increasing key, and a union–find over cells.
type dbGrid struct {
	n, d   int
	eps2   float64
	h      float64
	origin [3]float64
	ncell  [3]int64
	stride [3]uint64

	pts   []float64 // n×d, local order
	perm  []int32   // local index → row
	keys  []uint64  // cell keys, increasing
	start []int32   // cell c holds local [start[c], start[c+1])

	core      []bool  // by local index
	firstCore []int32 // per cell, the first core's local index or −1
	uf        *dbUnionFind
}

// newDBGrid builds the grid, or returns nil when the grid does not apply
// (more than 3 dimensions, or too many cells along an axis).
func newDBGrid(X *mat.Dense, eps float64) *dbGrid {
	n, d := X.Dims()
	if d > 3 {
		return nil
	}
	g := &dbGrid{n: n, d: d, eps2: eps * eps, h: eps / math.Sqrt(float64(d)) * (1 - dbCellShrink)}
	if !(g.h > 0) {
		return nil
	}
	var hi [3]float64
	for j := 0; j < d; j++ {
		g.origin[j], hi[j] = math.Inf(1), math.Inf(-1)
	}
	for i := 0; i < n; i++ {
		for j, v := range X.RawRowView(i) {
			g.origin[j] = min(g.origin[j], v)
			hi[j] = max(hi[j], v)
		}
	}
	total := 1.0
	for j := 0; j < d; j++ {
		span := (hi[j] - g.origin[j]) / g.h
		if !(span < dbMaxAxisCells) { // also catches an infinite range (1e308 − (−1e308))
			return nil
		}
		g.ncell[j] = int64(span) + 1
		total *= float64(g.ncell[j])
	}
	if total > 1<<62 {
		return nil
	}
	s := uint64(1)
	for j := d - 1; j >= 0; j-- {
		g.stride[j] = s
		s *= uint64(g.ncell[j])
	}

	// Keys, then a stable LSD radix sort of (key, row).
	type kv struct {
		key uint64
		row int32
	}
	a := make([]kv, n)
	const rowBlock = 1 << 14
	maxKeys := make([]uint64, dbChunks(n, rowBlock))
	par.For(len(maxKeys), func(c int) {
		var m uint64
		for i := c * rowBlock; i < min((c+1)*rowBlock, n); i++ {
			k := g.cellKey(X.RawRowView(i))
			a[i] = kv{k, int32(i)}
			m = max(m, k)
		}
		maxKeys[c] = m
	})
	var maxKey uint64
	for _, m := range maxKeys {
		maxKey = max(maxKey, m)
	}
	tmp := make([]kv, n)
	const digit = 11
	var count [1 << digit]int
	for shift := 0; shift < bits.Len64(maxKey); shift += digit {
		clear(count[:])
		for _, e := range a {
			count[(e.key>>shift)&(1<<digit-1)]++
		}
		sum := 0
		for i, c := range count {
			count[i], sum = sum, sum+c
		}
		for _, e := range a {
			b := (e.key >> shift) & (1<<digit - 1)
			tmp[count[b]] = e
			count[b]++
		}
		a, tmp = tmp, a
	}
	tmp = nil

	g.perm = make([]int32, n)
	cells := 0
	for l, e := range a {
		g.perm[l] = e.row
		if l == 0 || e.key != a[l-1].key {
			cells++
		}
	}
	g.keys = make([]uint64, 0, cells)
	g.start = make([]int32, 0, cells+1)
	for l, e := range a {
		if l == 0 || e.key != a[l-1].key {
			g.keys = append(g.keys, e.key)
			g.start = append(g.start, int32(l))
		}
	}
	g.start = append(g.start, int32(n))
	a = nil
	g.pts = make([]float64, n*d)
	raw := X.RawMatrix()
	par.For(dbChunks(n, rowBlock), func(c int) {
		for l := c * rowBlock; l < min((c+1)*rowBlock, n); l++ {
			src := raw.Data[int(g.perm[l])*raw.Stride:]
			for j := 0; j < d; j++ {
				g.pts[l*d+j] = src[j]
			}
		}
	})
	return g
}

// cellCoord is the (real) cell coordinate of x along axis j.
func (g *dbGrid) cellCoord(x float64, j int) float64 { return (x - g.origin[j]) / g.h }

func (g *dbGrid) cellKey(row []float64) uint64 {
	var k uint64
	for j, v := range row {
		c := int64(g.cellCoord(v, j))
		c = max(0, min(c, g.ncell[j]-1))
		k += uint64(c) * g.stride[j]
	}
	return k
}

func (g *dbGrid) coords(c int) (x [3]int64) {
	k := g.keys[c]
	for j := 0; j < g.d; j++ {
		x[j] = int64(k/g.stride[j]) % g.ncell[j]
	}
	return x
}

// ranges appends the runs of cells [a, b) whose coordinates are within r of
// cell c along every axis: one run per offset of the first d−1 axes, the
// last axis being contiguous in key order.
func (g *dbGrid) ranges(c int, r int64, buf [][2]int32) [][2]int32 {
	buf = buf[:0]
	x := g.coords(c)
	last := g.d - 1
	zlo, zhi := max(x[last]-r, 0), min(x[last]+r, g.ncell[last]-1)
	var off [2]int64
	lim := [2]int64{0, 0}
	for j := 0; j < last; j++ {
		lim[j] = r
	}
	for off[0] = -lim[0]; off[0] <= lim[0]; off[0]++ {
		for off[1] = -lim[1]; off[1] <= lim[1]; off[1]++ {
			var base uint64
			ok := true
			for j := 0; j < last; j++ {
				y := x[j] + off[j]
				if y < 0 || y >= g.ncell[j] {
					ok = false
					break
				}
				base += uint64(y) * g.stride[j]
			}
			if !ok {
				continue
			}
			lo, hi := base+uint64(zlo), base+uint64(zhi)
			a := sort.Search(len(g.keys), func(i int) bool { return g.keys[i] >= lo })
			b := a
			for b < len(g.keys) && g.keys[b] <= hi {
				b++
			}
			if b > a {
				buf = append(buf, [2]int32{int32(a), int32(b)})
			}
		}
	}
	return buf
}

func (g *dbGrid) row(l int32) []float64 { return g.pts[int(l)*g.d : int(l+1)*g.d] }

// within reports whether rows p and q (local) are neighbours.
func (g *dbGrid) within(p, q int32) bool {
	if g.d == 2 {
		a, b := g.pts[2*p:2*p+2], g.pts[2*q:2*q+2]
		dx, dy := a[0]-b[0], a[1]-b[1]
		return float64(dx*dx)+float64(dy*dy) <= g.eps2
	}
	return dbSqDist(g.row(p), g.row(q)) <= g.eps2
}

// forCells runs fn over all cells in parallel pieces, stopping early when ctx
// is done.
func forCells(ctx context.Context, nc int, fn func(c int, buf *[][2]int32)) error {
	var stop atomic.Bool
	par.For(dbChunks(nc, dbCellBlock), func(k int) {
		if stop.Load() {
			return
		}
		if ctx.Err() != nil {
			stop.Store(true)
			return
		}
		buf := make([][2]int32, 0, 25)
		for c := k * dbCellBlock; c < min((k+1)*dbCellBlock, nc); c++ {
			fn(c, &buf)
		}
	})
	return ctx.Err()
}

func (g *dbGrid) markCores(ctx context.Context, minS int) error {
	g.core = make([]bool, g.n)
	nc := len(g.keys)
	return forCells(ctx, nc, func(c int, buf *[][2]int32) {
		from, to := g.start[c], g.start[c+1]
		if int(to-from) >= minS {
			for l := from; l < to; l++ {
				g.core[l] = true
			}
			return
		}
		*buf = g.ranges(c, 2, *buf)
		total := 0
		for _, r := range *buf {
			total += int(g.start[r[1]] - g.start[r[0]])
		}
		if total < minS {
			return
		}
		for p := from; p < to; p++ {
			cnt := 0
		scan:
			for _, r := range *buf {
				for q := g.start[r[0]]; q < g.start[r[1]]; q++ {
					if g.within(p, q) {
						if cnt++; cnt >= minS {
							break scan
						}
					}
				}
			}
			g.core[p] = cnt >= minS
		}
	})
}

func (g *dbGrid) linkCores(ctx context.Context) error {
	nc := len(g.keys)
	g.firstCore = make([]int32, nc)
	for c := range nc {
		g.firstCore[c] = -1
		for l := g.start[c]; l < g.start[c+1]; l++ {
			if g.core[l] {
				g.firstCore[c] = l
				break
			}
		}
	}
	g.uf = newDBUnionFind(nc)
	// Adjacent cells first, so that the outer ring, where most pairs are
	// farther than Eps, is usually already connected and skipped.
	for _, ring := range []int64{1, 2} {
		err := forCells(ctx, nc, func(a int, buf *[][2]int32) {
			if g.firstCore[a] < 0 {
				return
			}
			xa := g.coords(a)
			*buf = g.ranges(a, ring, *buf)
			for _, r := range *buf {
				for b := max(int(r[0]), a+1); b < int(r[1]); b++ {
					if g.firstCore[b] < 0 {
						continue
					}
					if ring == 2 && chebyshev(xa, g.coords(b), g.d) <= 1 {
						continue
					}
					if g.uf.same(int32(a), int32(b)) {
						continue
					}
					if g.coresMeet(a, b) {
						g.uf.union(int32(a), int32(b))
					}
				}
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func chebyshev(a, b [3]int64, d int) int64 {
	m := int64(0)
	for j := 0; j < d; j++ {
		m = max(m, a[j]-b[j], b[j]-a[j])
	}
	return m
}

// gapOK reports whether row p may be within Eps of some row of cell b: the
// distance from p to the cell's box, in cell units and less a slack for the
// rounding of the cell computation, is compared with the Eps ball (√d cells
// divided by the shrink factor).
func (g *dbGrid) gapOK(p int32, xb [3]int64) bool {
	const slack = 1e-5
	s := 0.0
	for j, v := range g.row(p) {
		u := g.cellCoord(v, j)
		gap := max(0, float64(xb[j])-u, u-float64(xb[j]+1)) - slack
		if gap > 0 {
			s += gap * gap
		}
	}
	lim := float64(g.d) / ((1 - dbCellShrink) * (1 - dbCellShrink))
	return s <= lim
}

// coresMeet reports whether some core of cell a is within Eps of some core of
// cell b.
func (g *dbGrid) coresMeet(a, b int) bool {
	xb := g.coords(b)
	for p := g.firstCore[a]; p < g.start[a+1]; p++ {
		if !g.core[p] || !g.gapOK(p, xb) {
			continue
		}
		for q := g.firstCore[b]; q < g.start[b+1]; q++ {
			if g.core[q] && g.within(p, q) {
				return true
			}
		}
	}
	return false
}

func (g *dbGrid) label(ctx context.Context) ([]int, []int, int) {
	nc := len(g.keys)
	minRow := make([]int32, nc)
	for c := range minRow {
		minRow[c] = math.MaxInt32
	}
	for c := range nc {
		if fc := g.firstCore[c]; fc >= 0 {
			r := g.uf.find(int32(c))
			minRow[r] = min(minRow[r], g.perm[fc])
		}
	}
	rootLab, k := dbComponentLabels(minRow)
	cellLab := make([]int32, nc)
	for c := range nc {
		cellLab[c] = -1
		if g.firstCore[c] >= 0 {
			cellLab[c] = rootLab[g.uf.find(int32(c))]
		}
	}
	labels := make([]int, g.n)
	isCore := make([]bool, g.n)
	_ = forCells(context.Background(), nc, func(c int, buf *[][2]int32) {
		from, to := g.start[c], g.start[c+1]
		needBorder := false
		for l := from; l < to; l++ {
			if g.core[l] {
				labels[g.perm[l]] = int(cellLab[c])
				isCore[g.perm[l]] = true
			} else {
				needBorder = true
			}
		}
		if !needBorder {
			return
		}
		*buf = g.ranges(c, 2, *buf)
		for p := from; p < to; p++ {
			if g.core[p] {
				continue
			}
			best := int32(math.MaxInt32)
			for _, r := range *buf {
				for b := r[0]; b < r[1]; b++ {
					if cellLab[b] < 0 || cellLab[b] >= best || !g.gapOK(p, g.coords(int(b))) {
						continue
					}
					for q := g.firstCore[b]; q < g.start[b+1]; q++ {
						if g.core[q] && g.within(p, q) {
							best = cellLab[b]
							break
						}
					}
				}
			}
			if best == math.MaxInt32 {
				best = -1
			}
			labels[g.perm[p]] = int(best)
		}
	})
	return labels, dbCoreRows(isCore), k
}
