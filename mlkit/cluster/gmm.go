package cluster

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	_ "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/accel"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// CovarianceType is the structure of the covariance matrices of a GMM.
type CovarianceType int

const (
	// Full gives each component its own general d×d covariance matrix
	// (d(d+1)/2 parameters per component). The default.
	Full CovarianceType = iota
	// Tied shares one general d×d covariance matrix among all components.
	Tied
	// Diag gives each component its own diagonal covariance (d variances).
	Diag
	// Spherical gives each component a single variance (σ²·I).
	Spherical
)

// String returns "full", "tied", "diag" or "spherical", the names
// scikit-learn uses for covariance_type.
func (c CovarianceType) String() string {
	switch c {
	case Full:
		return "full"
	case Tied:
		return "tied"
	case Diag:
		return "diag"
	case Spherical:
		return "spherical"
	}
	return fmt.Sprintf("CovarianceType(%d)", int(c))
}

// InitMethod selects how each EM run of a GMM starts.
type InitMethod int

const (
	// InitKMeans starts from the hard responsibilities of a one-run k-means
	// (KMeans{K, NInit: 1}) labelling, as scikit-learn's init_params='kmeans'.
	// The default.
	InitKMeans InitMethod = iota
	// InitRandom starts from uniform random responsibilities normalised per
	// sample, as scikit-learn's init_params='random'.
	InitRandom
)

// String returns "kmeans" or "random", scikit-learn's init_params names.
func (m InitMethod) String() string {
	switch m {
	case InitKMeans:
		return "kmeans"
	case InitRandom:
		return "random"
	}
	return fmt.Sprintf("InitMethod(%d)", int(m))
}

// GMM holds the hyperparameters of a Gaussian mixture model fitted by EM.
// The zero value gives scikit-learn 1.2's GaussianMixture defaults: one
// component, full covariance, reg_covar 1e-6, 100 iterations, tolerance
// 1e-3, one k-means initialisation.
type GMM struct {
	// K is the number of mixture components; 0 means 1. It may not exceed
	// the number of samples.
	K int
	// Covariance is the covariance structure: Full (default), Tied, Diag or
	// Spherical.
	Covariance CovarianceType
	// RegCovar is added to the diagonal of every covariance estimate so that
	// they stay positive definite (scikit-learn's reg_covar). 0 means the
	// default 1e-6; negative is an error. (A zero regularisation cannot be
	// asked for; a value like 1e-300 has the same effect.)
	RegCovar float64
	// MaxIter bounds the EM iterations of each run; 0 means 100, negative
	// is an error.
	MaxIter int
	// Tol stops a run when the mean log-likelihood per sample gains less
	// than Tol in one iteration; 0 means 1e-3, negative is an error.
	Tol float64
	// NInit is the number of initialisations; the run with the largest final
	// lower bound (mean log-likelihood) is kept. 0 means 1.
	NInit int
	// Init is InitKMeans (default) or InitRandom.
	Init InitMethod
	// Seed seeds the initialisations: run r draws from its own stream
	// derived from Seed and r.
	// The same seed gives bit-identical results at any GOMAXPROCS.
	Seed uint64
	// Progress receives one step per EM iteration of each run, with the
	// lower bound; nil means progress.Auto().
	Progress progress.Reporter
}

const (
	gmmDefaultRegCovar = 1e-6
	gmmDefaultMaxIter  = 100
	gmmDefaultTol      = 1e-3
)

// gmmConfig is a GMM with defaults filled in and values checked.
type gmmConfig struct {
	k, maxIter, nInit int
	cov               CovarianceType
	reg, tol          float64
	init              InitMethod
}

