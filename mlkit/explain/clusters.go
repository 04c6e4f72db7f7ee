package explain

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// KMeansClusters is ExplainKMeansCluster for every cluster of a model, in
// cluster order: the whole clustering read from its own rule.
type KMeansClusters []*KMeansCluster

// ExplainKMeansClusters explains each cluster 0..K−1 of a k-means model
// against its nearest neighbour cluster (see ExplainKMeansCluster). Every
// cluster needs at least one member.
func ExplainKMeansClusters(centroids, X *mat.Dense, labels []int) (KMeansClusters, error) {
	if err := check.Matrix("explain: ExplainKMeansClusters", "centroids", centroids); err != nil {
		return nil, err
	}
	k, _ := centroids.Dims()
	out := make(KMeansClusters, k)
	for a := range out {
		c, err := ExplainKMeansCluster(centroids, X, labels, a)
		if err != nil {
			return nil, err
		}
		out[a] = c
	}
	return out, nil
}

// Normals returns each cluster's boundary normal W = μ_b − μ_a towards its
// nearest neighbour b, to be drawn as images for image features.
func (cs KMeansClusters) Normals() [][]float64 {
	out := make([][]float64, len(cs))
	for a, c := range cs {
		out[a] = c.Rule.W
	}
	return out
}

// Pairs names each cluster's boundary "a vs b".
func (cs KMeansClusters) Pairs() []string {
	out := make([]string, len(cs))
	for a, c := range cs {
		out[a] = fmt.Sprintf("%d vs %d", c.Rule.A, c.Rule.B)
	}
	return out
}

// Describe is a text table, one line per cluster: its size, its nearest
// neighbour, the distance between the two centroids and the k features
// with the largest mean |contribution| to ‖x − μ_a‖² − ‖x − μ_b‖², each with
// its mean signed contribution (negative keeps members in a). names may be
// nil (x0, x1, …).
func (cs KMeansClusters) Describe(names []string, k int) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "cluster %d (%3d members) vs %d, ‖μ_b − μ_a‖ = %.2f:", c.Rule.A, c.Members, c.Rule.B, c.Rule.NormW)
		writeTop(&b, names, c.Ranking, c.MeanContribution, k)
	}
	return b.String()
}

// GMMClusters is ExplainGMMCluster for every component of a mixture.
type GMMClusters []*GMMCluster

// ExplainGMMClusters explains each component of m against its runner-up,
// over the rows of X labelled with it (labels as m.Predict(X) gives them).
// Every component needs at least one member.
func ExplainGMMClusters(m *cluster.GMMModel, X *mat.Dense, labels []int) (GMMClusters, error) {
	if m == nil || m.Means == nil {
		return nil, check.Errorf("explain: ExplainGMMClusters", check.ErrEmpty, "m is nil or has no means")
	}
	k, _ := m.Means.Dims()
	out := make(GMMClusters, k)
	for a := range out {
		c, err := ExplainGMMCluster(m, X, labels, a)
		if err != nil {
			return nil, err
		}
		out[a] = c
	}
	return out, nil
}

// Describe is a text table, one line per component: its size, its
// runner-up, the mean log posterior ratio over its members and the k
// coordinates with the largest mean |term|, each with its mean signed term
// (positive favours the component). names may be nil.
func (gs GMMClusters) Describe(names []string, k int) string {
	var b strings.Builder
	for _, g := range gs {
		fmt.Fprintf(&b, "component %d (%3d members) vs %d, mean log p(a|x)/p(b|x) = %.1f, constant %+.2f:",
			g.Rule.A, g.Members, g.Rule.B, g.MeanLogRatio, g.Rule.Constant)
		writeTop(&b, names, g.Ranking, g.MeanTerms, k)
	}
	return b.String()
}

func writeTop(b *strings.Builder, names []string, ranking []int, v []float64, k int) {
	for _, j := range ranking[:min(k, len(ranking))] {
		name := fmt.Sprintf("x%d", j)
		if j < len(names) {
			name = names[j]
		}
		fmt.Fprintf(b, "  %s %+.2f", name, v[j])
	}
	b.WriteByte('\n')
}

