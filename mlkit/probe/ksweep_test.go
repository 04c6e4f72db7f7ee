package probe_test

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/probe"
)

// Three well separated blobs: every criterion and every seed picks k = 3,
// where the partition is the blobs (ARI 1); the spread over seeds is zero
// there and shows elsewhere.
func TestKSweepBlobs(t *testing.T) {
	X, y, err := data.Blobs{N: 300, Centers: 3, Spread: 0.5, Seed: 4}.Generate()
	if err != nil {
		t.Fatal(err)
	}
	sw := probe.KSweep{Ks: []int{2, 3, 4, 5}, Seeds: []uint64{1, 2, 3}, KMeans: cluster.KMeans{NInit: 1}, SilhouetteRows: 200}
	r, err := sw.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []probe.Score{probe.Silhouette, probe.DaviesBouldin, probe.CalinskiHarabasz, probe.ARI, probe.NMI, probe.MatchedAccuracy} {
		if k := r.BestMeanK(s); k != 3 {
			t.Errorf("%v: best mean k = %d, want 3", s, k)
		}
		for j, k := range r.BestK(s) {
			if k != 3 {
				t.Errorf("%v: seed %d picks k = %d, want 3", s, r.Seeds[j], k)
			}
		}
	}
	if m, sd := r.At(probe.ARI, 3); math.Abs(m-1) > 1e-12 || sd > 1e-12 {
		t.Errorf("ARI at k=3: %v ± %v, want 1 ± 0", m, sd)
	}
	if k := r.BestMeanK(probe.Inertia); k != 5 {
		t.Errorf("inertia's best k = %d, want the largest, 5", k)
	}
	if m, _ := r.At(probe.ARI, 7); !math.IsNaN(m) {
		t.Errorf("At(k=7) = %v, want NaN for a k not swept", m)
	}
	D := r.Draws(probe.Silhouette)
	if rr, cc := D.Dims(); rr != 3 || cc != 4 || D.At(1, 1) != r.Values[probe.Silhouette][1][1] {
		t.Errorf("Draws is %d×%d, want seeds × ks = 3×4 with Values[s][k][seed]", rr, cc)
	}
	if got := r.KFloats(); len(got) != 4 || got[0] != 2 {
		t.Errorf("KFloats = %v", got)
	}
	// Same seeds, same numbers; and the result survives gob (memo stores it).
	again, _ := sw.Fit(X, y)
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(r); err != nil {
		t.Fatal(err)
	}
	var back probe.KSweepResult
	if err := gob.NewDecoder(&buf).Decode(&back); err != nil {
		t.Fatal(err)
	}
	for s := range r.Values {
		for i := range r.Values[s] {
			for j, v := range r.Values[s][i] {
				if again.Values[s][i][j] != v || back.Values[s][i][j] != v {
					t.Fatalf("Values[%d][%d][%d]: %v, again %v, after gob %v", s, i, j, v, again.Values[s][i][j], back.Values[s][i][j])
				}
			}
		}
	}
	// Without labels the external scores are NaN.
	un, _ := probe.KSweep{Ks: []int{3}, Seeds: []uint64{1}}.Fit(X, nil)
	if m, _ := un.At(probe.ARI, 3); !math.IsNaN(m) {
		t.Errorf("ARI without labels = %v, want NaN", m)
	}
	if probe.DaviesBouldin.String() != "Davies–Bouldin" || probe.DaviesBouldin.HigherIsBetter() || !probe.ARI.External() {
		t.Error("Score methods")
	}
}

func TestKSweepBadInput(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{0, 0, 1, 1, 5, 5, 6, 6})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name     string
		sw       probe.KSweep
		X        *mat.Dense
		y        []int
		ctx      context.Context
		sentinel error
		msg      string
	}{
		{"nil X", probe.KSweep{}, nil, nil, nil, mlkit.ErrEmpty, "X"},
		{"labels", probe.KSweep{Ks: []int{2}}, X, []int{0}, nil, mlkit.ErrShape, "labels has 1"},
		{"k too large", probe.KSweep{Ks: []int{2, 5}}, X, nil, nil, mlkit.ErrValue, "Ks[1]=5"},
		{"k one", probe.KSweep{Ks: []int{1}}, X, nil, nil, mlkit.ErrValue, "Ks[0]=1"},
		{"no seeds", probe.KSweep{Ks: []int{2}, Seeds: []uint64{}}, X, nil, nil, mlkit.ErrEmpty, "Seeds 0"},
		{"silhouette rows", probe.KSweep{Ks: []int{2}, SilhouetteRows: -1}, X, nil, nil, mlkit.ErrValue, "SilhouetteRows=-1"},
		{"bad k-means", probe.KSweep{Ks: []int{2}, KMeans: cluster.KMeans{MaxIter: -1}}, X, nil, nil, mlkit.ErrValue, "MaxIter"},
		{"cancelled", probe.KSweep{Ks: []int{2}}, X, nil, ctx, context.Canceled, ""},
	} {
		cx := c.ctx
		if cx == nil {
			cx = context.Background()
		}
		_, err := c.sw.FitContext(cx, c.X, c.y)
		if !errors.Is(err, c.sentinel) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: err = %v, want %v mentioning %q", c.name, err, c.sentinel, c.msg)
		}
	}
}

func TestKSweepString(t *testing.T) {
	X, y, _ := data.Blobs{N: 90, Centers: 3, Spread: 0.5, Seed: 4}.Generate()
	r, err := probe.KSweep{Ks: []int{2, 3}, Seeds: []uint64{1, 2}}.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	s := r.String()
	for _, want := range []string{"Davies–Bouldin", "(mean ± sd over 2 seeds)", "best k by ARI per seed: [3 3] (best mean: k = 3)", "1.0000 ± 0.0000"} {
		if !strings.Contains(s, want) {
			t.Errorf("String lacks %q:\n%s", want, s)
		}
	}
}
