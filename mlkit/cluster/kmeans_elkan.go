package cluster

import (
	"context"
	"math"

	"gonum.org/v1/gonum/floats"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// elkanState holds the triangle-inequality bounds of Elkan (2003), Sec. 3:
// upper[i] ≥ d(x_i, c_{label i}) and lower[i*K+j] ≤ d(x_i, c_j).
type elkanState struct {
	k        int
	upper    []float64
	lower    []float64
	halfDist []float64 // K×K: d(c_a, c_b)/2
	nextHalf []float64 // K: half the distance to the nearest other centre (s(c) in the paper)
}

func dist(a, b []float64) float64 { return math.Sqrt(sqDist(a, b)) }

// distTo is the distance from sample i to centre j by the norm expansion
// with an assembly dot product, several times faster than subtracting
// element by element. Its rounding error (relative to the norms, which are
// small as the data are centred) is far below the gaps the bounds test, and
// Lloyd's assignments use the same expansion, so both algorithms agree.
func (ws *workspace) distTo(i int, centers, cNorm []float64, j int) float64 {
	d := ws.d
	v := ws.xNorm[i] + cNorm[j] - 2*floats.Dot(ws.row(i), centers[j*d:(j+1)*d])
	if v <= 0 {
		return 0
	}
	return math.Sqrt(v)
}

// centerGeometry fills halfDist and nextHalf for centers.
func (st *elkanState) centerGeometry(centers []float64, d int) {
	k := st.k
	for a := 0; a < k; a++ {
		st.halfDist[a*k+a] = 0
		for b := a + 1; b < k; b++ {
			h := dist(centers[a*d:(a+1)*d], centers[b*d:(b+1)*d]) / 2
			st.halfDist[a*k+b] = h
			st.halfDist[b*k+a] = h
		}
	}
	for a := 0; a < k; a++ {
		m := math.Inf(1)
		for b := 0; b < k; b++ {
			if b != a && st.halfDist[a*k+b] < m {
				m = st.halfDist[a*k+b]
			}
		}
		if k == 1 {
			m = 0
		}
		st.nextHalf[a] = m
	}
}

// elkan runs Elkan's accelerated k-means from centers, with the same
// stopping rules as lloyd (scikit-learn's _kmeans_single_elkan).
func (ws *workspace) elkan(ctx context.Context, centers []float64, maxIter int, tol float64, rep progress.Reporter, run int) (*runResult, error) {
	k, d, n := len(centers)/ws.d, ws.d, ws.n
	ws.ensureBuffers(k, k)
	st := &elkanState{
		k:        k,
		upper:    make([]float64, n),
		lower:    make([]float64, n*k),
		halfDist: make([]float64, k*k),
		nextHalf: make([]float64, k),
	}
	labels := make([]int, n)
	centersNew := make([]float64, k*d)
	sums := make([]float64, k*d)
	counts := make([]float64, k)
	tmpSums := make([]float64, k*d)
	tmpCounts := make([]float64, k)
	shift := make([]float64, k)

	st.centerGeometry(centers, d)
	ws.elkanInitBounds(st, centers, labels)
	ws.fullSums(labels, sums, counts)

	res := &runResult{}
	strict := false
	i := 0
	for ; i < maxIter; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		changed := ws.elkanStep(st, centers, labels, true)
		ws.applyDeltas(sums, counts)
		ws.newCenters(centers, centersNew, sums, counts, tmpSums, tmpCounts, labels)
		tot := centerShift(centers, centersNew, shift, d)
		ws.elkanShiftBounds(st, shift, labels)
		st.centerGeometry(centersNew, d)
		centers, centersNew = centersNew, centers
		rep.Update(run, progress.Metric{Name: "iteration", Value: float64(i + 1)},
			progress.Metric{Name: "center_shift", Value: tot})
		// The first iteration never converges strictly: scikit-learn compares
		// with labels_old = -1 there.
		if changed == 0 && i > 0 {
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
		ws.elkanStep(st, centers, labels, false)
	}
	res.centers = centers
	res.labels = labels
	res.iterations = i + 1
	res.inertia = ws.inertia(centers, labels)
	return res, nil
}

// elkanInitBounds assigns each sample to its nearest centre, computing only
// the distances that Lemma 1 of Elkan (2003) cannot rule out, and sets the
// bounds (scikit-learn's init_bounds_dense).
func (ws *workspace) elkanInitBounds(st *elkanState, centers []float64, labels []int) {
	k := st.k
	cNorm := rowNorms(centers, k, ws.d)
	par.For(len(ws.parts), func(p int) {
		part := &ws.parts[p]
		r0, _ := ws.chunkRows(part.c0)
		_, r1 := ws.chunkRows(part.c1 - 1)
		for i := r0; i < r1; i++ {
			lower := st.lower[i*k : (i+1)*k]
			best := 0
			minD := ws.distTo(i, centers, cNorm, 0)
			lower[0] = minD
			for j := 1; j < k; j++ {
				if minD > st.halfDist[best*k+j] {
					dj := ws.distTo(i, centers, cNorm, j)
					lower[j] = dj
					if dj < minD {
						minD, best = dj, j
					}
				}
			}
			labels[i] = best
			st.upper[i] = minD
		}
	})
}

// elkanStep is one assignment pass of Elkan (2003), Sec. 3, steps 1–3, as
// scikit-learn's _update_chunk_dense: a sample keeps its label without any
// distance computation when its upper bound is within half the distance from
// its centre to the nearest other centre; otherwise only the centres that
// neither its lower bounds nor the centre–centre distances rule out are
// measured. With update set, samples that change cluster are recorded in
// their partition's deltas (see applyDeltas). It returns how many labels
// changed.
func (ws *workspace) elkanStep(st *elkanState, centers []float64, labels []int, update bool) int {
	k, d := st.k, ws.d
	cNorm := rowNorms(centers, k, d)
	par.For(len(ws.parts), func(p int) {
		part := &ws.parts[p]
		if update {
			clear(part.sums[:k*d])
			clear(part.counts[:k])
		}
		changed := 0
		r0, _ := ws.chunkRows(part.c0)
		_, r1 := ws.chunkRows(part.c1 - 1)
		for i := r0; i < r1; i++ {
			x := ws.row(i)
			label := labels[i]
			if !(st.nextHalf[label] >= st.upper[i]) {
				ub := st.upper[i]
				lower := st.lower[i*k : (i+1)*k]
				tight := false
				for j := 0; j < k; j++ {
					if j != label && ub > lower[j] && ub > st.halfDist[label*k+j] {
						if !tight {
							ub = ws.distTo(i, centers, cNorm, label)
							lower[label] = ub
							tight = true
						}
						if ub > lower[j] || ub > st.halfDist[label*k+j] {
							dj := ws.distTo(i, centers, cNorm, j)
							lower[j] = dj
							if dj < ub {
								label, ub = j, dj
							}
						}
					}
				}
				if old := labels[i]; label != old {
					changed++
					labels[i] = label
					if update {
						part.moveSample(x, old, label, d)
					}
				}
				st.upper[i] = ub
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

// elkanShiftBounds moves the bounds by how far the centres moved (Elkan
// 2003, Sec. 3, steps 5–6).
func (ws *workspace) elkanShiftBounds(st *elkanState, shift []float64, labels []int) {
	k := st.k
	par.For(len(ws.parts), func(p int) {
		part := &ws.parts[p]
		r0, _ := ws.chunkRows(part.c0)
		_, r1 := ws.chunkRows(part.c1 - 1)
		for i := r0; i < r1; i++ {
			st.upper[i] += shift[labels[i]]
			lower := st.lower[i*k : (i+1)*k]
			for j, s := range shift {
				// math.Max(0, v) without its call (math.Max is assembly,
				// never inlined, and this loop runs n·K times an iteration):
				// v ≤ 0, -0 included, gives +0 and NaN stays NaN, as Max.
				if v := lower[j] - s; v <= 0 {
					lower[j] = 0
				} else {
					lower[j] = v
				}
			}
		}
	})
}
