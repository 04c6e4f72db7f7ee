package tree

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// Criterion is the impurity a classification tree minimises.
type Criterion int

const (
	// Gini is the Gini impurity 1 − Σ p_c², scikit-learn's default.
	Gini Criterion = iota
	// Entropy is the Shannon entropy −Σ p_c log₂ p_c (in bits, as
	// scikit-learn computes it: ln p / ln 2).
	Entropy
)

// String returns "gini" or "entropy", scikit-learn's criterion names.
func (c Criterion) String() string {
	switch c {
	case Gini:
		return "gini"
	case Entropy:
		return "entropy"
	}
	return "Criterion(" + strconv.Itoa(int(c)) + ")"
}

// RegressionCriterion is the impurity a regression tree minimises.
type RegressionCriterion int

// MSE is the mean squared error around the node mean (variance reduction),
// scikit-learn's "squared_error". It is the only regression criterion.
const MSE RegressionCriterion = 0

// String returns "squared_error", scikit-learn's name of MSE.
func (c RegressionCriterion) String() string {
	if c == MSE {
		return "squared_error"
	}
	return "RegressionCriterion(" + strconv.Itoa(int(c)) + ")"
}

// DecisionTree grows a CART classification tree (Breiman et al. 1984) as
// scikit-learn 1.2's DecisionTreeClassifier does with splitter="best" and
// max_features=None. The zero value is scikit-learn's default tree: Gini,
// grown until the leaves are pure.
type DecisionTree struct {
	// Criterion is Gini (default) or Entropy.
	Criterion Criterion
	// MaxDepth bounds the depth (the root has depth 0); 0 means unlimited.
	MaxDepth int
	// MinSamplesSplit is the fewest samples a node needs to be split;
	// 0 means 2. Values of 1 or below 0 are errors (as in scikit-learn).
	MinSamplesSplit int
	// MinSamplesLeaf is the fewest samples each child of a split must keep;
	// 0 means 1.
	MinSamplesLeaf int
	// MinImpurityDecrease: a node is split only if the weighted impurity
	// decrease N_t/N·(I − N_tR/N_t·I_R − N_tL/N_t·I_L) is at least this
	// (scikit-learn's formula, with its 2.2e-16 slack). Default 0.
	MinImpurityDecrease float64
	// MaxLeafNodes, when ≥ 2, grows the tree best-first (the split with the
	// largest impurity decrease next) until it has this many leaves, as
	// scikit-learn's BestFirstTreeBuilder; 0 means unlimited, depth-first.
	MaxLeafNodes int
	// Seed is accepted for symmetry with the kit's estimators; the search
	// visits every feature in index order, so no randomness is used and the
	// tree does not depend on it.
	Seed uint64
	// Progress receives the number of samples settled in leaves (nil means
	// progress.Auto()).
	Progress progress.Reporter
}

// RegressionTree grows a CART regression tree with the MSE criterion, as
// scikit-learn 1.2's DecisionTreeRegressor (criterion="squared_error"):
// useful as a readable surrogate of a score. The fields mean what they mean
// for DecisionTree.
type RegressionTree struct {
	// Criterion is MSE, the only one.
	Criterion           RegressionCriterion
	MaxDepth            int
	MinSamplesSplit     int
	MinSamplesLeaf      int
	MinImpurityDecrease float64
	MaxLeafNodes        int
	// Seed is unused, as for DecisionTree.
	Seed     uint64
	Progress progress.Reporter
}

// Nodes holds a fitted tree in scikit-learn's tree_ layout: node i has
// children ChildrenLeft[i], ChildrenRight[i] (−1 for a leaf), splits on
// Feature[i] at Threshold[i] (−2 and −2.0 for a leaf; a sample goes left
// when float32(x[Feature]) ≤ Threshold), and nodes are numbered in the
// depth-first order scikit-learn's builder creates them (best-first order
// when MaxLeafNodes is set). Value[i] holds the class counts of node i for
// a classifier (scikit-learn 1.2 stores counts) or the mean target for a
// regression tree.
type Nodes struct {
	NFeatures        int
	ChildrenLeft     []int
	ChildrenRight    []int
	Feature          []int
	Threshold        []float64
	Impurity         []float64
	NSamples         []int
	WeightedNSamples []float64
	Value            [][]float64
}

// DecisionTreeModel is a fitted classification tree.
type DecisionTreeModel struct {
	Nodes
	Criterion Criterion
	// Classes are the distinct labels seen in Fit, sorted; column j of
	// PredictProba and Value[i][j] refer to Classes[j].
	Classes []int
}

// RegressionTreeModel is a fitted regression tree; Value[i][0] is the mean
// target of node i.
type RegressionTreeModel struct {
	Nodes
}

// params are the validated growth settings shared by both trees.
type params struct {
	maxDepth, minSplit, minLeaf, maxLeaves int
	minDecrease                            float64
}

