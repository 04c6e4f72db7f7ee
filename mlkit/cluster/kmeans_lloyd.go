package cluster

import (
	"context"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// runResult is the outcome of one k-means run, in centred coordinates.
type runResult struct {
	centers    []float64
	labels     []int
	inertia    float64
	iterations int
	converged  bool
}

// lloyd runs Lloyd's iteration (Lloyd 1982) from centers, with
// scikit-learn's stopping rules (_kmeans_single_lloyd): stop when no label
// changes ("strict convergence") or when the summed squared centre shift is
// at most tol; otherwise after maxIter iterations, followed by one more
// assignment so that the labels match the returned centres.
func (ws *workspace) lloyd(ctx context.Context, centers []float64, maxIter int, tol float64, rep progress.Reporter, run int) (*runResult, error) {
	k, d := len(centers)/ws.d, ws.d
	ws.ensureBuffers(k, k)
	labels := make([]int, ws.n)
	for i := range labels {
		labels[i] = -1
	}
	centersNew := make([]float64, k*d)
	sums := make([]float64, k*d)
	counts := make([]float64, k)
	tmpSums := make([]float64, k*d)
	tmpCounts := make([]float64, k)
	shift := make([]float64, k)

	res := &runResult{}
	strict := false
	i := 0
	for ; i < maxIter; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		changed := ws.lloydStep(centers, labels, true)
		ws.applyDeltas(sums, counts)
		ws.newCenters(centers, centersNew, sums, counts, tmpSums, tmpCounts, labels)
		tot := centerShift(centers, centersNew, shift, d)
		centers, centersNew = centersNew, centers
		rep.Update(run, progress.Metric{Name: "iteration", Value: float64(i + 1)},
			progress.Metric{Name: "center_shift", Value: tot})
		if changed == 0 {
			strict = true
			res.converged = true
			break
		}
		if tot <= tol {
			res.converged = true
			break
		}
	}
	if i == maxIter {
		i--
	}
	if !strict {
		ws.lloydStep(centers, labels, false)
	}
	res.centers = centers
	res.labels = labels
	res.iterations = i + 1
	res.inertia = ws.inertia(centers, labels)
	return res, nil
}

// lloydStep assigns every sample to its nearest centre (one matrix product
// per chunk, then the argmin) and, when update is set, records the samples
// that changed cluster in their partition's deltas (see applyDeltas) while
// the chunk is still in cache. It returns how many labels changed.
func (ws *workspace) lloydStep(centers []float64, labels []int, update bool) int {
	k, d := len(centers)/ws.d, ws.d
	cNorm := rowNorms(centers, k, d)
	par.For(len(ws.parts), func(p int) {
		part := &ws.parts[p]
		if update {
			clear(part.sums[:k*d])
			clear(part.counts[:k])
		}
		changed := 0
		for c := part.c0; c < part.c1; c++ {
			r0, r1 := ws.chunkRows(c)
			dots := ws.chunkDots(r0, r1, centers, k, part.dist)
			for i := r0; i < r1; i++ {
				l := argminDist(dots[(i-r0)*k:(i-r0+1)*k], cNorm)
				if old := labels[i]; l != old {
					changed++
					labels[i] = l
					if update {
						part.moveSample(ws.row(i), old, l, d)
					}
				}
			}
		}
		part.changed = changed
	})
	changed := 0
	for p := range ws.parts {
		changed += ws.parts[p].changed
	}
	return changed
}
