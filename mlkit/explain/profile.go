package explain

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// Profile describes each cluster by its centroid in standard units and by
// how far its members stand from the rest of the data, feature by feature.
type Profile struct {
	// Clusters are the distinct labels, sorted; row c of the matrices below
	// is cluster Clusters[c].
	Clusters []int
	// Counts is the number of members of each cluster.
	Counts []int
	// Means is K×d: the cluster means (centroids) in the units of X.
	Means *mat.Dense
	// Z is K×d: the cluster means as z-scores of the whole data,
	// (mean_c − mean)/std with the global mean and standard deviation
	// (ddof 0). A constant feature gets 0.
	Z *mat.Dense
	// Contrast is K×d: the one-vs-rest standardised mean difference,
	// Cohen's d = (mean_in − mean_out)/s_pooled with
	// s_pooled² = ((n_in−1)s_in² + (n_out−1)s_out²)/(n_in + n_out − 2)
	// (Cohen 1988, §2.2). When s_pooled is 0 the entry is 0 if the two means
	// are equal and ±Inf otherwise (the feature separates perfectly).
	Contrast *mat.Dense
	// GlobalMean and GlobalStd are the per-feature mean and standard
	// deviation (ddof 0) of X.
	GlobalMean, GlobalStd []float64
}

// CentroidProfile computes the Profile of the clustering labels of the rows
// of X. It needs at least two clusters and three rows.
func CentroidProfile(X *mat.Dense, labels []int) (*Profile, error) {
	const where = "explain: CentroidProfile"
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	distinct, _, err := check.Labels(where, "labels", labels, n)
	if err != nil {
		return nil, err
	}
	if n < 3 {
		return nil, check.Errorf(where, check.ErrEmpty, "X has %d rows, want at least 3 for a pooled standard deviation", n)
	}
	if distinct < 2 {
		return nil, check.Errorf(where, check.ErrValue, "labels hold %d cluster, want at least two for one-vs-rest contrasts", distinct)
	}
	index := map[int]int{}
	for _, l := range labels {
		index[l] = 0
	}
	p := &Profile{}
	for l := range index {
		p.Clusters = append(p.Clusters, l)
	}
	sort.Ints(p.Clusters)
	for c, l := range p.Clusters {
		index[l] = c
	}
	k := len(p.Clusters)
	p.Counts = make([]int, k)
	p.Means = mat.NewDense(k, d, nil)
	sumSq := mat.NewDense(k, d, nil) // within-cluster sums of squared deviations
	p.GlobalMean, p.GlobalStd = make([]float64, d), make([]float64, d)
	for i, l := range labels {
		c := index[l]
		p.Counts[c]++
		row := p.Means.RawRowView(c)
		for j, v := range X.RawRowView(i) {
			row[j] += v
			p.GlobalMean[j] += v
		}
	}
	for c := 0; c < k; c++ {
		row := p.Means.RawRowView(c)
		for j := range row {
			row[j] /= float64(p.Counts[c])
		}
	}
	for j := range p.GlobalMean {
		p.GlobalMean[j] /= float64(n)
	}
	for i, l := range labels {
		c := index[l]
		mu, ss := p.Means.RawRowView(c), sumSq.RawRowView(c)
		for j, v := range X.RawRowView(i) {
			e := v - mu[j]
			ss[j] += e * e
			g := v - p.GlobalMean[j]
			p.GlobalStd[j] += g * g
		}
	}
	for j := range p.GlobalStd {
		p.GlobalStd[j] = math.Sqrt(p.GlobalStd[j] / float64(n))
	}
	if err := finiteSlice(where, p.GlobalStd); err != nil {
		return nil, err
	}
	if err := finiteSlice(where, p.Means.RawMatrix().Data); err != nil {
		return nil, err
	}
	p.Z = mat.NewDense(k, d, nil)
	p.Contrast = mat.NewDense(k, d, nil)
	for c := 0; c < k; c++ {
		nIn := float64(p.Counts[c])
		nOut := float64(n) - nIn
		mu, ss := p.Means.RawRowView(c), sumSq.RawRowView(c)
		for j := 0; j < d; j++ {
			if p.GlobalStd[j] > 1e-12*math.Abs(p.GlobalMean[j]) {
				p.Z.Set(c, j, (mu[j]-p.GlobalMean[j])/p.GlobalStd[j])
			}
			// The rest's mean and within sum of squares from the other
			// clusters' own (sums of non-negative parts: no cancellation).
			var muOut, ssOut float64
			for o := 0; o < k; o++ {
				if o != c {
					muOut += float64(p.Counts[o]) * p.Means.At(o, j)
				}
			}
			muOut /= nOut
			for o := 0; o < k; o++ {
				if o != c {
					e := p.Means.At(o, j) - muOut
					ssOut += sumSq.At(o, j) + float64(p.Counts[o])*e*e
				}
			}
			diff := mu[j] - muOut
			pooled := math.Sqrt((ss[j] + ssOut) / (float64(n) - 2))
			// Means of equal values can differ in the last bits: within
			// rounding of the values' scale, a zero spread or difference is zero.
			tiny := 1e-12 * math.Max(math.Abs(mu[j]), math.Abs(muOut))
			switch {
			case pooled > tiny:
				p.Contrast.Set(c, j, diff/pooled)
			case math.Abs(diff) > tiny:
				p.Contrast.Set(c, j, math.Copysign(math.Inf(1), diff))
			}
		}
	}
	return p, nil
}

// Top returns the k features with the largest |Contrast| for the cluster
// whose label is cluster, largest first (ties by feature index).
func (p *Profile) Top(cluster, k int) ([]int, error) {
	const where = "explain: Profile.Top"
	c := sort.SearchInts(p.Clusters, cluster)
	if c == len(p.Clusters) || p.Clusters[c] != cluster {
		return nil, check.Errorf(where, check.ErrValue, "cluster=%d, want one of the labels %v", cluster, p.Clusters)
	}
	_, d := p.Contrast.Dims()
	if k < 1 || k > d {
		return nil, check.Errorf(where, check.ErrValue, "k=%d, want 1 <= k <= %d features", k, d)
	}
	return Ranking(p.Contrast.RawRowView(c))[:k], nil
}

func finiteSlice(where string, v []float64) error {
	for j, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return check.Errorf(where, check.ErrNaN, "X overflows the sums of squares (value %d of the statistics is %v)", j, x)
		}
	}
	return nil
}
