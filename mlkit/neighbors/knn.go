package neighbors

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	_ "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/accel"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/vec"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// KNN is exact k-nearest-neighbour search in Euclidean distance by brute
// force: squared distances ‖q‖² + ‖x‖² − 2·q·x for blocks of queries against
// blocks of data as one matrix product each (BLAS; OpenBLAS with the build
// tag openblas), blocks of queries in parallel. The chosen neighbours'
// distances are then recomputed directly, so the reported distances carry no
// cancellation error. Ties are broken by the smaller data index, so results
// are deterministic.
//
// With Algorithm Tree (or Auto when d ≤ 3) a KDTree answers instead, with
// the same results.
//
// The zero value means K = 5, Auto.
type KNN struct {
	// K is the number of neighbours per query (≥ 1); 0 means 5.
	K int
	// Algorithm picks brute force or a k-d tree; Auto (the zero value) uses
	// the tree when X has at most 3 columns.
	Algorithm Algorithm
	// Progress receives one step per block of 128 queries; nil means
	// progress.Auto().
	Progress progress.Reporter
}

// Algorithm selects how neighbours are found. All give the same neighbours.
type Algorithm int

const (
	// Auto: Tree for at most 3 features, Brute otherwise.
	Auto Algorithm = iota
	// Brute: blocked matrix products against all rows.
	Brute
	// Tree: a KDTree.
	Tree
)

// String returns "auto", "brute" or "kd_tree", scikit-learn's algorithm
// names.
func (a Algorithm) String() string {
	switch a {
	case Auto:
		return "auto"
	case Brute:
		return "brute"
	case Tree:
		return "kd_tree"
	}
	return fmt.Sprintf("Algorithm(%d)", int(a))
}

// searcher is what KNN and the classifier query: brute force or a tree.
type searcher interface {
	search(ctx context.Context, rep progress.Reporter, Q *mat.Dense, k int, self bool) (*Neighbors, error)
}

// chunks runs fn over the blocks of queryBlock queries of m queries in
// parallel, reporting each finished block to rep and skipping the blocks
// left once ctx is done (the error then wraps ctx.Err()).
func chunks(ctx context.Context, rep progress.Reporter, task string, m int, fn func(c int)) error {
	nChunks := (m + queryBlock - 1) / queryBlock
	rep.Start(fmt.Sprintf("%s (%d queries)", task, m), nChunks)
	var done atomic.Int64
	par.For(nChunks, func(c int) {
		if ctx.Err() != nil {
			return
		}
		fn(c)
		rep.Update(int(done.Add(1)))
	})
	if err := ctx.Err(); err != nil {
		rep.Finish(task + " cancelled")
		return fmt.Errorf("neighbors: %s: %w", task, err)
	}
	rep.Finish(fmt.Sprintf("%s: %d queries", task, m))
	return nil
}

// newSearcher validates X and builds the structure a picks.
func newSearcher(where string, X *mat.Dense, a Algorithm) (searcher, int, int, error) {
	if a < Auto || a > Tree {
		return nil, 0, 0, check.Errorf(where, check.ErrValue, "Algorithm=%d, want Auto, Brute or Tree", int(a))
	}
	if X != nil {
		if _, d := X.Dims(); a == Tree || (a == Auto && d <= 3) {
			t, err := newKDTree(where, X)
			if err != nil {
				return nil, 0, 0, err
			}
			return t, t.n, t.d, nil
		}
	}
	ix, err := newIndex(where, X)
	if err != nil {
		return nil, 0, 0, err
	}
	return ix, ix.n, ix.d, nil
}

// Neighbors holds, for each query, its K nearest data rows ordered by
// increasing distance (ties by index).
type Neighbors struct {
	Indices   [][]int
	Distances [][]float64
}

func (s KNN) k() int {
	if s.K == 0 {
		return 5
	}
	return s.K
}

// Search returns the K nearest rows of X for each row of Q. See
// SearchContext.
func (s KNN) Search(X, Q *mat.Dense) (*Neighbors, error) {
	return s.SearchContext(context.Background(), X, Q)
}

// SearchContext returns the K nearest rows of X for each row of Q, stopping
// between blocks of queries when ctx is done (the error then wraps
// ctx.Err()).
func (s KNN) SearchContext(ctx context.Context, X, Q *mat.Dense) (*Neighbors, error) {
	const where = "neighbors: KNN.Search"
	k := s.k()
	ix, n, d, err := newSearcher(where, X, s.Algorithm)
	if err != nil {
		return nil, err
	}
	if Q == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "Q is nil")
	}
	if err := check.Cols(where, "Q", Q, d); err != nil {
		return nil, err
	}
	if k < 1 || k > n {
		return nil, check.Errorf(where, check.ErrValue, "K=%d, want 1 ≤ K ≤ %d (the samples in X)", k, n)
	}
	return ix.search(ctx, progress.For(s.Progress), Q, k, false)
}

