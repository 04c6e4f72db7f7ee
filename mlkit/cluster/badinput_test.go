package cluster

import (
	"context"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	bt "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/badtest"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// clusterer is one of the package's estimators seen through labels.
type clusterer struct {
	name string
	fit  func(ctx context.Context, X *mat.Dense, k int) ([]int, *mat.Dense, []float64, error) // labels, centres, scalars
}

func clusterers() []clusterer {
	s := progress.Silent
	return []clusterer{
		{"KMeans", func(ctx context.Context, X *mat.Dense, k int) ([]int, *mat.Dense, []float64, error) {
			m, err := KMeans{K: k, NInit: 2, Seed: 1, Progress: s}.FitContext(ctx, X)
			if err != nil {
				return nil, nil, nil, err
			}
			return m.Labels, m.Centroids, []float64{m.Inertia}, nil
		}},
		{"KMeans Elkan", func(ctx context.Context, X *mat.Dense, k int) ([]int, *mat.Dense, []float64, error) {
			m, err := KMeans{K: k, NInit: 2, Algorithm: Elkan, Seed: 1, Progress: s}.FitContext(ctx, X)
			if err != nil {
				return nil, nil, nil, err
			}
			return m.Labels, m.Centroids, []float64{m.Inertia}, nil
		}},
		{"MiniBatchKMeans", func(ctx context.Context, X *mat.Dense, k int) ([]int, *mat.Dense, []float64, error) {
			m, err := MiniBatchKMeans{K: k, BatchSize: 16, Seed: 1, Progress: s}.FitContext(ctx, X)
			if err != nil {
				return nil, nil, nil, err
			}
			return m.Labels, m.Centroids, []float64{m.Inertia}, nil
		}},
		{"GMM full", gmmFitter(Full)},
		{"GMM diag", gmmFitter(Diag)},
		{"GMM tied", gmmFitter(Tied)},
		{"GMM spherical", gmmFitter(Spherical)},
	}
}

func gmmFitter(cov CovarianceType) func(ctx context.Context, X *mat.Dense, k int) ([]int, *mat.Dense, []float64, error) {
	return func(ctx context.Context, X *mat.Dense, k int) ([]int, *mat.Dense, []float64, error) {
		m, err := GMM{K: k, Covariance: cov, Seed: 1, Progress: progress.Silent}.FitContext(ctx, X)
		if err != nil {
			return nil, nil, nil, err
		}
		labels, err := m.Predict(X)
		if err != nil {
			return nil, nil, nil, err
		}
		P, err := m.PredictProba(X)
		if err != nil {
			return nil, nil, nil, err
		}
		if !bt.FiniteDense(P) {
			return nil, nil, nil, errNonFinite
		}
		return labels, m.Means, []float64{m.LowerBound}, nil
	}
}

var errNonFinite = mlkit.ErrNaN

// TestBadInput: every estimator of the package against the bad-input table:
// an error naming the argument, or a correct result.
func TestBadInput(t *testing.T) {
	X, _ := bt.Blobs(60, 3, 3, 1)
	var nilDense *mat.Dense
	ref := map[string][]int{}
	for _, c := range clusterers() {
		labels, _, _, err := c.fit(context.Background(), X, 3)
		if err != nil {
			t.Fatalf("%s on blobs: %v", c.name, err)
		}
		ref[c.name] = labels
	}
	dup := mat.NewDense(120, 3, nil)
	for i := 0; i < 120; i++ {
		dup.SetRow(i, X.RawRowView(i%60))
	}
	type tc struct {
		name string
		X    *mat.Dense
		k    int
		ctx  context.Context
		want error
		msg  string
		// same: the partition must equal the one on the plain blobs.
		same bool
	}
	cases := []tc{
		{"nil X", nil, 3, nil, mlkit.ErrEmpty, "X is nil", false},
		{"typed nil X", nilDense, 3, nil, mlkit.ErrEmpty, "X is", false},
		{"empty X", &mat.Dense{}, 3, nil, mlkit.ErrEmpty, "X is", false},
		{"one row, K=2", bt.Rows(X, 1), 2, nil, mlkit.ErrValue, "K=2", false},
		{"one row, K=1", bt.Rows(X, 1), 1, nil, nil, "", false},
		{"NaN", bt.With(X, 4, 1, math.NaN()), 3, nil, mlkit.ErrNaN, "X[4,1]=NaN", false},
		{"+Inf", bt.With(X, 5, 2, math.Inf(1)), 3, nil, mlkit.ErrNaN, "X[5,2]=+Inf", false},
		{"-Inf", bt.With(X, 0, 0, math.Inf(-1)), 3, nil, mlkit.ErrNaN, "X[0,0]=-Inf", false},
		{"1e-300", bt.Scaled(X, 1e-300), 3, nil, nil, "", true},
		{"constant features", bt.Const(30, 3, 7), 3, nil, nil, "", false},
		{"duplicate rows", dup, 3, nil, nil, "", false},
		{"K > n", bt.Rows(X, 5), 6, nil, mlkit.ErrValue, "K=6", false},
		{"K < 0", X, -1, nil, mlkit.ErrValue, "K=-1", false},
		{"cancelled", X, 3, bt.Cancelled(), context.Canceled, "context canceled", false},
	}
	for _, c := range clusterers() {
		all := append([]tc(nil), cases...)
		if c.name[:3] == "GMM" {
			// RegCovar (1e-6) is an absolute variance: GMM is not scale
			// invariant, so values whose squares overflow are an error.
			all = append(all, tc{"1e300", bt.Scaled(X, 1e300), 3, nil, mlkit.ErrNaN, "overflow", false})
			all = append(all, tc{"1e-300 (finite, degenerate under RegCovar)", bt.Scaled(X, 1e-300), 3, nil, nil, "", false})
			all[slices.IndexFunc(all, func(c tc) bool { return c.name == "one row, K=1" })].want = mlkit.ErrEmpty
			all[slices.IndexFunc(all, func(c tc) bool { return c.name == "one row, K=1" })].msg = "1 row"
			all = slices.DeleteFunc(all, func(c tc) bool { return c.name == "1e-300" })
		} else {
			all = append(all, tc{"1e300", bt.Scaled(X, 1e300), 3, nil, mlkit.ErrNaN, "overflow", false})
			all = append(all, tc{"1e150", bt.Scaled(X, 1e150), 3, nil, nil, "", true})
		}
		for _, k := range all {
			ctx := k.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			name := c.name + ": " + k.name
			labels, C, vals, err := func() (l []int, C *mat.Dense, v []float64, err error) {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s: panic %v", name, r)
					}
				}()
				return c.fit(ctx, k.X, k.k)
			}()
			bt.Err(t, name, err, k.want, k.msg)
			if err != nil || k.want != nil {
				continue
			}
			if !bt.FiniteDense(C) || !bt.Finite(vals...) {
				t.Errorf("%s: non-finite result: centres %v, %v", name, C, vals)
			}
			if k.same && !bt.SamePartition(labels, ref[c.name]) {
				t.Errorf("%s: partition differs from the one on the unscaled blobs", name)
			}
		}
	}
}

