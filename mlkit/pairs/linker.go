package pairs

import (
	"context"
	"encoding/gob"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/linear"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// Query is how candidate pairs are found; only these pairs are ever scored.
type Query int

const (
	// KNN pairs each point with its K nearest other points (either way
	// round: i lists j, or j lists i). The default: it needs no length
	// scale and bounds the pairs by K·n.
	KNN Query = iota
	// Radius pairs every two points within distance R (inclusive, as
	// DBSCAN's ε-region). The pairs grow with the square of the local
	// density: in a dense field pick R well below the typical spacing of
	// clusters, or use KNN.
	Radius
)

// String returns "knn" or "radius".
func (q Query) String() string {
	switch q {
	case KNN:
		return "knn"
	case Radius:
		return "radius"
	}
	return fmt.Sprintf("Query(%d)", int(q))
}

// Scorer is a fitted pair classifier: PredictProba returns one row per pair
// and two columns, P(different) and P(same cluster). *linear.LogisticRegressionModel
// is one. To store a LinkerModel holding another Scorer with encoding/gob,
// register its type with gob.Register.
type Scorer interface {
	PredictProba(X *mat.Dense) (*mat.Dense, error)
}

// TrainFunc fits a pair classifier on standardised pair features X (one row
// per pair, NumFeatures columns) and labels y (1 same cluster, 0 not). It
// adapts any of the kit's classifiers, for example
//
//	func(X *mat.Dense, y []int) (pairs.Scorer, error) { return tree.DecisionTree{MaxDepth: 6}.Fit(X, y) }
type TrainFunc func(X *mat.Dense, y []int) (Scorer, error)

func init() { gob.Register(&linear.LogisticRegressionModel{}) }

// Linker learns which pairs of nearby points belong to the same cluster, from
// points already labelled by a density rule (DBSCAN, say), and clusters new
// fields by linking the pairs it accepts and closing the links transitively.
//
// Pair features, for candidate pair (i, j) with neighbourhoods N(i), N(j)
// from the query (each holding the point itself), symmetric in i and j:
//
//	0  distance ‖x_i − x_j‖
//	1  log of the smaller neighbourhood size  min(|N(i)|, |N(j)|)  (Radius: local density)
//	2  log of the larger one
//	3  smaller farthest-neighbour distance of the two (KNN: the k-th neighbour distance, a density scale)
//	4  larger farthest-neighbour distance
//	5  smaller mean distance to the neighbours
//	6  larger mean distance to the neighbours
//	7  log(1 + s), s = |N(i) ∩ N(j)| the shared neighbours
//	8  s / min(|N(i)|, |N(j)|)
//	9  1 when each lists the other (mutual neighbours), else 0
//	10 distance ÷ feature 4
//	11 log of the smaller peak of the two, peak(i) = max over N(i) of |N(·)| (the densest neighbour)
//	12 log of the larger peak
//	13 smaller of the two densest-neighbour scales, min over N(i) of the farthest-neighbour distance
//	14 larger of the two
//
// Features 11–14 are second-order densities: a point at the edge of a
// cluster is sparse itself but has a dense neighbour, a background point
// has none, and that is the difference between DBSCAN's border points and
// its noise.
//
// They are standardised with the training pairs' means and standard
// deviations. A pair is labelled 1 when both ends carry the same non-negative
// label, else 0 (noise is −1).
type Linker struct {
	// Query is KNN (default) or Radius.
	Query Query
	// K is the number of neighbours per point for KNN; 0 means 10.
	K int
	// R is the radius for Radius; it must be > 0 (there is no default
	// length scale).
	R float64
	// Threshold is the probability at or above which a pair is linked; 0
	// means 0.5. It must be in (0, 1).
	Threshold float64
	// MinClusterSize is the smallest linked component that is a cluster;
	// smaller ones are noise (−1). 0 means 2 (points without links are noise).
	MinClusterSize int
	// C is the inverse regularisation of the default logistic regression;
	// 0 means 1.
	C float64
	// Train fits the classifier; nil means linear.LogisticRegression{C: C}.
	Train TrainFunc
	// MaxTrainPairs caps the training pairs: when there are more
	// candidates, all different-cluster pairs are kept up to half of it and
	// same-cluster pairs fill the rest, each kind drawn uniformly with Seed.
	// 0 means 200,000.
	MaxTrainPairs int
	// Seed seeds the subsample of training pairs; results do not depend on
	// GOMAXPROCS.
	Seed uint64
	// Progress receives the stages of Fit and the classifier's iterations;
	// nil means progress.Auto().
	Progress progress.Reporter
}

// LinkerModel is a fitted Linker: the query, the feature scaling and the
// pair classifier.
type LinkerModel struct {
	Query          Query
	K              int
	R              float64
	Threshold      float64
	MinClusterSize int
	// FeatureMean and FeatureScale standardise the NumFeatures pair
	// features (a constant feature has scale 1).
	FeatureMean, FeatureScale []float64
	// Scorer is the fitted classifier (a *linear.LogisticRegressionModel by default).
	Scorer Scorer
	// TrainPairs is the number of pairs the classifier was fitted on, and
	// TrainPositive how many of them were same-cluster pairs; CandidatePairs
	// is the number of candidate pairs in the training field.
	TrainPairs, TrainPositive, CandidatePairs int
}

const (
	defaultK             = 10
	defaultThreshold     = 0.5
	defaultMinCluster    = 2
	defaultMaxTrainPairs = 200_000
)

func (l Linker) resolve(where string) (Linker, error) {
	if l.K == 0 {
		l.K = defaultK
	}
	if l.Threshold == 0 {
		l.Threshold = defaultThreshold
	}
	if l.MinClusterSize == 0 {
		l.MinClusterSize = defaultMinCluster
	}
	if l.C == 0 {
		l.C = 1
	}
	if l.MaxTrainPairs == 0 {
		l.MaxTrainPairs = defaultMaxTrainPairs
	}
	switch {
	case l.Query != KNN && l.Query != Radius:
		return l, check.Errorf(where, check.ErrValue, "Query=%v, want KNN or Radius", l.Query)
	case l.Query == KNN && l.K < 1:
		return l, check.Errorf(where, check.ErrValue, "K=%d, want K ≥ 1 (0 means %d)", l.K, defaultK)
	case l.Query == Radius && (!(l.R > 0) || math.IsInf(l.R, 0)):
		return l, check.Errorf(where, check.ErrValue, "R=%v, want a finite radius > 0 for the Radius query", l.R)
	case !(l.Threshold > 0 && l.Threshold < 1):
		return l, check.Errorf(where, check.ErrValue, "Threshold=%v, want 0 < Threshold < 1 (0 means %g)", l.Threshold, defaultThreshold)
	case l.MinClusterSize < 1:
		return l, check.Errorf(where, check.ErrValue, "MinClusterSize=%d, want ≥ 1 (0 means %d)", l.MinClusterSize, defaultMinCluster)
	case !(l.C > 0) || math.IsInf(l.C, 0):
		return l, check.Errorf(where, check.ErrValue, "C=%v, want a finite value > 0 (0 means 1)", l.C)
	case l.MaxTrainPairs < 2:
		return l, check.Errorf(where, check.ErrValue, "MaxTrainPairs=%d, want ≥ 2 (0 means %d)", l.MaxTrainPairs, defaultMaxTrainPairs)
	}
	return l, nil
}

// Fit learns the pair classifier from X (n×d) and its density labels
// (cluster ids ≥ 0, −1 for noise). See FitContext.
func (l Linker) Fit(X *mat.Dense, labels []int) (*LinkerModel, error) {
	return l.FitContext(context.Background(), X, labels)
}

// FitContext finds the candidate pairs of X, labels them from labels,
// standardises their features and fits the classifier, stopping between
// stages when ctx is done. Errors wrap the sentinels of package mlkit:
// ErrValue for bad settings or labels below −1, ErrShape for a labels
// length other than n, ErrEmpty and ErrNaN for bad X, and ErrValue when the
// candidate pairs are all of one kind (all same-cluster, or none).
func (l Linker) FitContext(ctx context.Context, X *mat.Dense, labels []int) (*LinkerModel, error) {
	const where = "pairs: Linker.Fit"
	cfg, err := l.resolve(where)
	if err != nil {
		return nil, err
	}
	if err := checkX(where, X); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	if len(labels) != n {
		return nil, check.Errorf(where, check.ErrShape, "labels has %d entries, want %d (one per row of X)", len(labels), n)
	}
	for i, v := range labels {
		if v < -1 {
			return nil, check.Errorf(where, check.ErrValue, "labels[%d]=%d, want a cluster id ≥ 0 or −1 for noise", i, v)
		}
	}
	if n < 2 {
		return nil, check.Errorf(where, check.ErrValue, "X has 1 row; pairs need at least 2")
	}
	rep := progress.For(l.Progress)
	rep.Start(fmt.Sprintf("pairs: %v query", cfg.Query), 3)
	g, err := newGraph(X, cfg.Query, cfg.R, cfg.K)
	if err != nil {
		rep.Finish("failed")
		return nil, err
	}
	rep.Update(1)
	if err := ctx.Err(); err != nil {
		rep.Finish("cancelled")
		return nil, fmt.Errorf("%s: %w", where, err)
	}

	// Count the candidates of each kind, then keep each with the probability
	// of its kind; chunk c draws from stream c, so GOMAXPROCS does not change
	// the sample. Different-cluster pairs are rare (tens in 10⁵ in a
	// clean field) and they are what teaches the classifier where clusters
	// end, so they are kept, up to half the budget, and same-cluster pairs
	// fill the rest. Keeping relatively more of them shifts the classifier
	// towards not linking, the cheaper error under transitive closure.
	chunks := (n + pairChunk - 1) / pairChunk
	same := func(i, j int) int {
		if labels[i] >= 0 && labels[i] == labels[j] {
			return 1
		}
		return 0
	}
	counts := make([][2]int, chunks)
	par.For(chunks, func(c int) {
		for i := c * pairChunk; i < min((c+1)*pairChunk, n); i++ {
			g.forPairs(i, func(j int) { counts[c][same(i, j)]++ })
		}
	})
	var kinds [2]int
	for _, v := range counts {
		kinds[0] += v[0]
		kinds[1] += v[1]
	}
	total := kinds[0] + kinds[1]
	var keep [2]float64
	budget := float64(cfg.MaxTrainPairs)
	keep[0] = math.Min(1, budget/2/float64(max(kinds[0], 1)))
	keep[1] = math.Min(1, (budget-keep[0]*float64(kinds[0]))/float64(max(kinds[1], 1)))
	feats := make([][]float64, chunks)
	ys := make([][]int, chunks)
	par.For(chunks, func(c int) {
		rng := randx.Stream(l.Seed, uint64(c))
		f := make([]float64, NumFeatures)
		for i := c * pairChunk; i < min((c+1)*pairChunk, n); i++ {
			g.forPairs(i, func(j int) {
				y := same(i, j)
				if p := keep[y]; p < 1 && rng.Float64() >= p {
					return
				}
				g.features(X, i, j, f)
				feats[c] = append(feats[c], f...)
				ys[c] = append(ys[c], y)
			})
		}
	})
	var flat []float64
	var y []int
	for c := range feats {
		flat = append(flat, feats[c]...)
		y = append(y, ys[c]...)
	}
	pos := 0
	for _, v := range y {
		pos += v
	}
	if len(y) == 0 || pos == 0 || pos == len(y) {
		rep.Finish("failed")
		return nil, check.Errorf(where, check.ErrValue,
			"the %d training pairs are all of one kind (%d same-cluster): the labels need both linked and unlinked neighbours", len(y), pos)
	}
	F := mat.NewDense(len(y), NumFeatures, flat)
	mean, scale := standardize(F)
	rep.Update(2)

	train := cfg.Train
	if train == nil {
		train = func(X *mat.Dense, y []int) (Scorer, error) {
			return linear.LogisticRegression{C: cfg.C, MaxIter: 500, Progress: progress.Silent}.FitContext(ctx, X, y)
		}
	}
	sc, err := train(F, y)
	if err != nil {
		rep.Finish("failed")
		return nil, fmt.Errorf("%s: training the pair classifier: %w", where, err)
	}
	rep.Update(3)
	rep.Finish(fmt.Sprintf("pairs: classifier fitted on %d of %d candidate pairs (%d same-cluster)", len(y), total, pos))
	return &LinkerModel{
		Query: cfg.Query, K: cfg.K, R: cfg.R, Threshold: cfg.Threshold, MinClusterSize: cfg.MinClusterSize,
		FeatureMean: mean, FeatureScale: scale, Scorer: sc,
		TrainPairs: len(y), TrainPositive: pos, CandidatePairs: total,
	}, nil
}

// pairChunk is the number of points whose pairs one piece of the parallel
// loops handles; fixed, so results are the same at any GOMAXPROCS.
const pairChunk = 2048

// standardize centres and scales the columns of F in place and returns the
// means and scales (population standard deviations; 1 for a constant
// column).
func standardize(F *mat.Dense) (mean, scale []float64) {
	m, d := F.Dims()
	mean, scale = make([]float64, d), make([]float64, d)
	for i := 0; i < m; i++ {
		for j, v := range F.RawRowView(i) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(m)
	}
	for i := 0; i < m; i++ {
		for j, v := range F.RawRowView(i) {
			e := v - mean[j]
			scale[j] += e * e
		}
	}
	for j := range scale {
		scale[j] = math.Sqrt(scale[j] / float64(m))
		if scale[j] <= 1e-12*math.Abs(mean[j]) {
			scale[j] = 1
		}
	}
	applyScale(F, mean, scale)
	return mean, scale
}

func applyScale(F *mat.Dense, mean, scale []float64) {
	m, _ := F.Dims()
	for i := 0; i < m; i++ {
		row := F.RawRowView(i)
		for j := range row {
			row[j] = (row[j] - mean[j]) / scale[j]
		}
	}
}

// maxMagnitude bounds |X|: beyond it squared distances overflow.
const maxMagnitude = 1e150

func checkX(where string, X *mat.Dense) error {
	if X == nil {
		return check.Errorf(where, check.ErrEmpty, "X is nil")
	}
	if err := check.Matrix(where, "X", X); err != nil {
		return err
	}
	n, d := X.Dims()
	for i := 0; i < n; i++ {
		for j, v := range X.RawRowView(i)[:d] {
			if math.Abs(v) > maxMagnitude {
				return check.Errorf(where, check.ErrNaN, "X[%d,%d]=%g, want |x| ≤ %g (squared distances would overflow)", i, j, v, maxMagnitude)
			}
		}
	}
	return nil
}
