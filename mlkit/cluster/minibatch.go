package cluster

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// MiniBatchKMeans holds the hyperparameters of mini-batch k-means (Sculley
// 2010), following scikit-learn 1.2's MiniBatchKMeans: each step assigns a
// random batch to the nearest centres and moves each centre toward its batch
// members with a per-centre learning rate 1/count; clusters whose count falls
// far behind the largest are reassigned to random batch samples. It trades a
// slightly higher inertia for steps that cost O(BatchSize·K·d) instead of
// O(n·K·d). The zero value gives scikit-learn's defaults.
type MiniBatchKMeans struct {
	// K is the number of clusters; 0 means 8.
	K int
	// BatchSize is the number of samples per step; 0 means 1024. It is
	// capped at the number of samples.
	BatchSize int
	// MaxIter bounds the passes over the data: at most MaxIter·n/BatchSize
	// steps. 0 means 100, negative is an error.
	MaxIter int
	// NInit is the number of k-means++ initialisations, each on InitSize
	// random samples and scored on another such set; 0 means 3.
	NInit int
	// InitSize is the number of samples used to initialise; 0 means
	// 3·BatchSize (at least 3·K), capped at the number of samples.
	InitSize int
	// Tol stops early when the squared centre shift of a step is at most
	// Tol times the mean per-feature variance. 0 (the default, as
	// scikit-learn) disables this test; negative is an error.
	Tol float64
	// MaxNoImprovement stops after this many steps without improvement of
	// the smoothed batch inertia; 0 means 10, a negative value disables it.
	MaxNoImprovement int
	// ReassignmentRatio: a centre whose count is below this fraction of the
	// largest count is moved to a random batch sample; 0 means 0.01, a
	// negative value disables reassignment.
	ReassignmentRatio float64
	// Seed seeds the initialisations and the batches.
	Seed uint64
	// Progress receives one step per pass over the data; nil means
	// progress.Auto().
	Progress progress.Reporter
}

// Fit clusters the rows of X by mini-batch k-means; see FitContext.
func (mb MiniBatchKMeans) Fit(X *mat.Dense) (*KMeansModel, error) {
	return mb.FitContext(context.Background(), X)
}