// TestBadInputModels: fitted models at extreme magnitudes predict their own
// training labels; models that cannot represent the input say so.
func TestBadInputModels(t *testing.T) {
	X, _ := bt.Blobs(60, 3, 3, 2)
	for _, s := range []float64{1e-300, 1e-200, 1e150} {
		Xs := bt.Scaled(X, s)
		m, err := KMeans{K: 3, Seed: 1, Progress: progress.Silent}.Fit(Xs)
		if err != nil {
			t.Fatalf("scale %g: %v", s, err)
		}
		got, err := m.Predict(Xs)
		if err != nil || !bt.SamePartition(got, m.Labels) {
			t.Errorf("scale %g: Predict on the training data: err %v, same partition %v", s, err, bt.SamePartition(got, m.Labels))
		}
		D, err := m.Transform(Xs)
		if err != nil || !bt.FiniteDense(D) {
			t.Errorf("scale %g: Transform: err %v", s, err)
		}
		if sc, err := m.Score(Xs); err != nil || !bt.Finite(sc) || (s > 1e-200 && sc >= 0) {
			t.Errorf("scale %g: Score %v, err %v", s, sc, err)
		}
	}
	m, err := KMeans{K: 3, Seed: 1, Progress: progress.Silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Score(bt.Scaled(X, 1e300))
	bt.Err(t, "Score of 1e300 rows", err, mlkit.ErrNaN, "overflow")
	_, err = m.Predict(bt.Rows(X, 2).Slice(0, 2, 0, 2).(*mat.Dense))
	bt.Err(t, "Predict with 2 columns", err, mlkit.ErrShape, "2 columns")
	_, err = (&KMeansModel{}).Predict(X)
	bt.Err(t, "zero model", err, mlkit.ErrEmpty, "Centroids")
	g, err := GMM{K: 3, Seed: 1, Progress: progress.Silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	_, err = g.PredictProba(bt.Scaled(X, 1e300))
	bt.Err(t, "GMM PredictProba of 1e300 rows", err, mlkit.ErrNaN, "overflow")
}
