package cluster

import (
	"context"
	"math"
	"slices"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
)

// dbTree is DBSCAN's k-d tree (Bentley 1975) for more than 3 dimensions or
// grids too fine to key. It is private rather than neighbors.KDTree because
// DBSCAN needs queries that list nothing: a neighbour count that stops at
// MinSamples, unions with every core in range, and the smallest cluster
// number in range, each taking a node whole when its box lies within Eps.
type dbTree struct {
	n, d int
	eps2 float64

	pts    []float64 // n×d in tree order
	perm   []int32   // local index → row
	nodes  []dbNode
	lo, hi []float64 // node boxes, d per node

	core      []bool
	tight     []bool  // every pair of the node's rows is within Eps
	nodeCore  []int32 // first core of the node (local), or −1
	nodeLabel []int32 // smallest cluster number of the node's cores
	uf        *dbUnionFind
	labels    []int32 // by local index
}

type dbNode struct {
	from, to    int32
	left, right int32 // −1 for a leaf
}

const (
	dbLeafSize  = 32
	dbRowBlock  = 512
	dbNoLabel   = math.MaxInt32
	dbNoCoreYet = -1
)

func newDBTree(X *mat.Dense, eps float64) *dbTree {
	n, d := X.Dims()
	t := &dbTree{n: n, d: d, eps2: eps * eps}
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	t.build(X, idx, 0, n)
	t.perm = idx
	t.pts = make([]float64, n*d)
	for l, r := range idx {
		copy(t.pts[l*d:(l+1)*d], X.RawRowView(int(r)))
	}
	t.tight = make([]bool, len(t.nodes))
	for id := range t.nodes {
		s := 0.0
		for j := 0; j < d; j++ {
			w := t.hi[id*d+j] - t.lo[id*d+j]
			s += float64(w * w)
		}
		t.tight[id] = s <= t.eps2
	}
	return t
}

func (t *dbTree) build(X *mat.Dense, idx []int32, from, to int) int32 {
	d := t.d
	id := int32(len(t.nodes))
	t.nodes = append(t.nodes, dbNode{from: int32(from), to: int32(to), left: -1, right: -1})
	lo, hi := make([]float64, d), make([]float64, d)
	for j := range lo {
		lo[j], hi[j] = math.Inf(1), math.Inf(-1)
	}
	for _, i := range idx[from:to] {
		for j, v := range X.RawRowView(int(i)) {
			lo[j], hi[j] = min(lo[j], v), max(hi[j], v)
		}
	}
	t.lo, t.hi = append(t.lo, lo...), append(t.hi, hi...)
	if to-from <= dbLeafSize {
		return id
	}
	dim := 0
	for j := range lo {
		if hi[j]-lo[j] > hi[dim]-lo[dim] {
			dim = j
		}
	}
	if !(hi[dim] > lo[dim]) {
		return id // all rows equal: one large leaf, taken whole by queries
	}
	slices.SortFunc(idx[from:to], func(a, b int32) int {
		va, vb := X.At(int(a), dim), X.At(int(b), dim)
		switch {
		case va < vb:
			return -1
		case va > vb:
			return 1
		}
		return int(a - b)
	})
	mid := (from + to) / 2
	l := t.build(X, idx, from, mid)
	r := t.build(X, idx, mid, to)
	t.nodes[id].left, t.nodes[id].right = l, r
	return id
}

// bounds returns lower and upper bounds on the squared distance from q to
// any row of node id. Each term bounds the rounded (qⱼ−xⱼ)² of every row in
// the box (rounding is monotone), so "upper ≤ Eps²" implies every row of the
// node passes the exact test.
func (t *dbTree) bounds(id int32, q []float64) (lower, upper float64) {
	lo, hi := t.lo[int(id)*t.d:int(id+1)*t.d], t.hi[int(id)*t.d:int(id+1)*t.d]
	for j, v := range q {
		var a, b float64
		if v < lo[j] {
			a = lo[j] - v
		} else if v > hi[j] {
			a = v - hi[j]
		}
		b = max(v-lo[j], hi[j]-v)
		lower += float64(a * a)
		upper += float64(b * b)
	}
	return lower, upper
}

func (t *dbTree) row(l int32) []float64 { return t.pts[int(l)*t.d : int(l+1)*t.d] }

func (t *dbTree) forRows(ctx context.Context, fn func(l int32)) error {
	var stop atomic.Bool
	par.For(dbChunks(t.n, dbRowBlock), func(k int) {
		if stop.Load() || ctx.Err() != nil {
			stop.Store(true)
			return
		}
		for l := k * dbRowBlock; l < min((k+1)*dbRowBlock, t.n); l++ {
			fn(int32(l))
		}
	})
	return ctx.Err()
}

func (t *dbTree) markCores(ctx context.Context, minS int) error {
	t.core = make([]bool, t.n)
	return t.forRows(ctx, func(p int32) {
		t.core[p] = t.count(0, t.row(p), minS, 0) >= minS
	})
}

