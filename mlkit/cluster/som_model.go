package cluster

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
)

// SOMModel is a trained self-organizing map. Unit u sits at row u / Cols and
// column u % Cols of the map (MiniSom's unravel_index order).
type SOMModel struct {
	// Weights is Rows·Cols × d: row u is unit u's codebook vector.
	Weights *mat.Dense
	// Rows and Cols are the map's size.
	Rows, Cols int
	// Topology is the map's layout (Rect or Hex).
	Topology Topology
	// Iterations is the number of single-sample updates made.
	Iterations int
}

// somChunk is the number of rows per piece of the parallel loops; fixed, so
// sums are reduced in the same order at any GOMAXPROCS.
const somChunk = 512

// check validates the model itself (a model read back from a file may be
// inconsistent) and X against it.
func (m *SOMModel) check(where string, X *mat.Dense) error {
	if m == nil || m.Weights == nil {
		return check.Errorf(where, check.ErrEmpty, "the model has no Weights")
	}
	u, d := m.Weights.Dims()
	if m.Rows < 1 || m.Cols < 1 || m.Rows*m.Cols != u {
		return check.Errorf(where, check.ErrShape, "Rows=%d, Cols=%d do not match the %d rows of Weights", m.Rows, m.Cols, u)
	}
	if X == nil {
		return nil
	}
	if err := checkCols(where, X, d); err != nil {
		return err
	}
	return checkSOMMatrix(where, X)
}

// Positions returns the Rows·Cols × 2 positions of the units on the map
// plane (MiniSom's get_euclidean_coordinates): (r, c) on a rectangular map,
// (r − ½·s(c), c·√3/2) on a hexagonal one. Neighbourhoods are Gaussian in
// these coordinates.
func (m *SOMModel) Positions() *mat.Dense {
	P := mat.NewDense(m.Rows*m.Cols, 2, nil)
	for r := 0; r < m.Rows; r++ {
		for c := 0; c < m.Cols; c++ {
			x, y := somPosition(r, c, m.Cols, m.Topology)
			P.Set(r*m.Cols+c, 0, x)
			P.Set(r*m.Cols+c, 1, y)
		}
	}
	return P
}

// Neighbors returns the grid neighbours of every unit, the ones the U-matrix
// averages over and the topographic error accepts: 8 per inner unit on a
// rectangular map (diagonals included, as MiniSom), 6 on a hexagonal one.
func (m *SOMModel) Neighbors() [][]int {
	return somNeighbors(m.Rows, m.Cols, m.Topology)
}

// BMU returns the best-matching unit of each row of X: the unit whose
// weights are nearest in Euclidean distance (the lowest index on ties).
func (m *SOMModel) BMU(X *mat.Dense) ([]int, error) {
	const where = "cluster: SOMModel.BMU"
	if err := m.check(where, X); err != nil {
		return nil, err
	}
	out := make([]int, X.RawMatrix().Rows)
	m.forBest(X, func(i, b, _ int, _, _ float64) { out[i] = b })
	return out, nil
}

// Predict returns the unit of each row of X (the same as BMU): the map's
// units are its clusters, Rows·Cols of them.
func (m *SOMModel) Predict(X *mat.Dense) ([]int, error) {
	const where = "cluster: SOMModel.Predict"
	if err := m.check(where, X); err != nil {
		return nil, err
	}
	out := make([]int, X.RawMatrix().Rows)
	m.forBest(X, func(i, b, _ int, _, _ float64) { out[i] = b })
	return out, nil
}

// QuantizationError is the mean Euclidean distance from each row of X to
// its best-matching unit's weights (MiniSom's quantization_error).
func (m *SOMModel) QuantizationError(X *mat.Dense) (float64, error) {
	const where = "cluster: SOMModel.QuantizationError"
	if err := m.check(where, X); err != nil {
		return 0, err
	}
	n := X.RawMatrix().Rows
	dist := make([]float64, n)
	m.forBest(X, func(i, _, _ int, d1, _ float64) { dist[i] = math.Sqrt(d1) })
	s := 0.0
	for _, v := range dist {
		s += v
	}
	return s / float64(n), nil
}

