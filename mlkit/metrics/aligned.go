package metrics

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// ClusterOf returns the cluster matched to class, or -1 when no cluster is
// (more classes than clusters, or a class the alignment has not seen).
// Among the mapping's clusters the smallest id wins, so the answer does not
// depend on map order.
func (a *Alignment) ClusterOf(class int) int {
	best := -1
	for c, d := range a.Mapping {
		if d == class && (best < 0 || c < best) {
			best = c
		}
	}
	return best
}

// AlignedTable is the class × cluster contingency table with its columns
// ordered by the Hungarian alignment: column j holds the cluster matched to
// class RowIDs[j], so agreement lies on the diagonal and a figure reads
// like a confusion matrix; clusters matched to no class come last.
type AlignedTable struct {
	// Counts[i][j] is the number of samples of class RowIDs[i] in cluster
	// ColIDs[j].
	Counts *mat.Dense
	// RowIDs are the class ids in increasing order.
	RowIDs []int
	// ColIDs are the cluster ids in column order.
	ColIDs []int
	// Matched[j] is the row whose class cluster ColIDs[j] is matched to,
	// or -1 for an unmatched cluster.
	Matched []int
	// Alignment is AlignLabels' result.
	Alignment *Alignment
}

// AlignedContingency builds the contingency table of truth (rows) against
// pred (columns), columns ordered by AlignLabels' matching.
func AlignedContingency(truth, pred []int) (*AlignedTable, error) {
	ct, err := Contingency(truth, pred)
	if err != nil {
		return nil, fmt.Errorf("metrics: AlignedContingency: %w", err)
	}
	a, err := AlignLabels(truth, pred)
	if err != nil {
		return nil, err
	}
	colOf := make(map[int]int, len(ct.ColIDs)) // cluster id → column of ct
	for j, c := range ct.ColIDs {
		colOf[c] = j
	}
	t := &AlignedTable{RowIDs: ct.RowIDs, Alignment: a}
	used := make(map[int]bool)
	for i, d := range ct.RowIDs {
		if c := a.ClusterOf(d); c >= 0 {
			t.ColIDs = append(t.ColIDs, c)
			t.Matched = append(t.Matched, i)
			used[c] = true
		}
	}
	for _, c := range ct.ColIDs {
		if !used[c] {
			t.ColIDs = append(t.ColIDs, c)
			t.Matched = append(t.Matched, -1)
		}
	}
	r := len(ct.RowIDs)
	t.Counts = mat.NewDense(r, len(t.ColIDs), nil)
	for j, c := range t.ColIDs {
		for i := range r {
			t.Counts.Set(i, j, ct.Counts.At(i, colOf[c]))
		}
	}
	return t, nil
}

// RowNames are the class ids as strings, or names[id] when names covers them.
func (t *AlignedTable) RowNames(names ...string) []string {
	out := make([]string, len(t.RowIDs))
	for i, d := range t.RowIDs {
		out[i] = className(d, names)
	}
	return out
}

// ColNames name the columns "c3→5" (cluster 3, matched to class 5) or "c7"
// for an unmatched cluster; names, when given, name the classes.
func (t *AlignedTable) ColNames(names ...string) []string {
	out := make([]string, len(t.ColIDs))
	for j, c := range t.ColIDs {
		out[j] = fmt.Sprintf("c%d", c)
		if m := t.Matched[j]; m >= 0 {
			out[j] += "→" + className(t.RowIDs[m], names)
		}
	}
	return out
}

func className(id int, names []string) string {
	if id >= 0 && id < len(names) {
		return names[id]
	}
	return fmt.Sprint(id)
}

// MatchedShare returns, for column j, the share of cluster ColIDs[j]'s
// samples that belong to its matched class (0 for an unmatched or empty
// cluster): the cluster's purity with respect to the class it stands for.
func (t *AlignedTable) MatchedShare(j int) float64 {
	m := t.Matched[j]
	if m < 0 {
		return 0
	}
	var tot float64
	for i := range t.RowIDs {
		tot += t.Counts.At(i, j)
	}
	if tot == 0 {
		return 0
	}
	return t.Counts.At(m, j) / tot
}

// Worst returns the column of the matched cluster whose matched class has
// the smallest share of it (MatchedShare), and the class that is most
// common in it instead: the cluster "matched to the wrong digit" that a
// figure of its members explains.
func (t *AlignedTable) Worst() (col, majority int) {
	col, best := -1, 2.0
	for j := range t.ColIDs {
		if t.Matched[j] < 0 {
			continue
		}
		if s := t.MatchedShare(j); s < best {
			col, best = j, s
		}
	}
	if col < 0 {
		return -1, -1
	}
	arg := 0
	for i := range t.RowIDs {
		if t.Counts.At(i, col) > t.Counts.At(arg, col) {
			arg = i
		}
	}
	return col, t.RowIDs[arg]
}
