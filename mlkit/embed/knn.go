package embed

import (
	"sort"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/vec"
	"gonum.org/v1/gonum/mat"
)

// knn returns the k nearest neighbours of every row of X among the other
// rows (n×k indices, nearest first, ties by index) and their squared
// Euclidean distances: blocked distance rows from one GEMM each, over all
// cores, with a bounded max-heap per row. Exact and O(n²d); enough for the
// few thousand points t-SNE is run on here.
func knn(X *mat.Dense, k int) ([]int32, []float64) {
	n, _ := X.Dims()
	norms := vec.RowSqNorms(X)
	idx := make([]int32, n*k)
	dist := make([]float64, n*k)
	const block = 64
	parallelFor(n, block, func(lo, hi int) {
		D := mat.NewDense(hi-lo, n, nil)
		sqDistRows(X, norms, lo, hi, D)
		h := make(nbHeap, 0, k)
		for i := lo; i < hi; i++ {
			h = h[:0]
			row := D.RawRowView(i - lo)
			for j, d := range row {
				if j == i {
					continue
				}
				if len(h) < k {
					h.push(nb{d, int32(j)})
				} else if less(nb{d, int32(j)}, h[0]) {
					h[0] = nb{d, int32(j)}
					h.down(0)
				}
			}
			s := append([]nb(nil), h...)
			sort.Slice(s, func(a, b int) bool { return less(s[a], s[b]) })
			for t, e := range s {
				idx[i*k+t] = e.j
				dist[i*k+t] = e.d
			}
		}
	})
	return idx, dist
}

type nb struct {
	d float64
	j int32
}

func less(a, b nb) bool { return a.d < b.d || (a.d == b.d && a.j < b.j) }

// nbHeap is a max-heap on (d, j): the root is the farthest kept neighbour.
type nbHeap []nb

func (h *nbHeap) push(e nb) {
	*h = append(*h, e)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !less(s[p], s[i]) {
			break
		}
		s[p], s[i] = s[i], s[p]
		i = p
	}
}

func (h nbHeap) down(i int) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && less(h[l], h[r]) {
			m = r
		}
		if !less(h[i], h[m]) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}
