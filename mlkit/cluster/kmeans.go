package cluster

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	_ "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/accel"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// KMeans holds the hyperparameters of k-means clustering. The zero value
// gives scikit-learn 1.2's defaults: 8 clusters, 10 k-means++ initialisations,
// 300 iterations, a tolerance of 1e-4 and Lloyd's algorithm.
//
// Fit centres a copy of X (as scikit-learn does, for accurate distances),
// seeds each of the NInit runs with greedy k-means++, iterates, and keeps the
// run with the lowest inertia.
type KMeans struct {
	// K is the number of clusters; 0 means 8. It may not exceed the number
	// of samples.
	K int
	// NInit is the number of k-means++ initialisations; the run with the
	// lowest inertia is kept. 0 means 10 (scikit-learn 1.2's n_init=10).
	NInit int
	// MaxIter bounds the iterations of each run; 0 means 300, negative is
	// an error.
	MaxIter int
	// Tol is the convergence tolerance on the squared centroid shift,
	// relative to the mean of the per-feature variances of X (as
	// scikit-learn's tol). 0 means 1e-4; negative is an error. For
	// scikit-learn's tol=0 (iterate until the labels stop changing or
	// MaxIter is reached) use a tiny value such as 1e-300.
	Tol float64
	// Algorithm is Lloyd (default) or Elkan.
	Algorithm Algorithm
	// Seed seeds the initialisations; run r uses its own stream derived
	// from Seed and r. The same seed gives bit-identical results at any
	// GOMAXPROCS.
	Seed uint64
	// Progress receives one step per initialisation and the iterations in
	// between; nil means progress.Auto().
	Progress progress.Reporter
}

// KMeansModel is a fitted k-means clustering.
type KMeansModel struct {
	// Centroids is K×d, one cluster centre per row.
	Centroids *mat.Dense
	// Labels is the cluster of each training sample (0..K-1), consistent
	// with Centroids (each sample is assigned to its nearest centroid).
	Labels []int
	// Inertia is the sum of squared distances of the training samples to
	// their nearest centroid.
	Inertia float64
	// Iterations is the number of iterations of the kept run.
	Iterations int
	// Converged reports whether the kept run stopped before MaxIter because
	// the labels stopped changing or the centroid shift fell within the
	// tolerance. Non-convergence is not an error.
	Converged bool
	// Warnings lists the degenerate situations that scikit-learn warns about
	// and that the fit handled, for example fewer distinct clusters than K
	// when X holds fewer than K distinct points. Nil when there were none.
	Warnings []string
}

const (
	defaultK       = 8
	defaultNInit   = 10
	defaultMaxIter = 300
	defaultTol     = 1e-4
)

// Fit clusters the rows of X. See FitContext.
func (km KMeans) Fit(X *mat.Dense) (*KMeansModel, error) {
	return km.FitContext(context.Background(), X)
}

