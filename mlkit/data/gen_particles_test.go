package data_test

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
)

// Tolerances of the particle-field tests.
const (
	// recoverARI: DBSCAN at SuggestedEps against the generating ids, on the
	// rows both call non-noise (measured 1.0000 to four places on the four
	// fields below).
	recoverARI = 0.999
	// bgNoiseFrac: background rows DBSCAN calls noise; the others fell inside
	// a cluster and joined it (measured 0.94–1.00).
	bgNoiseFrac = 0.9
)

func TestParticleFieldRecoveredByDBSCAN(t *testing.T) {
	for _, tc := range []data.ParticleField{
		{Seed: 1},
		{Seed: 2, Background: data.NoBackground},
		{Seed: 3, Dim: 3, N: 50000, Clusters: 12},
		{Seed: 4, N: 200000, Clusters: 40, Background: 0.2},
	} {
		X, ids, err := tc.Generate()
		if err != nil {
			t.Fatal(err)
		}
		eps, err := tc.SuggestedEps()
		if err != nil {
			t.Fatal(err)
		}
		m, err := cluster.DBSCAN{Eps: eps, MinSamples: data.SuggestedMinSamples}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		k := tc.Clusters
		if k == 0 {
			k = 25
		}
		var a, b []int
		bgNoise, bg := 0, 0
		for i := range ids {
			if ids[i] < 0 {
				bg++
				if m.Labels[i] < 0 {
					bgNoise++
				}
			}
			if ids[i] >= 0 && m.Labels[i] >= 0 {
				a, b = append(a, ids[i]), append(b, m.Labels[i])
			}
		}
		ari, err := metrics.AdjustedRandIndex(a, b)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%+v: Eps %.3f, %d clusters (generated %d), ARI %.4f on %d rows, %d of %d background rows noise",
			tc, eps, m.NClusters, k, ari, len(a), bgNoise, bg)
		if m.NClusters != k || ari < recoverARI {
			t.Errorf("%+v: DBSCAN found %d clusters (want %d), ARI %.4f", tc, m.NClusters, k, ari)
		}
		if bg > 0 && float64(bgNoise) < bgNoiseFrac*float64(bg) {
			t.Errorf("only %d of %d background rows are noise", bgNoise, bg)
		}
	}
}

func TestParticleFieldSeedsAndProcs(t *testing.T) {
	gen := func(f data.ParticleField, procs int) (*mat.Dense, []int) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		X, ids, err := f.Generate()
		if err != nil {
			t.Fatal(err)
		}
		return X, ids
	}
	f := data.ParticleField{N: 70000, Seed: 7}
	X1, id1 := gen(f, 1)
	X4, id4 := gen(f, 4)
	if !mat.Equal(X1, X4) || !slices.Equal(id1, id4) {
		t.Error("ParticleField differs between GOMAXPROCS 1 and 4")
	}
	l7, _, _ := f.Layout()
	f.Seed = 8
	l8, _, _ := f.Layout()
	if math.Abs(l7[0].Center[0]-l8[0].Center[0]) < 1e-9 {
		t.Error("two seeds gave the same layout")
	}
	shapes := map[data.ParticleShape]bool{}
	for _, c := range l7 {
		shapes[c.Shape] = true
	}
	if len(shapes) != 3 {
		t.Errorf("shapes %v, want all three", shapes)
	}
	b := data.BenchmarkField{N: 100000, Seed: 3}
	for _, procs := range []int{1, 4} {
		func() {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			X, ids, err := b.Generate()
			if err != nil {
				t.Fatal(err)
			}
			noise := 0
			for _, v := range ids {
				if v < 0 {
					noise++
				}
			}
			if noise != 10000 {
				t.Errorf("BenchmarkField: %d noise rows, want N/10 = 10000", noise)
			}
			if procs == 1 {
				X1, id1 = X, ids
			} else if !mat.Equal(X1, X) || !slices.Equal(id1, ids) {
				t.Error("BenchmarkField differs between GOMAXPROCS 1 and 4")
			}
		}()
	}
}

func TestParticleFieldSpeed(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 10⁶ particles")
	}
	t0 := time.Now()
	X, _, err := data.ParticleField{N: 1_000_000, Seed: 1}.Generate()
	if err != nil {
		t.Fatal(err)
	}
	el := time.Since(t0)
	t.Logf("10⁶ particles in %v", el)
	if r, _ := X.Dims(); r != 1_000_000 {
		t.Fatalf("%d rows", r)
	}
	// Generous: the machine is shared; alone it takes about 0.1 s.
	if el > 5*time.Second {
		t.Errorf("10⁶ particles took %v", el)
	}
}

func TestParticleFieldBadInput(t *testing.T) {
	for _, tc := range []struct {
		f   data.ParticleField
		msg string
	}{
		{data.ParticleField{N: -1}, "N=-1"},
		{data.ParticleField{N: 10_000_001}, "N=10000001"},
		{data.ParticleField{Clusters: -2}, "Clusters=-2"},
		{data.ParticleField{Dim: 4}, "Dim=4"},
		{data.ParticleField{Dim: 1}, "Dim=1"},
		{data.ParticleField{Background: 1}, "Background=1"},
		{data.ParticleField{Background: math.NaN()}, "Background=NaN"},
	} {
		_, _, err := tc.f.Generate()
		if !errors.Is(err, mlkit.ErrValue) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%+v: err=%v, want ErrValue mentioning %q", tc.f, err, tc.msg)
		}
		if _, err := tc.f.SuggestedEps(); err == nil {
			t.Errorf("%+v: SuggestedEps accepted it", tc.f)
		}
	}
	for _, n := range []int{-5, 20_000_000} {
		if _, _, err := (data.BenchmarkField{N: n}).Generate(); !errors.Is(err, mlkit.ErrValue) {
			t.Errorf("BenchmarkField N=%d: err=%v", n, err)
		}
	}
}

func ExampleParticleField() {
	f := data.ParticleField{N: 50_000, Seed: 1}
	X, ids, err := f.Generate()
	if err != nil {
		panic(err)
	}
	layout, box, _ := f.Layout()
	shapes := map[data.ParticleShape]int{}
	for _, c := range layout {
		shapes[c.Shape]++
	}
	background := 0
	for _, id := range ids {
		if id < 0 {
			background++
		}
	}
	eps, _ := f.SuggestedEps()
	m, err := cluster.DBSCAN{Eps: eps, MinSamples: data.SuggestedMinSamples}.Fit(X)
	if err != nil {
		panic(err)
	}
	r, c := X.Dims()
	fmt.Printf("%d×%d particles in [0,%g]², %d background\n", r, c, box, background)
	fmt.Println("shapes:", shapes[data.RoundCluster], data.RoundCluster, shapes[data.ElongatedCluster], data.ElongatedCluster, shapes[data.ArcCluster], data.ArcCluster)
	fmt.Printf("DBSCAN at Eps %.3f finds %d clusters\n", eps, m.NClusters)
	// Output:
	// 50000×2 particles in [0,100]², 5074 background
	// shapes: 9 round 8 elongated 8 arc
	// DBSCAN at Eps 0.651 finds 25 clusters
}
