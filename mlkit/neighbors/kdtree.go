package neighbors

import (
	"context"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/vec"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// KDTree is a k-d tree over the rows of a matrix for exact nearest-neighbour
// and radius queries in low dimension (Bentley 1975; Friedman, Bentley &
// Finkel 1977): each node splits its points at the median of the coordinate
// with the largest spread and keeps their bounding box, and a query skips
// every node whose box lies farther than the current k-th neighbour or the
// radius. It pays for d up to about 10; beyond that brute force (KNN with
// Algorithm Brute) is faster.
//
// Results are exact and ordered as KNN's: by distance, ties by the smaller
// row index, whatever the tree's shape. The tree keeps a reference to X: do
// not change X while the tree is in use. Queries are safe from several
// goroutines.
type KDTree struct {
	X    *mat.Dense
	n, d int

	perm  []int // row indices in tree order; a node owns perm[lo:hi]
	nodes []kdNode
	lo    []float64 // bounding box of node i: lo[i*d:(i+1)*d], hi likewise
	hi    []float64
}

type kdNode struct {
	from, to    int
	left, right int // child node ids; -1 for a leaf
}

// leafSize is the most points a leaf holds (scikit-learn's default leaf_size
// is 30).
const leafSize = 32

// NewKDTree builds a k-d tree on the rows of X (n×d, finite).
func NewKDTree(X *mat.Dense) (*KDTree, error) {
	t, err := newKDTree("neighbors: NewKDTree", X)
	if err != nil {
		return nil, err
	}
	return t, nil
}

func newKDTree(where string, X *mat.Dense) (*KDTree, error) {
	if X == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "X is nil")
	}
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	t := &KDTree{X: X, n: n, d: d, perm: make([]int, n)}
	for i := range t.perm {
		t.perm[i] = i
	}
	t.build(0, n)
	return t, nil
}

// build makes the node for perm[from:to] and its subtree, returning its id.
func (t *KDTree) build(from, to int) int {
	id := len(t.nodes)
	t.nodes = append(t.nodes, kdNode{from: from, to: to, left: -1, right: -1})
	lo, hi := make([]float64, t.d), make([]float64, t.d)
	for j := range lo {
		lo[j], hi[j] = math.Inf(1), math.Inf(-1)
	}
	for _, i := range t.perm[from:to] {
		for j, v := range t.X.RawRowView(i) {
			lo[j] = min(lo[j], v)
			hi[j] = max(hi[j], v)
		}
	}
	t.lo = append(t.lo, lo...)
	t.hi = append(t.hi, hi...)
	if to-from <= leafSize {
		return id
	}
	dim := 0
	for j := range lo {
		if hi[j]-lo[j] > hi[dim]-lo[dim] {
			dim = j
		}
	}
	if hi[dim] == lo[dim] {
		return id // all points equal: keep a (large) leaf
	}
	// Sort by the split coordinate, ties by row index, so the tree does not
	// depend on the input order beyond the indices themselves.
	slices.SortFunc(t.perm[from:to], func(a, b int) int {
		va, vb := t.X.At(a, dim), t.X.At(b, dim)
		switch {
		case va < vb:
			return -1
		case va > vb:
			return 1
		}
		return a - b
	})
	mid := (from + to) / 2
	left := t.build(from, mid)
	right := t.build(mid, to)
	t.nodes[id].left, t.nodes[id].right = left, right
	return id
}

// boxDist is the squared distance from q to node id's bounding box.
func (t *KDTree) boxDist(id int, q []float64) float64 {
	lo, hi := t.lo[id*t.d:(id+1)*t.d], t.hi[id*t.d:(id+1)*t.d]
	s := 0.0
	for j, v := range q {
		if v < lo[j] {
			s += (lo[j] - v) * (lo[j] - v)
		} else if v > hi[j] {
			s += (v - hi[j]) * (v - hi[j])
		}
	}
	return s
}

// Search returns the k nearest rows of the tree's X for each row of Q.
func (t *KDTree) Search(Q *mat.Dense, k int) (*Neighbors, error) {
	const where = "neighbors: KDTree.Search"
	if Q == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "Q is nil")
	}
	if err := check.Cols(where, "Q", Q, t.d); err != nil {
		return nil, err
	}
	if k < 1 || k > t.n {
		return nil, check.Errorf(where, check.ErrValue, "k=%d, want 1 ≤ k ≤ %d (the samples in X)", k, t.n)
	}
	return t.search(context.Background(), progress.Silent, Q, k, false)
}

// SearchSelf returns, for each row of X, its k nearest other rows.
func (t *KDTree) SearchSelf(k int) (*Neighbors, error) {
	if k < 1 || k > t.n-1 {
		return nil, check.Errorf("neighbors: KDTree.SearchSelf", check.ErrValue, "k=%d, want 1 ≤ k ≤ %d (the samples in X minus one)", k, t.n-1)
	}
	return t.search(context.Background(), progress.Silent, t.X, k, true)
}

