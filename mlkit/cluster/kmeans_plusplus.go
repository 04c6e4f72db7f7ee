package cluster

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
)

// kmeansPlusPlus picks K initial centres by greedy k-means++ (Arthur &
// Vassilvitskii 2007, Sec. 2.2; the greedy variant of their Sec. 6 as
// scikit-learn's _kmeans_plusplus): the first centre is a uniformly drawn
// sample; each next one is the best of 2+⌊ln K⌋ candidates drawn with
// probability proportional to the squared distance to the nearest centre so
// far, "best" meaning the candidate that leaves the smallest potential (sum
// of squared distances to the nearest centre).
func (ws *workspace) kmeansPlusPlus(k int, rng *rand.Rand) []float64 {
	n, d := ws.n, ws.d
	trials := 2 + int(math.Log(float64(k)))
	ws.ensureBuffers(k, trials)
	centers := make([]float64, k*d)

	closest := make([]float64, n)
	for i := range closest {
		closest[i] = math.Inf(1)
	}
	cand := make([]int, trials)
	candRows := make([]float64, trials*d)
	newClosest := make([][]float64, trials)
	for t := range newClosest {
		newClosest[t] = make([]float64, n)
	}
	cum := make([]float64, n)

	first := rng.IntN(n)
	copy(centers[:d], ws.row(first))
	pot := ws.candidatePotentials([]int{first}, closest, candRows, newClosest[:1])
	copy(closest, newClosest[0])
	current := pot[0]

	for c := 1; c < k; c++ {
		var s float64
		for i, v := range closest {
			s += v
			cum[i] = s
		}
		for t := range cand {
			r := rng.Float64() * current
			// np.searchsorted(cumsum, r), side="left", clipped to n-1.
			cand[t] = min(sort.SearchFloat64s(cum, r), n-1)
		}
		pot := ws.candidatePotentials(cand, closest, candRows, newClosest)
		best := 0
		for t := range pot {
			if pot[t] < pot[best] {
				best = t
			}
		}
		current = pot[best]
		closest, newClosest[best] = newClosest[best], closest
		copy(centers[c*d:(c+1)*d], ws.row(cand[best]))
	}
	return centers
}

// candidatePotentials computes, for each candidate sample cand[t],
// out[t][i] = min(closest[i], ‖x_i − x_cand[t]‖²) and returns the potentials
// Σ_i out[t][i], summed per partition and reduced in partition order. The
// squared distances use the norm expansion and a matrix product, clipped
// at zero, as scikit-learn's euclidean_distances.
func (ws *workspace) candidatePotentials(cand []int, closest, candRows []float64, out [][]float64) []float64 {
	d, m := ws.d, len(cand)
	for t, c := range cand {
		copy(candRows[t*d:(t+1)*d], ws.row(c))
	}
	partPot := make([]float64, len(ws.parts)*m)
	par.For(len(ws.parts), func(p int) {
		part := &ws.parts[p]
		pp := partPot[p*m : (p+1)*m]
		for c := part.c0; c < part.c1; c++ {
			r0, r1 := ws.chunkRows(c)
			chunk := ws.chunkDots(r0, r1, candRows, m, part.dist)
			for i := r0; i < r1; i++ {
				dots := chunk[(i-r0)*m : (i-r0+1)*m]
				c := closest[i]
				for t, dot := range dots {
					// math.Min(math.Max(0, v), c) inlined: v ≤ 0 gives +0,
					// and a NaN on either side stays NaN.
					v := ws.xNorm[i] + ws.xNorm[cand[t]] - 2*dot
					if v <= 0 {
						v = 0
					}
					if c < v || c != c {
						v = c
					}
					out[t][i] = v
					pp[t] += v
				}
			}
		}
	})
	pot := make([]float64, m)
	for p := range ws.parts {
		for t := range pot {
			pot[t] += partPot[p*m+t]
		}
	}
	return pot
}