func (g GMM) resolve(where string, n int) (gmmConfig, error) {
	c := gmmConfig{k: g.K, cov: g.Covariance, reg: g.RegCovar, maxIter: g.MaxIter, tol: g.Tol, nInit: g.NInit, init: g.Init}
	if c.k < 0 {
		return c, check.Errorf(where, check.ErrValue, "K=%d, want K >= 1 (0 means 1)", c.k)
	}
	if c.k == 0 {
		c.k = 1
	}
	if c.k > n {
		return c, check.Errorf(where, check.ErrValue, "K=%d exceeds the %d samples", c.k, n)
	}
	if n < 2 {
		return c, check.Errorf(where, check.ErrEmpty, "X has %d row, want at least 2 samples", n)
	}
	if c.cov < Full || c.cov > Spherical {
		return c, check.Errorf(where, check.ErrValue, "Covariance=%v, want Full, Tied, Diag or Spherical", c.cov)
	}
	if c.init < InitKMeans || c.init > InitRandom {
		return c, check.Errorf(where, check.ErrValue, "Init=%v, want InitKMeans or InitRandom", c.init)
	}
	if math.IsNaN(c.reg) || math.IsInf(c.reg, 0) || c.reg < 0 {
		return c, check.Errorf(where, check.ErrValue, "RegCovar=%v, want a finite value >= 0 (0 means 1e-6)", c.reg)
	}
	if c.reg == 0 {
		c.reg = gmmDefaultRegCovar
	}
	if math.IsNaN(c.tol) || math.IsInf(c.tol, 0) || c.tol < 0 {
		return c, check.Errorf(where, check.ErrValue, "Tol=%v, want a finite value >= 0 (0 means 1e-3)", c.tol)
	}
	if c.tol == 0 {
		c.tol = gmmDefaultTol
	}
	if c.maxIter < 0 {
		return c, check.Errorf(where, check.ErrValue, "MaxIter=%d, want MaxIter >= 1 (0 means 100)", c.maxIter)
	}
	if c.maxIter == 0 {
		c.maxIter = gmmDefaultMaxIter
	}
	if c.nInit < 0 {
		return c, check.Errorf(where, check.ErrValue, "NInit=%d, want NInit >= 1 (0 means 1)", c.nInit)
	}
	if c.nInit == 0 {
		c.nInit = 1
	}
	return c, nil
}

// Fit estimates the mixture from the rows of X. See FitContext.
func (g GMM) Fit(X *mat.Dense) (*GMMModel, error) {
	return g.FitContext(context.Background(), X)
}

