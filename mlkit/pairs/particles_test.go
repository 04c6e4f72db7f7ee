package pairs

import (
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// TestLinkerParticleField: trained on one particle field labelled by DBSCAN
// at the field's suggested eps, the linker recovers DBSCAN's clusters on
// that field and on a field of another seed (other layout, other eps).
func TestLinkerParticleField(t *testing.T) {
	if testing.Short() {
		t.Skip("particle fields and DBSCAN: a few seconds")
	}
	const (
		ariSame = 0.99 // measured 1.000 (Radius), 1.000 and 0.9994 (KNN)
		ariNew  = 0.99 // measured 0.9984 (Radius), 0.9984 and 0.9980 (KNN)
	)
	field := func(seed uint64) (*mat.Dense, []int, float64) {
		t.Helper()
		f := data.ParticleField{N: 5000, Clusters: 10, Seed: seed}
		eps, err := f.SuggestedEps()
		if err != nil {
			t.Fatal(err)
		}
		X, _, err := f.Generate()
		if err != nil {
			t.Fatal(err)
		}
		d, err := cluster.DBSCAN{Eps: eps, MinSamples: data.SuggestedMinSamples, Progress: progress.Silent}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		return X, d.Labels, eps
	}
	for _, tc := range []struct {
		train, apply uint64
		radius       bool
	}{{1, 2, false}, {3, 4, false}, {1, 2, true}} {
		X1, y1, eps := field(tc.train)
		X2, y2, _ := field(tc.apply)
		lk := Linker{MaxTrainPairs: 20000, Progress: progress.Silent}
		if tc.radius {
			lk.Query, lk.R, lk.MinClusterSize = Radius, eps, data.SuggestedMinSamples
		}
		m, err := lk.Fit(X1, y1)
		if err != nil {
			t.Fatal(err)
		}
		r1, _ := m.Predict(X1)
		r2, _ := m.Predict(X2)
		a1, a2 := ari(t, y1, r1.Labels), ari(t, y2, r2.Labels)
		t.Logf("%v, seed %d → %d: same field ARI %.4f (%d clusters, truth %d, %d pairs scored), new field ARI %.4f (%d clusters, truth %d)",
			lk.Query, tc.train, tc.apply, a1, r1.Clusters, countClusters(y1), r1.PairsScored, a2, r2.Clusters, countClusters(y2))
		if a1 < ariSame || a2 < ariNew {
			t.Errorf("%v, seed %d → %d: ARI %.4f on the training field, %.4f on the new one; want ≥ %v, %v", lk.Query, tc.train, tc.apply, a1, a2, ariSame, ariNew)
		}
	}
}