// FitContext clusters the rows of X, stopping between iterations when ctx is
// done (the error then wraps ctx.Err()). X must be non-empty and finite, with
// at least K rows. Errors wrap the sentinels of package mlkit: ErrValue
// for bad hyperparameters or K larger than the number of samples, ErrEmpty and
// ErrNaN for bad X.
func (km KMeans) FitContext(ctx context.Context, X *mat.Dense) (*KMeansModel, error) {
	const where = "cluster: KMeans.Fit"
	cfg, err := km.resolve(where)
	if err != nil {
		return nil, err
	}
	if err := checkMatrix(where, X); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	if cfg.K > n {
		return nil, check.Errorf(where, check.ErrValue, "K=%d exceeds the %d samples", cfg.K, n)
	}

	ws := newWorkspace(X, cfg.K)
	tol := tolerance(ws, cfg.Tol)
	rep := progress.For(km.Progress)
	rep.Start(fmt.Sprintf("k-means (%s, K=%d)", cfg.Algorithm, cfg.K), cfg.NInit)

	var best *runResult
	for run := 0; run < cfg.NInit; run++ {
		rng := randx.Stream(km.Seed, uint64(run))
		centers := ws.kmeansPlusPlus(cfg.K, rng)
		var res *runResult
		switch cfg.Algorithm {
		case Elkan:
			res, err = ws.elkan(ctx, centers, cfg.MaxIter, tol, rep, run)
		default:
			res, err = ws.lloyd(ctx, centers, cfg.MaxIter, tol, rep, run)
		}
		if err != nil {
			rep.Finish("cancelled")
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		// As scikit-learn: a later run replaces the best one only if it has a
		// lower inertia and is a different partition (equal partitions may
		// differ in inertia by rounding alone).
		if best == nil || (res.inertia < best.inertia && !sameClustering(res.labels, best.labels, cfg.K)) {
			best = res
		}
		rep.Update(run+1, progress.Metric{Name: "inertia", Value: res.inertia},
			progress.Metric{Name: "best_inertia", Value: best.inertia})
	}
	rep.Finish(fmt.Sprintf("k-means: inertia %.6g after %d iterations", best.inertia, best.iterations))

	inertia, err := ws.unscaleSq(where, "inertia", best.inertia)
	if err != nil {
		return nil, err
	}
	m := &KMeansModel{
		Centroids:  ws.centroidsOf(best.centers, cfg.K),
		Labels:     best.labels,
		Inertia:    inertia,
		Iterations: best.iterations,
		Converged:  best.converged,
	}
	if distinct := countDistinct(best.labels, cfg.K); distinct < cfg.K {
		m.Warnings = append(m.Warnings, fmt.Sprintf(
			"number of distinct clusters (%d) found smaller than K (%d); possibly due to duplicate points in X", distinct, cfg.K))
	}
	if best.inertia > 0 && inertia == 0 {
		m.Warnings = append(m.Warnings, "the inertia underflows to 0: X's values are tiny (the partition and centroids were computed on X scaled by a power of two)")
	}
	return m, nil
}

// resolved is a KMeans with the defaults filled in.
type resolved struct {
	K, NInit, MaxIter int
	Tol               float64
	Algorithm         Algorithm
}

func (km KMeans) resolve(where string) (resolved, error) {
	r := resolved{K: km.K, NInit: km.NInit, MaxIter: km.MaxIter, Tol: km.Tol, Algorithm: km.Algorithm}
	switch {
	case r.K < 0:
		return r, check.Errorf(where, check.ErrValue, "K=%d, want K >= 1 (0 means the default %d)", r.K, defaultK)
	case r.NInit < 0:
		return r, check.Errorf(where, check.ErrValue, "NInit=%d, want NInit >= 1 (0 means the default %d)", r.NInit, defaultNInit)
	case r.MaxIter < 0:
		return r, check.Errorf(where, check.ErrValue, "MaxIter=%d, want MaxIter >= 1 (0 means the default %d)", r.MaxIter, defaultMaxIter)
	case r.Algorithm != Lloyd && r.Algorithm != Elkan:
		return r, check.Errorf(where, check.ErrValue, "Algorithm=%v, want Lloyd or Elkan", r.Algorithm)
	}
	if r.K == 0 {
		r.K = defaultK
	}
	if r.NInit == 0 {
		r.NInit = defaultNInit
	}
	if r.MaxIter == 0 {
		r.MaxIter = defaultMaxIter
	}
	var err error
	if r.Tol, err = check.Tol(where, r.Tol, defaultTol); err != nil {
		return r, err
	}
	return r, nil
}

// tolerance scales tol by the mean of the per-feature (population)
// variances of X, as scikit-learn's _tolerance. The variances come from the
// centred copy in ws, row by row (a column-wise pass over a large X is
// cache-hostile), per partition and reduced in order.
func tolerance(ws *workspace, tol float64) float64 {
	if tol == 0 {
		return 0
	}
	d := ws.d
	sum := make([]float64, len(ws.parts)*d)
	sq := make([]float64, len(ws.parts)*d)
	par.For(len(ws.parts), func(p int) {
		part := &ws.parts[p]
		s, q := sum[p*d:(p+1)*d], sq[p*d:(p+1)*d]
		r0, _ := ws.chunkRows(part.c0)
		_, r1 := ws.chunkRows(part.c1 - 1)
		for i := r0; i < r1; i++ {
			row := ws.row(i)
			floats.Add(s, row)
			for j, v := range row {
				q[j] += v * v
			}
		}
	})
	n := float64(ws.n)
	var total float64
	for j := 0; j < d; j++ {
		var s, q float64
		for p := range ws.parts {
			s += sum[p*d+j]
			q += sq[p*d+j]
		}
		m := s / n // ~0: the data are centred
		total += math.Max(0, q/n-m*m)
	}
	return total / float64(d) * tol
}

// sameClustering reports whether two labelings are the same partition up to
// a permutation of the labels (scikit-learn's _is_same_clustering).
func sameClustering(a, b []int, k int) bool {
	mapping := make([]int, k)
	for i := range mapping {
		mapping[i] = -1
	}
	for i := range a {
		if mapping[a[i]] == -1 {
			mapping[a[i]] = b[i]
		} else if mapping[a[i]] != b[i] {
			return false
		}
	}
	return true
}

func countDistinct(labels []int, k int) int {
	seen := make([]bool, k)
	c := 0
	for _, l := range labels {
		if !seen[l] {
			seen[l] = true
			c++
		}
	}
	return c
}

// Predict returns the index of the nearest centroid for each row of X.
func (m *KMeansModel) Predict(X *mat.Dense) ([]int, error) {
	const where = "cluster: KMeansModel.Predict"
	if m == nil || m.Centroids == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "the model is nil or has no Centroids")
	}
	k, d := m.Centroids.Dims()
	if err := checkCols(where, X, d); err != nil {
		return nil, err
	}
	labels, _, err := m.assign(where, X, k)
	return labels, err
}

