package cluster

import (
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// miniBatchRelTol: mini-batch k-means is stochastic and stops early; its
// inertia stays within 5 % of the full k-means optimum here. scikit-learn's
// MiniBatchKMeans (1.2.1, n_init=3, other defaults; testdata/
// make_kmeans_reference.py) is 0.05 %, 3.0 % and 0.03 % above the optimum on
// blobs500, iris and blobs2000.
const miniBatchRelTol = 0.05

func TestMiniBatchKMeansReference(t *testing.T) {
	ref := readReference(t)
	for _, ds := range ref.Datasets {
		X := readCSVGz(t, ds.Name)
		m, err := MiniBatchKMeans{K: ds.K, Seed: 1, Progress: progress.Silent}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		if m.Inertia > ds.InertiaTol0*(1+miniBatchRelTol) {
			t.Errorf("%s: mini-batch inertia %.8g, scikit-learn mini-batch %.8g, k-means optimum %.8g",
				ds.Name, m.Inertia, ds.InertiaMiniBatch, ds.InertiaTol0)
		}
		checkModelInvariants(t, ds.Name+" minibatch", X, m)
		if ds.Name != "iris" { // iris's versicolor/virginica border is not clear-cut
			if ari := adjustedRandIndex(m.Labels, ds.LabelsTol0); ari < 0.99 {
				t.Errorf("%s: mini-batch ARI with the k-means optimum %v, want >= 0.99", ds.Name, ari)
			}
		}
	}
}

// TestMiniBatchKMeansLarge: batches much smaller than n, several passes,
// bit-identical at GOMAXPROCS 1 and 4.
func TestMiniBatchKMeansLarge(t *testing.T) {
	X := randomBlobs(20000, 6, 8, 1.5, 11)
	fit := func(procs int) *KMeansModel {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		m, err := MiniBatchKMeans{K: 8, BatchSize: 300, Seed: 5, Progress: progress.Silent}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	a, b := fit(1), fit(4)
	if a.Inertia != b.Inertia || !mat.Equal(a.Centroids, b.Centroids) {
		t.Errorf("GOMAXPROCS 1/4: inertia %v/%v", a.Inertia, b.Inertia)
	}
	full, err := KMeans{K: 8, NInit: 3, Seed: 5, Progress: progress.Silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	if a.Inertia > full.Inertia*(1+miniBatchRelTol) {
		t.Errorf("mini-batch inertia %v, full k-means %v", a.Inertia, full.Inertia)
	}
	if !a.Converged {
		t.Errorf("no early stop after %d passes", a.Iterations)
	}
}

// TestMiniBatchKMeansDegenerate: fewer distinct points than K.
func TestMiniBatchKMeansDegenerate(t *testing.T) {
	rows := [][]float64{{0, 0}, {0, 0}, {1, 1}, {1, 1}, {5, 5}, {5, 5}, {5, 5}}
	X := mat.NewDense(len(rows), 2, nil)
	for i, r := range rows {
		X.SetRow(i, r)
	}
	m, err := MiniBatchKMeans{K: 4, Seed: 1, Progress: progress.Silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	if m.Inertia > 1e-20 || len(m.Warnings) == 0 {
		t.Errorf("duplicates: inertia %v warnings %q", m.Inertia, m.Warnings)
	}
}

func TestMiniBatchKMeansErrors(t *testing.T) {
	X := randomBlobs(10, 2, 2, 1, 1)
	nan := mat.DenseCopyOf(X)
	nan.Set(0, 0, math.NaN())
	for _, tc := range []struct {
		name string
		mb   MiniBatchKMeans
		X    *mat.Dense
		want error
		msg  string
	}{
		{"nil", MiniBatchKMeans{}, nil, check.ErrEmpty, "X is nil"},
		{"NaN", MiniBatchKMeans{K: 2}, nan, check.ErrNaN, "X[0,0]=NaN"},
		{"K>n", MiniBatchKMeans{K: 11}, X, check.ErrValue, "K=11 exceeds the 10 samples"},
		{"K<1", MiniBatchKMeans{K: -2}, X, check.ErrValue, "K=-2"},
		{"BatchSize", MiniBatchKMeans{BatchSize: -1}, X, check.ErrValue, "BatchSize=-1"},
		{"MaxIter", MiniBatchKMeans{MaxIter: -1}, X, check.ErrValue, "MaxIter=-1"},
		{"Tol", MiniBatchKMeans{Tol: -1}, X, check.ErrValue, "Tol=-1"},
	} {
		_, err := tc.mb.Fit(tc.X)
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) || !strings.HasPrefix(err.Error(), "cluster: MiniBatchKMeans.Fit: ") {
			t.Errorf("%s: error %v, want %v containing %q", tc.name, err, tc.want, tc.msg)
		}
	}
}
