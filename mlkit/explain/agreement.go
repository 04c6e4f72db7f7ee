package explain

import (
	"math"
	"sort"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// Fidelity is the share of points on which a surrogate's predictions agree
// with the cluster labels it imitates (Guidotti et al. 2018, "A survey of
// methods for explaining black box models", §4: fidelity). The labels must
// use the same numbering: a surrogate trained on the cluster labels does.
func Fidelity(clusterLabels, surrogatePred []int) (float64, error) {
	const where = "explain: Fidelity"
	if err := check.SameLen(where, "clusterLabels", clusterLabels, "surrogatePred", surrogatePred); err != nil {
		return 0, err
	}
	agree := 0
	for i, l := range clusterLabels {
		if l == surrogatePred[i] {
			agree++
		}
	}
	return float64(agree) / float64(len(clusterLabels)), nil
}

// FidelityByDepth returns Fidelity(clusterLabels, fit(depth)) for each depth,
// where fit trains a surrogate of the given depth (for example a decision
// tree with MaxDepth = depth) on the cluster labels and returns its
// predictions on the same points.
func FidelityByDepth(clusterLabels []int, depths []int, fit func(depth int) ([]int, error)) ([]float64, error) {
	const where = "explain: FidelityByDepth"
	if fit == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "fit is nil")
	}
	if len(depths) == 0 {
		return nil, check.Errorf(where, check.ErrEmpty, "depths is empty")
	}
	out := make([]float64, len(depths))
	for i, d := range depths {
		pred, err := fit(d)
		if err != nil {
			return nil, err
		}
		if out[i], err = Fidelity(clusterLabels, pred); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Spearman is the Spearman rank correlation of two importance vectors: the
// Pearson correlation of their ranks, tied values sharing their average rank
// (as scipy.stats.spearmanr). It is 0 when either vector is constant.
// Compare magnitudes by passing absolute values.
func Spearman(a, b []float64) (float64, error) {
	const where = "explain: Spearman"
	if err := sameFloats(where, a, b); err != nil {
		return 0, err
	}
	if len(a) < 2 {
		return 0, check.Errorf(where, check.ErrEmpty, "a has %d value, want at least two", len(a))
	}
	ra, rb := ranks(a), ranks(b)
	n := float64(len(a))
	var ma, mb float64
	for i := range ra {
		ma += ra[i]
		mb += rb[i]
	}
	ma /= n
	mb /= n
	var sab, saa, sbb float64
	for i := range ra {
		da, db := ra[i]-ma, rb[i]-mb
		sab += da * db
		saa += da * da
		sbb += db * db
	}
	if saa == 0 || sbb == 0 {
		return 0, nil
	}
	return sab / math.Sqrt(saa*sbb), nil
}

// ranks returns the 1-based ranks of v, ties sharing their average rank.
func ranks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(p, q int) bool { return v[idx[p]] < v[idx[q]] })
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && v[idx[j+1]] == v[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = avg
		}
		i = j + 1
	}
	return r
}

// TopKOverlap is the share of the k features with the largest |a| that are
// also among the k with the largest |b| (ties broken by feature index), in
// [0, 1].
func TopKOverlap(a, b []float64, k int) (float64, error) {
	const where = "explain: TopKOverlap"
	if err := sameFloats(where, a, b); err != nil {
		return 0, err
	}
	if k < 1 || k > len(a) {
		return 0, check.Errorf(where, check.ErrValue, "k=%d, want 1 <= k <= %d features", k, len(a))
	}
	in := map[int]bool{}
	for _, j := range Ranking(a)[:k] {
		in[j] = true
	}
	common := 0
	for _, j := range Ranking(b)[:k] {
		if in[j] {
			common++
		}
	}
	return float64(common) / float64(k), nil
}

func sameFloats(where string, a, b []float64) error {
	if err := check.Floats(where, "a", a); err != nil {
		return err
	}
	if err := check.Floats(where, "b", b); err != nil {
		return err
	}
	if len(a) != len(b) {
		return check.Errorf(where, check.ErrShape, "a has %d values and b has %d, want equal lengths", len(a), len(b))
	}
	return nil
}
