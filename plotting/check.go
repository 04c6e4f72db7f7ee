package plotting

import (
	"fmt"
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/gonum/mat"
)

// errorf builds an input error wrapping one of package mlkit's sentinels
// (mlkit.ErrEmpty, ErrShape, ErrNaN, ErrValue), as every package of the kit does.
func errorf(where string, sentinel error, format string, args ...any) error {
	return fmt.Errorf("plotting: %s: %s: %w", where, fmt.Sprintf(format, args...), sentinel)
}

// maxPlotValue bounds the magnitude of plotted values: gonum/plot's axis and
// tick computations take the width of the data range, which overflows to
// +Inf for values spanning ±1.8e308 and then never finish. Within ±1e307
// every range (and its padding) stays finite.
const maxPlotValue = 1e307

func tooLarge(v float64) bool { return math.Abs(v) > maxPlotValue }

func checkMatrix(where, name string, X *mat.Dense) (r, c int, err error) {
	if X == nil || X.IsEmpty() {
		return 0, 0, errorf(where, mlkit.ErrEmpty, "%s is empty, want at least one row and column", name)
	}
	r, c = X.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if v := X.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, 0, errorf(where, mlkit.ErrNaN, "%s[%d,%d]=%v, want finite values", name, i, j, v)
			} else if tooLarge(v) {
				return 0, 0, errorf(where, mlkit.ErrNaN, "%s[%d,%d]=%v, want values within ±%g (wider ranges overflow the axes); scale the data", name, i, j, v, maxPlotValue)
			}
		}
	}
	return r, c, nil
}

func checkFloats(where, name string, x []float64) error {
	if len(x) == 0 {
		return errorf(where, mlkit.ErrEmpty, "%s is empty", name)
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return errorf(where, mlkit.ErrNaN, "%s[%d]=%v, want finite values", name, i, v)
		}
		if tooLarge(v) {
			return errorf(where, mlkit.ErrNaN, "%s[%d]=%v, want values within ±%g (wider ranges overflow the axes); scale the data", name, i, v, maxPlotValue)
		}
	}
	return nil
}

func checkAlpha(where string, a float64) error {
	if math.IsNaN(a) || a < 0 || a > 1 {
		return errorf(where, mlkit.ErrValue, "Alpha=%v, want a value in [0,1] (0 means the default)", a)
	}
	return nil
}
