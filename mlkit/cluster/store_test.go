package cluster

import (
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/gobtest"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

func storeData(n, d int, seed uint64) *mat.Dense {
	r := randx.New(seed)
	X := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			X.Set(i, j, r.NormFloat64()+float64(3*(i%3)))
		}
	}
	return X
}

// TestStoreKMeans: a KMeansModel read back from gob predicts and transforms
// the same bits (Lloyd, Elkan and mini-batch models are the same type).
func TestStoreKMeans(t *testing.T) {
	X := storeData(90, 4, 1)
	Q := storeData(30, 4, 2)
	for name, fit := range map[string]func() (*KMeansModel, error){
		"lloyd": func() (*KMeansModel, error) { return KMeans{K: 3, Seed: 1, Progress: progress.Silent}.Fit(X) },
		"elkan": func() (*KMeansModel, error) {
			return KMeans{K: 3, Algorithm: Elkan, Seed: 1, Progress: progress.Silent}.Fit(X)
		},
		"minibatch": func() (*KMeansModel, error) { return MiniBatchKMeans{K: 3, Seed: 1, Progress: progress.Silent}.Fit(X) },
	} {
		m, err := fit()
		if err != nil {
			t.Fatal(name, err)
		}
		b := gobtest.RoundTrip(t, m)
		pa, _ := m.Predict(Q)
		pb, err := b.Predict(Q)
		if err != nil || !slices.Equal(pa, pb) {
			t.Errorf("%s: Predict after gob = %v (%v), want %v", name, pb, err, pa)
		}
		ta, _ := m.Transform(Q)
		tb, _ := b.Transform(Q)
		if !gobtest.SameFloats(ta.RawMatrix().Data, tb.RawMatrix().Data) || m.Inertia != b.Inertia || !slices.Equal(m.Labels, b.Labels) {
			t.Errorf("%s: Transform, Inertia or Labels differ after gob", name)
		}
	}
}

// TestStoreGMM: every covariance type, and a Full model whose components
// take the low-rank path, predicts the same bits after gob.
func TestStoreGMM(t *testing.T) {
	for _, tc := range []struct {
		name string
		n, d int
		g    GMM
	}{
		{"full", 90, 4, GMM{K: 3, Covariance: Full}},
		{"tied", 90, 4, GMM{K: 3, Covariance: Tied}},
		{"diag", 90, 4, GMM{K: 3, Covariance: Diag}},
		{"spherical", 90, 4, GMM{K: 3, Covariance: Spherical}},
		{"full low-rank", 40, 80, GMM{K: 2, Covariance: Full, RegCovar: 1e-2}},
	} {
		X := storeData(tc.n, tc.d, 3)
		Q := storeData(25, tc.d, 4)
		tc.g.Seed, tc.g.Progress = 1, progress.Silent
		m, err := tc.g.Fit(X)
		if err != nil {
			t.Fatal(tc.name, err)
		}
		if tc.name == "full low-rank" && m.p.lowRank == nil {
			t.Errorf("%s: the fit did not take the low-rank path", tc.name)
		}
		b := gobtest.RoundTrip(t, m)
		pa, _ := m.PredictProba(Q)
		pb, err := b.PredictProba(Q)
		if err != nil || !gobtest.SameFloats(pa.RawMatrix().Data, pb.RawMatrix().Data) {
			t.Errorf("%s: PredictProba differs after gob (err %v)", tc.name, err)
		}
		sa, _ := m.ScoreSamples(Q)
		sb, _ := b.ScoreSamples(Q)
		if !gobtest.SameFloats(sa, sb) || m.NumParams() != b.NumParams() || m.LowerBound != b.LowerBound ||
			m.Iterations != b.Iterations || m.Converged != b.Converged || m.Note != b.Note {
			t.Errorf("%s: scores or fields differ after gob", tc.name)
		}
		for c := 0; c < m.p.k; c++ {
			ca, _ := m.ComponentCovariance(c)
			cb, _ := b.ComponentCovariance(c)
			if !mat.Equal(ca, cb) {
				t.Errorf("%s: component %d covariance differs after gob", tc.name, c)
			}
		}
	}
	var zero GMMModel
	if _, err := zero.Predict(storeData(2, 2, 1)); err == nil {
		t.Error("a zero GMMModel: want an error, not a panic")
	}
	if err := new(GMMModel).GobDecode([]byte("junk")); err == nil {
		t.Error("GobDecode of junk: want an error")
	}
}
