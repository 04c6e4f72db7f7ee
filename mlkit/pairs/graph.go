package pairs

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/neighbors"
)

// graph is every point's neighbourhood N(i) from the candidate query, the
// point itself included, in compressed rows (indices sorted ascending, as
// int32 to halve the memory of 10⁷-point fields), with the per-point
// statistics the pair features use.
type graph struct {
	n    int
	off  []int   // N(i) = idx[off[i]:off[i+1]]
	idx  []int32 // neighbour indices, sorted within each point
	far  []float64
	mean []float64
	// peak is the largest neighbourhood size among N(i), and nearFar the
	// smallest farthest-neighbour distance among N(i): how dense i's densest
	// neighbour is. DBSCAN's border points have a core point among their
	// neighbours and noise points do not, so this second-order density is
	// what tells a border point from noise.
	peak    []float64
	nearFar []float64
}

// searchChunk is the number of query rows handed to the k-d tree at once, so
// that the tree's [][]int answers never exist for the whole field.
const searchChunk = 1 << 16

// newGraph runs the radius or k-nearest-neighbour query of every row of X
// against X.
func newGraph(X *mat.Dense, q Query, r float64, k int) (*graph, error) {
	n, d := X.Dims()
	tree, err := neighbors.NewKDTree(X)
	if err != nil {
		return nil, err
	}
	g := &graph{n: n, off: make([]int, n+1), far: make([]float64, n), mean: make([]float64, n)}
	for a := 0; a < n; a += searchChunk {
		b := min(a+searchChunk, n)
		Q := X.Slice(a, b, 0, d).(*mat.Dense)
		var nb *neighbors.Neighbors
		if q == Radius {
			nb, err = tree.Radius(Q, r)
		} else {
			nb, err = tree.Search(Q, min(k+1, n))
		}
		if err != nil {
			return nil, err
		}
		for c := range nb.Indices {
			i := a + c
			ids, dist := nb.Indices[c], nb.Distances[c]
			if q == KNN {
				ids, dist = withSelf(i, ids, dist, k)
			}
			s, f := 0.0, 0.0
			for t, j := range ids {
				if j != i {
					s += dist[t]
					f = math.Max(f, dist[t])
				}
			}
			g.far[i] = f
			if len(ids) > 1 {
				g.mean[i] = s / float64(len(ids)-1)
			}
			start := len(g.idx)
			for _, j := range ids {
				g.idx = append(g.idx, int32(j))
			}
			slices.Sort(g.idx[start:])
			g.off[i+1] = len(g.idx)
		}
	}
	g.peak, g.nearFar = make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		p, f := 0, math.Inf(1)
		for _, j := range g.nb(i) {
			p = max(p, g.off[j+1]-g.off[j])
			f = math.Min(f, g.far[j])
		}
		g.peak[i], g.nearFar[i] = float64(p), f
	}
	return g, nil
}

// withSelf makes a k+1-nearest list hold i itself and k others: among
// duplicate points the tree may rank another copy (of smaller index) ahead
// of i, and then i falls off the end.
func withSelf(i int, ids []int, dist []float64, k int) ([]int, []float64) {
	if slices.Contains(ids, i) {
		return ids, dist
	}
	ids = append([]int{i}, ids...)
	dist = append([]float64{0}, dist...)
	if len(ids) > k+1 {
		ids, dist = ids[:k+1], dist[:k+1]
	}
	return ids, dist
}

func (g *graph) nb(i int) []int32 { return g.idx[g.off[i]:g.off[i+1]] }

func (g *graph) has(i, j int) bool {
	_, ok := slices.BinarySearch(g.nb(i), int32(j))
	return ok
}

// forPairs calls fn(j) for the candidate pairs (i, j) that point i owns:
// every neighbour j > i, and every neighbour j < i whose own neighbourhood
// does not hold i (k-nearest-neighbour relations are not symmetric). So each
// unordered pair of points that are neighbours either way is visited once,
// by its smaller end when that end lists the other.
func (g *graph) forPairs(i int, fn func(j int)) {
	for _, j32 := range g.nb(i) {
		j := int(j32)
		if j == i || (j < i && g.has(j, i)) {
			continue
		}
		fn(j)
	}
}

// NumFeatures is the number of pair features (see Features).
const NumFeatures = 15

// features writes the NumFeatures features of pair (i, j) into f, in the
// order documented on Linker.
func (g *graph) features(X *mat.Dense, i, j int, f []float64) {
	xi, xj := X.RawRowView(i), X.RawRowView(j)
	s := 0.0
	for t := range xi {
		e := xi[t] - xj[t]
		s += e * e
	}
	dist := math.Sqrt(s)
	ni, nj := g.nb(i), g.nb(j)
	ci, cj := float64(len(ni)), float64(len(nj))
	shared := float64(intersect(ni, nj))
	mutual := 0.0
	if g.has(i, j) && g.has(j, i) {
		mutual = 1
	}
	farMax := math.Max(g.far[i], g.far[j])
	ratio := 0.0
	if farMax > 0 {
		ratio = dist / farMax
	}
	f[0] = dist
	f[1] = math.Log(math.Min(ci, cj))
	f[2] = math.Log(math.Max(ci, cj))
	f[3] = math.Min(g.far[i], g.far[j])
	f[4] = farMax
	f[5] = math.Min(g.mean[i], g.mean[j])
	f[6] = math.Max(g.mean[i], g.mean[j])
	f[7] = math.Log1p(shared)
	f[8] = shared / math.Min(ci, cj)
	f[9] = mutual
	f[10] = ratio
	f[11] = math.Log(math.Min(g.peak[i], g.peak[j]))
	f[12] = math.Log(math.Max(g.peak[i], g.peak[j]))
	f[13] = math.Min(g.nearFar[i], g.nearFar[j])
	f[14] = math.Max(g.nearFar[i], g.nearFar[j])
}

// intersect counts the common entries of two sorted lists.
func intersect(a, b []int32) int {
	k, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			k++
			i++
			j++
		}
	}
	return k
}