// TopographicError is the fraction of rows of X whose best and second-best
// matching units are not grid neighbours (MiniSom's topographic_error: on a
// rectangular map the two must be within distance 1.42, diagonals count; on
// a hexagonal one at distance 1). It needs at least two units.
func (m *SOMModel) TopographicError(X *mat.Dense) (float64, error) {
	const where = "cluster: SOMModel.TopographicError"
	if err := m.check(where, X); err != nil {
		return 0, err
	}
	if m.Rows*m.Cols < 2 {
		return 0, check.Errorf(where, check.ErrValue, "the map has 1 unit; the topographic error needs at least 2")
	}
	nb := m.Neighbors()
	n := X.RawMatrix().Rows
	bad := make([]bool, n)
	m.forBest(X, func(i, b1, b2 int, _, _ float64) {
		bad[i] = true
		for _, v := range nb[b1] {
			if v == b2 {
				bad[i] = false
				break
			}
		}
	})
	k := 0
	for _, v := range bad {
		if v {
			k++
		}
	}
	return float64(k) / float64(n), nil
}

// ActivationCounts returns the Rows×Cols matrix of how many rows of X each
// unit is the best-matching unit of (MiniSom's activation_response; a hit
// map).
func (m *SOMModel) ActivationCounts(X *mat.Dense) (*mat.Dense, error) {
	const where = "cluster: SOMModel.ActivationCounts"
	if err := m.check(where, X); err != nil {
		return nil, err
	}
	b := make([]int, X.RawMatrix().Rows)
	m.forBest(X, func(i, u, _ int, _, _ float64) { b[i] = u })
	A := mat.NewDense(m.Rows, m.Cols, nil)
	raw := A.RawMatrix().Data
	for _, u := range b {
		raw[u]++
	}
	return A, nil
}

// UMatrix returns the Rows×Cols unified distance matrix: for each unit the
// mean Euclidean distance between its weights and those of its grid
// neighbours (see Neighbors), divided by the largest such mean, so values
// lie in [0, 1]; high values are borders between groups of units (Ultsch &
// Siemon 1990). This is MiniSom's distance_map(scaling='mean'); its default
// scaling='sum' adds the distances instead, which makes edge units, with
// fewer neighbours, look lower. A map whose weights are all equal (or of one
// unit) gives zeros rather than 0/0.
func (m *SOMModel) UMatrix() (*mat.Dense, error) {
	const where = "cluster: SOMModel.UMatrix"
	if err := m.check(where, nil); err != nil {
		return nil, err
	}
	nb := m.Neighbors()
	U := mat.NewDense(m.Rows, m.Cols, nil)
	raw := U.RawMatrix().Data
	hi := 0.0
	for u, list := range nb {
		if len(list) == 0 {
			continue
		}
		wu := m.Weights.RawRowView(u)
		s := 0.0
		for _, v := range list {
			wv := m.Weights.RawRowView(v)
			q := 0.0
			for j := range wu {
				e := wu[j] - wv[j]
				q += e * e
			}
			s += math.Sqrt(q)
		}
		raw[u] = s / float64(len(list))
		hi = math.Max(hi, raw[u])
	}
	if hi > 0 {
		for u := range raw {
			raw[u] /= hi
		}
	}
	return U, nil
}

// forBest calls fn(i, best, second, dBest², dSecond²) for each row i of X,
// in parallel over fixed chunks of rows. second is −1 on a one-unit map.
// Ties go to the lower unit index.
func (m *SOMModel) forBest(X *mat.Dense, fn func(i, b1, b2 int, d1, d2 float64)) {
	n, d := X.Dims()
	w := m.Weights.RawMatrix()
	units := w.Rows
	par.For((n+somChunk-1)/somChunk, func(ch int) {
		for i := ch * somChunk; i < min((ch+1)*somChunk, n); i++ {
			x := X.RawRowView(i)
			b1, b2 := -1, -1
			d1, d2 := math.Inf(1), math.Inf(1)
			for u := 0; u < units; u++ {
				wu := w.Data[u*w.Stride : u*w.Stride+d]
				s := 0.0
				for j, v := range x[:d] {
					e := v - wu[j]
					s += e * e
				}
				switch {
				case s < d1:
					b2, d2 = b1, d1
					b1, d1 = u, s
				case s < d2:
					b2, d2 = u, s
				}
			}
			fn(i, b1, b2, d1, d2)
		}
	})
}
