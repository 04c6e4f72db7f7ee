package metrics

import (
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/clusterindex"
	"gonum.org/v1/gonum/mat"
)

// encode maps arbitrary non-negative label ids to 0..k-1 in increasing id
// order (as numpy.unique / LabelEncoder do), returning the codes and the ids.
func encode(y []int) (codes []int, ids []int) { return clusterindex.Encode(y) }

// checkPair validates a pair of labelings: same non-zero length, no negative ids.
func checkPair(where string, truth, pred []int) error {
	if err := check.SameLen(where, "truth", truth, "pred", pred); err != nil {
		return err
	}
	if _, _, err := check.Labels(where, "truth", truth, len(truth)); err != nil {
		return err
	}
	if _, _, err := check.Labels(where, "pred", pred, len(pred)); err != nil {
		return err
	}
	return nil
}

// table is the integer contingency table used by the external indices.
type table struct {
	n          int
	counts     [][]int64 // [class][cluster]
	rows, cols []int64   // class sizes, cluster sizes
	rowIDs     []int
	colIDs     []int
}

func newTable(truth, pred []int) *table {
	tc, tids := encode(truth)
	pc, pids := encode(pred)
	t := &table{
		n:      len(truth),
		counts: make([][]int64, len(tids)),
		rows:   make([]int64, len(tids)),
		cols:   make([]int64, len(pids)),
		rowIDs: tids,
		colIDs: pids,
	}
	flat := make([]int64, len(tids)*len(pids))
	for i := range t.counts {
		t.counts[i] = flat[i*len(pids) : (i+1)*len(pids)]
	}
	for i := range tc {
		t.counts[tc[i]][pc[i]]++
		t.rows[tc[i]]++
		t.cols[pc[i]]++
	}
	return t
}

// ContingencyTable counts how many samples of each class fall in each
// cluster. Rows are classes (truth ids in increasing order, RowIDs), columns
// are clusters (pred ids in increasing order, ColIDs), as
// sklearn.metrics.cluster.contingency_matrix.
type ContingencyTable struct {
	Counts *mat.Dense
	RowIDs []int
	ColIDs []int
}

// Contingency builds the class × cluster count table of two labelings.
func Contingency(truth, pred []int) (*ContingencyTable, error) {
	if err := checkPair("metrics: Contingency", truth, pred); err != nil {
		return nil, err
	}
	t := newTable(truth, pred)
	c := mat.NewDense(len(t.rowIDs), len(t.colIDs), nil)
	for i, r := range t.counts {
		for j, v := range r {
			c.Set(i, j, float64(v))
		}
	}
	return &ContingencyTable{Counts: c, RowIDs: t.rowIDs, ColIDs: t.colIDs}, nil
}

// entropyOf is sklearn.metrics.cluster.entropy on the class sizes.
func entropyOf(sizes []int64) float64 {
	if len(sizes) == 1 {
		return 0
	}
	var sum float64
	for _, s := range sizes {
		sum += float64(s)
	}
	lsum := math.Log(sum)
	var h float64
	for _, s := range sizes {
		p := float64(s)
		h += (p / sum) * (math.Log(p) - lsum)
	}
	return -h
}

// checkDense is check.Matrix for a *mat.Dense, catching a typed nil (which
// the interface comparison inside check.Matrix does not see).
func checkDense(where, name string, X *mat.Dense) error {
	if X == nil {
		return check.Errorf(where, check.ErrEmpty, "%s is nil", name)
	}
	return check.Matrix(where, name, X)
}
