package explain

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// KMeansRule is the exact decision rule of k-means between two clusters a
// and b: a point goes to the nearer centroid, so the boundary is the
// hyperplane W·x = Offset with W = μ_b − μ_a and Offset = (‖μ_b‖² − ‖μ_a‖²)/2,
// the perpendicular bisector of the two centroids. Points with W·x < Offset
// are nearer to a.
type KMeansRule struct {
	// A and B are the two clusters (rows of the centroid matrix).
	A, B int
	// MuA and MuB are copies of the two centroids.
	MuA, MuB []float64
	// W is μ_b − μ_a, the normal of the boundary pointing towards b. For
	// image features it can be drawn as an image (plotting.WeightImage).
	W []float64
	// Offset is (‖μ_b‖² − ‖μ_a‖²)/2: x is nearer to b when W·x > Offset.
	Offset float64
	// NormW is ‖W‖, the distance between the two centroids.
	NormW float64
}

// KMeansPoint explains one point's position between clusters a and b.
type KMeansPoint struct {
	// Contributions[j] = (x_j − μ_aj)² − (x_j − μ_bj)², feature j's signed
	// share of Diff: negative values pull x towards a, positive towards b.
	// They sum to Diff exactly (up to rounding): the squared Euclidean
	// distance is a sum over features.
	Contributions []float64
	// Diff is ‖x − μ_a‖² − ‖x − μ_b‖² = 2·(W·x − Offset).
	Diff float64
	// Side is A when x is at least as near to a as to b (Diff ≤ 0), else B.
	Side int
	// Margin is the signed Euclidean distance from x to the boundary,
	// Diff/(2‖W‖): negative on a's side, positive on b's.
	Margin float64
}

// KMeansPair returns the rule between clusters a and b of a k-means model
// whose centroids are the rows of centroids (cluster.KMeansModel.Centroids).
func KMeansPair(centroids *mat.Dense, a, b int) (*KMeansRule, error) {
	const where = "explain: KMeansPair"
	if err := check.Matrix(where, "centroids", centroids); err != nil {
		return nil, err
	}
	k, d := centroids.Dims()
	if err := checkPair(where, a, b, k); err != nil {
		return nil, err
	}
	r := &KMeansRule{A: a, B: b,
		MuA: mat.Row(nil, a, centroids), MuB: mat.Row(nil, b, centroids),
		W: make([]float64, d)}
	var na, nb, nw float64
	for j := range r.W {
		r.W[j] = r.MuB[j] - r.MuA[j]
		na += r.MuA[j] * r.MuA[j]
		nb += r.MuB[j] * r.MuB[j]
		nw += r.W[j] * r.W[j]
	}
	r.Offset = (nb - na) / 2
	r.NormW = math.Sqrt(nw)
	if !(r.NormW > 0) {
		return nil, check.Errorf(where, check.ErrValue, "centroids %d and %d coincide: no boundary between them", a, b)
	}
	if math.IsInf(nw, 0) || math.IsInf(na, 0) || math.IsInf(nb, 0) {
		return nil, check.Errorf(where, check.ErrNaN, "centroids %d and %d overflow squared norms", a, b)
	}
	return r, nil
}

// checkPair rejects a cluster compared with itself or one outside 0..k-1.
func checkPair(where string, a, b, k int) error {
	if a < 0 || a >= k {
		return check.Errorf(where, check.ErrValue, "a=%d, want a cluster in 0..%d", a, k-1)
	}
	if b < 0 || b >= k {
		return check.Errorf(where, check.ErrValue, "b=%d, want a cluster in 0..%d", b, k-1)
	}
	if a == b {
		return check.Errorf(where, check.ErrValue, "a=b=%d, want two different clusters", a)
	}
	return nil
}

// Explain decomposes ‖x − μ_a‖² − ‖x − μ_b‖² over the features of x.
func (r *KMeansRule) Explain(x []float64) (*KMeansPoint, error) {
	const where = "explain: KMeansRule.Explain"
	if err := checkRow(where, "x", x, len(r.W)); err != nil {
		return nil, err
	}
	p := &KMeansPoint{Contributions: make([]float64, len(x))}
	r.contributions(x, p.Contributions)
	var da, db float64
	for j, v := range x {
		da += (v - r.MuA[j]) * (v - r.MuA[j])
		db += (v - r.MuB[j]) * (v - r.MuB[j])
	}
	p.Diff = da - db
	if math.IsInf(p.Diff, 0) || math.IsNaN(p.Diff) {
		return nil, check.Errorf(where, check.ErrNaN, "x overflows the squared distances")
	}
	p.Side = r.A
	if p.Diff > 0 {
		p.Side = r.B
	}
	p.Margin = p.Diff / (2 * r.NormW)
	return p, nil
}

func (r *KMeansRule) contributions(x, out []float64) {
	for j, v := range x {
		ea, eb := v-r.MuA[j], v-r.MuB[j]
		out[j] = ea*ea - eb*eb
	}
}

