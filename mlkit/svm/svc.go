package svm

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	_ "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/accel"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// probFolds is the number of internal cross-validation folds libsvm uses to
// collect decision values for Platt's sigmoid.
const probFolds = 5

// SVC is a C-support vector classifier trained by libsvm's SMO solver, one
// binary problem per pair of classes (one-vs-one). The zero value is
// scikit-learn's SVC(): RBF kernel, C=1, gamma='scale', tol=1e-3,
// cache_size=200, shrinking on.
type SVC struct {
	// Kernel is the kernel function; the zero value is RBF.
	Kernel Kernel
	// C is the penalty on margin violations; 0 means 1. Must be > 0.
	C float64
	// Gamma is the RBF/Poly/Sigmoid coefficient; the zero value is Scale.
	Gamma Gamma
	// Degree of the Poly kernel; 0 means 3.
	Degree int
	// Coef0 is the constant of the Poly and Sigmoid kernels (default 0).
	Coef0 float64
	// Tol is the stopping tolerance on the maximal KKT violation (libsvm's
	// -e); 0 means 1e-3.
	Tol float64
	// CacheMB bounds the kernel-row cache in MiB; 0 means 200. When pairs of
	// classes are solved in parallel, the budget is shared between them. The
	// cache changes speed, never results.
	CacheMB float64
	// Shrinking switches libsvm's shrinking heuristic; the zero value is on.
	Shrinking ShrinkingMode
	// MaxIter caps the SMO iterations of each binary problem; 0 means
	// libsvm's own cap max(10⁷, 100·l) for l samples in the pair (so a fit
	// always ends; scikit-learn's max_iter=-1 removes even that cap). When a
	// cap is hit the model reports Converged=false.
	MaxIter int
	// ClassWeight multiplies C for the listed classes (scikit-learn's
	// class_weight dict); every key must be a class of y, every value > 0.
	ClassWeight map[int]float64
	// Probability fits Platt's sigmoid for each pair on decision values of
	// an internal 5-fold cross-validation, as libsvm's -b 1, so that the
	// model can PredictProba. It costs about five extra fits.
	Probability bool
	// AllowSmallClasses lets Probability run when a class has fewer than 5
	// members. By default that is an error: with so few samples some
	// internal training folds miss a class, and libsvm (and scikit-learn)
	// then give every held-out sample in that fold a decision value of ±1,
	// which Platt's sigmoid fits as if it were data. Set it to reproduce
	// their behaviour on tiny data.
	AllowSmallClasses bool
	// Seed draws the internal cross-validation folds. libsvm draws them with
	// C's rand(), which cannot be reproduced; here the folds come from
	// randx.Stream(Seed, pair), so ProbA and ProbB match scikit-learn's only
	// statistically.
	Seed uint64
	// Progress receives one step per binary problem; nil means progress.Auto().
	Progress progress.Reporter
}

// Fit trains the classifier on X (n×d) and labels y.
func (s SVC) Fit(X *mat.Dense, y []int) (*SVCModel, error) {
	return s.FitContext(context.Background(), X, y)
}

