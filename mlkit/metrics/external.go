package metrics

import (
	"math"
	"math/big"
)

// mutualInfo is sklearn.metrics.mutual_info_score computed from the
// contingency table, term by term as sklearn does (terms smaller than
// machine epsilon are zeroed, the sum is clipped at 0).
func (t *table) mutualInfo() float64 {
	if len(t.rows) == 1 || len(t.cols) == 1 {
		return 0
	}
	n := float64(t.n)
	logN := math.Log(n)
	var mi float64
	for i, r := range t.counts {
		for j, c := range r {
			if c == 0 {
				continue
			}
			nz := float64(c)
			p := nz / n
			outer := float64(t.rows[i] * t.cols[j])
			logOuter := -math.Log(outer) + logN + logN
			v := p*(math.Log(nz)-logN) + p*logOuter
			if math.Abs(v) < eps64 {
				v = 0
			}
			mi += v
		}
	}
	return math.Max(mi, 0)
}

const eps64 = 2.220446049250313e-16 // numpy.finfo(float64).eps

// AdjustedRandIndex is the Rand index corrected for chance (Hubert & Arabie
// 1985), computed from the pair confusion counts in exact integer arithmetic
// as sklearn.metrics.adjusted_rand_score. It is 1 for identical partitions
// (up to renaming), about 0 for independent ones, and can be negative.
func AdjustedRandIndex(truth, pred []int) (float64, error) {
	if err := checkPair("metrics: AdjustedRandIndex", truth, pred); err != nil {
		return 0, err
	}
	t := newTable(truth, pred)
	// Pair confusion matrix (sklearn.metrics.cluster.pair_confusion_matrix).
	n := big.NewInt(int64(t.n))
	var sumSq, sumRows, sumCols int64
	for i, r := range t.counts {
		for j, c := range r {
			sumSq += c * c
			sumCols += c * t.cols[j] // contingency · n_k
			sumRows += c * t.rows[i] // contingencyᵀ · n_c
		}
	}
	bSumSq := big.NewInt(sumSq)
	tp := new(big.Int).Sub(bSumSq, n)
	fp := new(big.Int).Sub(big.NewInt(sumCols), bSumSq)
	fn := new(big.Int).Sub(big.NewInt(sumRows), bSumSq)
	tn := new(big.Int).Mul(n, n)
	tn.Sub(tn, fp).Sub(tn, fn).Sub(tn, bSumSq)
	if fn.Sign() == 0 && fp.Sign() == 0 {
		return 1, nil
	}
	num := new(big.Int).Mul(tp, tn)
	num.Sub(num, new(big.Int).Mul(fn, fp))
	a := new(big.Int).Add(tp, fn)
	a.Mul(a, new(big.Int).Add(fn, tn))
	b := new(big.Int).Add(tp, fp)
	b.Mul(b, new(big.Int).Add(fp, tn))
	den := a.Add(a, b)
	// Python: 2.0 * int / int rounds each integer to float64 first.
	fnum, _ := new(big.Float).SetInt(num).Float64()
	fden, _ := new(big.Float).SetInt(den).Float64()
	return 2 * fnum / fden, nil
}

// NormalizedMutualInfo is the mutual information divided by the arithmetic
// mean of the two entropies (sklearn's default average_method). Two
// single-cluster labelings score 1.
func NormalizedMutualInfo(truth, pred []int) (float64, error) {
	if err := checkPair("metrics: NormalizedMutualInfo", truth, pred); err != nil {
		return 0, err
	}
	t := newTable(truth, pred)
	if len(t.rows) == 1 && len(t.cols) == 1 {
		return 1, nil
	}
	mi := t.mutualInfo()
	if mi == 0 {
		return 0, nil
	}
	return mi / ((entropyOf(t.rows) + entropyOf(t.cols)) / 2), nil
}

// AdjustedMutualInfo is the mutual information adjusted for chance with the
// exact expected mutual information under the permutation (hypergeometric)
// model of Vinh, Epps & Bailey (2010, eq. 24a), normalised by the arithmetic
// mean of the entropies, as sklearn.metrics.adjusted_mutual_info_score.
func AdjustedMutualInfo(truth, pred []int) (float64, error) {
	if err := checkPair("metrics: AdjustedMutualInfo", truth, pred); err != nil {
		return 0, err
	}
	t := newTable(truth, pred)
	if len(t.rows) == 1 && len(t.cols) == 1 {
		return 1, nil
	}
	mi := t.mutualInfo()
	emi := t.expectedMutualInfo()
	norm := (entropyOf(t.rows) + entropyOf(t.cols)) / 2
	den := norm - emi
	// As sklearn: keep the sign, avoid 0/0 for a perfect match.
	if den < 0 {
		den = math.Min(den, -eps64)
	} else {
		den = math.Max(den, eps64)
	}
	return (mi - emi) / den, nil
}

