package linear

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// TestRidgeSklearn compares with sklearn.linear_model.Ridge(alpha) on the
// first 200 rows of the diabetes data (testdata/make_reference.py).
func TestRidgeSklearn(t *testing.T) {
	const tol = 1e-8 // relative to the largest coefficient; closed form on both sides
	ref := loadReference(t)
	X := dense(ref.Ridge.X)
	for _, f := range ref.Ridge.Fits {
		m, err := Ridge{Alpha: f.Alpha}.Fit(X, ref.Ridge.Y)
		if err != nil {
			t.Fatal(err)
		}
		big := 0.0
		for _, v := range f.Coef {
			big = max(big, math.Abs(v))
		}
		for j, want := range f.Coef {
			if math.Abs(m.Coef[j]-want) > tol*big {
				t.Errorf("alpha=%g coef[%d]=%.10g, sklearn %.10g", f.Alpha, j, m.Coef[j], want)
			}
		}
		if math.Abs(m.Intercept-f.Intercept) > tol*math.Abs(f.Intercept) {
			t.Errorf("alpha=%g intercept %.10g, sklearn %.10g", f.Alpha, m.Intercept, f.Intercept)
		}
		p, err := m.Predict(X.Slice(0, 5, 0, len(m.Coef)).(*mat.Dense))
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range f.Predict {
			if math.Abs(p[i]-want) > tol*math.Abs(want) {
				t.Errorf("alpha=%g predict[%d]=%.10g, sklearn %.10g", f.Alpha, i, p[i], want)
			}
		}
	}
}

func TestRidgeErrors(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 7})
	tests := []struct {
		name string
		r    Ridge
		X    *mat.Dense
		y    []float64
		want error
	}{
		{"alpha negative", Ridge{Alpha: -1}, X, []float64{1, 2, 3}, check.ErrValue},
		{"y NaN", Ridge{}, X, []float64{1, math.NaN(), 3}, check.ErrNaN},
		{"y short", Ridge{}, X, []float64{1, 2}, check.ErrShape},
		{"nil X", Ridge{}, nil, []float64{1}, check.ErrEmpty},
	}
	for _, tt := range tests {
		if _, err := tt.r.Fit(tt.X, tt.y); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	m, err := Ridge{}.Fit(X, []float64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Predict(mat.NewDense(1, 3, nil)); !errors.Is(err, check.ErrShape) {
		t.Errorf("Predict 3 columns: err = %v", err)
	}
}
