package probe_test

import (
	"context"
	"errors"
	"math"
	"runtime"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/probe"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
	"gonum.org/v1/gonum/mat"
)

// TestKSweepDeterministic: the fits run in parallel, yet every value is
// bit-identical at GOMAXPROCS 1 and 4, and equal to fitting each (k, seed)
// alone and scoring it with package metrics (the sweep scores through
// internal/clusterindex, checking X once). 700 rows with SilhouetteRows 600
// cross the silhouette's 256-row blocks and k-means' 256-row chunks; Elkan
// exercises the bounds.
func TestKSweepDeterministic(t *testing.T) {
	X, y, err := data.Blobs{N: 700, D: 5, Centers: 4, Spread: 2, Seed: 7}.Generate()
	if err != nil {
		t.Fatal(err)
	}
	km := cluster.KMeans{NInit: 1, Algorithm: cluster.Elkan}
	sw := probe.KSweep{Ks: []int{2, 3, 5, 8}, Seeds: []uint64{1, 2, 3}, KMeans: km, SilhouetteRows: 600, Progress: progress.Silent}
	var runs []*probe.KSweepResult
	for _, procs := range []int{1, 4} {
		prev := runtime.GOMAXPROCS(procs)
		r, err := sw.Fit(X, y)
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatalf("GOMAXPROCS=%d: %v", procs, err)
		}
		runs = append(runs, r)
	}
	Xs := X.Slice(0, 600, 0, 5).(*mat.Dense)
	for i, k := range sw.Ks {
		for j, seed := range sw.Seeds {
			est := km
			est.K, est.Seed, est.Progress = k, seed, progress.Silent
			m, err := est.Fit(X)
			if err != nil {
				t.Fatal(err)
			}
			var want [7]float64
			want[probe.Inertia] = m.Inertia
			want[probe.Silhouette], _ = metrics.Silhouette(Xs, m.Labels[:600])
			want[probe.DaviesBouldin], _ = metrics.DaviesBouldin(X, m.Labels)
			want[probe.CalinskiHarabasz], _ = metrics.CalinskiHarabasz(X, m.Labels)
			want[probe.ARI], _ = metrics.AdjustedRandIndex(y, m.Labels)
			want[probe.NMI], _ = metrics.NormalizedMutualInfo(y, m.Labels)
			a, _ := metrics.AlignLabels(y, m.Labels)
			want[probe.MatchedAccuracy] = a.Accuracy
			for s, w := range want {
				for p, r := range runs {
					if got := r.Values[s][i][j]; math.Float64bits(got) != math.Float64bits(w) {
						t.Errorf("%v at k=%d, seed=%d, run %d: %v, want %v (one fit scored by metrics)", probe.Score(s), k, seed, p, got, w)
					}
				}
			}
		}
	}
}

// TestKSweepProgress: one step per fit, counted 1, 2, … in order although
// the fits finish in any order, then one Finish.
func TestKSweepProgress(t *testing.T) {
	X, _, _ := data.Blobs{N: 120, Centers: 3, Seed: 2}.Generate()
	prev := runtime.GOMAXPROCS(4)
	defer runtime.GOMAXPROCS(prev)
	var rec progress.Recorder
	if _, err := (probe.KSweep{Ks: []int{2, 3, 4}, Seeds: []uint64{1, 2, 3}, Progress: &rec}).Fit(X, nil); err != nil {
		t.Fatal(err)
	}
	ev := rec.Events()
	if len(ev) != 11 || ev[0].Kind != progress.Started || ev[0].Total != 9 || ev[10].Kind != progress.Finished {
		t.Fatalf("events %+v, want a Start of 9 steps, 9 updates, a Finish", ev)
	}
	for i, e := range ev[1:10] {
		if e.Kind != progress.Updated || e.Done != i+1 {
			t.Errorf("event %d: %+v, want update %d", i+1, e, i+1)
		}
	}
}

// cancelAfter cancels its context at the n-th update.
type cancelAfter struct {
	progress.Recorder
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Update(done int, m ...progress.Metric) {
	c.Recorder.Update(done, m...)
	if done == c.n {
		c.cancel()
	}
}

// TestKSweepCancelled: a context cancelled during the sweep stops it with
// the context's error, without running the remaining fits.
func TestKSweepCancelled(t *testing.T) {
	X, _, _ := data.Blobs{N: 300, Centers: 3, Seed: 2}.Generate()
	prev := runtime.GOMAXPROCS(2)
	defer runtime.GOMAXPROCS(prev)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rep := &cancelAfter{n: 2, cancel: cancel}
	sw := probe.KSweep{Ks: []int{2, 3, 4, 5, 6, 7}, Seeds: []uint64{1, 2, 3, 4, 5}, Progress: rep}
	r, err := sw.FitContext(ctx, X, nil)
	if !errors.Is(err, context.Canceled) || r != nil {
		t.Fatalf("got %v, %v, want context.Canceled", r, err)
	}
	// The fits already started when the context was cancelled may finish.
	if n := rep.Count(progress.Updated); n > 2+runtime.GOMAXPROCS(0) {
		t.Errorf("%d fits reported after cancelling at the 2nd of 30", n)
	}
	if ev := rep.Events(); ev[len(ev)-1].Summary != "cancelled" {
		t.Errorf("last event %+v, want Finish(\"cancelled\")", ev[len(ev)-1])
	}
}
