package cluster

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// GMMModel is a fitted Gaussian mixture. Which covariance fields are set
// depends on Covariance, as scikit-learn's covariances_ and
// precisions_cholesky_ change shape with covariance_type. The fields are the
// model's state: read them, do not modify them (the d×d matrices share
// storage with what Predict and Score use). A model survives encoding/gob
// (and so memo) with bit-identical predictions: see GobEncode.
type GMMModel struct {
	// Covariance is the covariance structure the model was fitted with.
	Covariance CovarianceType
	// Weights are the K mixing proportions; they sum to 1.
	Weights []float64
	// Means is K×d, one component mean per row.
	Means *mat.Dense

	// Covariances holds, for Full, the K d×d covariance matrices (RegCovar
	// included). Nil for the other types.
	Covariances []*mat.Dense
	// TiedCovariance is, for Tied, the d×d covariance shared by all
	// components. Nil otherwise.
	TiedCovariance *mat.Dense
	// DiagCovariances is, for Diag, the K×d per-feature variances of each
	// component. Nil otherwise.
	DiagCovariances *mat.Dense
	// SphericalVariances holds, for Spherical, the single variance of each
	// of the K components. Nil otherwise.
	SphericalVariances []float64

	// PrecisionCholesky holds, for Full, the upper-triangular factors P_k of
	// the precision matrices, P_k·P_kᵀ = Σ_k⁻¹ (scikit-learn's
	// precisions_cholesky_). For Tied it holds the one shared factor. Nil for
	// Diag and Spherical, whose factors are 1/√σ² and follow from the
	// variances.
	PrecisionCholesky []*mat.Dense

	// LowerBound is the mean log-likelihood per training sample at the last
	// E-step of the kept run (scikit-learn's lower_bound_).
	LowerBound float64
	// Converged reports whether the kept run stopped because the lower
	// bound gained less than Tol; non-convergence is not an error.
	Converged bool
	// Iterations is the number of EM iterations of the kept run.
	Iterations int
	// Warnings lists degenerate fits that succeeded, as KMeansModel's do:
	// RegCovar at least as large as every feature's variance (X's values
	// tiny, 1e-300 say, or constant), so that the covariances are mostly
	// RegCovar and the components barely separate. RegCovar is an absolute
	// variance, so a GMM cannot rescale X itself. Nil when there were none.
	Warnings []string

	// NumSamples is the number of training samples.
	NumSamples int
	// ParamsPerSample is NumParams()/NumSamples: well above 1, the model has
	// more free parameters than the training data can pin down.
	ParamsPerSample float64
	// Overparameterized is true when NumParams() exceeds NumSamples.
	Overparameterized bool
	// Note says, in one sentence for a notebook, how many parameters the
	// covariance structure needs against the samples, for example
	// "full covariance in 1500 dims needs 11,262,760 parameters for 5,000
	// samples (2252.6 per sample)".
	Note string

	p *gmmParams
}

// newGMMModel wraps fitted parameters in the exported fields.
func newGMMModel(p *gmmParams, nSamples int) *GMMModel {
	k, d := p.k, p.d
	m := &GMMModel{
		Covariance: p.cov,
		Weights:    append([]float64(nil), p.weights...),
		Means:      mat.NewDense(k, d, append([]float64(nil), p.means...)),
		NumSamples: nSamples,
		p:          p,
	}
	// The d×d matrices share the fitted parameters' storage rather than
	// copying them (in 1,500 dimensions each takes 18 MB).
	sym := func(data []float64) *mat.Dense { return mat.NewDense(d, d, data) }
	tri := sym
	switch p.cov {
	case Full:
		for c := 0; c < k; c++ {
			m.Covariances = append(m.Covariances, sym(p.covs[c*d*d:(c+1)*d*d]))
			m.PrecisionCholesky = append(m.PrecisionCholesky, tri(p.precChol[c*d*d:(c+1)*d*d]))
		}
	case Tied:
		m.TiedCovariance = sym(p.covs)
		m.PrecisionCholesky = []*mat.Dense{tri(p.precChol)}
	case Diag:
		m.DiagCovariances = mat.NewDense(k, d, append([]float64(nil), p.covs...))
	case Spherical:
		m.SphericalVariances = append([]float64(nil), p.covs...)
	}
	np := m.NumParams()
	m.ParamsPerSample = float64(np) / float64(nSamples)
	m.Overparameterized = np > nSamples
	m.Note = fmt.Sprintf("%v covariance in %d dims needs %s parameters for %s samples (%.1f per sample)",
		p.cov, d, gmmThousands(np), gmmThousands(nSamples), m.ParamsPerSample)
	return m
}

// gmmThousands formats n with commas between groups of three digits.
func gmmThousands(n int) string {
	s := fmt.Sprint(n)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return neg + s
}

// NumParams is the number of free parameters of the mixture (scikit-learn's
// _n_parameters): K−1 weights, K·d means and the covariance parameters,
// K·d(d+1)/2 for Full, d(d+1)/2 for Tied, K·d for Diag and K for Spherical.
func (m *GMMModel) NumParams() int {
	if m == nil || m.p == nil {
		return 0
	}
	k, d := m.p.k, m.p.d
	var cov int
	switch m.p.cov {
	case Full:
		cov = k * d * (d + 1) / 2
	case Tied:
		cov = d * (d + 1) / 2
	case Diag:
		cov = k * d
	case Spherical:
		cov = k
	}
	return cov + k*d + k - 1
}

