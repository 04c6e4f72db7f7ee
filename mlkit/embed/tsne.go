package embed

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// TSNEInit chooses the initial embedding of t-SNE.
type TSNEInit int

const (
	// InitPCA starts from the first principal components, scaled so that
	// the first has standard deviation 1e-4 (scikit-learn ≥ 1.2 default).
	InitPCA TSNEInit = iota
	// InitRandom starts from N(0, 1e-4²) entries.
	InitRandom
)

func (i TSNEInit) String() string {
	switch i {
	case InitPCA:
		return "pca"
	case InitRandom:
		return "random"
	}
	return fmt.Sprintf("TSNEInit(%d)", int(i))
}

// TSNEMethod chooses how t-SNE computes its gradient.
type TSNEMethod int

const (
	// Auto is Exact for at most autoExactMax samples or when Components is
	// not 2, BarnesHut otherwise.
	Auto TSNEMethod = iota
	// Exact evaluates all n² pairs each iteration (van der Maaten & Hinton
	// 2008): O(n²) time and memory.
	Exact
	// BarnesHut uses the k nearest neighbours for the attractive forces and
	// a quadtree for the repulsive ones (van der Maaten 2014): O(n log n)
	// per iteration. Two components only.
	BarnesHut
)

func (m TSNEMethod) String() string {
	switch m {
	case Auto:
		return "auto"
	case Exact:
		return "exact"
	case BarnesHut:
		return "barnes_hut"
	}
	return fmt.Sprintf("TSNEMethod(%d)", int(m))
}

// autoExactMax is the largest n for which Auto picks the exact gradient.
const autoExactMax = 1000

// TSNE is t-distributed stochastic neighbour embedding (van der Maaten &
// Hinton 2008), following scikit-learn 1.2's sklearn.manifold.TSNE: the same
// perplexity calibration, early exaggeration, momentum schedule, gains and
// stopping rules. The zero value means the defaults given per field.
type TSNE struct {
	// Components is the embedding dimension; 0 means 2.
	Components int
	// Perplexity is the effective number of neighbours each point's input
	// distribution is calibrated to; 0 means 30. Must be < n.
	Perplexity float64
	// LearningRate of the gradient descent; 0 means scikit-learn's 'auto':
	// max(n / EarlyExaggeration / 4, 50) (Belkina et al. 2019).
	LearningRate float64
	// MaxIter is the largest number of gradient steps (the first 250 with
	// exaggerated P and momentum 0.5, the rest with momentum 0.8); 0 means
	// 1000. At least 250, as scikit-learn requires; negative is an error.
	MaxIter int
	// Tol stops the descent when the gradient norm falls to Tol or below
	// (scikit-learn's min_grad_norm); 0 means 1e-7, negative is an error.
	Tol float64
	// EarlyExaggeration multiplies P in the first 250 steps; 0 means 12.
	EarlyExaggeration float64
	// Init is the initial embedding; the zero value is InitPCA.
	Init TSNEInit
	// Method is the gradient; the zero value Auto picks Exact for n ≤ 1000
	// and BarnesHut above.
	Method TSNEMethod
	// Angle is Barnes–Hut's θ: a cell of width w at distance r is
	// summarised by its centre of mass when w/r < θ; 0 means 0.5.
	Angle float64
	// Seed seeds the random initialisation (and the PCA initialisation's
	// randomized solver).
	Seed uint64
	// Progress receives one update per 10 iterations; nil means
	// progress.Auto().
	Progress progress.Reporter
}

// TSNEModel is a fitted t-SNE embedding.
type TSNEModel struct {
	// Embedding holds one row per sample (n×Components).
	Embedding *mat.Dense
	// KLDivergence is KL(P‖Q) at the last iteration (scikit-learn's
	// kl_divergence_; for Barnes–Hut over the neighbour pairs only).
	KLDivergence float64
	// Iterations is the number of gradient steps run (scikit-learn's
	// n_iter_ + 1); fewer than MaxIter when progress stalled or the gradient
	// norm fell below Tol.
	Iterations int
	// Converged reports whether the descent stopped before MaxIter on one
	// of scikit-learn's tests (gradient norm ≤ Tol, or no progress of the
	// KL divergence in 300 steps). Not converging is not an error.
	Converged bool
	// Method is the gradient used (Auto resolved).
	Method TSNEMethod
	// LearningRate is the step size used ('auto' resolved).
	LearningRate float64
}

const (
	explorationIters     = 250 // scikit-learn's _EXPLORATION_N_ITER
	iterCheck            = 50  // _N_ITER_CHECK: error and stopping tests
	iterWithoutProgress  = 300 // n_iter_without_progress
	minGain              = 0.01
	machineEpsilon       = 0x1p-52 // np.finfo(np.double).eps
	float32Tiny          = 0x1p-126
	perplexityTolerance  = 1e-5
	perplexitySearchStep = 100
)