// KMeansImportance summarises the exact k-means rule over all rows: for
// each row, the per-feature contributions to ‖x − μ_a‖² − ‖x − μ_b‖² between
// its own cluster a and the nearest other centroid b (the boundary it would
// cross first), and for each feature the mean |contribution| over the rows.
// It is a global importance in squared-distance units, comparable with the
// importances of surrogates through Spearman and TopKOverlap.
func KMeansImportance(centroids, X *mat.Dense, labels []int) ([]float64, error) {
	const where = "explain: KMeansImportance"
	if err := check.Matrix(where, "centroids", centroids); err != nil {
		return nil, err
	}
	k, d := centroids.Dims()
	if k < 2 {
		return nil, check.Errorf(where, check.ErrValue, "centroids has %d row, want at least two clusters", k)
	}
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, err
	}
	if err := check.Cols(where, "X", X, d); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	if _, maxLabel, err := check.Labels(where, "labels", labels, n); err != nil {
		return nil, err
	} else if maxLabel >= k {
		return nil, check.Errorf(where, check.ErrValue, "labels hold cluster %d, the centroids only %d clusters", maxLabel, k)
	}
	out := make([]float64, d)
	for i, a := range labels {
		x := X.RawRowView(i)
		b, best := -1, math.Inf(1)
		for c := 0; c < k; c++ {
			if c == a {
				continue
			}
			var s float64
			for j, v := range centroids.RawRowView(c) {
				s += (x[j] - v) * (x[j] - v)
			}
			if s < best {
				b, best = c, s
			}
		}
		ma, mb := centroids.RawRowView(a), centroids.RawRowView(b)
		for j, v := range x {
			out[j] += math.Abs((v-ma[j])*(v-ma[j]) - (v-mb[j])*(v-mb[j]))
		}
	}
	for j := range out {
		if out[j] /= float64(n); math.IsInf(out[j], 0) || math.IsNaN(out[j]) {
			return nil, check.Errorf(where, check.ErrNaN, "the contributions of feature %d overflow", j)
		}
	}
	return out, nil
}

// BorderMember returns the member of cluster rule.A (a row of X labelled
// rule.A) nearest to the boundary with rule.B: the member whose assignment
// the fewest features decide, the one to read feature by feature.
func BorderMember(rule *KMeansRule, X *mat.Dense, labels []int) (int, error) {
	const where = "explain: BorderMember"
	if rule == nil {
		return 0, check.Errorf(where, check.ErrEmpty, "rule is nil")
	}
	if err := check.Matrix(where, "X", X); err != nil {
		return 0, err
	}
	if err := check.Cols(where, "X", X, len(rule.W)); err != nil {
		return 0, err
	}
	n, _ := X.Dims()
	if _, _, err := check.Labels(where, "labels", labels, n); err != nil {
		return 0, err
	}
	best, bestM := -1, math.Inf(1)
	for i, l := range labels {
		if l != rule.A {
			continue
		}
		// The margin is (W·x − Offset)/‖W‖; its sign is a's side for members.
		var wx float64
		for j, v := range X.RawRowView(i) {
			wx += rule.W[j] * v
		}
		if m := math.Abs(wx - rule.Offset); m < bestM {
			best, bestM = i, m
		}
	}
	if best < 0 {
		return 0, check.Errorf(where, check.ErrValue, "no row of X is labelled with cluster %d (rule.A)", rule.A)
	}
	return best, nil
}

// Describe is a text table, one line per cluster: its size and the k
// features with the largest one-vs-rest |Contrast| (Cohen's d), each with
// its signed d and its standardised centroid value Z. names may be nil.
func (p *Profile) Describe(names []string, k int) string {
	var b strings.Builder
	for c, label := range p.Clusters {
		fmt.Fprintf(&b, "cluster %d (%3d members):", label, p.Counts[c])
		top, err := p.Top(label, k)
		if err != nil {
			top = nil
		}
		for _, j := range top {
			name := fmt.Sprintf("x%d", j)
			if j < len(names) {
				name = names[j]
			}
			fmt.Fprintf(&b, "  %s d=%+.2f (z=%+.2f)", name, p.Contrast.At(c, j), p.Z.At(c, j))
		}
		b.WriteByte('\n')
	}
	return b.String()
}
