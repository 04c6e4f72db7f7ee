package plotting

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// ErrInput is wrapped by every error about bad input (nil, empty, NaN or
// ±Inf values, mismatched lengths, bad options): match it with errors.Is.
var ErrInput = errors.New("bad input")

func errorf(where, format string, args ...any) error {
	return fmt.Errorf("plotting: %s: %s: %w", where, fmt.Sprintf(format, args...), ErrInput)
}

func checkMatrix(where, name string, X *mat.Dense) (r, c int, err error) {
	if X == nil || X.IsEmpty() {
		return 0, 0, errorf(where, "%s is empty, want at least one row and column", name)
	}
	r, c = X.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if v := X.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, 0, errorf(where, "%s[%d,%d]=%v, want finite values", name, i, j, v)
			}
		}
	}
	return r, c, nil
}

func checkFloats(where, name string, x []float64) error {
	if len(x) == 0 {
		return errorf(where, "%s is empty", name)
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return errorf(where, "%s[%d]=%v, want finite values", name, i, v)
		}
	}
	return nil
}

func checkAlpha(where string, a float64) error {
	if math.IsNaN(a) || a < 0 || a > 1 {
		return errorf(where, "Alpha=%v, want a value in [0,1] (0 means the default)", a)
	}
	return nil
}
