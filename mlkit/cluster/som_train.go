package cluster

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// hexRowHeight is MiniSom's Y_HEX_CONV_FACTOR, (3/2)/√3 = √3/2: the distance
// between two columns of a hexagonal map, so that the six neighbours of a
// unit are all at distance 1.
var hexRowHeight = (3.0 / 2.0) / math.Sqrt(3)

// somPosition returns the position of unit (r, c) on the map plane, as
// MiniSom's get_euclidean_coordinates: (r, c) on a rectangular map; on a
// hexagonal one, every other column counted from the last is moved by −½
// along r (MiniSom's xx[::-2] -= 0.5 on its meshgrid) and columns are √3/2
// apart.
func somPosition(r, c, cols int, topo Topology) (x, y float64) {
	if topo != Hex {
		return float64(r), float64(c)
	}
	return float64(r) - hexShift(c, cols), float64(c) * hexRowHeight
}

// hexShift is ½ on the shifted columns of a hexagonal map, else 0.
func hexShift(c, cols int) float64 {
	if (cols-1-c)%2 == 0 {
		return 0.5
	}
	return 0
}

// somNeighbors lists the grid neighbours of every unit: the 8 surrounding
// units on a rectangular map (as MiniSom's distance_map and its 1.42 cut in
// topographic_error), the units at distance 1 on a hexagonal one (as its
// isclose(1, ·) in topographic_error). MiniSom's distance_map uses fixed
// offsets for hexagonal maps that match the positions only when Cols is odd;
// deriving the neighbours from the positions keeps the two consistent.
func somNeighbors(rows, cols int, topo Topology) [][]int {
	nb := make([][]int, rows*cols)
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			x, y := somPosition(r, c, cols, topo)
			for dr := -1; dr <= 1; dr++ {
				for dc := -1; dc <= 1; dc++ {
					r2, c2 := r+dr, c+dc
					if (dr == 0 && dc == 0) || r2 < 0 || r2 >= rows || c2 < 0 || c2 >= cols {
						continue
					}
					if topo == Hex {
						x2, y2 := somPosition(r2, c2, cols, topo)
						if math.Abs(math.Hypot(x2-x, y2-y)-1) > 1e-8 {
							continue
						}
					}
					nb[r*cols+c] = append(nb[r*cols+c], r2*cols+c2)
				}
			}
		}
	}
	return nb
}

