package check

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestMatrix(t *testing.T) {
	var nilDense *mat.Dense
	for _, tc := range []struct {
		name string
		X    mat.Matrix
		want error
		msg  string
	}{
		{"nil interface", nil, ErrEmpty, "X is nil"},
		{"nil *mat.Dense", nilDense, ErrEmpty, "nil *mat.Dense"},
		{"NaN", mat.NewDense(2, 2, []float64{1, 2, math.NaN(), 4}), ErrNaN, "X[1,0]=NaN"},
		{"Inf", mat.NewDense(1, 2, []float64{1, math.Inf(-1)}), ErrNaN, "X[0,1]=-Inf"},
		{"NaN in a transpose", mat.NewDense(1, 2, []float64{1, math.NaN()}).T(), ErrNaN, "X[1,0]=NaN"},
		{"fine", mat.NewDense(1, 1, []float64{1}), nil, ""},
	} {
		err := Matrix("pkg: F", "X", tc.X)
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
			continue
		}
		if err != nil && !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: message %q does not contain %q", tc.name, err, tc.msg)
		}
	}
}

func TestLabels(t *testing.T) {
	if d, m, err := Labels("p", "y", []int{3, 0, 3, 7}, 4); err != nil || d != 3 || m != 7 {
		t.Errorf("got distinct=%d max=%d err=%v, want 3 7 nil", d, m, err)
	}
	if _, _, err := Labels("p", "y", []int{0, -1}, 2); !errors.Is(err, ErrValue) {
		t.Errorf("negative label: got %v, want ErrValue", err)
	}
	if _, _, err := Labels("p", "y", []int{0, 1}, 3); !errors.Is(err, ErrShape) {
		t.Errorf("length: got %v, want ErrShape", err)
	}
	if err := Positive("p", "C", 0); !errors.Is(err, ErrValue) {
		t.Errorf("Positive(0): got %v, want ErrValue", err)
	}
}