// count adds to cnt the rows of node id within Eps of q, stopping at need.
func (t *dbTree) count(id int32, q []float64, need, cnt int) int {
	lower, upper := t.bounds(id, q)
	nd := t.nodes[id]
	switch {
	case lower > t.eps2:
		return cnt
	case upper <= t.eps2:
		return cnt + int(nd.to-nd.from)
	case nd.left < 0:
		for x := nd.from; x < nd.to; x++ {
			if dbSqDist(q, t.row(x)) <= t.eps2 {
				if cnt++; cnt >= need {
					return cnt
				}
			}
		}
		return cnt
	}
	cnt = t.count(nd.left, q, need, cnt)
	if cnt >= need {
		return cnt
	}
	return t.count(nd.right, q, need, cnt)
}

func (t *dbTree) linkCores(ctx context.Context) error {
	t.nodeCore = make([]int32, len(t.nodes))
	for id := len(t.nodes) - 1; id >= 0; id-- {
		nd := t.nodes[id]
		t.nodeCore[id] = dbNoCoreYet
		if nd.left >= 0 {
			for _, c := range []int32{t.nodeCore[nd.left], t.nodeCore[nd.right]} {
				if c >= 0 && (t.nodeCore[id] < 0 || c < t.nodeCore[id]) {
					t.nodeCore[id] = c
				}
			}
			continue
		}
		for x := nd.from; x < nd.to; x++ {
			if t.core[x] {
				t.nodeCore[id] = x
				break
			}
		}
	}
	t.uf = newDBUnionFind(t.n)
	// The cores of a tight node are one clique: join them once, so that a
	// query can link to the node through its first core.
	var joinTight func(id int32)
	joinTight = func(id int32) {
		nd := t.nodes[id]
		if t.tight[id] {
			if c := t.nodeCore[id]; c >= 0 {
				for x := nd.from; x < nd.to; x++ {
					if t.core[x] {
						t.uf.union(c, x)
					}
				}
			}
			return
		}
		if nd.left >= 0 {
			joinTight(nd.left)
			joinTight(nd.right)
		}
	}
	joinTight(0)
	return t.forRows(ctx, func(p int32) {
		if t.core[p] {
			t.link(0, p, t.row(p))
		}
	})
}

func (t *dbTree) link(id, p int32, q []float64) {
	if t.nodeCore[id] < 0 {
		return
	}
	lower, upper := t.bounds(id, q)
	nd := t.nodes[id]
	switch {
	case lower > t.eps2:
		return
	case upper <= t.eps2 && t.tight[id]:
		t.uf.union(p, t.nodeCore[id])
		return
	case nd.left < 0:
		for x := nd.from; x < nd.to; x++ {
			if x != p && t.core[x] && !t.uf.same(p, x) && dbSqDist(q, t.row(x)) <= t.eps2 {
				t.uf.union(p, x)
			}
		}
		return
	}
	t.link(nd.left, p, q)
	t.link(nd.right, p, q)
}

func (t *dbTree) label(ctx context.Context) ([]int, []int, int) {
	minRow := make([]int32, t.n)
	for i := range minRow {
		minRow[i] = math.MaxInt32
	}
	for l := range int32(t.n) {
		if t.core[l] {
			r := t.uf.find(l)
			minRow[r] = min(minRow[r], t.perm[l])
		}
	}
	rootLab, k := dbComponentLabels(minRow)
	t.labels = make([]int32, t.n)
	for l := range int32(t.n) {
		t.labels[l] = -1
		if t.core[l] {
			t.labels[l] = rootLab[t.uf.find(l)]
		}
	}
	t.nodeLabel = make([]int32, len(t.nodes))
	for id := len(t.nodes) - 1; id >= 0; id-- {
		nd := t.nodes[id]
		m := int32(dbNoLabel)
		if nd.left >= 0 {
			m = min(t.nodeLabel[nd.left], t.nodeLabel[nd.right])
		} else {
			for x := nd.from; x < nd.to; x++ {
				if t.core[x] {
					m = min(m, t.labels[x])
				}
			}
		}
		t.nodeLabel[id] = m
	}
	labels := make([]int, t.n)
	isCore := make([]bool, t.n)
	_ = t.forRows(context.Background(), func(p int32) {
		if t.core[p] {
			labels[t.perm[p]] = int(t.labels[p])
			isCore[t.perm[p]] = true
			return
		}
		best := t.nearestLabel(0, t.row(p), dbNoLabel)
		if best == dbNoLabel {
			best = -1
		}
		labels[t.perm[p]] = int(best)
	})
	return labels, dbCoreRows(isCore), k
}

// nearestLabel returns the smallest cluster number, below best, of the cores
// of node id within Eps of q.
func (t *dbTree) nearestLabel(id int32, q []float64, best int32) int32 {
	if t.nodeLabel[id] >= best {
		return best
	}
	lower, upper := t.bounds(id, q)
	nd := t.nodes[id]
	switch {
	case lower > t.eps2:
		return best
	case upper <= t.eps2:
		return t.nodeLabel[id]
	case nd.left < 0:
		for x := nd.from; x < nd.to; x++ {
			if t.core[x] && t.labels[x] < best && dbSqDist(q, t.row(x)) <= t.eps2 {
				best = t.labels[x]
			}
		}
		return best
	}
	best = t.nearestLabel(nd.left, q, best)
	return t.nearestLabel(nd.right, q, best)
}
