package probe

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	bt "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/badtest"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// TestBadInput: both probes and Compare against the bad-input table.
func TestBadInput(t *testing.T) {
	X, y := bt.Blobs(60, 4, 3, 1)
	var nilDense *mat.Dense
	cfg := Config{Folds: 3, Seed: 1, Progress: progress.Silent}
	probes := map[string]func(ctx context.Context, X *mat.Dense, y []int, c Config) (*Result, error){
		"Linear": LinearContext, "KNN": KNNContext,
		"Compare": func(ctx context.Context, X *mat.Dense, y []int, c Config) (*Result, error) {
			t, err := CompareContext(ctx, c, X, y, Clustering{Name: "truth", Labels: y})
			if err != nil {
				return nil, err
			}
			return &Result{Mean: t.Rows[1].Accuracy, Std: t.Rows[1].Std, TestAccuracy: 0}, nil
		},
	}
	few := append([]int{}, y...)
	few[0] = 9 // class 9 has one sample
	for name, p := range probes {
		for _, c := range []struct {
			name string
			X    *mat.Dense
			y    []int
			cfg  Config
			ctx  context.Context
			want error
			msg  string
		}{
			{"nil features", nil, y, cfg, nil, mlkit.ErrEmpty, "features is"},
			{"typed nil features", nilDense, y, cfg, nil, mlkit.ErrEmpty, "features is"},
			{"empty features", &mat.Dense{}, y, cfg, nil, mlkit.ErrEmpty, "features is"},
			{"NaN", bt.With(X, 1, 1, math.NaN()), y, cfg, nil, mlkit.ErrNaN, "features[1,1]=NaN"},
			{"+Inf", bt.With(X, 1, 2, math.Inf(1)), y, cfg, nil, mlkit.ErrNaN, "features[1,2]=+Inf"},
			{"1e300", bt.Scaled(X, 1e300), y, cfg, nil, nil, ""},
			{"1e-300", bt.Scaled(X, 1e-300), y, cfg, nil, nil, ""},
			{"constant features", bt.Const(60, 4, 2), y, cfg, nil, nil, ""},
			{"mismatched labels", X, y[:50], cfg, nil, mlkit.ErrShape, "labels has 50 labels"},
			{"negative label", X, append([]int{-1}, y[1:]...), cfg, nil, mlkit.ErrValue, "labels[0]=-1"},
			{"Folds=1", X, y, Config{Folds: 1}, nil, mlkit.ErrValue, "Folds=1"},
			{"Folds > class size", X, few, cfg, nil, mlkit.ErrValue, "Folds=3 exceeds the 1 samples of class 9"},
			{"TestLabels without Test", X, y, Config{Folds: 3, TestLabels: y}, nil, mlkit.ErrEmpty, "Test is nil"},
			{"Test columns", X, y, Config{Folds: 3, Test: bt.Rows(X, 3).Slice(0, 3, 0, 2).(*mat.Dense), TestLabels: y[:3]}, nil, mlkit.ErrShape, "Test has 2 columns"},
			{"cancelled", X, y, cfg, bt.Cancelled(), context.Canceled, "context canceled"},
		} {
			ctx := c.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			r, err := func() (r *Result, err error) {
				defer func() {
					if rec := recover(); rec != nil {
						t.Errorf("%s: %s: panic %v", name, c.name, rec)
					}
				}()
				return p(ctx, c.X, c.y, c.cfg)
			}()
			bt.Err(t, name+": "+c.name, err, c.want, c.msg)
			if err == nil && !bt.Finite(r.Mean, r.Std) {
				t.Errorf("%s: %s: non-finite result %+v", name, c.name, r)
			}
		}
	}
	_, err := Linear(X, make([]int, 60), cfg)
	bt.Err(t, "Linear one class", err, mlkit.ErrValue, "one class")
	if r, err := KNN(X, make([]int, 60), cfg); err != nil || r.Mean != 1 {
		t.Errorf("KNN one class: %+v, %v, want accuracy 1", r, err)
	}
	_, err = Compare(X, y, Clustering{Name: "short", Labels: y[:5]})
	bt.Err(t, "Compare short clustering", err, mlkit.ErrShape, `clustering "short" has 5 labels`)
}