// pcaWeights is MiniSom's pca_weights_init: unit (r, c) gets
// mean + a_r·v₁ + b_c·v₂, a and b evenly spaced in [−1, 1] (numpy's
// linspace, so a single row or column sits at −1), v₁ and v₂ the unit
// eigenvectors of the two largest eigenvalues of the sample covariance
// (denominator n−1). An eigenvector's sign is arbitrary; each is turned so
// that its largest-magnitude component is positive, for reproducibility.
func pcaWeights(X *mat.Dense, rows, cols int) *mat.Dense {
	n, d := X.Dims()
	mean := make([]float64, d)
	for i := 0; i < n; i++ {
		for j, v := range X.RawRowView(i) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	var cov mat.SymDense
	if n > 1 {
		stat.CovarianceMatrix(&cov, X, nil)
	} else {
		cov = *mat.NewSymDense(d, nil)
	}
	var eig mat.EigenSym
	var v1, v2 []float64
	if eig.Factorize(&cov, true) {
		var vecs mat.Dense
		eig.VectorsTo(&vecs)
		// Ascending eigenvalues: the last two columns are the principal axes.
		v1 = signFixed(mat.Col(nil, d-1, &vecs))
		v2 = signFixed(mat.Col(nil, d-2, &vecs))
	} else {
		// Unreachable for finite X; fall back to the first two axes.
		v1, v2 = make([]float64, d), make([]float64, d)
		v1[0], v2[1] = 1, 1
	}
	W := mat.NewDense(rows*cols, d, nil)
	for r := 0; r < rows; r++ {
		a := linspace(r, rows)
		for c := 0; c < cols; c++ {
			b := linspace(c, cols)
			w := W.RawRowView(r*cols + c)
			for j := range w {
				w[j] = mean[j] + a*v1[j] + b*v2[j]
			}
		}
	}
	return W
}

// linspace is numpy's linspace(-1, 1, n)[i].
func linspace(i, n int) float64 {
	if n == 1 {
		return -1
	}
	return -1 + 2*float64(i)/float64(n-1)
}

func signFixed(v []float64) []float64 {
	k := 0
	for j := range v {
		if math.Abs(v[j]) > math.Abs(v[k]) {
			k = j
		}
	}
	if v[k] < 0 {
		for j := range v {
			v[j] = -v[j]
		}
	}
	return v
}

// somTrainer holds the per-step scratch of the online updates. The Gaussian
// exp(−‖p_u − p_b‖²/(2σ²)) factors into a row term and a column term, so a
// step costs Rows + Cols exponentials (twice Rows on a hexagonal map, for the
// shifted and the unshifted columns), not one per unit.
type somTrainer struct {
	w            []float64 // Rows·Cols × d, row-major (the model's weights)
	d            int
	rows, cols   int
	cfg          somConfig
	shift        []float64 // per column: 0, or ½ on the shifted columns of a Hex map
	colPos       []float64 // per column: its coordinate on the map
	ax0, ax1, ay []float64 // row factors (unshifted, shifted columns) and column factors
}

func newSOMTrainer(m *SOMModel, cfg somConfig) *somTrainer {
	_, d := m.Weights.Dims()
	tr := &somTrainer{
		w: m.Weights.RawMatrix().Data, d: d, rows: cfg.Rows, cols: cfg.Cols, cfg: cfg,
		shift: make([]float64, cfg.Cols), colPos: make([]float64, cfg.Cols),
		ax0: make([]float64, cfg.Rows), ax1: make([]float64, cfg.Rows), ay: make([]float64, cfg.Cols),
	}
	for c := 0; c < cfg.Cols; c++ {
		if cfg.Topology == Hex {
			tr.shift[c] = hexShift(c, cfg.Cols)
		}
		_, tr.colPos[c] = somPosition(0, c, cfg.Cols, cfg.Topology)
	}
	return tr
}

// bmu returns the unit nearest x (squared Euclidean distance; the first one
// on ties, as numpy's argmin).
func bmuOf(w []float64, d int, x []float64) int {
	best, bestD := 0, math.Inf(1)
	units := len(w) / d
	for u := 0; u < units; u++ {
		wu := w[u*d : u*d+d]
		s := 0.0
		for j, v := range x[:d] {
			e := v - wu[j]
			s += e * e
		}
		if s < bestD {
			best, bestD = u, s
		}
	}
	return best
}

// step applies the update of iteration t with sample x.
func (tr *somTrainer) step(x []float64, t int) {
	b := bmuOf(tr.w, tr.d, x)
	eta, sigma := tr.cfg.Decay.rates(tr.cfg.LearningRate, tr.cfg.Sigma, t, tr.cfg.Iterations)
	tr.neighborhood(b, sigma)
	d := tr.d
	for r := 0; r < tr.rows; r++ {
		a0, a1 := tr.ax0[r], tr.ax1[r]
		if a0 == 0 && a1 == 0 {
			continue
		}
		for c := 0; c < tr.cols; c++ {
			a := a0
			if tr.shift[c] != 0 {
				a = a1
			}
			// MiniSom's order: (ax·ay)·η.
			g := a * tr.ay[c] * eta
			if g == 0 {
				continue
			}
			u := r*tr.cols + c
			wu := tr.w[u*d : u*d+d]
			for j, v := range x[:d] {
				wu[j] += g * (v - wu[j])
			}
		}
	}
}

// neighborhood fills ax0, ax1 and ay for best-matching unit b at spread
// sigma.
func (tr *somTrainer) neighborhood(b int, sigma float64) {
	rb, cb := b/tr.cols, b%tr.cols
	if tr.cfg.Neighborhood == Bubble {
		for r := range tr.ax0 {
			tr.ax0[r] = 0
			if math.Abs(float64(r-rb)) < sigma {
				tr.ax0[r] = 1
			}
			tr.ax1[r] = tr.ax0[r]
		}
		for c := range tr.ay {
			tr.ay[c] = 0
			if math.Abs(float64(c-cb)) < sigma {
				tr.ay[c] = 1
			}
		}
		return
	}
	den := 2 * sigma * sigma
	xb := float64(rb) - tr.shift[cb]
	for r := range tr.ax0 {
		tr.ax0[r] = gauss(float64(r)-xb, den)
		if tr.cfg.Topology == Hex {
			tr.ax1[r] = gauss(float64(r)-0.5-xb, den)
		}
	}
	for c := range tr.ay {
		tr.ay[c] = gauss(tr.colPos[c]-tr.colPos[cb], den)
	}
}

// gauss is exp(−δ²/den), 1 at δ = 0 even when den underflows to zero (a tiny
// σ would otherwise give 0/0).
func gauss(delta, den float64) float64 {
	if delta == 0 {
		return 1
	}
	return math.Exp(-delta * delta / den)
}