// Score returns the negative inertia of X under the model: minus the sum of
// squared distances of the rows of X to their nearest centroid (higher is
// better, as scikit-learn's score).
func (m *KMeansModel) Score(X *mat.Dense) (float64, error) {
	const where = "cluster: KMeansModel.Score"
	if m == nil || m.Centroids == nil {
		return 0, check.Errorf(where, check.ErrEmpty, "the model is nil or has no Centroids")
	}
	k, d := m.Centroids.Dims()
	if err := checkCols(where, X, d); err != nil {
		return 0, err
	}
	_, inertia, err := m.assign(where, X, k)
	return -inertia, err
}

// Transform returns the n×K matrix of Euclidean distances from each row of X
// to each centroid.
func (m *KMeansModel) Transform(X *mat.Dense) (*mat.Dense, error) {
	const where = "cluster: KMeansModel.Transform"
	if m == nil || m.Centroids == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "the model is nil or has no Centroids")
	}
	k, d := m.Centroids.Dims()
	if err := checkCols(where, X, d); err != nil {
		return nil, err
	}
	ws, centers := m.workspaceFor(X, k)
	n := ws.n
	out := mat.NewDense(n, k, nil)
	unscale := 1 / ws.scale
	ws.ensureBuffers(k, k)
	cNorm := rowNorms(centers, k, ws.d)
	raw := out.RawMatrix()
	par.For(len(ws.parts), func(p int) {
		part := &ws.parts[p]
		for c := part.c0; c < part.c1; c++ {
			r0, r1 := ws.chunkRows(c)
			dots := ws.chunkDots(r0, r1, centers, k, part.dist)
			for i := r0; i < r1; i++ {
				dist := dots[(i-r0)*k : (i-r0+1)*k]
				row := raw.Data[i*raw.Stride : i*raw.Stride+k]
				for j := range row {
					row[j] = math.Sqrt(math.Max(0, ws.xNorm[i]+cNorm[j]-2*dist[j])) * unscale
				}
			}
		}
	})
	if ws.scale != 1 && !check.Finite(raw.Data) {
		return nil, check.Errorf(where, check.ErrNaN, "distances between X and the centroids exceed float64's range (magnitudes near %.3g)", 1/ws.scale)
	}
	return out, nil
}

// workspaceFor centres X on the mean of the centroids (any shift leaves the
// distances unchanged; this one keeps the norms small) and returns the
// workspace with the shifted centroids.
func (m *KMeansModel) workspaceFor(X *mat.Dense, k int) (*workspace, []float64) {
	_, d := m.Centroids.Dims()
	shift := make([]float64, d)
	for j := 0; j < k; j++ {
		for f, v := range m.Centroids.RawRowView(j) {
			shift[f] += v / float64(k)
		}
	}
	centers := make([]float64, k*d)
	big := 0.0
	for j := 0; j < k; j++ {
		row := centers[j*d : (j+1)*d]
		copy(row, m.Centroids.RawRowView(j))
		for f := range row {
			row[f] -= shift[f]
			big = max(big, math.Abs(row[f]))
		}
	}
	ws := newWorkspaceScaled(X, k, shift, big)
	if ws.scale != 1 {
		floats.Scale(ws.scale, centers)
	}
	return ws, centers
}

func (m *KMeansModel) assign(where string, X *mat.Dense, k int) ([]int, float64, error) {
	ws, centers := m.workspaceFor(X, k)
	labels := make([]int, ws.n)
	ws.assignLabels(centers, labels)
	inertia, err := ws.unscaleSq(where, "inertia", ws.inertia(centers, labels))
	if err != nil {
		return nil, 0, err
	}
	return labels, inertia, nil
}

// checkMatrix is check.Matrix with a typed nil *mat.Dense caught first
// (inside the mat.Matrix interface it would not compare equal to nil).
func checkMatrix(where string, X *mat.Dense) error {
	if X == nil {
		return check.Errorf(where, check.ErrEmpty, "X is nil")
	}
	return check.Matrix(where, "X", X)
}

func checkCols(where string, X *mat.Dense, d int) error {
	if X == nil {
		return check.Errorf(where, check.ErrEmpty, "X is nil")
	}
	return check.Cols(where, "X", X, d)
}