// ComponentCovariance returns component c's covariance as a new d×d matrix,
// whatever the covariance type (diagonal ones expanded).
func (m *GMMModel) ComponentCovariance(c int) (*mat.SymDense, error) {
	if err := m.ready("cluster: GMMModel.ComponentCovariance"); err != nil {
		return nil, err
	}
	k, d := m.p.k, m.p.d
	if c < 0 || c >= k {
		return nil, check.Errorf("cluster: GMMModel.ComponentCovariance", check.ErrValue, "c=%d, want 0 <= c < K=%d", c, k)
	}
	out := mat.NewSymDense(d, nil)
	switch m.p.cov {
	case Full, Tied:
		off := c * d * d
		if m.p.cov == Tied {
			off = 0
		}
		for a := 0; a < d; a++ {
			for b := a; b < d; b++ {
				out.SetSym(a, b, m.p.covs[off+a*d+b])
			}
		}
	case Diag:
		for j := 0; j < d; j++ {
			out.SetSym(j, j, m.p.covs[c*d+j])
		}
	case Spherical:
		for j := 0; j < d; j++ {
			out.SetSym(j, j, m.p.covs[c])
		}
	}
	return out, nil
}

// weighted returns the n×K weighted log-probabilities of X after checking it.
func (m *GMMModel) weighted(where string, X *mat.Dense) ([]float64, int, error) {
	if err := m.ready(where); err != nil {
		return nil, 0, err
	}
	if X == nil {
		return nil, 0, check.Errorf(where, check.ErrEmpty, "X is nil")
	}
	if err := check.Cols(where, "X", X, m.p.d); err != nil {
		return nil, 0, err
	}
	if err := check.Magnitude(where, "X", X); err != nil {
		return nil, 0, err
	}
	n, _ := X.Dims()
	out := make([]float64, n*m.p.k)
	m.p.weightedLogProb(gmmRowMajor(X), nil, n, out)
	return out, n, nil
}

// Predict returns the most probable component of each row of X
// (scikit-learn's predict: the argmax of the weighted log-probabilities).
func (m *GMMModel) Predict(X *mat.Dense) ([]int, error) {
	lp, n, err := m.weighted("cluster: GMMModel.Predict", X)
	if err != nil {
		return nil, err
	}
	k := m.p.k
	labels := make([]int, n)
	for i := range labels {
		row := lp[i*k : (i+1)*k]
		best := 0
		for c, v := range row {
			if v > row[best] {
				best = c
			}
		}
		labels[i] = best
	}
	return labels, nil
}

// PredictProba returns the n×K posterior probabilities of the components
// for each row of X (the responsibilities); each row sums to 1.
func (m *GMMModel) PredictProba(X *mat.Dense) (*mat.Dense, error) {
	lp, n, err := m.weighted("cluster: GMMModel.PredictProba", X)
	if err != nil {
		return nil, err
	}
	gmmLogSumExp(lp, n, m.p.k, nil, true)
	return mat.NewDense(n, m.p.k, lp), nil
}

// ScoreSamples returns the log-likelihood log p(x_i) of each row of X under
// the mixture.
func (m *GMMModel) ScoreSamples(X *mat.Dense) ([]float64, error) {
	lp, n, err := m.weighted("cluster: GMMModel.ScoreSamples", X)
	if err != nil {
		return nil, err
	}
	lse := make([]float64, n)
	gmmLogSumExp(lp, n, m.p.k, lse, false)
	return lse, nil
}

// Score returns the mean log-likelihood per row of X.
func (m *GMMModel) Score(X *mat.Dense) (float64, error) {
	return m.score("cluster: GMMModel.Score", X)
}

func (m *GMMModel) score(where string, X *mat.Dense) (float64, error) {
	lp, n, err := m.weighted(where, X)
	if err != nil {
		return 0, err
	}
	return gmmLogSumExp(lp, n, m.p.k, nil, false) / float64(n), nil
}

// BIC returns the Bayesian information criterion of the model on X
// (Schwarz 1978), −2·log L + p·log n with p = NumParams(), exactly as
// scikit-learn's bic. Lower is better.
func (m *GMMModel) BIC(X *mat.Dense) (float64, error) {
	s, err := m.score("cluster: GMMModel.BIC", X)
	if err != nil {
		return 0, err
	}
	n, _ := X.Dims()
	return -2*s*float64(n) + float64(m.NumParams())*math.Log(float64(n)), nil
}

// AIC returns Akaike's information criterion of the model on X,
// −2·log L + 2p with p = NumParams(), exactly as scikit-learn's aic.
// Lower is better.
func (m *GMMModel) AIC(X *mat.Dense) (float64, error) {
	s, err := m.score("cluster: GMMModel.AIC", X)
	if err != nil {
		return 0, err
	}
	n, _ := X.Dims()
	return -2*s*float64(n) + 2*float64(m.NumParams()), nil
}

// gmmDenseView wraps the row-major slice x as an n×d matrix without copying.
func gmmDenseView(x []float64, n, d int) *mat.Dense {
	return mat.NewDense(n, d, x[:n*d])
}