// FitContext estimates the mixture from the rows of X by EM, NInit times,
// and keeps the run with the largest lower bound (scikit-learn's
// fit). It returns an error wrapping mlkit.ErrEmpty, ErrNaN or ErrValue for
// bad input or hyperparameters, and an error wrapping mlkit.ErrValue when a
// covariance is singular even after regularisation (fewer components or a
// larger RegCovar help). It stops between iterations when ctx is done and
// returns ctx.Err() wrapped. X is not modified.
func (g GMM) FitContext(ctx context.Context, X *mat.Dense) (*GMMModel, error) {
	const where = "cluster: GMM.Fit"
	if X == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "X is nil")
	}
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, err
	}
	// RegCovar is an absolute variance, so a GMM is not scale invariant and
	// cannot rescale X: values whose squares overflow are an error.
	if err := check.Magnitude(where, "X", X); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	cfg, err := g.resolve(where, n)
	if err != nil {
		return nil, err
	}
	x := gmmRowMajor(X)
	w := newGMMWork(x, n, d, cfg.k, cfg.cov)

	rep := progress.For(g.Progress)
	rep.Start(fmt.Sprintf("GMM K=%d %v", cfg.k, cfg.cov), cfg.nInit*cfg.maxIter)
	var (
		best       *gmmParams
		bestLower  = math.Inf(-1)
		bestIter   int
		bestConv   bool
		stepsSoFar int
	)
	for run := 0; run < cfg.nInit; run++ {
		rng := randx.Stream(g.Seed, uint64(run))
		if err := w.initResp(ctx, cfg, rng); err != nil {
			rep.Finish("GMM: failed")
			return nil, fmt.Errorf("%s: initialisation %d: %w", where, run+1, err)
		}
		p, err := w.mStep(cfg.reg)
		if err != nil {
			rep.Finish("GMM: failed")
			return nil, gmmSingular(where, cfg, err)
		}
		lower := math.Inf(-1)
		iter, conv := 0, false
		for iter = 1; iter <= cfg.maxIter; iter++ {
			if err := ctx.Err(); err != nil {
				rep.Finish("GMM: cancelled")
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			prev := lower
			lower = w.eStep(p)
			if p, err = w.mStep(cfg.reg); err != nil {
				rep.Finish("GMM: failed")
				return nil, gmmSingular(where, cfg, err)
			}
			stepsSoFar++
			rep.Update(stepsSoFar, progress.Metric{Name: "lower_bound", Value: lower})
			if math.Abs(lower-prev) < cfg.tol {
				conv = true
				break
			}
		}
		if iter > cfg.maxIter {
			iter = cfg.maxIter
		}
		stepsSoFar = (run + 1) * cfg.maxIter
		if lower > bestLower || best == nil {
			best, bestLower, bestIter, bestConv = p, lower, iter, conv
		}
	}
	if err := best.materialize(); err != nil {
		rep.Finish("GMM: failed")
		return nil, gmmSingular(where, cfg, err)
	}
	m := newGMMModel(best, n)
	m.LowerBound = bestLower
	m.Iterations = bestIter
	m.Converged = bestConv
	if v := gmmLargestVariance(x, n, d); v <= cfg.reg {
		m.Warnings = append(m.Warnings, fmt.Sprintf(
			"RegCovar=%g is at least X's largest feature variance (%.3g): the covariances are mostly RegCovar and the components barely separate; standardise X (data.StandardScaler) or lower RegCovar", cfg.reg, v))
	}
	state := "converged"
	if !bestConv {
		state = "not converged"
	}
	rep.Finish(fmt.Sprintf("GMM K=%d %v: lower bound %.6g after %d iterations (%s)", cfg.k, cfg.cov, bestLower, bestIter, state))
	return m, nil
}

// gmmSingular wraps a failed Cholesky factorisation in scikit-learn's advice.
func gmmSingular(where string, cfg gmmConfig, err error) error {
	return check.Errorf(where, check.ErrValue,
		"%v; some components have an ill-defined empirical covariance (for instance caused by singleton or collapsed samples) with K=%d and RegCovar=%g: decrease the number of components K or increase RegCovar",
		err, cfg.k, cfg.reg)
}

// gmmLargestVariance returns the largest per-feature variance of the n×d
// row-major x (two passes; values near 1e-300 give 0, their squares
// underflowing, which is what EM sees too).
func gmmLargestVariance(x []float64, n, d int) float64 {
	mean := make([]float64, d)
	for i := range n {
		for j, v := range x[i*d : (i+1)*d] {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	ss := make([]float64, d)
	for i := range n {
		for j, v := range x[i*d : (i+1)*d] {
			ss[j] += (v - mean[j]) * (v - mean[j])
		}
	}
	largest := 0.0
	for _, s := range ss {
		largest = max(largest, s/float64(n))
	}
	return largest
}

// gmmRowMajor returns X's data as a contiguous row-major slice, copying only
// when X is a strided view.
func gmmRowMajor(X *mat.Dense) []float64 {
	raw := X.RawMatrix()
	if raw.Stride == raw.Cols {
		return raw.Data[:raw.Rows*raw.Cols]
	}
	out := make([]float64, raw.Rows*raw.Cols)
	for i := 0; i < raw.Rows; i++ {
		copy(out[i*raw.Cols:(i+1)*raw.Cols], raw.Data[i*raw.Stride:i*raw.Stride+raw.Cols])
	}
	return out
}