// ExplainRows returns the n×d matrix of Contributions for the rows of X.
func (r *KMeansRule) ExplainRows(X *mat.Dense) (*mat.Dense, error) {
	const where = "explain: KMeansRule.ExplainRows"
	if err := check.Cols(where, "X", X, len(r.W)); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	out := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		r.contributions(X.RawRowView(i), out.RawRowView(i))
	}
	return out, nil
}

// KMeansCluster explains what separates a cluster from its nearest
// neighbour cluster, over the cluster's members.
type KMeansCluster struct {
	// Rule is the boundary between the cluster (A) and its nearest
	// neighbour (B): the cluster whose centroid is nearest to its own, the
	// lowest index on ties.
	Rule *KMeansRule
	// Members is the number of rows labelled with the cluster.
	Members int
	// MeanContribution is each feature's Contribution averaged over the
	// members (negative: the feature keeps members in A).
	MeanContribution []float64
	// MeanAbsContribution is |Contribution| averaged over the members.
	MeanAbsContribution []float64
	// Ranking lists the features by decreasing MeanAbsContribution (ties by
	// index): the features that most separate the two clusters first.
	Ranking []int
}

// ExplainKMeansCluster explains cluster a of a k-means model with the given
// centroids, against its nearest neighbour cluster, over the rows of X
// labelled a (labels as cluster.KMeansModel.Labels, one per row of X).
func ExplainKMeansCluster(centroids, X *mat.Dense, labels []int, a int) (*KMeansCluster, error) {
	const where = "explain: ExplainKMeansCluster"
	if err := check.Matrix(where, "centroids", centroids); err != nil {
		return nil, err
	}
	k, d := centroids.Dims()
	if err := check.Cols(where, "X", X, d); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	if _, maxLabel, err := check.Labels(where, "labels", labels, n); err != nil {
		return nil, err
	} else if maxLabel >= k {
		return nil, check.Errorf(where, check.ErrValue, "labels hold cluster %d, the centroids only %d clusters", maxLabel, k)
	}
	if k < 2 {
		return nil, check.Errorf(where, check.ErrValue, "centroids has %d row, want at least two clusters", k)
	}
	if a < 0 || a >= k {
		return nil, check.Errorf(where, check.ErrValue, "a=%d, want a cluster in 0..%d", a, k-1)
	}
	best, bestD := -1, math.Inf(1)
	muA := centroids.RawRowView(a)
	for c := 0; c < k; c++ {
		if c == a {
			continue
		}
		var s float64
		for j, v := range centroids.RawRowView(c) {
			s += (v - muA[j]) * (v - muA[j])
		}
		if s < bestD {
			best, bestD = c, s
		}
	}
	rule, err := KMeansPair(centroids, a, best)
	if err != nil {
		return nil, err
	}
	out := &KMeansCluster{Rule: rule, MeanContribution: make([]float64, d), MeanAbsContribution: make([]float64, d)}
	buf := make([]float64, d)
	for i, l := range labels {
		if l != a {
			continue
		}
		out.Members++
		rule.contributions(X.RawRowView(i), buf)
		for j, v := range buf {
			out.MeanContribution[j] += v
			out.MeanAbsContribution[j] += math.Abs(v)
		}
	}
	if out.Members == 0 {
		return nil, check.Errorf(where, check.ErrValue, "a=%d: no row of X is labelled with cluster %d", a, a)
	}
	for j := range buf {
		out.MeanContribution[j] /= float64(out.Members)
		out.MeanAbsContribution[j] /= float64(out.Members)
	}
	out.Ranking = Ranking(out.MeanAbsContribution)
	return out, nil
}

// Ranking returns the indices of v by decreasing |v|, ties by index: the
// order in which to read an importance or weight vector.
func Ranking(v []float64) []int {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(p, q int) bool { return math.Abs(v[idx[p]]) > math.Abs(v[idx[q]]) })
	return idx
}

// checkRow checks that x has d finite values.
func checkRow(where, name string, x []float64, d int) error {
	if err := check.Floats(where, name, x); err != nil {
		return err
	}
	if len(x) != d {
		return check.Errorf(where, check.ErrShape, "%s has %d values, want %d (one per feature)", name, len(x), d)
	}
	return nil
}

// Representatives returns, for each centroid (row of centroids), the index
// of the row of X nearest to it (the lowest index on ties): the points to
// explain with a local method such as LIME.
func Representatives(centroids, X *mat.Dense) ([]int, error) {
	const where = "explain: Representatives"
	if err := check.Matrix(where, "centroids", centroids); err != nil {
		return nil, err
	}
	k, d := centroids.Dims()
	if err := check.Cols(where, "X", X, d); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	out := make([]int, k)
	for c := 0; c < k; c++ {
		mu := centroids.RawRowView(c)
		best := math.Inf(1)
		for i := 0; i < n; i++ {
			var s float64
			for j, v := range X.RawRowView(i) {
				s += (v - mu[j]) * (v - mu[j])
			}
			if s < best {
				best, out[c] = s, i
			}
		}
		if math.IsInf(best, 0) || math.IsNaN(best) {
			return nil, check.Errorf(where, check.ErrNaN, "the squared distances to centroid %d overflow", c)
		}
	}
	return out, nil
}