// expectedMutualInfo is E[MI] over all tables with the given margins
// (Vinh et al. 2010, eq. 24a), summed in log-gamma space so that the
// factorials never overflow — the same loop as sklearn's
// _expected_mutual_info_fast.
func (t *table) expectedMutualInfo() float64 {
	if len(t.rows) == 1 || len(t.cols) == 1 {
		return 0
	}
	N := float64(t.n)
	maxab := int64(0)
	for _, a := range t.rows {
		maxab = max(maxab, a)
	}
	for _, b := range t.cols {
		maxab = max(maxab, b)
	}
	// Every log-gamma argument below is an integer in 1..n+1: tabulate them.
	lgt := make([]float64, t.n+2)
	for m := 1; m <= t.n+1; m++ {
		lgt[m], _ = math.Lgamma(float64(m))
	}
	lg := func(x float64) float64 { return lgt[int(x)] }
	logNnij := make([]float64, maxab+1)
	glnNij := make([]float64, maxab+1)
	term1 := make([]float64, maxab+1)
	logN := math.Log(N)
	for k := int64(1); k <= maxab; k++ {
		logNnij[k] = logN + math.Log(float64(k))
		glnNij[k] = lg(float64(k) + 1)
		term1[k] = float64(k) / N
	}
	glnN := lg(N + 1)
	type marg struct{ v, log, gln, glnN float64 }
	mk := func(s []int64) []marg {
		m := make([]marg, len(s))
		for i, x := range s {
			f := float64(x)
			m[i] = marg{f, math.Log(f), lg(f + 1), lg(N - f + 1)}
		}
		return m
	}
	A, B := mk(t.rows), mk(t.cols)
	var emi float64
	for i, a := range A {
		for j, b := range B {
			start := max(int64(a.v+b.v-N), 1)
			end := min(t.rows[i], t.cols[j])
			for nij := start; nij <= end; nij++ {
				f := float64(nij)
				term2 := logNnij[nij] - a.log - b.log
				gln := a.gln + b.gln + a.glnN + b.glnN - glnN - glnNij[nij] -
					lg(a.v-f+1) - lg(b.v-f+1) - lg(N-a.v-b.v+f+1)
				emi += term1[nij] * term2 * math.Exp(gln)
			}
		}
	}
	return emi
}

// VMeasure returns homogeneity (each cluster holds one class), completeness
// (each class sits in one cluster) and their harmonic mean v (beta = 1), as
// sklearn.metrics.homogeneity_completeness_v_measure (Rosenberg &
// Hirschberg 2007).
func VMeasure(truth, pred []int) (homogeneity, completeness, v float64, err error) {
	if err := checkPair("metrics: VMeasure", truth, pred); err != nil {
		return 0, 0, 0, err
	}
	t := newTable(truth, pred)
	hC, hK := entropyOf(t.rows), entropyOf(t.cols)
	mi := t.mutualInfo()
	homogeneity, completeness = 1, 1
	if hC != 0 {
		homogeneity = mi / hC
	}
	if hK != 0 {
		completeness = mi / hK
	}
	if homogeneity+completeness != 0 {
		v = 2 * homogeneity * completeness / (homogeneity + completeness)
	}
	return homogeneity, completeness, v, nil
}

// FowlkesMallows is the geometric mean of pairwise precision and recall
// (Fowlkes & Mallows 1983), as sklearn.metrics.fowlkes_mallows_score.
func FowlkesMallows(truth, pred []int) (float64, error) {
	if err := checkPair("metrics: FowlkesMallows", truth, pred); err != nil {
		return 0, err
	}
	t := newTable(truth, pred)
	n := int64(t.n)
	var tk, pk, qk int64
	for _, r := range t.counts {
		for _, c := range r {
			tk += c * c
		}
	}
	for _, c := range t.cols {
		pk += c * c
	}
	for _, c := range t.rows {
		qk += c * c
	}
	tk, pk, qk = tk-n, pk-n, qk-n
	if tk == 0 {
		return 0, nil
	}
	return math.Sqrt(float64(tk)/float64(pk)) * math.Sqrt(float64(tk)/float64(qk)), nil
}

// Purity is the fraction of samples that belong to the majority class of
// their cluster. It rewards many small clusters (n singletons score 1), so
// read it beside a chance-corrected index such as ARI or AMI.
func Purity(truth, pred []int) (float64, error) {
	if err := checkPair("metrics: Purity", truth, pred); err != nil {
		return 0, err
	}
	t := newTable(truth, pred)
	var s int64
	for j := range t.cols {
		var m int64
		for i := range t.rows {
			m = max(m, t.counts[i][j])
		}
		s += m
	}
	return float64(s) / float64(t.n), nil
}
