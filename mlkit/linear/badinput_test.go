package linear

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	bt "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/badtest"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// TestBadInput: logistic regression and ridge against the bad-input table:
// an error naming the argument, or a finite result.
func TestBadInput(t *testing.T) {
	X, y := bt.Blobs(45, 3, 3, 1)
	t64 := make([]float64, len(y))
	for i, v := range y {
		t64[i] = float64(v) + X.At(i, 0)
	}
	var nilDense *mat.Dense
	dup := mat.NewDense(90, 3, nil)
	ydup := make([]int, 90)
	for i := range 90 {
		dup.SetRow(i, X.RawRowView(i%45))
		ydup[i] = y[i%45]
	}
	ones := make([]int, 45)
	type tc struct {
		name string
		X    *mat.Dense
		y    []int
		ctx  context.Context
		want error
		msg  string
	}
	for _, k := range []tc{
		{"nil X", nil, y, nil, mlkit.ErrEmpty, "X is nil"},
		{"typed nil X", nilDense, y, nil, mlkit.ErrEmpty, "X is"},
		{"empty X", &mat.Dense{}, y, nil, mlkit.ErrEmpty, "X is"},
		{"nil y", X, nil, nil, mlkit.ErrEmpty, "y is empty"},
		{"one row", bt.Rows(X, 1), y[:1], nil, mlkit.ErrValue, "one class"},
		{"NaN", bt.With(X, 3, 1, math.NaN()), y, nil, mlkit.ErrNaN, "X[3,1]=NaN"},
		{"+Inf", bt.With(X, 3, 2, math.Inf(1)), y, nil, mlkit.ErrNaN, "X[3,2]=+Inf"},
		{"-Inf", bt.With(X, 0, 0, math.Inf(-1)), y, nil, mlkit.ErrNaN, "X[0,0]=-Inf"},
		{"1e300", bt.Scaled(X, 1e300), y, nil, mlkit.ErrNaN, "overflow"},
		{"1e-300", bt.Scaled(X, 1e-300), y, nil, mlkit.ErrNaN, "underflow"},
		{"1e100", bt.Scaled(X, 1e100), y, nil, nil, ""},
		{"constant features", bt.Const(45, 3, 2), y, nil, nil, ""},
		{"duplicate rows", dup, ydup, nil, nil, ""},
		{"one class", X, ones, nil, mlkit.ErrValue, "one class"},
		{"mismatched labels", X, y[:40], nil, mlkit.ErrShape, "y has 40 labels"},
		{"negative label", X, append([]int{-1}, y[1:]...), nil, mlkit.ErrValue, "y[0]=-1"},
		{"cancelled", X, y, bt.Cancelled(), context.Canceled, "context canceled"},
	} {
		ctx := k.ctx
		if ctx == nil {
			ctx = context.Background()
		}
		m, err := LogisticRegression{Progress: progress.Silent}.FitContext(ctx, k.X, k.y)
		bt.Err(t, "logistic: "+k.name, err, k.want, k.msg)
		if err == nil {
			P, err := m.PredictProba(k.X)
			if err != nil || !bt.FiniteDense(P) || !bt.FiniteDense(m.Coef) || !bt.Finite(m.Intercept...) {
				t.Errorf("logistic: %s: non-finite model or probabilities (err %v)", k.name, err)
			}
		}
		// Ridge on the same X with real-valued targets.
		var yr []float64
		if k.y != nil {
			yr = make([]float64, len(k.y))
			for i, v := range k.y {
				yr[i] = float64(v)
			}
		}
		want, msg := k.want, k.msg
		switch k.name {
		case "one row", "one class", "negative label", "cancelled":
			want, msg = nil, "" // fine for a regression (no context to cancel)
		case "nil y":
			msg = "y is empty"
		case "mismatched labels":
			msg = "y has 40 values"
		}
		r, err := Ridge{}.Fit(k.X, yr)
		bt.Err(t, "ridge: "+k.name, err, want, msg)
		if err == nil {
			p, err := r.Predict(k.X)
			if err != nil || !bt.Finite(p...) || !bt.Finite(r.Coef...) || !bt.Finite(r.Intercept) {
				t.Errorf("ridge: %s: non-finite model or predictions (err %v)", k.name, err)
			}
		}
	}
	_, err := Ridge{}.Fit(X, []float64{1e300, 1, 2})
	bt.Err(t, "ridge: short y", err, mlkit.ErrShape, "y has 3 values")
	big := append([]float64(nil), t64...)
	big[4] = 1e300
	_, err = Ridge{}.Fit(X, big)
	bt.Err(t, "ridge: 1e300 target", err, mlkit.ErrNaN, "y[4,0]")
	m, err := LogisticRegression{Progress: progress.Silent}.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []float64{1e306, 1e-306} {
		P, err := m.PredictProba(bt.Scaled(X, s))
		if err != nil || !bt.FiniteDense(P) {
			t.Errorf("logistic: PredictProba of rows scaled by %g: err %v, want finite probabilities", s, err)
		}
	}
	Xbig := bt.Scaled(X, 1e306)
	Xbig.Set(0, 0, 1.7e308)
	Xbig.Set(0, 1, 1.7e308)
	Xbig.Set(0, 2, 1.7e308)
	if P, err := m.PredictProba(Xbig); err == nil && !bt.FiniteDense(P) {
		t.Error("logistic: PredictProba near MaxFloat64: non-finite probabilities without an error")
	}
	_, err = (&LogisticRegressionModel{}).Predict(X)
	bt.Err(t, "logistic: zero model", err, mlkit.ErrEmpty, "Coef")
	_, err = (&RidgeModel{}).Predict(X)
	bt.Err(t, "ridge: zero model", err, mlkit.ErrEmpty, "Coef")
}
