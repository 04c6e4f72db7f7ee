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

// TestMaxAbs holds MaxAbs to the loop it replaced, max(big, math.Abs(v))
// over the rows: the same value, NaN as soon as one entry is NaN.
func TestMaxAbs(t *testing.T) {
	ref := func(X *mat.Dense) float64 {
		r, _ := X.Dims()
		big := 0.0
		for i := 0; i < r; i++ {
			for _, v := range X.RawRowView(i) {
				big = max(big, math.Abs(v))
			}
		}
		return big
	}
	nan, inf := math.NaN(), math.Inf(1)
	wide := mat.NewDense(3, 4, []float64{1, -7, 2, 99, -3, 0, 4, -99, 5, 6, -2, 99})
	for _, c := range []struct {
		name string
		X    *mat.Dense
	}{
		{"mixed signs", mat.NewDense(2, 3, []float64{1, -5, 2, 4.5, -0.5, 3})},
		{"negative zero", mat.NewDense(1, 2, []float64{math.Copysign(0, -1), 0})},
		{"zeros", mat.NewDense(2, 2, nil)},
		{"-Inf", mat.NewDense(1, 3, []float64{1, math.Inf(-1), 2})},
		{"NaN first", mat.NewDense(2, 2, []float64{nan, 1, 8, 2})},
		{"NaN after the largest", mat.NewDense(2, 2, []float64{1, 8, 2, nan})},
		{"NaN and Inf", mat.NewDense(1, 3, []float64{inf, nan, 1})},
		{"a view: the stride skips 99", wide.Slice(0, 3, 0, 3).(*mat.Dense)},
		{"subnormal", mat.NewDense(1, 2, []float64{5e-324, -1e-320})},
	} {
		got, want := MaxAbs(c.X), ref(c.X)
		if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("%s: MaxAbs = %v, want %v", c.name, got, want)
		}
		if math.Signbit(got) {
			t.Errorf("%s: MaxAbs = %v has its sign bit set", c.name, got)
		}
	}
	if got := MaxAbsFloats(nil); got != 0 {
		t.Errorf("MaxAbsFloats(nil) = %v, want 0", got)
	}
}

// TestLabelsSparse: ids far apart are counted in a map, with the same
// answer as dense ones.
func TestLabelsSparse(t *testing.T) {
	if d, m, err := Labels("p", "y", []int{1e9, 0, 1e9, 5}, 4); err != nil || d != 3 || m != 1e9 {
		t.Errorf("got distinct=%d max=%d err=%v, want 3 1e9 nil", d, m, err)
	}
}

// TestMatrixFirstBad: the error names the first non-finite entry in row
// order, also in a view whose stride holds other values.
func TestMatrixFirstBad(t *testing.T) {
	X := mat.NewDense(2, 3, []float64{1, 2, math.NaN(), 4, math.Inf(1), math.NaN()})
	if err := Matrix("p", "X", X.Slice(0, 2, 0, 2)); !errors.Is(err, ErrNaN) || !strings.Contains(err.Error(), "X[1,1]=+Inf") {
		t.Errorf("view: got %v, want X[1,1]=+Inf", err)
	}
	if err := Matrix("p", "X", X); !strings.Contains(err.Error(), "X[0,2]=NaN") {
		t.Errorf("got %v, want X[0,2]=NaN", err)
	}
}
