package metrics

import "math"

// Alignment maps cluster ids to class ids by the one-to-one matching that
// maximises the number of agreeing samples.
type Alignment struct {
	// Mapping sends each cluster id of pred to its matched class id, or to -1
	// when the cluster is left unmatched (more clusters than classes).
	Mapping map[int]int
	// Accuracy is the matched accuracy: samples whose cluster is matched to
	// their own class, divided by n. Samples in unmatched clusters count as
	// wrong (the usual "clustering accuracy" of the deep-clustering
	// literature, and scipy.optimize.linear_sum_assignment's optimum / n).
	Accuracy float64
}

// Apply relabels pred with the mapping: cluster ids become class ids;
// unmatched clusters and ids the alignment has not seen become -1.
func (a *Alignment) Apply(pred []int) []int {
	out := make([]int, len(pred))
	for i, c := range pred {
		if m, ok := a.Mapping[c]; ok {
			out[i] = m
		} else {
			out[i] = -1
		}
	}
	return out
}

// AlignLabels matches clusters to classes one to one so that the number of
// samples whose cluster is matched to their class is largest, solved exactly
// by the Hungarian method (Kuhn 1955; Munkres 1957) in O(r²c) time for an
// r × c contingency table. The numbers of classes and clusters may differ:
// with more clusters than classes the extra clusters map to -1; with more
// classes than clusters some classes get no cluster. Among several optimal
// matchings the one found is deterministic but unspecified.
func AlignLabels(truth, pred []int) (*Alignment, error) {
	if err := checkPair("metrics: AlignLabels", truth, pred); err != nil {
		return nil, err
	}
	t := newTable(truth, pred)
	R, C := len(t.rows), len(t.cols)
	// The solver wants rows ≤ columns; transpose when there are more classes.
	transposed := R > C
	nr, nc := R, C
	if transposed {
		nr, nc = C, R
	}
	cost := make([][]int64, nr)
	for i := range cost {
		cost[i] = make([]int64, nc)
		for j := range cost[i] {
			if transposed {
				cost[i][j] = -t.counts[j][i]
			} else {
				cost[i][j] = -t.counts[i][j]
			}
		}
	}
	rowTo := hungarian(cost)
	a := &Alignment{Mapping: make(map[int]int, C)}
	for _, id := range t.colIDs {
		a.Mapping[id] = -1
	}
	var matched int64
	for i, j := range rowTo {
		cl, cs := i, j // class index, cluster index
		if transposed {
			cl, cs = j, i
		}
		a.Mapping[t.colIDs[cs]] = t.rowIDs[cl]
		matched += t.counts[cl][cs]
	}
	a.Accuracy = float64(matched) / float64(t.n)
	return a, nil
}

// hungarian solves the rectangular assignment problem min Σ cost[i][p(i)]
// over injective p for an n × m matrix with n ≤ m, by the shortest
// augmenting path form of the Kuhn–Munkres algorithm with row and column
// potentials (one Dijkstra-like pass per row, O(n²m) in all). It returns
// the column assigned to each row. Integer costs keep it exact.
func hungarian(cost [][]int64) []int {
	n := len(cost)
	if n == 0 {
		return nil
	}
	m := len(cost[0])
	const inf = math.MaxInt64 / 4
	// 1-based arrays; column 0 is the virtual start of each augmenting path.
	u := make([]int64, n+1)
	v := make([]int64, m+1)
	p := make([]int, m+1) // p[j] = row matched to column j (0 = free)
	way := make([]int, m+1)
	minv := make([]int64, m+1)
	used := make([]bool, m+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j] = inf
			used[j] = false
		}
		for {
			used[j0] = true
			i0 := p[j0]
			delta := int64(inf)
			j1 := 0
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				cur := cost[i0-1][j-1] - u[i0] - v[j]
				if cur < minv[j] {
					minv[j] = cur
					way[j] = j0
				}
				if minv[j] < delta {
					delta = minv[j]
					j1 = j
				}
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		// Flip the augmenting path.
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	rowTo := make([]int, n)
	for j := 1; j <= m; j++ {
		if p[j] != 0 {
			rowTo[p[j]-1] = j - 1
		}
	}
	return rowTo
}
