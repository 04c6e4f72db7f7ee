package pairs

import (
	"fmt"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
)

// Link is an accepted pair: points I < J, linked with probability P. The
// fields are 32-bit because a field of 10⁷ points has some 10⁸ links at
// K = 10, and 12 bytes a link is what keeps them in memory.
type Link struct {
	I, J int32
	P    float32
}

// Linking is the result of LinkerModel.Predict.
type Linking struct {
	// Labels is the cluster of each point (0, 1, … in order of each
	// cluster's smallest point index), −1 for points in linked components
	// smaller than MinClusterSize.
	Labels []int
	// Clusters is the number of clusters.
	Clusters int
	// Links are the pairs scored at or above the threshold, ordered by I
	// then by the order the query found them.
	Links []Link
	// PairsScored is the number of candidate pairs the classifier scored;
	// AllPairs is n(n−1)/2, what scoring every pair would take, as a
	// float64 (exact up to n ≈ 1.3·10⁸, and ready for the ratio
	// PairsScored/AllPairs).
	PairsScored int
	AllPairs    float64
	// MinClusterSize is the model's, kept for WithLink.
	MinClusterSize int
}

// Predict scores the candidate pairs of X (found by the model's query),
// links those at or above the threshold, and closes the links transitively
// (union–find) into clusters. Errors wrap mlkit.ErrEmpty, ErrNaN or ErrShape
// for bad X.
func (m *LinkerModel) Predict(X *mat.Dense) (*Linking, error) {
	const where = "pairs: LinkerModel.Predict"
	if m == nil || m.Scorer == nil || len(m.FeatureMean) != NumFeatures || len(m.FeatureScale) != NumFeatures {
		return nil, check.Errorf(where, check.ErrEmpty, "the model has no classifier or feature scaling")
	}
	if err := checkX(where, X); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	if n < 2 {
		return nil, check.Errorf(where, check.ErrValue, "X has 1 row; pairs need at least 2")
	}
	g, err := newGraph(X, m.Query, m.R, m.K)
	if err != nil {
		return nil, err
	}
	chunks := (n + pairChunk - 1) / pairChunk
	links := make([][]Link, chunks)
	scored := make([]int, chunks)
	errs := make([]error, chunks)
	par.For(chunks, func(c int) {
		var flat []float64
		var ij []int32
		f := make([]float64, NumFeatures)
		for i := c * pairChunk; i < min((c+1)*pairChunk, n); i++ {
			g.forPairs(i, func(j int) {
				g.features(X, i, j, f)
				flat = append(flat, f...)
				ij = append(ij, int32(i), int32(j))
			})
		}
		if len(ij) == 0 {
			return
		}
		F := mat.NewDense(len(ij)/2, NumFeatures, flat)
		applyScale(F, m.FeatureMean, m.FeatureScale)
		P, err := m.Scorer.PredictProba(F)
		if err != nil {
			errs[c] = err
			return
		}
		if r, k := P.Dims(); r != len(ij)/2 || k != 2 {
			errs[c] = fmt.Errorf("the classifier returned %d×%d probabilities for %d pairs, want %d×2", r, k, len(ij)/2, len(ij)/2)
			return
		}
		scored[c] = len(ij) / 2
		for t := 0; t < len(ij)/2; t++ {
			if p := P.At(t, 1); p >= m.Threshold {
				a, b := ij[2*t], ij[2*t+1]
				if a > b {
					a, b = b, a
				}
				links[c] = append(links[c], Link{I: a, J: b, P: float32(p)})
			}
		}
	})
	out := &Linking{AllPairs: float64(n) * float64(n-1) / 2, MinClusterSize: m.MinClusterSize}
	for c := range links {
		if errs[c] != nil {
			return nil, fmt.Errorf("%s: %w", where, errs[c])
		}
		out.Links = append(out.Links, links[c]...)
		out.PairsScored += scored[c]
	}
	out.Labels, out.Clusters = closure(n, out.Links, m.MinClusterSize)
	return out, nil
}

// Closure labels n points by the connected components of links (union–find
// with path halving and union by size): components of at least
// minClusterSize points are clusters 0, 1, … in order of their smallest
// point, smaller ones are noise (−1). It returns the labels and the number
// of clusters.
func Closure(n int, links []Link, minClusterSize int) ([]int, int, error) {
	const where = "pairs: Closure"
	if n < 1 {
		return nil, 0, check.Errorf(where, check.ErrEmpty, "n=%d, want ≥ 1", n)
	}
	if minClusterSize < 1 {
		return nil, 0, check.Errorf(where, check.ErrValue, "minClusterSize=%d, want ≥ 1", minClusterSize)
	}
	for t, l := range links {
		if l.I < 0 || l.J < 0 || int(l.I) >= n || int(l.J) >= n {
			return nil, 0, check.Errorf(where, check.ErrValue, "links[%d]=(%d, %d), want points in [0, %d)", t, l.I, l.J, n)
		}
	}
	labels, k := closure(n, links, minClusterSize)
	return labels, k, nil
}

func closure(n int, links []Link, minSize int) ([]int, int) {
	parent := make([]int32, n)
	size := make([]int32, n)
	for i := range parent {
		parent[i], size[i] = int32(i), 1
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, l := range links {
		a, b := find(l.I), find(l.J)
		if a == b {
			continue
		}
		if size[a] < size[b] {
			a, b = b, a
		}
		parent[b] = a
		size[a] += size[b]
	}
	labels := make([]int, n)
	id := make(map[int32]int)
	for i := range labels {
		r := find(int32(i))
		if int(size[r]) < minSize {
			labels[i] = -1
			continue
		}
		c, ok := id[r]
		if !ok {
			c = len(id)
			id[r] = c
		}
		labels[i] = c
	}
	return labels, len(id)
}

// WithLink returns a copy of the linking with the link (i, j) added (P = 1)
// and the clusters closed again: one wrong link is enough to merge two
// clusters, however confident every other decision was.
func (l *Linking) WithLink(i, j int) (*Linking, error) {
	const where = "pairs: Linking.WithLink"
	n := len(l.Labels)
	if i < 0 || j < 0 || i >= n || j >= n || i == j {
		return nil, check.Errorf(where, check.ErrValue, "i=%d, j=%d, want two different points in [0, %d)", i, j, n)
	}
	out := *l
	if i > j {
		i, j = j, i
	}
	out.Links = append(slices.Clip(l.Links), Link{I: int32(i), J: int32(j), P: 1})
	out.Labels, out.Clusters = closure(n, out.Links, max(l.MinClusterSize, 1))
	return &out, nil
}

// FalseMerges returns the links whose two ends belong to different clusters
// of truth (both ≥ 0; −1 is noise): the links that merge true clusters when
// closed transitively. A link from a cluster to a noise point is not listed
// (it grows a cluster, it does not merge two).
func FalseMerges(l *Linking, truth []int) ([]Link, error) {
	const where = "pairs: FalseMerges"
	if l == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "linking is nil")
	}
	if len(truth) != len(l.Labels) {
		return nil, check.Errorf(where, check.ErrShape, "truth has %d labels, the linking has %d points", len(truth), len(l.Labels))
	}
	var out []Link
	for _, k := range l.Links {
		a, b := truth[k.I], truth[k.J]
		if a >= 0 && b >= 0 && a != b {
			out = append(out, k)
		}
	}
	return out, nil
}