func (t *KDTree) search(ctx context.Context, rep progress.Reporter, Q *mat.Dense, k int, self bool) (*Neighbors, error) {
	if nb, done, err := rescaled(ctx, rep, t.X, Q, k, self, func(Xs *mat.Dense) (searcher, error) {
		return newKDTree("neighbors: KDTree.Search", Xs)
	}); done {
		return nb, err
	}
	m, _ := Q.Dims()
	out := &Neighbors{Indices: make([][]int, m), Distances: make([][]float64, m)}
	err := chunks(ctx, rep, "k-d tree search", m, func(c int) {
		for i := c * queryBlock; i < min((c+1)*queryBlock, m); i++ {
			skip := -1
			if self {
				skip = i
			}
			top := newTopK(k)
			t.knn(0, Q.RawRowView(i), skip, &top)
			top.sort()
			for c := range top.dist {
				top.dist[c] = math.Sqrt(top.dist[c])
			}
			out.Indices[i], out.Distances[i] = top.idx, top.dist
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (t *KDTree) knn(id int, q []float64, skip int, top *topK) {
	nd := &t.nodes[id]
	if nd.left < 0 {
		for _, i := range t.perm[nd.from:nd.to] {
			if i != skip {
				top.offer(vec.SqDist(q, t.X.RawRowView(i)), i)
			}
		}
		return
	}
	a, b := nd.left, nd.right
	da, db := t.boxDist(a, q), t.boxDist(b, q)
	if db < da {
		a, b, da, db = b, a, db, da
	}
	// Equal bounds must still be visited: a tie in distance with a smaller
	// index would win.
	if da <= top.worst() {
		t.knn(a, q, skip, top)
	}
	if db <= top.worst() {
		t.knn(b, q, skip, top)
	}
}

// Radius returns, for each row of Q, the rows of X within distance r
// (inclusive, as scikit-learn's radius_neighbors and DBSCAN's ε-region),
// ordered by row index, with their distances.
func (t *KDTree) Radius(Q *mat.Dense, r float64) (*Neighbors, error) {
	const where = "neighbors: KDTree.Radius"
	if Q == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "Q is nil")
	}
	if err := check.Cols(where, "Q", Q, t.d); err != nil {
		return nil, err
	}
	if err := check.NonNegative(where, "r", r); err != nil {
		return nil, err
	}
	// Squared distances and r² of huge or tiny data leave float64's range:
	// answer on a copy scaled by a power of two (the same rows are within
	// the scaled radius) and scale the distances back.
	if s := check.Pow2Scale(max(check.MaxAbs(t.X), check.MaxAbs(Q), r), t.d); s != 1 {
		var Xs, Qs mat.Dense
		Xs.Scale(s, t.X)
		Qs.Scale(s, Q)
		ts, err := newKDTree(where, &Xs)
		if err != nil {
			return nil, err
		}
		nb, err := ts.Radius(&Qs, r*s)
		if err != nil {
			return nil, err
		}
		for _, row := range nb.Distances {
			for c := range row {
				row[c] /= s
			}
		}
		return nb, nil
	}
	m, _ := Q.Dims()
	out := &Neighbors{Indices: make([][]int, m), Distances: make([][]float64, m)}
	nChunks := (m + queryBlock - 1) / queryBlock
	par.For(nChunks, func(c int) {
		for i := c * queryBlock; i < min((c+1)*queryBlock, m); i++ {
			q := Q.RawRowView(i)
			var idx []int
			t.radius(0, q, r*r, &idx)
			slices.Sort(idx)
			dist := make([]float64, len(idx))
			for c, j := range idx {
				dist[c] = math.Sqrt(vec.SqDist(q, t.X.RawRowView(j)))
			}
			out.Indices[i], out.Distances[i] = idx, dist
		}
	})
	return out, nil
}

func (t *KDTree) radius(id int, q []float64, r2 float64, out *[]int) {
	if t.boxDist(id, q) > r2 {
		return
	}
	nd := &t.nodes[id]
	if nd.left < 0 {
		for _, i := range t.perm[nd.from:nd.to] {
			if vec.SqDist(q, t.X.RawRowView(i)) <= r2 {
				*out = append(*out, i)
			}
		}
		return
	}
	t.radius(nd.left, q, r2, out)
	t.radius(nd.right, q, r2, out)
}

// GobEncode stores the tree as its data rows (the tree is rebuilt, the same
// way, when read back), so a KDTree survives encoding/gob and memo.
func (t *KDTree) GobEncode() ([]byte, error) {
	if t == nil || t.X == nil {
		return nil, check.Errorf("neighbors: KDTree.GobEncode", check.ErrEmpty, "the tree is nil or was not made by NewKDTree")
	}
	return t.X.MarshalBinary()
}

// GobDecode rebuilds a tree stored by GobEncode.
func (t *KDTree) GobDecode(b []byte) error {
	const where = "neighbors: KDTree.GobDecode"
	var X mat.Dense
	if err := X.UnmarshalBinary(b); err != nil {
		return check.Errorf(where, check.ErrFile, "%v", err)
	}
	nt, err := newKDTree(where, &X)
	if err != nil {
		return check.Errorf(where, check.ErrFile, "the stored rows do not build a tree: %v", err)
	}
	*t = *nt
	return nil
}
