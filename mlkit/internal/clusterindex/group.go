package clusterindex

import (
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// Data is a matrix whose rows are to be scored under several labelings,
// with what every labeling shares: the largest magnitude and the power of
// two that keeps squared distances inside float64's range.
type Data struct {
	x     *mat.Dense
	big   float64 // check.MaxAbs(x)
	scale float64 // check.Pow2Scale(big, d)
}

// Prepare returns X for scoring. X must be non-empty and finite (it passed
// check.Matrix) and must not change while the result is in use.
func Prepare(X *mat.Dense) *Data {
	_, d := X.Dims()
	big := check.MaxAbs(X)
	return &Data{x: X, big: big, scale: check.Pow2Scale(big, d)}
}

// Grouped holds the order that sorts X's rows by cluster, so that each
// cluster is one contiguous range of sorted rows, which turns the
// per-cluster distance sums into plain loops over ranges. It is read-only.
type Grouped struct {
	x     *mat.Dense // the caller's X
	n, d  int
	k     int
	xs    *mat.Dense // X·scale with its rows sorted, when scale ≠ 1
	order []int      // sorted row r is X row order[r] (a stable sort)
	start []int      // cluster c occupies sorted rows start[c]..start[c+1]-1
	code  []int      // cluster of sorted row r
	scale float64    // a power of two (1 unless X is huge or tiny)
	big   float64    // the largest |X·scale| entry
}

// Group checks labels as scikit-learn's internal indices do
// (check_number_of_labels: one per row, 2 ≤ distinct labels ≤ n−1), with
// errors prefixed by where, and sorts the rows by cluster.
func (D *Data) Group(where string, labels []int) (*Grouped, error) {
	n, d := D.x.Dims()
	if _, _, err := check.Labels(where, "labels", labels, n); err != nil {
		return nil, err
	}
	codes, ids := Encode(labels)
	k := len(ids)
	if k < 2 || k > n-1 {
		return nil, check.Errorf(where, check.ErrValue, "labels has %d distinct values for %d samples, want 2 to n-1=%d", k, n, n-1)
	}
	g := &Grouped{x: D.x, n: n, d: d, k: k, start: make([]int, k+1), order: make([]int, n), code: make([]int, n)}
	for _, c := range codes {
		g.start[c+1]++
	}
	for c := range k {
		g.start[c+1] += g.start[c]
	}
	next := append([]int(nil), g.start[:k]...)
	for i, c := range codes {
		g.order[next[c]] = i
		g.code[next[c]] = c
		next[c]++
	}
	// The indices are ratios of distances, unchanged when X is scaled: data
	// whose squared distances would overflow or underflow are scaled by a
	// power of two (exact), on a copy. Unscaled rows are read from X itself.
	g.scale, g.big = D.scale, D.big
	if g.scale != 1 {
		g.xs = g.sortedCopy()
		g.xs.Scale(g.scale, g.xs)
		g.big = check.MaxAbs(g.xs)
	}
	return g, nil
}

func (g *Grouped) size(c int) int { return g.start[c+1] - g.start[c] }

// row returns sorted row r (scaled).
func (g *Grouped) row(r int) []float64 {
	if g.xs != nil {
		return g.xs.RawRowView(r)
	}
	return g.x.RawRowView(g.order[r])
}

// sortedCopy returns the n×d matrix of the sorted rows.
func (g *Grouped) sortedCopy() *mat.Dense {
	xs := mat.NewDense(g.n, g.d, nil)
	for r := range g.n {
		copy(xs.RawRowView(r), g.row(r))
	}
	return xs
}

// Encode maps arbitrary non-negative label ids to 0..k-1 in increasing id
// order (as numpy.unique / LabelEncoder do), returning the codes and the ids.
func Encode(y []int) (codes []int, ids []int) {
	maxv := 0
	for _, v := range y {
		if v > maxv {
			maxv = v
		}
	}
	codes = make([]int, len(y))
	// Dense ids (the common case) use a lookup table; sparse ones a map, so
	// a label like 1e9 costs no memory.
	if maxv <= 4*len(y)+1024 {
		idx := make([]int, maxv+1)
		for i := range idx {
			idx[i] = -1
		}
		for _, v := range y {
			idx[v] = 0
		}
		for v, c := range idx {
			if c == 0 {
				idx[v] = len(ids)
				ids = append(ids, v)
			}
		}
		for i, v := range y {
			codes[i] = idx[v]
		}
		return codes, ids
	}
	m := make(map[int]int)
	for _, v := range y {
		m[v] = 0
	}
	for v := range m {
		ids = append(ids, v)
	}
	slices.Sort(ids)
	for i, v := range ids {
		m[v] = i
	}
	for i, v := range y {
		codes[i] = m[v]
	}
	return codes, ids
}