// SearchSelf returns, for each row of X, its K nearest other rows of X: the
// row itself is left out, as scikit-learn's kneighbors() with no query does.
// See SearchSelfContext.
func (s KNN) SearchSelf(X *mat.Dense) (*Neighbors, error) {
	return s.SearchSelfContext(context.Background(), X)
}

// SearchSelfContext is SearchSelf stopping between blocks of queries when
// ctx is done.
func (s KNN) SearchSelfContext(ctx context.Context, X *mat.Dense) (*Neighbors, error) {
	const where = "neighbors: KNN.SearchSelf"
	k := s.k()
	ix, n, _, err := newSearcher(where, X, s.Algorithm)
	if err != nil {
		return nil, err
	}
	if k < 1 || k > n-1 {
		return nil, check.Errorf(where, check.ErrValue, "K=%d, want 1 ≤ K ≤ %d (the samples in X minus one)", k, n-1)
	}
	return ix.search(ctx, progress.For(s.Progress), X, k, true)
}

// rescaled handles data whose squared distances would overflow or underflow
// float64: it searches X and Q scaled by a power of two (exact, so the
// neighbours are the same) with a searcher built by build, and scales the
// distances back. done is false when no scaling is needed.
func rescaled(ctx context.Context, rep progress.Reporter, X, Q *mat.Dense, k int, self bool, build func(*mat.Dense) (searcher, error)) (nb *Neighbors, done bool, err error) {
	_, d := X.Dims()
	big := check.MaxAbs(X)
	if !self {
		big = max(big, check.MaxAbs(Q))
	}
	s := check.Pow2Scale(big, d)
	if s == 1 {
		return nil, false, nil
	}
	var Xs, Qs mat.Dense
	Xs.Scale(s, X)
	ix, err := build(&Xs)
	if err != nil {
		return nil, true, err
	}
	q := &Xs
	if !self {
		Qs.Scale(s, Q)
		q = &Qs
	}
	nb, err = ix.search(ctx, rep, q, k, self)
	if err != nil {
		return nil, true, err
	}
	for _, row := range nb.Distances {
		for c := range row {
			row[c] /= s
			if math.IsInf(row[c], 0) {
				return nil, true, check.Errorf("neighbors: KNN.Search", check.ErrNaN, "distances overflow float64 (X and Q reach %.3g)", big)
			}
		}
	}
	return nb, true, nil
}

// index is the data side of a brute-force search: the rows and their
// squared norms.
type index struct {
	X     *mat.Dense
	n, d  int
	norms []float64
}

func newIndex(where string, X *mat.Dense) (*index, error) {
	if X == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "X is nil")
	}
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	ix := &index{X: X, n: n, d: d, norms: make([]float64, n)}
	for i := range ix.norms {
		r := X.RawRowView(i)
		ix.norms[i] = vec.Dot(r, r)
	}
	return ix, nil
}

const (
	tieSlack   = 8
	queryBlock = 128  // queries per unit of parallel work
	dataBlock  = 2048 // data rows per distance product (128×2048 doubles = 2 MiB)
)

