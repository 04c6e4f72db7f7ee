package check

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestBadInput: the shared checks against the values every estimator's
// table uses.
func TestBadInput(t *testing.T) {
	var nilBuf *bytes.Buffer
	big := mat.NewDense(1, 2, []float64{1, 1e300})
	tiny := mat.NewDense(1, 2, []float64{1e-300, 0})
	for _, c := range []struct {
		name string
		err  error
		want error
		msg  string
	}{
		{"MaxIter<0", second(MaxIter("p", -3, 100)), ErrValue, "MaxIter=-3, want a value ≥ 1 (0 means the default 100)"},
		{"Tol<0", second(Tol("p", -1e-3, 1e-4)), ErrValue, "Tol=-0.001"},
		{"Tol NaN", second(Tol("p", math.NaN(), 1e-4)), ErrValue, "Tol=NaN"},
		{"Tol +Inf", second(Tol("p", math.Inf(1), 1e-4)), ErrValue, "Tol=+Inf"},
		{"Range 1e300", Range("p", "X", big), ErrNaN, "X[0,1]=1e+300"},
		{"Range 1e-300", Range("p", "X", tiny), ErrNaN, "X[0,0]=1e-300"},
		{"Range zeros", Range("p", "X", mat.NewDense(2, 2, nil)), nil, ""},
		{"Magnitude 1e300", Magnitude("p", "X", big), ErrNaN, "X[0,1]=1e+300"},
		{"Magnitude 1e-300", Magnitude("p", "X", tiny), nil, ""},
		{"Positive NaN", Positive("p", "C", math.NaN()), ErrValue, "C=NaN"},
		{"NonNegative -Inf", NonNegative("p", "r", math.Inf(-1)), ErrValue, "r=-Inf"},
		{"Floats empty", Floats("p", "y", nil), ErrEmpty, "y is empty"},
		{"SameLen", SameLen("p", "a", []int{1}, "b", nil), ErrShape, "a has 1 entries and b has 0"},
	} {
		if c.want == nil {
			if c.err != nil {
				t.Errorf("%s: unexpected %v", c.name, c.err)
			}
			continue
		}
		if !errors.Is(c.err, c.want) || !strings.Contains(c.err.Error(), c.msg) {
			t.Errorf("%s: %v, want %v mentioning %q", c.name, c.err, c.want, c.msg)
		}
	}
	if v, err := MaxIter("p", 0, 300); err != nil || v != 300 {
		t.Errorf("MaxIter(0) = %v, %v, want the default 300", v, err)
	}
	if !IsNil(nil) || !IsNil(nilBuf) || IsNil(3) || IsNil(&bytes.Buffer{}) {
		t.Error("IsNil: wrong answer for nil, typed nil, a value or a pointer")
	}
	for _, c := range []struct {
		big  float64
		d    int
		want float64
	}{
		{0, 3, 1}, {1, 3, 1}, {1e100, 3, 1}, {1e300, 3, 0x1p-997}, {1e-300, 3, 0x1p996}, {5e-324, 1, 0x1p1023},
	} {
		if got := Pow2Scale(c.big, c.d); got != c.want {
			t.Errorf("Pow2Scale(%g, %d) = %g, want %g", c.big, c.d, got, c.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }
