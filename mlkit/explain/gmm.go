package explain

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// GMMRule is the exact decision rule of a Gaussian mixture between
// components a and b: the log posterior ratio
//
//	log p(a|x) − log p(b|x) = log π_a + log N(x; μ_a, Σ_a) − log π_b − log N(x; μ_b, Σ_b)
//
// written as a constant plus one term per coordinate.
//
// For Diag and Spherical covariance the coordinates are the features and the
// decomposition is the model's own: term_j = −½[(x_j−μ_aj)²/σ²_aj −
// (x_j−μ_bj)²/σ²_bj], and the constant holds the log weights and the
// log-determinants, log π_a − log π_b + ½Σ_j log(σ²_bj/σ²_aj).
//
// For Full and Tied covariance the Mahalanobis distances do not split over
// the features, so the terms are taken in the whitened basis of component a:
// coordinate j is z_j = Basis[j]·(x − μ_a) with Basis = P_aᵀ, P_a the upper
// Cholesky factor of Σ_a⁻¹ (z ~ N(0, I) under component a). With
// v = P_aᵀ(x − μ_b) and M = P_a⁻¹Σ_b⁻¹P_a⁻ᵀ (b's precision in that basis),
// term_j = −½(z_j² − v_j·(Mv)_j): b's quadratic form vᵀMv is split over the
// coordinates with each cross term shared equally by its two coordinates. For
// Tied, M = I and term_j = −½(z_j² − v_j²), the k-means rule in the whitened
// space. The constant holds log π_a − log π_b + log|P_a| − log|P_b|.
// Whitened is true for these two types: their terms are about whitened
// coordinates, not about the original features.
type GMMRule struct {
	// A and B are the two components.
	A, B int
	// Covariance is the model's covariance type.
	Covariance cluster.CovarianceType
	// Whitened reports that the terms are coordinates of a's whitened basis
	// (Full, Tied) rather than features (Diag, Spherical).
	Whitened bool
	// Basis is, when Whitened, the d×d matrix whose row j gives whitened
	// coordinate j as a combination of the features, z_j = Basis[j]·(x − μ_a).
	// Nil otherwise.
	Basis *mat.Dense
	// Constant is the part of the log ratio that does not depend on x.
	Constant float64

	muA, muB []float64
	// Diag/Spherical: precisions 1/σ² per feature.
	precA, precB []float64
	// Full/Tied: upper Cholesky factors of the precisions.
	pa, pb *mat.TriDense
}

// GMMPoint is the decomposition of one point's log posterior ratio.
type GMMPoint struct {
	// Terms has one entry per coordinate (features, or whitened coordinates
	// of component a when Whitened); positive terms favour a.
	Terms []float64
	// Constant is the x-independent part (log weights, log-determinants).
	Constant float64
	// LogRatio is log p(a|x) − log p(b|x) = Constant + ΣTerms.
	LogRatio float64
	// Whitened is copied from the rule.
	Whitened bool
}

// GMMPair returns the rule between components a and b of m.
func GMMPair(m *cluster.GMMModel, a, b int) (*GMMRule, error) {
	const where = "explain: GMMPair"
	if m == nil || m.Means == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "m is nil or has no means")
	}
	k, d := m.Means.Dims()
	if err := checkPair(where, a, b, k); err != nil {
		return nil, err
	}
	if len(m.Weights) != k || !(m.Weights[a] > 0) || !(m.Weights[b] > 0) {
		return nil, check.Errorf(where, check.ErrValue, "m.Weights=%v, want %d positive weights", m.Weights, k)
	}
	r := &GMMRule{A: a, B: b, Covariance: m.Covariance,
		muA: mat.Row(nil, a, m.Means), muB: mat.Row(nil, b, m.Means)}
	r.Constant = math.Log(m.Weights[a]) - math.Log(m.Weights[b])
	switch m.Covariance {
	case cluster.Diag, cluster.Spherical:
		r.precA, r.precB = make([]float64, d), make([]float64, d)
		for j := 0; j < d; j++ {
			var va, vb float64
			if m.Covariance == cluster.Diag {
				if m.DiagCovariances == nil {
					return nil, check.Errorf(where, check.ErrEmpty, "m.DiagCovariances is nil")
				}
				va, vb = m.DiagCovariances.At(a, j), m.DiagCovariances.At(b, j)
			} else {
				if len(m.SphericalVariances) != k {
					return nil, check.Errorf(where, check.ErrShape, "m.SphericalVariances has %d values, want %d", len(m.SphericalVariances), k)
				}
				va, vb = m.SphericalVariances[a], m.SphericalVariances[b]
			}
			if !(va > 0) || !(vb > 0) {
				return nil, check.Errorf(where, check.ErrValue, "variance of feature %d is %v (a) and %v (b), want > 0", j, va, vb)
			}
			r.precA[j], r.precB[j] = 1/va, 1/vb
			r.Constant += 0.5 * (math.Log(vb) - math.Log(va))
		}
	case cluster.Full, cluster.Tied:
		r.Whitened = true
		pc := m.PrecisionCholesky
		ia, ib := a, b
		if m.Covariance == cluster.Tied {
			ia, ib = 0, 0
		}
		if len(pc) <= max(ia, ib) || pc[ia] == nil || pc[ib] == nil {
			return nil, check.Errorf(where, check.ErrEmpty, "m.PrecisionCholesky has %d factors, want the factors of components %d and %d", len(pc), a, b)
		}
		r.pa, r.pb = mat.NewTriDense(d, mat.Upper, nil), mat.NewTriDense(d, mat.Upper, nil)
		r.pa.Copy(pc[ia])
		r.pb.Copy(pc[ib])
		for j := 0; j < d; j++ {
			r.Constant += math.Log(r.pa.At(j, j)) - math.Log(r.pb.At(j, j))
		}
		r.Basis = mat.NewDense(d, d, nil)
		r.Basis.CloneFrom(r.pa.T())
	default:
		return nil, check.Errorf(where, check.ErrValue, "m.Covariance=%v, want Full, Tied, Diag or Spherical", m.Covariance)
	}
	if math.IsNaN(r.Constant) || math.IsInf(r.Constant, 0) {
		return nil, check.Errorf(where, check.ErrNaN, "the log weights and determinants of components %d and %d are not finite", a, b)
	}
	return r, nil
}

// Explain decomposes log p(a|x) − log p(b|x) for the point x.
func (r *GMMRule) Explain(x []float64) (*GMMPoint, error) {
	const where = "explain: GMMRule.Explain"
	if err := checkRow(where, "x", x, len(r.muA)); err != nil {
		return nil, err
	}
	p := &GMMPoint{Terms: make([]float64, len(x)), Constant: r.Constant, Whitened: r.Whitened}
	r.terms(x, p.Terms)
	p.LogRatio = r.Constant
	for _, t := range p.Terms {
		p.LogRatio += t
	}
	if math.IsNaN(p.LogRatio) || math.IsInf(p.LogRatio, 0) {
		return nil, check.Errorf(where, check.ErrNaN, "x overflows the log densities")
	}
	return p, nil
}

// ExplainRows returns the n×d matrix of Terms for the rows of X (the
// Constant is the rule's).
func (r *GMMRule) ExplainRows(X *mat.Dense) (*mat.Dense, error) {
	const where = "explain: GMMRule.ExplainRows"
	if err := check.Cols(where, "X", X, len(r.muA)); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	out := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		r.terms(X.RawRowView(i), out.RawRowView(i))
	}
	return out, nil
}

func (r *GMMRule) terms(x, out []float64) {
	d := len(x)
	if !r.Whitened {
		for j, v := range x {
			ea, eb := v-r.muA[j], v-r.muB[j]
			out[j] = -0.5 * (ea*ea*r.precA[j] - eb*eb*r.precB[j])
		}
		return
	}
	ea, eb := mat.NewVecDense(d, nil), mat.NewVecDense(d, nil)
	for j, v := range x {
		ea.SetVec(j, v-r.muA[j])
		eb.SetVec(j, v-r.muB[j])
	}
	var z, v, u mat.VecDense
	z.MulVec(r.pa.T(), ea) // a's whitened coordinates of x
	v.MulVec(r.pa.T(), eb) // x − μ_b in the same basis
	if r.Covariance == cluster.Tied {
		u.CloneFromVec(&v) // M = I
	} else {
		var zb mat.VecDense
		zb.MulVec(r.pb.T(), eb)
		var w mat.VecDense
		w.MulVec(r.pb, &zb) // Σ_b⁻¹(x − μ_b)
		// u = P_a⁻¹Σ_b⁻¹(x−μ_b) = M·v; P_a is triangular with a positive
		// diagonal, so the solve cannot fail.
		_ = u.SolveVec(r.pa, &w)
	}
	for j := 0; j < d; j++ {
		out[j] = -0.5 * (z.AtVec(j)*z.AtVec(j) - v.AtVec(j)*u.AtVec(j))
	}
}

// GMMCluster explains what separates a component from its runner-up over
// the points assigned to it.
type GMMCluster struct {
	// Rule is the decomposition between the component (A) and its runner-up
	// (B): the other component with the largest mean log posterior over the
	// members, the lowest index on ties.
	Rule *GMMRule
	// Members is the number of rows labelled with the component.
	Members int
	// MeanTerms and MeanAbsTerms average the Terms and |Terms| over the
	// members (features, or whitened coordinates when Rule.Whitened).
	MeanTerms, MeanAbsTerms []float64
	// MeanLogRatio is the mean of log p(a|x) − log p(b|x) over the members.
	MeanLogRatio float64
	// Ranking lists the coordinates by decreasing MeanAbsTerms.
	Ranking []int
}

// ExplainGMMCluster explains component a of m against its runner-up, over
// the rows of X labelled a (labels as m.Predict(X) gives them).
func ExplainGMMCluster(m *cluster.GMMModel, X *mat.Dense, labels []int, a int) (*GMMCluster, error) {
	const where = "explain: ExplainGMMCluster"
	if m == nil || m.Means == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "m is nil or has no means")
	}
	k, d := m.Means.Dims()
	if err := check.Cols(where, "X", X, d); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	if _, maxLabel, err := check.Labels(where, "labels", labels, n); err != nil {
		return nil, err
	} else if maxLabel >= k {
		return nil, check.Errorf(where, check.ErrValue, "labels hold component %d, the model only %d", maxLabel, k)
	}
	if k < 2 {
		return nil, check.Errorf(where, check.ErrValue, "the model has %d component, want at least two", k)
	}
	if a < 0 || a >= k {
		return nil, check.Errorf(where, check.ErrValue, "a=%d, want a component in 0..%d", a, k-1)
	}
	var members []int
	for i, l := range labels {
		if l == a {
			members = append(members, i)
		}
	}
	if len(members) == 0 {
		return nil, check.Errorf(where, check.ErrValue, "a=%d: no row of X is labelled with component %d", a, a)
	}
	Xa := mat.NewDense(len(members), d, nil)
	for r, i := range members {
		Xa.SetRow(r, X.RawRowView(i))
	}
	// The runner-up from the model's own posteriors, in log space so that
	// far components (posteriors underflowing to 0) still compare.
	best, bestScore := -1, math.Inf(-1)
	for b := 0; b < k; b++ {
		if b == a {
			continue
		}
		r, err := GMMPair(m, b, a)
		if err != nil {
			return nil, err
		}
		var s float64 // mean log p(b|x) − log p(a|x)
		for i := range members {
			p, err := r.Explain(Xa.RawRowView(i))
			if err != nil {
				return nil, err
			}
			s += p.LogRatio
		}
		if s /= float64(len(members)); s > bestScore {
			best, bestScore = b, s
		}
	}
	rule, err := GMMPair(m, a, best)
	if err != nil {
		return nil, err
	}
	terms, err := rule.ExplainRows(Xa)
	if err != nil {
		return nil, err
	}
	out := &GMMCluster{Rule: rule, Members: len(members), MeanTerms: make([]float64, d), MeanAbsTerms: make([]float64, d),
		MeanLogRatio: -bestScore}
	for i := range members {
		for j, v := range terms.RawRowView(i) {
			out.MeanTerms[j] += v / float64(len(members))
			out.MeanAbsTerms[j] += math.Abs(v) / float64(len(members))
		}
	}
	out.Ranking = Ranking(out.MeanAbsTerms)
	return out, nil
}