// search returns the k nearest rows for each row of Q; with self, Q is X and
// each row's own index is excluded.
func (ix *index) search(ctx context.Context, rep progress.Reporter, Q *mat.Dense, k int, self bool) (*Neighbors, error) {
	if nb, done, err := rescaled(ctx, rep, ix.X, Q, k, self, func(Xs *mat.Dense) (searcher, error) {
		return newIndex("neighbors: KNN.Search", Xs)
	}); done {
		return nb, err
	}
	m, _ := Q.Dims()
	out := &Neighbors{Indices: make([][]int, m), Distances: make([][]float64, m)}
	err := chunks(ctx, rep, "k-NN search", m, func(c int) {
		from, to := c*queryBlock, min((c+1)*queryBlock, m)
		ix.searchChunk(Q, from, to, k, self, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (ix *index) searchChunk(Q *mat.Dense, from, to, k int, self bool, out *Neighbors) {
	q := to - from
	Qc := Q.Slice(from, to, 0, ix.d).(*mat.Dense)
	qn := make([]float64, q)
	for i := range qn {
		r := Qc.RawRowView(i)
		qn[i] = vec.Dot(r, r)
	}
	// Keep a few more candidates than asked: the product form's rounding
	// can order exact ties (duplicate rows) arbitrarily, and the exact
	// recomputation below then restores the tie order by index. With self,
	// one more for the row itself.
	keep := k + tieSlack
	if self {
		keep++
	}
	keep = min(keep, ix.n)
	tops := make([]topK, q)
	for i := range tops {
		tops[i] = newTopK(keep)
	}
	P := mat.NewDense(q, min(dataBlock, ix.n), nil)
	for b0 := 0; b0 < ix.n; b0 += dataBlock {
		b1 := min(b0+dataBlock, ix.n)
		Pb := P.Slice(0, q, 0, b1-b0).(*mat.Dense)
		Pb.Mul(Qc, ix.X.Slice(b0, b1, 0, ix.d).(*mat.Dense).T())
		for i := 0; i < q; i++ {
			row := Pb.RawRowView(i)
			t := &tops[i]
			for j, p := range row {
				dist := qn[i] + ix.norms[b0+j] - 2*p
				if dist < t.worst() {
					t.push(dist, b0+j)
				}
			}
		}
	}
	for i := 0; i < q; i++ {
		t := &tops[i]
		// Recompute the survivors' distances exactly, then order by
		// (distance, index); with self, drop the row's own index (or, if
		// duplicates pushed it out, the farthest survivor).
		qi := Qc.RawRowView(i)
		for c := range t.idx {
			t.dist[c] = vec.SqDist(qi, ix.X.RawRowView(t.idx[c]))
		}
		t.sort()
		idx, dist := t.idx, t.dist
		if self {
			own := from + i
			drop := len(idx) - 1
			for c, j := range idx {
				if j == own {
					drop = c
					break
				}
			}
			idx = append(idx[:drop:drop], idx[drop+1:]...)
			dist = append(dist[:drop:drop], dist[drop+1:]...)
		}
		for c := range dist {
			dist[c] = math.Sqrt(dist[c])
		}
		out.Indices[from+i] = idx[:k:k]
		out.Distances[from+i] = dist[:k:k]
	}
}

// topK keeps the k smallest (distance, index) pairs seen, in a max-heap on
// (distance, index). Data are scanned in increasing index order, so a
// strict "<" test against the worst keeps the smaller index on ties.
type topK struct {
	dist []float64
	idx  []int
	k    int
}

func newTopK(k int) topK {
	return topK{dist: make([]float64, 0, k), idx: make([]int, 0, k), k: k}
}

func (t *topK) worst() float64 {
	if len(t.dist) < t.k {
		return math.Inf(1)
	}
	return t.dist[0]
}

func (t *topK) less(a, b int) bool { // heap order: larger first
	if t.dist[a] != t.dist[b] {
		return t.dist[a] > t.dist[b]
	}
	return t.idx[a] > t.idx[b]
}

func (t *topK) swap(a, b int) {
	t.dist[a], t.dist[b] = t.dist[b], t.dist[a]
	t.idx[a], t.idx[b] = t.idx[b], t.idx[a]
}

func (t *topK) push(d float64, i int) {
	if len(t.dist) < t.k {
		t.dist = append(t.dist, d)
		t.idx = append(t.idx, i)
		for c := len(t.dist) - 1; c > 0; {
			p := (c - 1) / 2
			if !t.less(c, p) {
				break
			}
			t.swap(c, p)
			c = p
		}
		return
	}
	t.dist[0], t.idx[0] = d, i
	for c := 0; ; {
		l, r, big := 2*c+1, 2*c+2, c
		if l < len(t.dist) && t.less(l, big) {
			big = l
		}
		if r < len(t.dist) && t.less(r, big) {
			big = r
		}
		if big == c {
			break
		}
		t.swap(c, big)
		c = big
	}
}

// offer pushes (d, i) if it beats the worst kept pair in (distance, index)
// order: for scans that do not visit indices in increasing order.
func (t *topK) offer(d float64, i int) {
	if len(t.dist) < t.k || d < t.dist[0] || (d == t.dist[0] && i < t.idx[0]) {
		t.push(d, i)
	}
}

// sort orders the pairs by increasing (distance, index).
func (t *topK) sort() {
	for i := 1; i < len(t.dist); i++ {
		for j := i; j > 0 && (t.dist[j] < t.dist[j-1] || (t.dist[j] == t.dist[j-1] && t.idx[j] < t.idx[j-1])); j-- {
			t.swap(j, j-1)
		}
	}
}
