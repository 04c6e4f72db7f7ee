package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// gmmRef is testdata/gmm_reference.json, written by
// testdata/make_gmm_reference.py with scikit-learn 1.2.1.
type gmmRef struct {
	Datasets []struct {
		Name string    `json:"name"`
		NN   int       `json:"n"`
		DD   int       `json:"d"`
		KK   int       `json:"k"`
		X    []float64 `json:"X"`
		Fits []struct {
			Covariance    string    `json:"covariance"`
			Score         float64   `json:"score"`
			ScoreRandom   float64   `json:"score_random"`
			LowerBound    float64   `json:"lower_bound"`
			Weights       []float64 `json:"weights"`
			Means         []float64 `json:"means"`
			Covariances   []float64 `json:"covariances"`
			PrecChol      []float64 `json:"precisions_cholesky"`
			ScoreSamples  []float64 `json:"score_samples"`
			ProbaFirst10  []float64 `json:"predict_proba_first10"`
			Predict       []int     `json:"predict"`
			BIC           float64   `json:"bic"`
			AIC           float64   `json:"aic"`
			NumParameters int       `json:"n_parameters"`
		} `json:"fits"`
	} `json:"datasets"`
}

func loadGMMRef(t *testing.T) *gmmRef {
	t.Helper()
	b, err := os.ReadFile("testdata/gmm_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var r gmmRef
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

func gmmCovFromName(t *testing.T, s string) CovarianceType {
	for _, c := range []CovarianceType{Full, Tied, Diag, Spherical} {
		if c.String() == s {
			return c
		}
	}
	t.Fatalf("unknown covariance %q", s)
	return 0
}

// gmmModelFromParams builds a model from given parameters (for comparing
// with scikit-learn's formulas on the same parameters).
func gmmModelFromParams(cov CovarianceType, k, d int, weights, means, covs []float64, nSamples int) (*GMMModel, error) {
	p := &gmmParams{cov: cov, k: k, d: d, weights: weights, means: means, covs: covs, logDet: make([]float64, k)}
	if err := p.computePrecisionCholesky(); err != nil {
		return nil, err
	}
	return newGMMModel(p, nSamples), nil
}

// Tolerances.
const (
	// gmmLLSlack: our best of NInit runs may not be worse than scikit-learn's
	// best of 5 by more than this (mean log-likelihood, absolute).
	gmmLLSlack = 1e-4
	// gmmExactTol: same parameters, same formulas, different rounding order
	// (relative to max(1,|value|)).
	gmmExactTol = 1e-10
)

func gmmClose(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// TestGMMReferenceLogLikelihood: the converged mean log-likelihood on the
// training data is no worse than scikit-learn's best of 5 k-means
// initialisations (tol 1e-10, max_iter 1000) minus gmmLLSlack, and, from
// random responsibilities, than scikit-learn's best of 20 random ones.
func TestGMMReferenceLogLikelihood(t *testing.T) {
	if gmmRace {
		t.Skip("numeric test, about 11 s under -race; concurrency is covered by TestGMMDeterministic")
	}
	ref := loadGMMRef(t)
	inits := []InitMethod{InitKMeans, InitRandom}
	if testing.Short() {
		// Random starts converge slowly at tol 1e-10 (about 4 s here).
		inits = inits[:1]
	}
	for _, ds := range ref.Datasets {
		X := mat.NewDense(ds.NN, ds.DD, ds.X)
		for _, f := range ds.Fits {
			cov := gmmCovFromName(t, f.Covariance)
			for _, init := range inits {
				nInit := 20
				if init == InitRandom {
					nInit = 20
				}
				m, err := GMM{K: ds.KK, Covariance: cov, Tol: 1e-10, MaxIter: 1000, NInit: nInit, Init: init, Seed: 1, Progress: progress.Silent}.Fit(X)
				if err != nil {
					t.Fatalf("%s %v %v: %v", ds.Name, cov, init, err)
				}
				s, err := m.Score(X)
				if err != nil {
					t.Fatal(err)
				}
				want := f.Score
				if init == InitRandom {
					want = f.ScoreRandom
				}
				if s < want-gmmLLSlack {
					t.Errorf("%s %v init=%v: score %.10f, sklearn %.10f", ds.Name, cov, init, s, want)
				}
				if !m.Converged {
					t.Errorf("%s %v init=%v: not converged after %d iterations", ds.Name, cov, init, m.Iterations)
				}
				// The lower bound is the score one M-step earlier; at tol 1e-10 they agree.
				if math.Abs(m.LowerBound-s) > 1e-6 {
					t.Errorf("%s %v: lower bound %.10f vs score %.10f", ds.Name, cov, m.LowerBound, s)
				}
				if m.NumParams() != f.NumParameters {
					t.Errorf("%s %v: NumParams %d, sklearn %d", ds.Name, cov, m.NumParams(), f.NumParameters)
				}
			}
		}
	}
}

// TestGMMSklearnFormulas: with scikit-learn's fitted parameters, our
// precision Cholesky factors, score_samples, predict_proba, predict, BIC and
// AIC equal scikit-learn's.
func TestGMMSklearnFormulas(t *testing.T) {
	ref := loadGMMRef(t)
	for _, ds := range ref.Datasets {
		X := mat.NewDense(ds.NN, ds.DD, ds.X)
		for _, f := range ds.Fits {
			cov := gmmCovFromName(t, f.Covariance)
			m, err := gmmModelFromParams(cov, ds.KK, ds.DD, f.Weights, f.Means, f.Covariances, ds.NN)
			if err != nil {
				t.Fatal(err)
			}
			name := ds.Name + " " + f.Covariance
			for i, v := range m.p.precChol {
				if !gmmClose(v, f.PrecChol[i], gmmExactTol) {
					t.Fatalf("%s: precChol[%d] %v, sklearn %v", name, i, v, f.PrecChol[i])
				}
			}
			ss, err := m.ScoreSamples(X)
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range ss {
				if !gmmClose(v, f.ScoreSamples[i], gmmExactTol) {
					t.Fatalf("%s: score_samples[%d] %v, sklearn %v", name, i, v, f.ScoreSamples[i])
				}
			}
			pr, err := m.PredictProba(X.Slice(0, 10, 0, ds.DD).(*mat.Dense))
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range pr.RawMatrix().Data {
				if math.Abs(v-f.ProbaFirst10[i]) > gmmExactTol {
					t.Fatalf("%s: proba[%d] %v, sklearn %v", name, i, v, f.ProbaFirst10[i])
				}
			}
			lab, err := m.Predict(X)
			if err != nil {
				t.Fatal(err)
			}
			for i := range lab {
				if lab[i] != f.Predict[i] {
					t.Fatalf("%s: predict[%d] %d, sklearn %d", name, i, lab[i], f.Predict[i])
				}
			}
			bic, err := m.BIC(X)
			if err != nil {
				t.Fatal(err)
			}
			aic, err := m.AIC(X)
			if err != nil {
				t.Fatal(err)
			}
			if !gmmClose(bic, f.BIC, gmmExactTol) || !gmmClose(aic, f.AIC, gmmExactTol) {
				t.Errorf("%s: BIC %v AIC %v, sklearn %v %v", name, bic, aic, f.BIC, f.AIC)
			}
			if m.NumParams() != f.NumParameters {
				t.Errorf("%s: NumParams %d, sklearn %d", name, m.NumParams(), f.NumParameters)
			}
		}
	}
}

// gmmTestData is n seeded points around k centres in d dims.
func gmmTestData(n, d, k int, seed uint64) *mat.Dense {
	rng := randx.New(seed)
	centres := make([]float64, k*d)
	for i := range centres {
		centres[i] = 5 * rng.NormFloat64()
	}
	X := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		c := i % k
		for j := 0; j < d; j++ {
			X.Set(i, j, centres[c*d+j]+(1+0.3*float64(j%3))*rng.NormFloat64())
		}
	}
	return X
}

// TestGMMInvariants: probabilities rows sum to 1, labels are the argmax,
// weights sum to 1, Score is the mean of ScoreSamples.
func TestGMMInvariants(t *testing.T) {
	X := gmmTestData(700, 5, 3, 3)
	for _, cov := range []CovarianceType{Full, Tied, Diag, Spherical} {
		m, err := GMM{K: 3, Covariance: cov, Seed: 2, Progress: progress.Silent}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		P, err := m.PredictProba(X)
		if err != nil {
			t.Fatal(err)
		}
		lab, _ := m.Predict(X)
		for i := 0; i < 700; i++ {
			row := P.RawRowView(i)
			var s float64
			best := 0
			for c, v := range row {
				s += v
				if v > row[best] {
					best = c
				}
			}
			if math.Abs(s-1) > 1e-12 {
				t.Fatalf("%v: row %d sums to %v", cov, i, s)
			}
			if best != lab[i] {
				t.Fatalf("%v: row %d argmax %d, Predict %d", cov, i, best, lab[i])
			}
		}
		var ws float64
		for _, w := range m.Weights {
			ws += w
		}
		if math.Abs(ws-1) > 1e-12 {
			t.Errorf("%v: weights sum to %v", cov, ws)
		}
		ss, _ := m.ScoreSamples(X)
		var mean float64
		for _, v := range ss {
			mean += v
		}
		mean /= float64(len(ss))
		s, _ := m.Score(X)
		if math.Abs(mean-s) > 1e-12 {
			t.Errorf("%v: Score %v, mean ScoreSamples %v", cov, s, mean)
		}
		if _, err := m.ComponentCovariance(2); err != nil {
			t.Error(err)
		}
	}
}

// TestGMMDeterministic: same seed, GOMAXPROCS 1 and 4, bit-identical fits.
func TestGMMDeterministic(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 1200
	}
	X := gmmTestData(n, 6, 4, 5)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, cov := range []CovarianceType{Full, Tied, Diag, Spherical} {
		for _, init := range []InitMethod{InitKMeans, InitRandom} {
			var fits [2]*GMMModel
			for i, procs := range []int{1, 4} {
				runtime.GOMAXPROCS(procs)
				m, err := GMM{K: 4, Covariance: cov, Init: init, NInit: 2, Seed: 9, Progress: progress.Silent}.Fit(X)
				if err != nil {
					t.Fatal(err)
				}
				fits[i] = m
			}
			a, b := fits[0], fits[1]
			if a.LowerBound != b.LowerBound || a.Iterations != b.Iterations || !mat.Equal(a.Means, b.Means) {
				t.Errorf("%v %v: GOMAXPROCS 1 vs 4 differ: %v %v", cov, init, a.LowerBound, b.LowerBound)
			}
			for i := range a.p.covs {
				if a.p.covs[i] != b.p.covs[i] {
					t.Fatalf("%v %v: covariances differ at %d", cov, init, i)
				}
			}
		}
	}
}

// TestGMMBadInput: each bad argument is an error naming it and its value.
func TestGMMBadInput(t *testing.T) {
	X := gmmTestData(10, 2, 2, 1)
	nan := mat.DenseCopyOf(X)
	nan.Set(3, 1, math.NaN())
	inf := mat.DenseCopyOf(X)
	inf.Set(2, 0, math.Inf(1))
	for _, tc := range []struct {
		name     string
		g        GMM
		X        *mat.Dense
		sentinel error
		want     string
	}{
		{"K>n", GMM{K: 12}, X, check.ErrValue, "K=12 exceeds the 10 samples"},
		{"K<0", GMM{K: -1}, X, check.ErrValue, "K=-1"},
		{"RegCovar<0", GMM{K: 2, RegCovar: -0.1}, X, check.ErrValue, "RegCovar=-0.1"},
		{"RegCovar NaN", GMM{K: 2, RegCovar: math.NaN()}, X, check.ErrValue, "RegCovar=NaN"},
		{"Tol<0", GMM{K: 2, Tol: -1}, X, check.ErrValue, "Tol=-1"},
		{"MaxIter<0", GMM{K: 2, MaxIter: -3}, X, check.ErrValue, "MaxIter=-3"},
		{"NInit<0", GMM{K: 2, NInit: -2}, X, check.ErrValue, "NInit=-2"},
		{"Covariance", GMM{K: 2, Covariance: 7}, X, check.ErrValue, "Covariance=CovarianceType(7)"},
		{"Init", GMM{K: 2, Init: 5}, X, check.ErrValue, "Init=InitMethod(5)"},
		{"NaN", GMM{K: 2}, nan, check.ErrNaN, "X[3,1]=NaN"},
		{"Inf", GMM{K: 2}, inf, check.ErrNaN, "X[2,0]=+Inf"},
		{"nil", GMM{K: 2}, nil, check.ErrEmpty, "X is nil"},
		{"empty", GMM{K: 2}, &mat.Dense{}, check.ErrEmpty, "X is"},
		{"one row", GMM{}, mat.NewDense(1, 2, []float64{1, 2}), check.ErrEmpty, "at least 2 samples"},
	} {
		g := tc.g
		g.Progress = progress.Silent
		_, err := g.Fit(tc.X)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if !errors.Is(err, tc.sentinel) || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "cluster: GMM.Fit: ") {
			t.Errorf("%s: error %q, want %v containing %q", tc.name, err, tc.sentinel, tc.want)
		}
	}
	m, err := GMM{K: 2, Seed: 1, Progress: progress.Silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	wrong := mat.NewDense(3, 5, nil)
	for name, f := range map[string]func() error{
		"Predict":      func() error { _, err := m.Predict(wrong); return err },
		"PredictProba": func() error { _, err := m.PredictProba(wrong); return err },
		"Score":        func() error { _, err := m.Score(wrong); return err },
		"ScoreSamples": func() error { _, err := m.ScoreSamples(wrong); return err },
		"BIC":          func() error { _, err := m.BIC(wrong); return err },
		"AIC":          func() error { _, err := m.AIC(wrong); return err },
	} {
		err := f()
		if !errors.Is(err, check.ErrShape) || !strings.Contains(err.Error(), "GMMModel."+name) || !strings.Contains(err.Error(), "X has 5 columns, the model was fitted on 2") {
			t.Errorf("%s: error %v", name, err)
		}
	}
	if _, err := m.Predict(nan); !errors.Is(err, check.ErrNaN) {
		t.Errorf("Predict NaN: %v", err)
	}
}

// TestGMMSingular: collapsed samples with no regularisation to speak of give
// scikit-learn's ill-defined covariance error, naming K and RegCovar.
func TestGMMSingular(t *testing.T) {
	X := mat.NewDense(6, 2, []float64{0, 0, 0, 0, 1, 1, 1, 1, 5, 5, 5, 5})
	// scikit-learn 1.2.1 raises for Full and Tied on these data; Diag and
	// Spherical variances of 1e-300 stay positive and fit.
	for _, cov := range []CovarianceType{Full, Tied} {
		_, err := GMM{K: 3, Covariance: cov, RegCovar: 1e-300, Seed: 1, Progress: progress.Silent}.Fit(X)
		if err == nil || !errors.Is(err, check.ErrValue) || !strings.Contains(err.Error(), "K=3") || !strings.Contains(err.Error(), "RegCovar=1e-300") || !strings.Contains(err.Error(), "ill-defined") {
			t.Errorf("%v: error %v", cov, err)
		}
		// The default regularisation makes the same data fit.
		if _, err := (GMM{K: 3, Covariance: cov, Seed: 1, Progress: progress.Silent}).Fit(X); err != nil {
			t.Errorf("%v with default RegCovar: %v", cov, err)
		}
	}
}

// TestGMMOverparameterized: a full covariance in 20 dims for 50 samples.
func TestGMMOverparameterized(t *testing.T) {
	X := gmmTestData(50, 20, 2, 4)
	m, err := GMM{K: 2, RegCovar: 0.01, Seed: 1, Progress: progress.Silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	// 2·20·21/2 + 2·20 + 1 (scikit-learn's _n_parameters).
	if m.NumParams() != 461 || !m.Overparameterized || m.ParamsPerSample != 461.0/50 {
		t.Errorf("NumParams %d Overparameterized %v ParamsPerSample %v", m.NumParams(), m.Overparameterized, m.ParamsPerSample)
	}
	if want := "full covariance in 20 dims needs 461 parameters for 50 samples (9.2 per sample)"; m.Note != want {
		t.Errorf("Note %q, want %q", m.Note, want)
	}
	d, err := GMM{K: 2, Covariance: Spherical, Seed: 1, Progress: progress.Silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	if d.Overparameterized {
		t.Errorf("spherical: %s", d.Note)
	}
	if got := gmmThousands(11262760); got != "11,262,760" {
		t.Errorf("gmmThousands: %s", got)
	}
}

func TestGMMCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := GMM{K: 2, Init: InitRandom, Progress: progress.Silent}.FitContext(ctx, gmmTestData(40, 2, 2, 1))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

func TestGMMEnumStrings(t *testing.T) {
	if Full.String() != "full" || Tied.String() != "tied" || Diag.String() != "diag" || Spherical.String() != "spherical" ||
		InitKMeans.String() != "kmeans" || InitRandom.String() != "random" {
		t.Error("enum names differ from scikit-learn's")
	}
}

// gmmRecorder is a progress.Reporter that keeps the reported lower bounds.
type gmmRecorder struct{ lower []float64 }

func (r *gmmRecorder) Start(string, int) {}
func (r *gmmRecorder) Update(_ int, ms ...progress.Metric) {
	for _, m := range ms {
		if m.Name == "lower_bound" {
			r.lower = append(r.lower, m.Value)
		}
	}
}
func (r *gmmRecorder) Finish(string) {}

// TestGMMMonotone: EM never decreases the log-likelihood (Dempster, Laird &
// Rubin 1977, Theorem 1), up to rounding, for every covariance type.
func TestGMMMonotone(t *testing.T) {
	X := gmmTestData(500, 4, 3, 8)
	for _, cov := range []CovarianceType{Full, Tied, Diag, Spherical} {
		rec := &gmmRecorder{}
		m, err := GMM{K: 5, Covariance: cov, Init: InitRandom, Tol: 1e-9, MaxIter: 300, Seed: 3, Progress: rec}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.lower) != m.Iterations {
			t.Errorf("%v: %d updates for %d iterations", cov, len(rec.lower), m.Iterations)
		}
		for i := 1; i < len(rec.lower); i++ {
			if rec.lower[i] < rec.lower[i-1]-1e-10 {
				t.Errorf("%v: lower bound fell from %v to %v at iteration %d", cov, rec.lower[i-1], rec.lower[i], i+1)
			}
		}
	}
}

// TestGMMStridedView: a strided view of X gives the same fit as a copy.
func TestGMMStridedView(t *testing.T) {
	big := gmmTestData(300, 6, 3, 2)
	view := big.Slice(0, 300, 1, 5).(*mat.Dense)
	cp := mat.DenseCopyOf(view)
	for _, cov := range []CovarianceType{Full, Diag} {
		g := GMM{K: 3, Covariance: cov, Seed: 4, Progress: progress.Silent}
		a, err := g.Fit(view)
		if err != nil {
			t.Fatal(err)
		}
		b, err := g.Fit(cp)
		if err != nil {
			t.Fatal(err)
		}
		if a.LowerBound != b.LowerBound || !mat.Equal(a.Means, b.Means) {
			t.Errorf("%v: view %v, copy %v", cov, a.LowerBound, b.LowerBound)
		}
		sa, _ := a.Score(view)
		sb, _ := a.Score(cp)
		if sa != sb {
			t.Errorf("%v: Score on view %v, on copy %v", cov, sa, sb)
		}
	}
}

// TestGMMLowRank: Full components with fewer samples than d take the
// Woodbury path (gmmLowRank) during EM; its log-probabilities and the fit
// equal those of the d×d Cholesky path up to rounding.
func TestGMMLowRank(t *testing.T) {
	defer func() { gmmLowRankOff = false }()
	X := gmmTestData(90, 80, 3, 6) // 30 samples per component, 0.4·80 = 32
	n, d := X.Dims()
	// One E-step from the same responsibilities, both ways.
	var lp [2][]float64
	for i, off := range []bool{false, true} {
		gmmLowRankOff = off
		w := newGMMWork(gmmRowMajor(X), n, d, 3, Full)
		for r := 0; r < n; r++ {
			w.resp[r*3+r%3] = 1
		}
		p, err := w.mStep(0.01)
		if err != nil {
			t.Fatal(err)
		}
		if (p.lowRank != nil) == off {
			t.Fatalf("lowRankOff=%v: lowRank %v", off, p.lowRank != nil)
		}
		lp[i] = make([]float64, n*3)
		p.weightedLogProb(w.x, nil, n, lp[i])
	}
	for i := range lp[0] {
		if !gmmClose(lp[0][i], lp[1][i], 1e-9) {
			t.Fatalf("log-prob %d: low-rank %v, Cholesky %v", i, lp[0][i], lp[1][i])
		}
	}
	// Whole fits.
	var fits [2]*GMMModel
	for i, off := range []bool{false, true} {
		gmmLowRankOff = off
		m, err := GMM{K: 3, RegCovar: 0.01, Tol: 1e-8, Seed: 2, Progress: progress.Silent}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		fits[i] = m
	}
	a, b := fits[0], fits[1]
	if !gmmClose(a.LowerBound, b.LowerBound, 1e-9) || a.Iterations != b.Iterations || !mat.EqualApprox(a.Means, b.Means, 1e-8) {
		t.Errorf("low-rank fit %v (%d it), Cholesky fit %v (%d it)", a.LowerBound, a.Iterations, b.LowerBound, b.Iterations)
	}
	for c := range a.Covariances {
		if !mat.EqualApprox(a.Covariances[c], b.Covariances[c], 1e-10) || !mat.EqualApprox(a.PrecisionCholesky[c], b.PrecisionCholesky[c], 1e-8) {
			t.Errorf("component %d: covariances or precision factors differ", c)
		}
	}
	sa, _ := a.Score(X)
	if !gmmClose(sa, a.LowerBound, 1e-6) {
		t.Errorf("Score %v after materialising, lower bound %v", sa, a.LowerBound)
	}
	// The exported covariances, through the d×d Cholesky path, score the same.
	if a.p.lowRank == nil {
		t.Fatal("the fit did not keep its low-rank components")
	}
	ref, err := gmmModelFromParams(Full, 3, d, a.p.weights, a.p.means, a.p.covs, n)
	if err != nil {
		t.Fatal(err)
	}
	sr, _ := ref.Score(X)
	if !gmmClose(sa, sr, 1e-9) {
		t.Errorf("Score low-rank %v, from exported covariances %v", sa, sr)
	}
	// Bit-identical at GOMAXPROCS 1 and 4.
	gmmLowRankOff = false
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var lb [2]float64
	for i, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		m, err := GMM{K: 3, RegCovar: 0.01, Seed: 5, Init: InitRandom, Progress: progress.Silent}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		lb[i] = m.LowerBound
	}
	if lb[0] != lb[1] {
		t.Errorf("GOMAXPROCS 1 vs 4: %v vs %v", lb[0], lb[1])
	}
}
