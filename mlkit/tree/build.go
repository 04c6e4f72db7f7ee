package tree

import (
	"context"
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// Constants of scikit-learn's tree code (sklearn/tree/_splitter.pyx,
// _tree.pyx, _tree.pxd).
const (
	// featureThreshold: values closer than this are one value, and a feature
	// whose range is within it is constant in the node.
	featureThreshold = 1e-7
	// epsilon is np.finfo(np.float64).eps: impurities at or below it are
	// zero, and it is the slack of the min_impurity_decrease test.
	epsilon = 2.220446049250313e-16
	// leafChild and undefined are _TREE_LEAF and _TREE_UNDEFINED.
	leafChild = -1
	undefined = -2
	// parallelWork: below this many node samples × features the split
	// search runs on one goroutine (spawning costs more than it saves).
	parallelWork = 1 << 14
)

type critKind int

const (
	critGini critKind = iota
	critEntropy
	critMSE
)

// builder grows one tree. X is stored feature-major in float32 (column f
// is X[f*n:(f+1)*n]) so that gathering a feature for a node touches one
// column; samples[start:end] are the rows of the node being split.
type builder struct {
	// Feature f is codes[f] when it has at most maxCoded distinct values,
	// else the float32 column cols[f] (see load).
	cols    [][]float32
	codes   []*featureCodes
	n, d    int
	p       params
	crit    critKind
	y       []int32 // class codes 0..K-1 (classification)
	K       int
	yr      []float64 // targets (regression)
	samples []int32
	part    []int32
	wTotal  float64
	out     Nodes
	pool    sync.Pool

	// tieBreak, a test hook, picks among the features whose best proxy
	// improvements are within tieTol (relative) of the best one at the node
	// about to be numbered node; the tests use it to resolve ties as
	// scikit-learn's random feature order did and then compare whole trees.
	tieBreak func(node int, tied []int) int
	tieTol   float64
	// noZeroBlock, a test hook, sorts exact zeros with the other values.
	noZeroBlock bool
	// noCodes, a test hook, stores every feature as a float32 column.
	noCodes bool

	ctx  context.Context
	rep  progress.Reporter
	done int // samples that have reached a leaf
}

// scratch is one goroutine's working memory for evaluating a feature.
type scratch struct {
	keys, tmp []uint64
	cl, zc    []float64
	zi        []int32
	cnt       []int32
	pres      []uint8
	ys        []float64
	vals      []float32
}

// nodeStats are the criterion's sums over a node (sum_total and friends in
// scikit-learn's Criterion.init).
type nodeStats struct {
	w          float64
	counts     []float64
	sqCounts   float64
	sum, sqSum float64
}

// split is scikit-learn's SplitRecord, positions relative to the node start.
type split struct {
	feature                        int
	pos                            int
	threshold                      float64
	impLeft, impRight, improvement float64
}

// featureResult is the best split along one feature.
type featureResult struct {
	constant  bool
	found     bool
	proxy     float64
	pos       int
	threshold float64
}

// newBuilder prepares a builder for X; prep (test hooks) runs before X is
// loaded.
func newBuilder(where string, X *mat.Dense, p params, crit critKind, prep func(*builder)) (*builder, error) {
	b := &builder{p: p, crit: crit}
	if prep != nil {
		prep(b)
	}
	if err := b.load(where, X); err != nil {
		return nil, err
	}
	n := b.n
	b.wTotal = float64(n)
	b.samples = make([]int32, n)
	for i := range b.samples {
		b.samples[i] = int32(i)
	}
	b.part = make([]int32, n)
	b.pool.New = func() any {
		// One spare slot each for the zero block's key.
		return &scratch{keys: make([]uint64, n+1), tmp: make([]uint64, n+1), cl: make([]float64, max(b.K, 1)), zc: make([]float64, max(b.K, 1)), zi: make([]int32, max(b.K, 1)), cnt: make([]int32, maxCoded*max(b.K, 1)), pres: make([]uint8, 0, maxCoded), ys: make([]float64, n), vals: make([]float32, n)}
	}
	return b, nil
}

func (b *builder) nodeReset(start, end int) nodeStats {
	st := nodeStats{w: float64(end - start)}
	if b.crit == critMSE {
		for _, s := range b.samples[start:end] {
			v := b.yr[s]
			st.sum += v
			st.sqSum += v * v
		}
		return st
	}
	st.counts = make([]float64, b.K)
	for _, s := range b.samples[start:end] {
		st.counts[b.y[s]]++
	}
	for _, c := range st.counts {
		st.sqCounts += c * c
	}
	return st
}

// impurityOf is Criterion.node_impurity (and children_impurity for a side)
// from class counts summing to w.
func (b *builder) impurityOf(counts []float64, w float64) float64 {
	if b.crit == critGini {
		sq := 0.0
		for _, c := range counts {
			sq += c * c
		}
		return 1.0 - sq/(w*w)
	}
	e := 0.0
	for _, c := range counts {
		if c > 0 {
			q := c / w
			e -= q * log2(q)
		}
	}
	return e
}

// log2 is scikit-learn's _utils.log: ln(x)/ln(2).
func log2(x float64) float64 { return math.Log(x) / math.Ln2 }

func (b *builder) nodeImpurity(st nodeStats) float64 {
	if b.crit == critMSE {
		m := st.sum / st.w
		return st.sqSum/st.w - m*m
	}
	return b.impurityOf(st.counts, st.w)
}

func (b *builder) nodeValue(st nodeStats) []float64 {
	if b.crit == critMSE {
		return []float64{st.sum / st.w}
	}
	return append([]float64(nil), st.counts...)
}

// addNode is Tree._add_node.
func (b *builder) addNode(parent int, isLeft, isLeaf bool, sp split, impurity float64, m int, st nodeStats) int {
	o := &b.out
	id := len(o.Feature)
	if parent != undefined {
		if isLeft {
			o.ChildrenLeft[parent] = id
		} else {
			o.ChildrenRight[parent] = id
		}
	}
	o.ChildrenLeft = append(o.ChildrenLeft, leafChild)
	o.ChildrenRight = append(o.ChildrenRight, leafChild)
	if isLeaf {
		o.Feature = append(o.Feature, undefined)
		o.Threshold = append(o.Threshold, undefined)
	} else {
		o.Feature = append(o.Feature, sp.feature)
		o.Threshold = append(o.Threshold, sp.threshold)
	}
	o.Impurity = append(o.Impurity, impurity)
	o.NSamples = append(o.NSamples, m)
	o.WeightedNSamples = append(o.WeightedNSamples, st.w)
	o.Value = append(o.Value, b.nodeValue(st))
	return id
}

func (b *builder) allFeatures() []int32 {
	f := make([]int32, b.d)
	for i := range f {
		f[i] = int32(i)
	}
	return f
}

// build grows the tree, reporting the share of samples settled in leaves
// and stopping between nodes when ctx is done.
func (b *builder) build(ctx context.Context, rep progress.Reporter, task string) (Nodes, error) {
	b.out = Nodes{NFeatures: b.d}
	b.ctx, b.rep = ctx, rep
	rep.Start(task, b.n)
	var err error
	if b.p.maxLeaves > 0 {
		err = b.buildBestFirst()
	} else {
		err = b.buildDepthFirst()
	}
	if err != nil {
		rep.Finish("cancelled")
		return Nodes{}, err
	}
	rep.Finish(fmt.Sprintf("%s: %d leaves, depth %d", task, b.out.Leaves(), b.out.Depth()))
	return b.out, nil
}

func (b *builder) leafDone(m int) {
	b.done += m
	b.rep.Update(b.done, progress.Metric{Name: "nodes", Value: float64(len(b.out.Feature))})
}

// buildDepthFirst is DepthFirstTreeBuilder.build: a stack, right child
// pushed before left, so nodes are numbered in pre-order, left first.
func (b *builder) buildDepthFirst() error {
	type record struct {
		start, end, depth, parent int
		isLeft                    bool
		impurity                  float64
		feats                     []int32
	}
	stack := []record{{start: 0, end: b.n, parent: undefined, impurity: math.Inf(1), feats: b.allFeatures()}}
	first := true
	for len(stack) > 0 {
		if err := b.ctx.Err(); err != nil {
			return err
		}
		r := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		m := r.end - r.start
		st := b.nodeReset(r.start, r.end)
		isLeaf := r.depth >= b.p.maxDepth || m < b.p.minSplit || m < 2*b.p.minLeaf
		if first {
			r.impurity = b.nodeImpurity(st)
			first = false
		}
		isLeaf = isLeaf || r.impurity <= epsilon
		var sp split
		var childFeats []int32
		if !isLeaf {
			sp, childFeats = b.findSplit(r.start, r.end, r.impurity, st, r.feats)
			isLeaf = sp.pos >= m || sp.improvement+epsilon < b.p.minDecrease
		}
		id := b.addNode(r.parent, r.isLeft, isLeaf, sp, r.impurity, m, st)
		if !isLeaf {
			mid := r.start + sp.pos
			stack = append(stack,
				record{start: mid, end: r.end, depth: r.depth + 1, parent: id, impurity: sp.impRight, feats: childFeats},
				record{start: r.start, end: mid, depth: r.depth + 1, parent: id, isLeft: true, impurity: sp.impLeft, feats: childFeats})
		} else {
			b.leafDone(m)
		}
	}
	return nil
}

// frontierRecord is scikit-learn's FrontierRecord.
type frontierRecord struct {
	nodeID, start, end, pos, depth int
	isLeaf                         bool
	impurity, impLeft, impRight    float64
	improvement                    float64
	feats                          []int32
}

// addSplitNode is BestFirstTreeBuilder._add_split_node.
func (b *builder) addSplitNode(start, end int, impurity float64, isFirst, isLeft bool, parent, depth int, feats []int32) frontierRecord {
	st := b.nodeReset(start, end)
	if isFirst {
		impurity = b.nodeImpurity(st)
	}
	m := end - start
	isLeaf := depth >= b.p.maxDepth || m < b.p.minSplit || m < 2*b.p.minLeaf || impurity <= epsilon
	var sp split
	childFeats := feats
	if !isLeaf {
		sp, childFeats = b.findSplit(start, end, impurity, st, feats)
		isLeaf = sp.pos >= m || sp.improvement+epsilon < b.p.minDecrease
	}
	id := b.addNode(parent, isLeft, isLeaf, sp, impurity, m, st)
	r := frontierRecord{nodeID: id, start: start, end: end, depth: depth, impurity: impurity, feats: childFeats}
	if !isLeaf {
		r.pos = start + sp.pos
		r.improvement, r.impLeft, r.impRight = sp.improvement, sp.impLeft, sp.impRight
	} else {
		r.pos, r.isLeaf, r.impLeft, r.impRight = end, true, impurity, impurity
	}
	return r
}

// buildBestFirst is BestFirstTreeBuilder.build: the frontier is a max-heap
// on improvement driven exactly as libstdc++'s push_heap/pop_heap drive
// scikit-learn's vector, so equal improvements pop in the same order.
func (b *builder) buildBestFirst() error {
	maxSplitNodes := b.p.maxLeaves - 1
	var frontier []frontierRecord
	frontier = pushHeap(frontier, b.addSplitNode(0, b.n, math.Inf(1), true, true, undefined, 0, b.allFeatures()))
	for len(frontier) > 0 {
		if err := b.ctx.Err(); err != nil {
			return err
		}
		var r frontierRecord
		frontier, r = popHeap(frontier)
		if r.isLeaf || maxSplitNodes <= 0 {
			o := &b.out
			o.ChildrenLeft[r.nodeID], o.ChildrenRight[r.nodeID] = leafChild, leafChild
			o.Feature[r.nodeID], o.Threshold[r.nodeID] = undefined, undefined
			b.leafDone(r.end - r.start)
			continue
		}
		maxSplitNodes--
		left := b.addSplitNode(r.start, r.pos, r.impLeft, false, true, r.nodeID, r.depth+1, r.feats)
		right := b.addSplitNode(r.pos, r.end, r.impRight, false, false, r.nodeID, r.depth+1, r.feats)
		frontier = pushHeap(frontier, left)
		frontier = pushHeap(frontier, right)
	}
	return nil
}

func heapLess(a, b *frontierRecord) bool { return a.improvement < b.improvement }

// pushHeap is std::push_heap (libstdc++ __push_heap) after push_back.
func pushHeap(h []frontierRecord, v frontierRecord) []frontierRecord {
	h = append(h, v)
	siftUp(h, len(h)-1, 0, v)
	return h
}

func siftUp(h []frontierRecord, hole, top int, v frontierRecord) {
	parent := (hole - 1) / 2
	for hole > top && heapLess(&h[parent], &v) {
		h[hole] = h[parent]
		hole = parent
		parent = (hole - 1) / 2
	}
	h[hole] = v
}

// popHeap is std::pop_heap (libstdc++ __pop_heap/__adjust_heap) then
// back() and pop_back().
func popHeap(h []frontierRecord) ([]frontierRecord, frontierRecord) {
	n := len(h)
	if n > 1 {
		last := n - 1
		v := h[last]
		h[last] = h[0]
		length := last
		hole, second := 0, 0
		for second < (length-1)/2 {
			second = 2 * (second + 1)
			if heapLess(&h[second], &h[second-1]) {
				second--
			}
			h[hole] = h[second]
			hole = second
		}
		if length&1 == 0 && second == (length-2)/2 {
			second = 2 * (second + 1)
			h[hole] = h[second-1]
			hole = second - 1
		}
		siftUp(h, hole, 0, v)
	}
	return h[:n-1], h[n-1]
}