// FitTransform fits t-SNE and returns the model with the embedding (the
// shape FitTransform has in PCA, TSNE and MDS).
func (t TSNE) FitTransform(X *mat.Dense) (*TSNEModel, *mat.Dense, error) {
	m, err := t.Fit(X)
	if err != nil {
		return nil, nil, err
	}
	return m, m.Embedding, nil
}

// Fit embeds the rows of X. See FitContext.
func (t TSNE) Fit(X *mat.Dense) (*TSNEModel, error) {
	return t.FitContext(context.Background(), X)
}

// FitContext embeds the rows of X (n×d), stopping between iterations when
// ctx is done (the error then wraps ctx.Err()).
//
// Errors wrap mlkit.ErrEmpty, ErrNaN or ErrValue (Perplexity ≥ n,
// negative or out-of-range hyperparameters, Barnes–Hut with Components ≠ 2,
// PCA initialisation with Components > min(n, d)).
func (t TSNE) FitContext(ctx context.Context, X *mat.Dense) (*TSNEModel, error) {
	const where = "embed: TSNE.Fit"
	if err := checkMatrix(where, "X", X); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	cfg, err := t.resolve(where, n, d)
	if err != nil {
		return nil, err
	}
	// t-SNE depends on X only through the perplexity-calibrated neighbour
	// probabilities, which do not change with X's scale: data whose squared
	// distances would overflow or underflow are scaled by a power of two.
	if s := check.Pow2Scale(check.MaxAbs(X), d); s != 1 {
		Xs := mat.NewDense(n, d, nil)
		Xs.Scale(s, X)
		X = Xs
	}
	rep := progress.For(t.Progress)

	var Y *mat.Dense
	if cfg.Init == InitPCA {
		Y, err = pcaInit(X, cfg.Components, cfg.Seed)
		if err != nil {
			return nil, err
		}
	}
	if Y == nil {
		rng := randx.New(cfg.Seed)
		Y = mat.NewDense(n, cfg.Components, nil)
		for i := range Y.RawMatrix().Data {
			Y.RawMatrix().Data[i] = 1e-4 * rng.NormFloat64()
		}
	}

	var obj objective
	if cfg.Method == Exact {
		obj = newExactObjective(X, cfg.Perplexity, cfg.Components)
	} else {
		if obj, err = newBHObjective(X, cfg.Perplexity, cfg.Angle); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}

	rep.Start(fmt.Sprintf("t-SNE (%v, n=%d)", cfg.Method, n), cfg.MaxIter)
	params := Y.RawMatrix().Data
	gd := &descent{
		obj:      obj,
		p:        params,
		update:   make([]float64, len(params)),
		gains:    make([]float64, len(params)),
		grad:     make([]float64, len(params)),
		rate:     cfg.LearningRate,
		rep:      rep,
		ctx:      ctx,
		maxIters: cfg.MaxIter,
		tol:      cfg.Tol,
	}
	for i := range gd.gains {
		gd.gains[i] = 1
	}
	obj.setExaggeration(cfg.EarlyExaggeration)
	kl, it, stopped, err := gd.run(0, explorationIters, 0.5, explorationIters)
	if err != nil {
		rep.Finish("cancelled")
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	obj.setExaggeration(1)
	if it < explorationIters-1 || cfg.MaxIter > explorationIters {
		kl, it, stopped, err = gd.run(it+1, cfg.MaxIter, 0.8, iterWithoutProgress)
		if err != nil {
			rep.Finish("cancelled")
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}
	rep.Finish(fmt.Sprintf("t-SNE: %d iterations, KL divergence %.4f", it+1, kl))
	return &TSNEModel{
		Embedding:    Y,
		KLDivergence: kl,
		Iterations:   it + 1,
		Converged:    stopped,
		Method:       cfg.Method,
		LearningRate: cfg.LearningRate,
	}, nil
}

// resolve validates t and fills in the defaults.
func (t TSNE) resolve(where string, n, d int) (TSNE, error) {
	c := t
	if c.Components < 0 {
		return c, check.Errorf(where, check.ErrValue, "Components=%d, want ≥ 0 (0 means 2)", c.Components)
	}
	if c.Components == 0 {
		c.Components = 2
	}
	if n < 2 {
		return c, check.Errorf(where, check.ErrValue, "X has %d row, want at least 2 samples", n)
	}
	if c.Perplexity == 0 {
		c.Perplexity = 30
	}
	if !(c.Perplexity > 0) || math.IsInf(c.Perplexity, 0) {
		return c, check.Errorf(where, check.ErrValue, "Perplexity=%v, want a finite value > 0", c.Perplexity)
	}
	if c.Perplexity >= float64(n) {
		return c, check.Errorf(where, check.ErrValue, "Perplexity=%v must be less than the %d samples", c.Perplexity, n)
	}
	if c.EarlyExaggeration == 0 {
		c.EarlyExaggeration = 12
	}
	if !(c.EarlyExaggeration >= 1) || math.IsInf(c.EarlyExaggeration, 0) {
		return c, check.Errorf(where, check.ErrValue, "EarlyExaggeration=%v, want a finite value ≥ 1", c.EarlyExaggeration)
	}
	if c.LearningRate < 0 || math.IsNaN(c.LearningRate) || math.IsInf(c.LearningRate, 0) {
		return c, check.Errorf(where, check.ErrValue, "LearningRate=%v, want a finite value > 0 (0 means auto)", c.LearningRate)
	}
	if c.LearningRate == 0 {
		c.LearningRate = math.Max(float64(n)/c.EarlyExaggeration/4, 50)
	}
	if c.MaxIter < 0 || (c.MaxIter > 0 && c.MaxIter < explorationIters) {
		return c, check.Errorf(where, check.ErrValue, "MaxIter=%d, want a value ≥ %d (0 means the default 1000)", c.MaxIter, explorationIters)
	}
	if c.MaxIter == 0 {
		c.MaxIter = 1000
	}
	if c.Tol < 0 || math.IsNaN(c.Tol) || math.IsInf(c.Tol, 0) {
		return c, check.Errorf(where, check.ErrValue, "Tol=%v, want a finite value ≥ 0 (0 means the default 1e-7)", c.Tol)
	}
	if c.Tol == 0 {
		c.Tol = 1e-7
	}
	if c.Angle == 0 {
		c.Angle = 0.5
	}
	if !(c.Angle > 0 && c.Angle <= 1) {
		return c, check.Errorf(where, check.ErrValue, "Angle=%v, want a value in (0, 1] (0 means 0.5)", c.Angle)
	}
	switch c.Method {
	case Auto:
		c.Method = BarnesHut
		if n <= autoExactMax || c.Components != 2 {
			c.Method = Exact
		}
	case Exact:
	case BarnesHut:
		if c.Components != 2 {
			return c, check.Errorf(where, check.ErrValue, "Components=%d with BarnesHut, want 2 (use Exact)", c.Components)
		}
	default:
		return c, check.Errorf(where, check.ErrValue, "Method=%v, want Auto, Exact or BarnesHut", c.Method)
	}
	switch c.Init {
	case InitPCA:
		if c.Components > min(n, d) {
			return c, check.Errorf(where, check.ErrValue, "Components=%d with InitPCA exceeds min(n_samples, n_features)=%d (use InitRandom)", c.Components, min(n, d))
		}
	case InitRandom:
	default:
		return c, check.Errorf(where, check.ErrValue, "Init=%v, want InitPCA or InitRandom", c.Init)
	}
	return c, nil
}

// pcaInit is scikit-learn's init='pca': the randomized PCA scores, scaled so
// that the first column has standard deviation 1e-4. It returns nil (random
// start) when the first component has no variance.
func pcaInit(X *mat.Dense, k int, seed uint64) (*mat.Dense, error) {
	_, Y, err := PCA{Components: k, Solver: SolverRandomized, Seed: seed, Progress: progress.Silent}.FitTransform(X)
	if err != nil {
		return nil, err
	}
	n, _ := Y.Dims()
	mean, ss := 0.0, 0.0
	for i := 0; i < n; i++ {
		mean += Y.At(i, 0)
	}
	mean /= float64(n)
	for i := 0; i < n; i++ {
		v := Y.At(i, 0) - mean
		ss += v * v
	}
	std := math.Sqrt(ss / float64(n))
	if !(std > 0) {
		return nil, nil
	}
	Y.Scale(1e-4/std, Y)
	return Y, nil
}

// objective computes the KL divergence (when asked) and its gradient.
type objective interface {
	setExaggeration(f float64)
	// eval writes the gradient for the embedding p into grad and returns
	// the KL divergence when withError (NaN otherwise).
	eval(p, grad []float64, withError bool) float64
}

// descent is scikit-learn's _gradient_descent: momentum, per-parameter
// gains (Jacobs 1988; +0.2 when the sign of the step holds, ×0.8 when it
// flips, floored at 0.01), and every 50 steps the error and the stopping
// tests (no improvement in n_iter_without_progress steps, gradient norm
// below 1e-7).
type descent struct {
	obj                  objective
	p, update, gains     []float64
	grad                 []float64
	rate                 float64
	rep                  progress.Reporter
	ctx                  context.Context
	maxIters             int
	tol                  float64
	lastError, bestError float64
}

// run takes steps start..stop-1 and returns the last error, the last step,
// and whether a stopping test (not the step count) ended the run.
func (g *descent) run(start, stop int, momentum float64, withoutProgress int) (float64, int, bool, error) {
	errv := math.MaxFloat64
	best := math.MaxFloat64
	bestIter := start
	i := start
	for i = start; i < stop; i++ {
		if err := g.ctx.Err(); err != nil {
			return 0, i, false, err
		}
		check := (i+1)%iterCheck == 0
		errv = g.obj.eval(g.p, g.grad, check || i == stop-1)
		for j, gr := range g.grad {
			if g.update[j]*gr < 0 {
				g.gains[j] += 0.2
			} else {
				g.gains[j] *= 0.8
			}
			if g.gains[j] < minGain {
				g.gains[j] = minGain
			}
			gr *= g.gains[j]
			g.grad[j] = gr
			g.update[j] = momentum*g.update[j] - g.rate*gr
			g.p[j] += g.update[j]
		}
		if (i+1)%10 == 0 {
			if check {
				g.rep.Update(i+1, progress.Metric{Name: "kl", Value: errv})
			} else {
				g.rep.Update(i + 1)
			}
		}
		if check {
			norm := 0.0
			for _, v := range g.grad {
				norm += v * v
			}
			norm = math.Sqrt(norm)
			if errv < best {
				best = errv
				bestIter = i
			} else if i-bestIter > withoutProgress {
				return errv, i, true, nil
			}
			if norm <= g.tol {
				return errv, i, true, nil
			}
		}
	}
	return errv, stop - 1, false, nil
}

// binarySearchPerplexity fills p (one row of conditional probabilities
// p_{j|i} over the candidate neighbours with squared distances dist) so
// that its perplexity is perp, by bisection on the precision β as
// scikit-learn's _binary_search_perplexity (van der Maaten & Hinton 2008
// §2). skip is the position of i itself in dist (-1 if absent).
func binarySearchPerplexity(dist, p []float64, perp float64, skip int) {
	desired := math.Log(perp)
	beta, betaMin, betaMax := 1.0, math.Inf(-1), math.Inf(1)
	for step := 0; step < perplexitySearchStep; step++ {
		sum := 0.0
		for j, dj := range dist {
			if j == skip {
				p[j] = 0
				continue
			}
			p[j] = math.Exp(-dj * beta)
			sum += p[j]
		}
		if sum == 0 {
			sum = 1e-8 // EPSILON_DBL
		}
		sumDP := 0.0
		for j := range p {
			p[j] /= sum
			sumDP += dist[j] * p[j]
		}
		entropy := math.Log(sum) + beta*sumDP
		diff := entropy - desired
		if math.Abs(diff) <= perplexityTolerance {
			break
		}
		if diff > 0 {
			betaMin = beta
			if math.IsInf(betaMax, 1) {
				beta *= 2
			} else {
				beta = (beta + betaMax) / 2
			}
		} else {
			betaMax = beta
			if math.IsInf(betaMin, -1) {
				beta /= 2
			} else {
				beta = (beta + betaMin) / 2
			}
		}
	}
}

// parallelFor runs fn(lo, hi) over [0, n) in chunks of chunk, spread over
// GOMAXPROCS goroutines. Each index is handled by exactly one call, so
// results written per index do not depend on the number of goroutines.
func parallelFor(n, chunk int, fn func(lo, hi int)) {
	par.For((n+chunk-1)/chunk, func(c int) { fn(c*chunk, min(n, (c+1)*chunk)) })
}

// sqDistRows returns, for rows [r0, r1) of X, the squared Euclidean
// distances to all rows (a (r1-r0)×n block), computed as ‖x‖² + ‖y‖² − 2x·y
// with one GEMM and clamped at zero.
func sqDistRows(X *mat.Dense, norms []float64, r0, r1 int, out *mat.Dense) {
	n, _ := X.Dims()
	out.Mul(X.Slice(r0, r1, 0, X.RawMatrix().Cols), X.T())
	for i := r0; i < r1; i++ {
		row := out.RawRowView(i - r0)
		for j := 0; j < n; j++ {
			v := norms[i] + norms[j] - 2*row[j]
			if v < 0 || i == j {
				v = math.Max(v, 0)
				if i == j {
					v = 0
				}
			}
			row[j] = v
		}
	}
}
