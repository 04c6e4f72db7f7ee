// Package check holds the input checks shared by the kit's estimators and
// the sentinel errors they wrap, so that every package reports bad input the
// same way: an error that names the argument, the value and what is expected.
//
// The sentinels are those of the public package mlkit (the module's mlkit
// folder), so callers match the kind of failure with errors.Is(err, mlkit.ErrNaN).
package check

import (
	"fmt"
	"math"
	"reflect"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
)

// The sentinels of package mlkit, under short names for the kit's own code.
var (
	ErrEmpty = mlkit.ErrEmpty
	ErrShape = mlkit.ErrShape
	ErrNaN   = mlkit.ErrNaN
	ErrValue = mlkit.ErrValue
	ErrFile  = mlkit.ErrFile
)

// Errorf builds an error wrapping sentinel with the message prefixed by where
// (for example "cluster: KMeans.Fit").
func Errorf(where string, sentinel error, format string, args ...any) error {
	return fmt.Errorf("%s: %s: %w", where, fmt.Sprintf(format, args...), sentinel)
}

// Matrix checks that X is non-nil, non-empty and finite. name is the argument
// name used in the message (usually "X").
func Matrix(where, name string, X mat.Matrix) error {
	if X == nil {
		return Errorf(where, ErrEmpty, "%s is nil", name)
	}
	// A nil *mat.Dense (or other pointer) inside a non-nil interface panics on Dims.
	if v := reflect.ValueOf(X); v.Kind() == reflect.Pointer && v.IsNil() {
		return Errorf(where, ErrEmpty, "%s is a nil %T", name, X)
	}
	r, c := X.Dims()
	if r == 0 || c == 0 {
		return Errorf(where, ErrEmpty, "%s is %d×%d, want at least one row and one column", name, r, c)
	}
	if d, ok := X.(*mat.Dense); ok {
		raw := d.RawMatrix()
		for i := 0; i < r; i++ {
			row := raw.Data[i*raw.Stride : i*raw.Stride+c]
			// v-v is 0 for every finite v and NaN for ±Inf and NaN: one
			// subtraction and one comparison per entry on the fast path.
			for _, v := range row {
				if v-v != 0 {
					for j, v := range row {
						if math.IsNaN(v) || math.IsInf(v, 0) {
							return Errorf(where, ErrNaN, "%s[%d,%d]=%v, want finite values", name, i, j, v)
						}
					}
				}
			}
		}
		return nil
	}
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if v := X.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return Errorf(where, ErrNaN, "%s[%d,%d]=%v, want finite values", name, i, j, v)
			}
		}
	}
	return nil
}

// Cols checks that X has want columns (a model fitted on want features).
func Cols(where, name string, X mat.Matrix, want int) error {
	if err := Matrix(where, name, X); err != nil {
		return err
	}
	if _, c := X.Dims(); c != want {
		return Errorf(where, ErrShape, "%s has %d columns, the model was fitted on %d", name, c, want)
	}
	return nil
}

// Floats checks that x is non-empty and finite.
func Floats(where, name string, x []float64) error {
	if len(x) == 0 {
		return Errorf(where, ErrEmpty, "%s is empty", name)
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Errorf(where, ErrNaN, "%s[%d]=%v, want finite values", name, i, v)
		}
	}
	return nil
}

// Labels checks that y has n entries, all non-negative. It returns the number
// of distinct labels and the largest label.
func Labels(where, name string, y []int, n int) (distinct, max int, err error) {
	if len(y) == 0 {
		return 0, 0, Errorf(where, ErrEmpty, "%s is empty", name)
	}
	if n >= 0 && len(y) != n {
		return 0, 0, Errorf(where, ErrShape, "%s has %d labels, want %d (one per row)", name, len(y), n)
	}
	max = -1
	for i, v := range y {
		if v < 0 {
			return 0, 0, Errorf(where, ErrValue, "%s[%d]=%d, want a non-negative label", name, i, v)
		}
		if v > max {
			max = v
		}
	}
	// Dense ids (the common case: cluster numbers, classes) are counted in
	// a table; sparse ones in a map, so that a label like 1e9 costs no memory.
	if max <= 4*len(y)+1024 {
		seen := make([]bool, max+1)
		for _, v := range y {
			if !seen[v] {
				seen[v] = true
				distinct++
			}
		}
		return distinct, max, nil
	}
	seen := make(map[int]struct{})
	for _, v := range y {
		seen[v] = struct{}{}
	}
	return len(seen), max, nil
}

// SameLen checks that two label slices have the same, non-zero length.
func SameLen(where, nameA string, a []int, nameB string, b []int) error {
	if len(a) == 0 {
		return Errorf(where, ErrEmpty, "%s is empty", nameA)
	}
	if len(a) != len(b) {
		return Errorf(where, ErrShape, "%s has %d entries and %s has %d, want equal lengths", nameA, len(a), nameB, len(b))
	}
	return nil
}

// Positive checks v > 0 (a hyperparameter that must be strictly positive).
func Positive(where, name string, v float64) error {
	if !(v > 0) || math.IsInf(v, 0) {
		return Errorf(where, ErrValue, "%s=%v, want a finite value > 0", name, v)
	}
	return nil
}

