package cluster

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"gonum.org/v1/gonum/mat"
)

// inspectBlobs is three well-separated 4-dimensional blobs of 40 points.
func inspectBlobs() *mat.Dense {
	rng := randx.New(7)
	X := mat.NewDense(120, 4, nil)
	for i := range 120 {
		for j := range 4 {
			X.Set(i, j, float64(i/40)*10+rng.NormFloat64())
		}
	}
	return X
}

func TestGMMStartLabelsIsFitsKMeansStart(t *testing.T) {
	X := inspectBlobs()
	for _, seed := range []uint64{1, 2, 3} {
		g := GMM{K: 3, Covariance: Diag, Seed: seed, NInit: 2}
		for run := range 2 {
			got, err := g.StartLabels(X, run)
			if err != nil {
				t.Fatal(err)
			}
			// Fit seeds run r's k-means with the first draw of stream (Seed, r).
			km, err := KMeans{K: 3, NInit: 1, Seed: randx.Stream(seed, uint64(run)).Uint64()}.Fit(X)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, km.Labels) {
				t.Errorf("seed %d run %d: StartLabels differs from the k-means start Fit uses", seed, run)
			}
		}
		// On separated blobs EM keeps the start: the fitted partition is the start's.
		m, err := GMM{K: 3, Covariance: Diag, Seed: seed}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		pred, _ := m.Predict(X)
		start, _ := GMM{K: 3, Covariance: Diag, Seed: seed}.StartLabels(X, 0)
		if !slices.Equal(pred, start) {
			t.Errorf("seed %d: fitted labels differ from the start on separated blobs", seed)
		}
	}
}

func TestGMMNumParamsMatchesFit(t *testing.T) {
	X := inspectBlobs()
	for _, cov := range []CovarianceType{Full, Tied, Diag, Spherical} {
		g := GMM{K: 3, Covariance: cov, Seed: 1}
		m, err := g.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		got, err := g.NumParams(4)
		if err != nil || got != m.NumParams() {
			t.Errorf("%v: NumParams(4) = %d, %v; the fitted model has %d", cov, got, err, m.NumParams())
		}
	}
	// The question of experiment 01: 17 components, full covariance, 1,648 dims.
	got, _ := GMM{K: 17, Covariance: Full}.NumParams(1648)
	if want := 17*1648*1649/2 + 17*1648 + 16; got != want {
		t.Errorf("K=17, d=1648: %d parameters, want %d", got, want)
	}
}

func TestGMMMaxProba(t *testing.T) {
	X := inspectBlobs()
	m, err := GMM{K: 3, Seed: 1}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	P, _ := m.PredictProba(X)
	got, err := m.MaxProba(X)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range got {
		if want := slices.Max(P.RawRowView(i)); v != want || v < 1.0/3-1e-12 || v > 1 {
			t.Fatalf("row %d: MaxProba %v, row max %v", i, v, want)
		}
	}
}

// TestGMMPredictMax: one pass gives exactly Predict's labels and MaxProba's
// values, for every covariance type.
func TestGMMPredictMax(t *testing.T) {
	X := inspectBlobs()
	for _, cov := range []CovarianceType{Full, Tied, Diag, Spherical} {
		m, err := GMM{K: 3, Covariance: cov, Seed: 1}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		labels, top, err := m.PredictMax(X)
		if err != nil {
			t.Fatal(err)
		}
		wantLabels, _ := m.Predict(X)
		wantTop, _ := m.MaxProba(X)
		if !slices.Equal(labels, wantLabels) {
			t.Errorf("%v: PredictMax labels differ from Predict's", cov)
		}
		if !slices.Equal(top, wantTop) {
			t.Errorf("%v: PredictMax probabilities differ from MaxProba's", cov)
		}
	}
	m, _ := GMM{K: 2, Seed: 1}.Fit(X)
	if _, _, err := m.PredictMax(mat.NewDense(2, 3, nil)); !errors.Is(err, mlkit.ErrShape) || !strings.Contains(err.Error(), "PredictMax") {
		t.Errorf("wrong shape: error %v, want ErrShape naming PredictMax", err)
	}
	if _, _, err := m.PredictMax(nil); !errors.Is(err, mlkit.ErrEmpty) {
		t.Errorf("nil X: error %v, want ErrEmpty", err)
	}
}

func TestGMMInspectBadInput(t *testing.T) {
	X := inspectBlobs()
	nan := mat.DenseCopyOf(X)
	nan.Set(0, 0, math.NaN())
	for _, c := range []struct {
		name string
		err  error
		sent error
		msg  string
	}{
		{"StartLabels nil", func() error { _, e := GMM{K: 2}.StartLabels(nil, 0); return e }(), mlkit.ErrEmpty, "X is nil"},
		{"StartLabels NaN", func() error { _, e := GMM{K: 2}.StartLabels(nan, 0); return e }(), mlkit.ErrNaN, "X"},
		{"StartLabels K>n", func() error { _, e := GMM{K: 500}.StartLabels(X, 0); return e }(), mlkit.ErrValue, "K=500"},
		{"StartLabels random", func() error { _, e := GMM{K: 2, Init: InitRandom}.StartLabels(X, 0); return e }(), mlkit.ErrValue, "want InitKMeans"},
		{"StartLabels run", func() error { _, e := GMM{K: 2, NInit: 2}.StartLabels(X, 2); return e }(), mlkit.ErrValue, "run=2"},
		{"StartLabels run<0", func() error { _, e := GMM{K: 2}.StartLabels(X, -1); return e }(), mlkit.ErrValue, "run=-1"},
		{"NumParams d", func() error { _, e := GMM{K: 2}.NumParams(0); return e }(), mlkit.ErrValue, "d=0"},
		{"NumParams K", func() error { _, e := GMM{K: -1}.NumParams(3); return e }(), mlkit.ErrValue, "K=-1"},
		{"NumParams cov", func() error { _, e := GMM{K: 2, Covariance: 9}.NumParams(3); return e }(), mlkit.ErrValue, "Covariance"},
		{"NumParams huge", func() error { _, e := GMM{K: 1000}.NumParams(1 << 30); return e }(), mlkit.ErrValue, "2^53"},
		{"MaxProba shape", func() error {
			m, _ := GMM{K: 2, Seed: 1}.Fit(X)
			_, e := m.MaxProba(mat.NewDense(2, 3, nil))
			return e
		}(), mlkit.ErrShape, ""},
	} {
		if c.err == nil || !errors.Is(c.err, c.sent) || !strings.Contains(c.err.Error(), c.msg) {
			t.Errorf("%s: error %v, want %v containing %q", c.name, c.err, c.sent, c.msg)
		}
	}
}
