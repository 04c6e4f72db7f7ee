package explain

import (
	"math"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
)

// TestGMMDecompositionSumsToModelLogRatio checks, for every covariance type,
// that Constant + ΣTerms equals the model's own log p(a|x) − log p(b|x) from
// PredictProba, to the 1e-10 (points where both posteriors are above
// 1e-250, so that their logs are exact).
func TestGMMDecompositionSumsToModelLogRatio(t *testing.T) {
	X, _, _ := wineStd(t)
	n, _ := X.Dims()
	for _, cov := range []cluster.CovarianceType{cluster.Full, cluster.Tied, cluster.Diag, cluster.Spherical} {
		m, err := cluster.GMM{K: 3, Covariance: cov, Seed: 2, Progress: silent}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		proba, err := m.PredictProba(X)
		if err != nil {
			t.Fatal(err)
		}
		worst, checked := 0.0, 0
		for a := 0; a < 3; a++ {
			for b := 0; b < 3; b++ {
				if a == b {
					continue
				}
				r, err := GMMPair(m, a, b)
				if err != nil {
					t.Fatal(err)
				}
				if r.Whitened != (cov == cluster.Full || cov == cluster.Tied) || (r.Basis != nil) != r.Whitened {
					t.Fatalf("%v: Whitened=%v Basis set=%v", cov, r.Whitened, r.Basis != nil)
				}
				rows, err := r.ExplainRows(X)
				if err != nil {
					t.Fatal(err)
				}
				for i := 0; i < n; i++ {
					p, err := r.Explain(X.RawRowView(i))
					if err != nil {
						t.Fatal(err)
					}
					s := p.Constant
					for j, v := range p.Terms {
						s += v
						if v != rows.At(i, j) {
							t.Fatalf("ExplainRows and Explain differ")
						}
					}
					if math.Abs(s-p.LogRatio) > 1e-12*math.Max(1, math.Abs(s)) {
						t.Fatalf("LogRatio %v is not Constant+ΣTerms %v", p.LogRatio, s)
					}
					pa, pb := proba.At(i, a), proba.At(i, b)
					if pa < 1e-250 || pb < 1e-250 {
						continue
					}
					checked++
					worst = math.Max(worst, math.Abs(p.LogRatio-(math.Log(pa)-math.Log(pb))))
				}
			}
		}
		t.Logf("%v: max |Constant+ΣTerms − log p(a|x)/p(b|x)| = %.2g over %d (point, pair)s", cov, worst, checked)
		if worst > tolExact || checked < n {
			t.Fatalf("%v: off by %.3g (checked %d)", cov, worst, checked)
		}
	}
}

// TestGMMDiagTermsAreFeatures checks the diagonal decomposition against its
// closed form for one feature, and that the tied terms equal the k-means
// rule in the whitened space.
func TestGMMDiagTermsAreFeatures(t *testing.T) {
	X, _, _ := wineStd(t)
	m, err := cluster.GMM{K: 3, Covariance: cluster.Diag, Seed: 2, Progress: silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	r, err := GMMPair(m, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	x := X.RawRowView(5)
	p, _ := r.Explain(x)
	j := 4
	ea, eb := x[j]-m.Means.At(0, j), x[j]-m.Means.At(1, j)
	want := -0.5 * (ea*ea/m.DiagCovariances.At(0, j) - eb*eb/m.DiagCovariances.At(1, j))
	if math.Abs(p.Terms[j]-want) > 1e-13 {
		t.Fatalf("term %d = %v, want %v", j, p.Terms[j], want)
	}

	mt, err := cluster.GMM{K: 3, Covariance: cluster.Tied, Seed: 2, Progress: silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	rt, err := GMMPair(mt, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	pt, _ := rt.Explain(x)
	// Whitened coordinates z_a = Basis·(x−μ_a), z_b = Basis·(x−μ_b):
	// term_j = −½(z_aj² − z_bj²).
	d := len(x)
	for j := 0; j < d; j++ {
		var za, zb float64
		for i := 0; i < d; i++ {
			za += rt.Basis.At(j, i) * (x[i] - mt.Means.At(0, i))
			zb += rt.Basis.At(j, i) * (x[i] - mt.Means.At(1, i))
		}
		if w := -0.5 * (za*za - zb*zb); math.Abs(pt.Terms[j]-w) > 1e-10 {
			t.Fatalf("tied term %d = %v, want %v", j, pt.Terms[j], w)
		}
	}
}

func TestExplainGMMCluster(t *testing.T) {
	X, _, names := wineStd(t)
	m, err := cluster.GMM{K: 3, Covariance: cluster.Diag, Seed: 2, Progress: silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	labels, err := m.Predict(X)
	if err != nil {
		t.Fatal(err)
	}
	for a := 0; a < 3; a++ {
		c, err := ExplainGMMCluster(m, X, labels, a)
		if err != nil {
			t.Fatal(err)
		}
		s := c.Rule.Constant
		for _, v := range c.MeanTerms {
			s += v
		}
		// Members are assigned to a: the mean log ratio against the
		// runner-up is positive and equals Constant + Σ mean terms.
		if c.MeanLogRatio <= 0 || math.Abs(s-c.MeanLogRatio) > 1e-9*math.Max(1, math.Abs(s)) {
			t.Fatalf("component %d: mean log ratio %v, Constant+Σ mean terms %v", a, c.MeanLogRatio, s)
		}
		t.Logf("component %d (%d members) vs %d: mean log ratio %.1f, top %s, %s, %s", a, c.Members, c.Rule.B,
			c.MeanLogRatio, names[c.Ranking[0]], names[c.Ranking[1]], names[c.Ranking[2]])
	}
	if _, err := ExplainGMMCluster(m, X, labels, 3); err == nil {
		t.Fatal("component 3 of 3 accepted")
	}
}