func validate(where string, maxDepth, minSplit, minLeaf, maxLeaves int, minDecrease float64) (params, error) {
	var p params
	if maxDepth < 0 {
		return p, check.Errorf(where, check.ErrValue, "MaxDepth=%d, want ≥ 0 (0 means unlimited)", maxDepth)
	}
	if minSplit < 0 || minSplit == 1 {
		return p, check.Errorf(where, check.ErrValue, "MinSamplesSplit=%d, want ≥ 2 (0 means 2)", minSplit)
	}
	if minLeaf < 0 {
		return p, check.Errorf(where, check.ErrValue, "MinSamplesLeaf=%d, want ≥ 1 (0 means 1)", minLeaf)
	}
	if maxLeaves < 0 || maxLeaves == 1 {
		return p, check.Errorf(where, check.ErrValue, "MaxLeafNodes=%d, want ≥ 2 (0 means unlimited)", maxLeaves)
	}
	if err := check.NonNegative(where, "MinImpurityDecrease", minDecrease); err != nil {
		return p, err
	}
	p = params{maxDepth: maxDepth, minSplit: minSplit, minLeaf: minLeaf, maxLeaves: maxLeaves, minDecrease: minDecrease}
	if p.maxDepth == 0 {
		p.maxDepth = math.MaxInt32 // scikit-learn's max_depth=None
	}
	if p.minSplit == 0 {
		p.minSplit = 2
	}
	if p.minLeaf == 0 {
		p.minLeaf = 1
	}
	// scikit-learn: min_samples_split = max(min_samples_split, 2*min_samples_leaf).
	p.minSplit = max(p.minSplit, 2*p.minLeaf)
	return p, nil
}

// Fit grows the tree on X (n×d) and labels y (one per row, non-negative).
// A single class gives a single leaf, as in scikit-learn.
func (t DecisionTree) Fit(X *mat.Dense, y []int) (*DecisionTreeModel, error) {
	return t.fit(context.Background(), X, y, nil)
}

// FitContext is Fit, stopping between nodes when ctx is done.
func (t DecisionTree) FitContext(ctx context.Context, X *mat.Dense, y []int) (*DecisionTreeModel, error) {
	return t.fit(ctx, X, y, nil)
}

// fit is Fit with a hook that can set the builder's test fields.
func (t DecisionTree) fit(ctx context.Context, X *mat.Dense, y []int, prep func(*builder)) (*DecisionTreeModel, error) {
	const where = "tree: DecisionTree.Fit"
	if t.Criterion != Gini && t.Criterion != Entropy {
		return nil, check.Errorf(where, check.ErrValue, "Criterion=%v, want Gini or Entropy", t.Criterion)
	}
	p, err := validate(where, t.MaxDepth, t.MinSamplesSplit, t.MinSamplesLeaf, t.MaxLeafNodes, t.MinImpurityDecrease)
	if err != nil {
		return nil, err
	}
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	if _, _, err := check.Labels(where, "y", y, n); err != nil {
		return nil, err
	}
	classes := slices.Clone(y)
	slices.Sort(classes)
	classes = slices.Compact(classes)
	codes := make([]int32, n)
	for i, v := range y {
		k, _ := slices.BinarySearch(classes, v)
		codes[i] = int32(k)
	}
	crit := critGini
	if t.Criterion == Entropy {
		crit = critEntropy
	}
	b, err := newBuilder(where, X, p, crit, func(b *builder) {
		b.y, b.K = codes, len(classes)
		if prep != nil {
			prep(b)
		}
	})
	if err != nil {
		return nil, err
	}
	nodes, err := b.build(ctx, progress.For(t.Progress), fmt.Sprintf("decision tree (%v, %d×%d)", t.Criterion, b.n, b.d))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return &DecisionTreeModel{Nodes: nodes, Criterion: t.Criterion, Classes: classes}, nil
}

// Fit grows the regression tree on X (n×d) and targets y (one per row).
func (t RegressionTree) Fit(X *mat.Dense, y []float64) (*RegressionTreeModel, error) {
	return t.fit(context.Background(), X, y, nil)
}

// FitContext is Fit, stopping between nodes when ctx is done.
func (t RegressionTree) FitContext(ctx context.Context, X *mat.Dense, y []float64) (*RegressionTreeModel, error) {
	return t.fit(ctx, X, y, nil)
}

func (t RegressionTree) fit(ctx context.Context, X *mat.Dense, y []float64, prep func(*builder)) (*RegressionTreeModel, error) {
	const where = "tree: RegressionTree.Fit"
	if t.Criterion != MSE {
		return nil, check.Errorf(where, check.ErrValue, "Criterion=%v, want MSE", t.Criterion)
	}
	p, err := validate(where, t.MaxDepth, t.MinSamplesSplit, t.MinSamplesLeaf, t.MaxLeafNodes, t.MinImpurityDecrease)
	if err != nil {
		return nil, err
	}
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	if err := check.Floats(where, "y", y); err != nil {
		return nil, err
	}
	if len(y) != n {
		return nil, check.Errorf(where, check.ErrShape, "y has %d targets, want %d (one per row)", len(y), n)
	}
	for i, v := range y {
		// Squares of the targets are summed: keep them finite.
		if math.Abs(v) > 1e150 {
			return nil, check.Errorf(where, check.ErrValue, "y[%d]=%v, want |y| ≤ 1e150 (its square must stay finite)", i, v)
		}
	}
	b, err := newBuilder(where, X, p, critMSE, func(b *builder) {
		b.yr = slices.Clone(y)
		if prep != nil {
			prep(b)
		}
	})
	if err != nil {
		return nil, err
	}
	nodes, err := b.build(ctx, progress.For(t.Progress), fmt.Sprintf("regression tree (%d×%d)", b.n, b.d))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return &RegressionTreeModel{Nodes: nodes}, nil
}