// FitContext clusters the rows of X by mini-batch k-means, stopping between
// steps when ctx is done. The returned model's Labels and Inertia are those of
// all of X under the final centroids; Iterations counts passes over the data
// (scikit-learn's n_iter_), and Converged reports an early stop.
func (mb MiniBatchKMeans) FitContext(ctx context.Context, X *mat.Dense) (*KMeansModel, error) {
	const where = "cluster: MiniBatchKMeans.Fit"
	k, batch, maxIter, nInit := mb.K, mb.BatchSize, mb.MaxIter, mb.NInit
	maxNoImp, ratio := mb.MaxNoImprovement, mb.ReassignmentRatio
	switch {
	case k < 0:
		return nil, check.Errorf(where, check.ErrValue, "K=%d, want K >= 1 (0 means the default %d)", k, defaultK)
	case batch < 0:
		return nil, check.Errorf(where, check.ErrValue, "BatchSize=%d, want BatchSize >= 1 (0 means the default 1024)", batch)
	case maxIter < 0:
		return nil, check.Errorf(where, check.ErrValue, "MaxIter=%d, want MaxIter >= 1 (0 means the default 100)", maxIter)
	case nInit < 0:
		return nil, check.Errorf(where, check.ErrValue, "NInit=%d, want NInit >= 1 (0 means the default 3)", nInit)
	case mb.InitSize < 0:
		return nil, check.Errorf(where, check.ErrValue, "InitSize=%d, want InitSize >= 1 (0 means 3·BatchSize)", mb.InitSize)
	case !(mb.Tol >= 0) || math.IsInf(mb.Tol, 0):
		return nil, check.Errorf(where, check.ErrValue, "Tol=%v, want a finite value >= 0", mb.Tol)
	case math.IsNaN(ratio) || math.IsInf(ratio, 0):
		return nil, check.Errorf(where, check.ErrValue, "ReassignmentRatio=%v, want a finite value", ratio)
	}
	if err := checkMatrix(where, X); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	if k == 0 {
		k = defaultK
	}
	if k > n {
		return nil, check.Errorf(where, check.ErrValue, "K=%d exceeds the %d samples", k, n)
	}
	if batch == 0 {
		batch = 1024
	}
	batch = min(batch, n)
	if maxIter == 0 {
		maxIter = 100
	}
	if nInit == 0 {
		nInit = 3
	}
	if maxNoImp == 0 {
		maxNoImp = 10
	}
	if ratio == 0 {
		ratio = 0.01
	}
	initSize := mb.InitSize
	if initSize == 0 {
		initSize = max(3*batch, 3*k)
	}
	initSize = min(max(initSize, k), n)

	full := newWorkspace(X, k)
	tol := tolerance(full, mb.Tol)
	rng := randx.New(mb.Seed)
	rep := progress.For(mb.Progress)

	// Initialisation: the best of nInit k-means++ runs on random subsets,
	// scored on one validation subset (scikit-learn's MiniBatchKMeans.fit).
	valid := full.gather(randomIndices(rng, n, initSize), k)
	validLabels := make([]int, initSize)
	var centers []float64
	bestInertia := math.Inf(1)
	for run := 0; run < nInit; run++ {
		r := randx.Stream(mb.Seed, uint64(run)+1)
		sub := full.gather(randomIndices(r, n, initSize), k)
		c := sub.kmeansPlusPlus(k, r)
		valid.assignLabels(c, validLabels)
		if in := valid.inertia(c, validLabels); in < bestInertia {
			bestInertia, centers = in, c
		}
	}

	counts := make([]float64, k)
	centersNew := make([]float64, k*d)
	bws := full.gather(make([]int, batch), k)
	idx := make([]int, batch)
	labels := make([]int, batch)
	nSteps := maxIter * n / batch
	sinceReassign := 0
	var ewa, ewaMin float64
	haveEwa, haveMin := false, false
	noImprovement := 0
	converged := false
	rep.Start(fmt.Sprintf("mini-batch k-means (K=%d)", k), maxIter)
	step := 0
	for ; step < nSteps; step++ {
		if err := ctx.Err(); err != nil {
			rep.Finish("cancelled")
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		for i := range idx {
			idx[i] = rng.IntN(n)
		}
		bws.fill(full, idx)
		bws.assignLabels(centers, labels)
		batchInertia := bws.inertia(centers, labels)

		// Per-centre running means (Sculley 2010, Algorithm 1, with
		// learning rate 1/count), as scikit-learn's _minibatch_update_dense.
		bws.minibatchUpdate(centers, centersNew, counts, labels)

		sinceReassign += batch
		anyEmpty := false
		for _, c := range counts {
			if c == 0 {
				anyEmpty = true
			}
		}
		if ratio > 0 && (anyEmpty || sinceReassign >= 10*k) {
			sinceReassign = 0
			bws.reassignSmall(centersNew, counts, ratio, rng)
		}

		var shift float64
		if tol > 0 {
			shift = sqDist(centersNew, centers)
		}
		centers, centersNew = centersNew, centers

		// scikit-learn's _mini_batch_convergence: an exponentially
		// weighted average of the per-sample batch inertia.
		bi := batchInertia / float64(batch)
		if step == 0 {
			continue
		}
		if !haveEwa {
			ewa, haveEwa = bi, true
		} else {
			alpha := math.Min(float64(batch)*2/float64(n+1), 1)
			ewa = ewa*(1-alpha) + bi*alpha
		}
		if (step+1)*batch/n != step*batch/n {
			rep.Update((step+1)*batch/n, progress.Metric{Name: "ewa_inertia", Value: ewa})
		}
		if tol > 0 && shift <= tol {
			converged = true
			break
		}
		if !haveMin || ewa < ewaMin {
			noImprovement, ewaMin, haveMin = 0, ewa, true
		} else {
			noImprovement++
		}
		if maxNoImp > 0 && noImprovement >= maxNoImp {
			converged = true
			break
		}
	}
	if step == nSteps {
		step--
	}
	allLabels := make([]int, n)
	full.assignLabels(centers, allLabels)
	inertia, err := full.unscaleSq(where, "inertia", full.inertia(centers, allLabels))
	if err != nil {
		return nil, err
	}
	m := &KMeansModel{
		Centroids:  full.centroidsOf(centers, k),
		Labels:     allLabels,
		Inertia:    inertia,
		Iterations: int(math.Ceil(float64((step+1)*batch) / float64(n))),
		Converged:  converged,
	}
	if distinct := countDistinct(allLabels, k); distinct < k {
		m.Warnings = append(m.Warnings, fmt.Sprintf(
			"number of distinct clusters (%d) found smaller than K (%d); possibly due to duplicate points in X", distinct, k))
	}
	rep.Finish(fmt.Sprintf("mini-batch k-means: inertia %.6g after %d steps", m.Inertia, step+1))
	return m, nil
}

// randomIndices draws m indices in [0,n) with replacement (numpy's
// randint(0, n, m)).
func randomIndices(rng interface{ IntN(int) int }, n, m int) []int {
	idx := make([]int, m)
	for i := range idx {
		idx[i] = rng.IntN(n)
	}
	return idx
}

// gather returns a workspace holding the rows idx of ws (already centred).
func (ws *workspace) gather(idx []int, k int) *workspace {
	m, d := len(idx), ws.d
	out := &workspace{x: make([]float64, m*d), n: m, d: d, mean: ws.mean, scale: ws.scale, xNorm: make([]float64, m)}
	out.layout(k)
	out.fill(ws, idx)
	return out
}

// fill copies the rows idx of src into ws (len(idx) == ws.n).
func (ws *workspace) fill(src *workspace, idx []int) {
	for i, r := range idx {
		copy(ws.row(i), src.row(r))
		ws.xNorm[i] = src.xNorm[r]
	}
}

// minibatchUpdate moves each centre to the running mean of all samples
// assigned to it so far: c ← (c·count + Σ batch members)/(count + m).
func (ws *workspace) minibatchUpdate(centers, centersNew, counts []float64, labels []int) {
	d := ws.d
	k := len(counts)
	copy(centersNew, centers)
	batchCount := make([]float64, k)
	for _, l := range labels {
		batchCount[l]++
	}
	for j := 0; j < k; j++ {
		if batchCount[j] > 0 {
			floats.Scale(counts[j], centersNew[j*d:(j+1)*d])
		}
	}
	for i, l := range labels {
		floats.Add(centersNew[l*d:(l+1)*d], ws.row(i))
	}
	for j := 0; j < k; j++ {
		if batchCount[j] > 0 {
			counts[j] += batchCount[j]
			floats.Scale(1/counts[j], centersNew[j*d:(j+1)*d])
		}
	}
}

// reassignSmall moves the centres whose count is below ratio·max(count) to
// distinct random batch samples (at most half the batch), then sets their
// counts to the smallest remaining count so they are not reassigned at once
// again (scikit-learn's _mini_batch_step).
func (ws *workspace) reassignSmall(centers, counts []float64, ratio float64, rng interface{ Perm(int) []int }) {
	d := ws.d
	maxC := floats.Max(counts)
	var small []int
	for j, c := range counts {
		if c < ratio*maxC {
			small = append(small, j)
		}
	}
	if limit := ws.n / 2; len(small) > limit {
		// Keep the smallest ones (argsort order, stable).
		sortByCount(small, counts)
		small = small[:limit]
	}
	if len(small) == 0 {
		return
	}
	perm := rng.Perm(ws.n)
	for t, j := range small {
		copy(centers[j*d:(j+1)*d], ws.row(perm[t]))
	}
	isSmall := make([]bool, len(counts))
	for _, j := range small {
		isSmall[j] = true
	}
	minRest := math.Inf(1)
	for j, c := range counts {
		if !isSmall[j] && c < minRest {
			minRest = c
		}
	}
	for _, j := range small {
		counts[j] = minRest
	}
}

func sortByCount(idx []int, counts []float64) {
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && counts[idx[j]] < counts[idx[j-1]]; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
}