// NonNegative checks v >= 0.
func NonNegative(where, name string, v float64) error {
	if !(v >= 0) || math.IsInf(v, 0) {
		return Errorf(where, ErrValue, "%s=%v, want a finite value >= 0", name, v)
	}
	return nil
}

// MaxIter applies the kit's one rule for iteration limits: 0 means def, a
// negative value is an error naming the field.
func MaxIter(where string, v, def int) (int, error) {
	if v < 0 {
		return 0, Errorf(where, ErrValue, "MaxIter=%d, want a value ≥ 1 (0 means the default %d)", v, def)
	}
	if v == 0 {
		return def, nil
	}
	return v, nil
}

// Tol applies the kit's one rule for tolerances: 0 means def, a negative or
// non-finite value is an error naming the field. (A tolerance of zero is
// asked for with a tiny positive value such as 1e-300.)
func Tol(where string, v, def float64) (float64, error) {
	if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, Errorf(where, ErrValue, "Tol=%v, want a finite value ≥ 0 (0 means the default %g)", v, def)
	}
	if v == 0 {
		return def, nil
	}
	return v, nil
}

// Finite reports whether every value of x is finite.
func Finite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// bigLimit: values up to this magnitude, in up to 2^100 dimensions, give
// sums of squares well inside float64's range (2^1023).
const bigLimit = 0x1p400

// Magnitude checks that X's values are small enough for methods that square
// them and are not scale invariant (so cannot rescale): an error wrapping
// ErrNaN names the largest entry when its square, summed over the columns,
// would overflow float64.
func Magnitude(where, name string, X *mat.Dense) error {
	r, c := X.Dims()
	limit := bigLimit / math.Sqrt(float64(c))
	bi, bj, big := 0, 0, 0.0
	for i := 0; i < r; i++ {
		for j, v := range X.RawRowView(i) {
			if a := math.Abs(v); a > big {
				bi, bj, big = i, j, a
			}
		}
	}
	if big > limit {
		return Errorf(where, ErrNaN, "%s[%d,%d]=%.3g: values this large make squared distances and variances overflow float64; scale %s down (for example with data.StandardScaler)", name, bi, bj, X.At(bi, bj), name)
	}
	return nil
}

// MaxAbs returns the largest |v| in X, NaN when X holds a NaN (then the
// first NaN met, row by row, without its sign).
func MaxAbs(X *mat.Dense) float64 {
	r, _ := X.Dims()
	big := 0.0
	for i := 0; i < r; i++ {
		m := MaxAbsFloats(X.RawRowView(i))
		if m != m {
			return m
		}
		if m > big {
			big = m
		}
	}
	return big
}

// MaxAbsFloats is MaxAbs of a slice (0 when it is empty).
//
// It is the loop max(big, math.Abs(v)) with plain comparisons, which cost
// half as much per value as the builtin max (whose NaN and signed-zero rules
// take extra instructions): |v| ≥ +0 has no signed zero to order, and a NaN,
// which max would carry to the end, is returned at once.
func MaxAbsFloats(x []float64) float64 {
	big := 0.0
	for _, v := range x {
		a := math.Abs(v)
		if a > big {
			big = a
		} else if a != a {
			return a
		}
	}
	return big
}

// Pow2Scale returns 1 when values of magnitude up to big, summed in squares
// over d dimensions, stay well inside float64's normal range, and otherwise
// the power of two that brings big to about 1. Multiplying by a power of two
// is exact (short of subnormals), so a scale-invariant method run on the
// scaled data gives the same answer, and scale-equivariant outputs scale
// back exactly.
func Pow2Scale(big float64, d int) float64 {
	const lo = 0x1p-400
	if big == 0 || (big >= lo && big*math.Sqrt(float64(d)) <= bigLimit) {
		return 1
	}
	_, e := math.Frexp(big)
	// Subnormal values need more than 2^1023: the largest power of two
	// still brings them into range.
	return math.Ldexp(1, min(max(-e, -1022), 1023))
}

// Range checks that X's magnitude lets squares of its values, summed over
// the columns, stay normal float64 numbers (what Pow2Scale leaves alone),
// for methods whose outputs are such squares (stress, eigenvalues): an error
// wrapping ErrNaN names the largest entry otherwise. All-zero X passes.
func Range(where, name string, X *mat.Dense) error {
	r, c := X.Dims()
	bi, bj, big := 0, 0, 0.0
	for i := 0; i < r; i++ {
		for j, v := range X.RawRowView(i) {
			if a := math.Abs(v); a > big {
				bi, bj, big = i, j, a
			}
		}
	}
	if Pow2Scale(big, c) == 1 {
		return nil
	}
	how := "large that their squares overflow"
	if big < 1 {
		how = "small that their squares underflow"
	}
	return Errorf(where, ErrNaN, "%s[%d,%d]=%.3g is its largest entry: values so %s float64; scale %s (for example with data.StandardScaler)", name, bi, bj, X.At(bi, bj), how, name)
}

// IsNil reports whether v is nil or a nil pointer, map, slice, channel or
// func inside a non-nil interface (a typed nil).
func IsNil(v any) bool {
	if v == nil {
		return true
	}
	switch r := reflect.ValueOf(v); r.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Chan, reflect.Func, reflect.Interface:
		return r.IsNil()
	}
	return false
}
