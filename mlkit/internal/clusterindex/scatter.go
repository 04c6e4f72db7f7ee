package clusterindex

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/vec"
)

// centroids returns the per-cluster means of the grouped rows (k×d, in
// label-id order), summing each cluster's rows in sample order as numpy's
// mean does up to summation order.
func (g *Grouped) centroids() *mat.Dense {
	C := mat.NewDense(g.k, g.d, nil)
	for c := range g.k {
		row := C.RawRowView(c)
		for r := g.start[c]; r < g.start[c+1]; r++ {
			for j, v := range g.row(r) {
				row[j] += v
			}
		}
		inv := float64(g.size(c))
		for j := range row {
			row[j] /= inv
		}
	}
	return C
}

func dist(a, b []float64) float64 { return math.Sqrt(vec.SqDist(a, b)) }

// DaviesBouldin is metrics.DaviesBouldin on checked data (Davies &
// Bouldin 1979, definition 5 with q = 1, p = 2).
func (g *Grouped) DaviesBouldin() float64 {
	C := g.centroids()
	intra := make([]float64, g.k)
	allIntraZero := true
	for c := range g.k {
		cr := C.RawRowView(c)
		var s float64
		for r := g.start[c]; r < g.start[c+1]; r++ {
			s += dist(g.row(r), cr)
		}
		intra[c] = s / float64(g.size(c))
		allIntraZero = allIntraZero && math.Abs(intra[c]) <= 1e-8
	}
	cd := make([]float64, g.k*g.k)
	allCentZero := true
	for i := range g.k {
		for j := range g.k {
			if i != j {
				cd[i*g.k+j] = dist(C.RawRowView(i), C.RawRowView(j))
			}
			allCentZero = allCentZero && math.Abs(cd[i*g.k+j]) <= 1e-8
		}
	}
	if allIntraZero || allCentZero {
		return 0
	}
	var sum float64
	for i := range g.k {
		m := math.Inf(-1)
		for j := range g.k {
			dd := cd[i*g.k+j]
			if dd == 0 {
				dd = math.Inf(1) // sklearn: zero distances (and the diagonal) become inf
			}
			m = max(m, (intra[i]+intra[j])/dd)
		}
		sum += m
	}
	return sum / float64(g.k)
}

// CalinskiHarabasz is metrics.CalinskiHarabasz on checked data (Caliński &
// Harabasz 1974, eq. 3).
func (g *Grouped) CalinskiHarabasz() float64 {
	mean := make([]float64, g.d)
	for r := range g.n {
		for j, v := range g.x.RawRowView(r) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(g.n)
		mean[j] *= g.scale
	}
	C := g.centroids()
	var extra, intra float64
	for c := range g.k {
		cr := C.RawRowView(c)
		var s float64
		for j, v := range cr {
			dv := v - mean[j]
			s += dv * dv
		}
		extra += float64(g.size(c)) * s
		for r := g.start[c]; r < g.start[c+1]; r++ {
			for j, v := range g.row(r) {
				dv := v - cr[j]
				intra += dv * dv
			}
		}
	}
	// W = 0 gives the documented 1. Identical rows leave W as rounding noise
	// of the centroids (a few ulps of X's magnitude per entry), which would
	// make the ratio noise too: count that as 0.
	const eps = 0x1p-52
	noise := 16 * eps * g.big
	if intra <= float64(g.n*g.d)*noise*noise {
		return 1
	}
	return extra * float64(g.n-g.k) / (intra * float64(g.k-1))
}