// FitContext is Fit honouring ctx between SMO shrinking rounds.
func (s SVC) FitContext(ctx context.Context, X *mat.Dense, y []int) (*SVCModel, error) {
	const where = "svm: SVC.Fit"
	cfg, err := s.validate(where, X, y)
	if err != nil {
		return nil, err
	}
	n, d := X.Dims()
	raw := X.RawMatrix()
	data := make([]float64, n*d)
	for i := range n {
		copy(data[i*d:(i+1)*d], raw.Data[i*raw.Stride:i*raw.Stride+d])
	}
	maxSq := 0.0
	for i := range n {
		ss := 0.0
		for _, v := range data[i*d : (i+1)*d] {
			ss += v * v
		}
		if math.IsInf(ss, 0) {
			return nil, check.Errorf(where, check.ErrValue, "X row %d has a squared norm that overflows (entries near %.3g); rescale X", i, math.Sqrt(math.MaxFloat64/float64(d)))
		}
		maxSq = max(maxSq, ss)
	}
	kp := kernelParams{kind: s.Kernel, gamma: 0, degree: cfg.degree, coef0: s.Coef0}
	if s.Kernel != Linear {
		kp.gamma = resolveGamma(s.Gamma, data, d)
		if !finite(kp.gamma) || kp.gamma <= 0 {
			return nil, check.Errorf(where, check.ErrValue, "X's variance overflows or vanishes (gamma=%v); rescale X", kp.gamma)
		}
	}

	// The kernel cache stores float32 (as libsvm's Qfloat); |K(x, x')| is
	// bounded by this for the Linear and Poly kernels, 1 for the others.
	var bound float64
	switch s.Kernel {
	case Linear:
		bound = maxSq
	case Poly:
		bound = powi(kp.gamma*maxSq+math.Abs(kp.coef0), kp.degree)
	}
	if !(bound <= math.MaxFloat32) {
		return nil, check.Errorf(where, check.ErrValue, "X gives %v kernel values up to %.3g, beyond the float32 kernel cache; rescale X", s.Kernel, bound)
	}
	classes, members := cfg.classes, cfg.members
	K := len(classes)
	nPairs := K * (K - 1) / 2
	type pair struct{ i, j int }
	pairs := make([]pair, 0, nPairs)
	for i := range K {
		for j := i + 1; j < K; j++ {
			pairs = append(pairs, pair{i, j})
		}
	}
	tasksPerPair := 1
	if s.Probability {
		tasksPerPair += probFolds
	}
	nTasks := nPairs * tasksPerPair
	workers := max(1, min(runtime.GOMAXPROCS(0), nTasks))
	cacheBytes := int(cfg.cacheMB * (1 << 20) / float64(workers))

	// The folds of pair p are drawn before any work starts, from stream p.
	perms := make([][]int, nPairs)
	if s.Probability {
		for p, pr := range pairs {
			l := len(members[pr.i]) + len(members[pr.j])
			rng := randx.Stream(s.Seed, uint64(p))
			perm := make([]int, l)
			for i := range perm {
				perm[i] = i
			}
			for i := range l {
				j := i + rng.IntN(l-i)
				perm[i], perm[j] = perm[j], perm[i]
			}
			perms[p] = perm
		}
	}

	rep := progress.For(s.Progress)
	rep.Start("svm: SVC.Fit", nTasks)
	var done atomic.Int64
	results := make([]solution, nPairs)
	foldDec := make([][]float64, nPairs)
	for p := range foldDec {
		if s.Probability {
			foldDec[p] = make([]float64, len(members[pairs[p].i])+len(members[pairs[p].j]))
		}
	}
	// Largest sub-problems first, so the last tasks to finish are short ones
	// (the order of execution never changes a result: each task writes only
	// its own slots).
	order := make([]int, nTasks)
	for t := range order {
		order[t] = t
	}
	size := func(t int) int { pr := pairs[t/tasksPerPair]; return len(members[pr.i]) + len(members[pr.j]) }
	slices.SortStableFunc(order, func(a, b int) int { return size(b) - size(a) })
	errs := make([]error, nTasks)
	par.For(nTasks, func(o int) {
		t := order[o]
		if err := ctx.Err(); err != nil {
			errs[t] = err
			return
		}
		p, f := t/tasksPerPair, t%tasksPerPair
		pr := pairs[p]
		idx := append(append([]int(nil), members[pr.i]...), members[pr.j]...)
		ci, cj := cfg.weightedC[pr.i], cfg.weightedC[pr.j]
		nI := len(members[pr.i])
		label := func(k int) int8 { // position k of idx: class i is +1
			if k < nI {
				return 1
			}
			return -1
		}
		if f == 0 {
			sol, err := trainBinary(ctx, kp, data, d, idx, label, ci, cj, cfg, cacheBytes)
			errs[t] = err
			results[p] = sol
		} else {
			errs[t] = cvFold(ctx, kp, data, d, idx, label, ci, cj, cfg, cacheBytes, perms[p], f-1, foldDec[p])
		}
		rep.Update(int(done.Add(1)))
	})
	for _, err := range errs {
		if err != nil {
			rep.Finish("cancelled")
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}
	m := assemble(X, kp, classes, members, func(p int) solution { return results[p] })
	if s.Probability {
		m.ProbA = make([]float64, nPairs)
		m.ProbB = make([]float64, nPairs)
		for p, pr := range pairs {
			nI := len(members[pr.i])
			lab := make([]int, len(foldDec[p]))
			for k := range lab {
				if k < nI {
					lab[k] = 1
				} else {
					lab[k] = -1
				}
			}
			a, b, err := PlattFit(foldDec[p], lab)
			if err != nil {
				return nil, check.Errorf(where, check.ErrValue, "Platt fit of classes %d and %d: %v", classes[pr.i], classes[pr.j], err)
			}
			m.ProbA[p], m.ProbB[p] = a, b
		}
	}
	rep.Finish("svm: SVC.Fit: done")
	return m, nil
}

type fitConfig struct {
	classes   []int
	members   [][]int
	weightedC []float64
	degree    int
	tol       float64
	cacheMB   float64
	shrinking bool
	maxIter   int
}

func (s SVC) validate(where string, X *mat.Dense, y []int) (fitConfig, error) {
	var cfg fitConfig
	if err := check.Matrix(where, "X", X); err != nil {
		return cfg, err
	}
	n, _ := X.Dims()
	if _, _, err := check.Labels(where, "y", y, n); err != nil {
		return cfg, err
	}
	if s.Kernel < RBF || s.Kernel > Sigmoid {
		return cfg, check.Errorf(where, check.ErrValue, "Kernel=%d, want RBF, Linear, Poly or Sigmoid", int(s.Kernel))
	}
	c := s.C
	if c == 0 {
		c = 1
	}
	if err := check.Positive(where, "C", c); err != nil {
		return cfg, err
	}
	switch s.Gamma.Rule {
	case GammaScale, GammaAuto:
	case GammaFixed:
		if err := check.Positive(where, "Gamma", s.Gamma.Value); err != nil {
			return cfg, err
		}
	default:
		return cfg, check.Errorf(where, check.ErrValue, "Gamma.Rule=%d, want GammaScale, GammaAuto or GammaFixed", int(s.Gamma.Rule))
	}
	cfg.degree = s.Degree
	if cfg.degree == 0 {
		cfg.degree = 3
	}
	if cfg.degree < 0 {
		return cfg, check.Errorf(where, check.ErrValue, "Degree=%d, want ≥ 0 (0 means 3)", s.Degree)
	}
	if !finite(s.Coef0) {
		return cfg, check.Errorf(where, check.ErrValue, "Coef0=%v, want a finite value", s.Coef0)
	}
	cfg.tol = s.Tol
	if cfg.tol == 0 {
		cfg.tol = 1e-3
	}
	if err := check.Positive(where, "Tol", cfg.tol); err != nil {
		return cfg, err
	}
	cfg.cacheMB = s.CacheMB
	if cfg.cacheMB == 0 {
		cfg.cacheMB = 200
	}
	if err := check.Positive(where, "CacheMB", cfg.cacheMB); err != nil {
		return cfg, err
	}
	if s.MaxIter < 0 {
		return cfg, check.Errorf(where, check.ErrValue, "MaxIter=%d, want ≥ 0 (0 means libsvm's cap)", s.MaxIter)
	}
	cfg.maxIter = s.MaxIter
	switch s.Shrinking {
	case ShrinkingOn:
		cfg.shrinking = true
	case ShrinkingOff:
	default:
		return cfg, check.Errorf(where, check.ErrValue, "Shrinking=%d, want ShrinkingOn or ShrinkingOff", int(s.Shrinking))
	}

	byClass := map[int][]int{}
	for i, v := range y {
		byClass[v] = append(byClass[v], i)
	}
	for k := range byClass {
		cfg.classes = append(cfg.classes, k)
	}
	slices.Sort(cfg.classes)
	if len(cfg.classes) < 2 {
		return cfg, check.Errorf(where, check.ErrValue, "y has only one class (%d), want at least 2", cfg.classes[0])
	}
	cfg.members = make([][]int, len(cfg.classes))
	cfg.weightedC = make([]float64, len(cfg.classes))
	for k, cl := range cfg.classes {
		cfg.members[k] = byClass[cl]
		cfg.weightedC[k] = c
	}
	for cl, w := range s.ClassWeight {
		k, ok := slices.BinarySearch(cfg.classes, cl)
		if !ok {
			return cfg, check.Errorf(where, check.ErrValue, "ClassWeight has class %d, which is not in y", cl)
		}
		if !(w > 0) || math.IsInf(w, 0) {
			return cfg, check.Errorf(where, check.ErrValue, "ClassWeight[%d]=%v, want a finite value > 0", cl, w)
		}
		cfg.weightedC[k] = c * w
	}
	if s.Probability && !s.AllowSmallClasses {
		for k, mem := range cfg.members {
			if len(mem) < probFolds {
				return cfg, check.Errorf(where, check.ErrValue,
					"y has %d samples of class %d, fewer than the %d internal folds of Probability (set AllowSmallClasses for libsvm's behaviour)",
					len(mem), cfg.classes[k], probFolds)
			}
		}
	}
	return cfg, nil
}
