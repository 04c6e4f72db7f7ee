// Package badtest builds the inputs of the kit's bad-input table tests (in
// the spirit of scikit-learn's check_estimator): blobs at ordinary, huge
// (1e300) and tiny (1e-300) magnitudes, constant and duplicated rows, NaN
// and ±Inf cells, a cancelled context; and checks what comes back.
package badtest

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// Blobs returns n rows in d dimensions around k well-separated centres, and
// the centre of each row (0..k-1, cycling).
func Blobs(n, d, k int, seed uint64) (*mat.Dense, []int) {
	r := randx.New(seed)
	X := mat.NewDense(n, d, nil)
	y := make([]int, n)
	for i := 0; i < n; i++ {
		y[i] = i % k
		for j := 0; j < d; j++ {
			c := 0.0
			if j%k == y[i] {
				c = 10
			}
			X.Set(i, j, c+r.NormFloat64())
		}
	}
	return X, y
}

// Scaled returns s·X (a new matrix).
func Scaled(X *mat.Dense, s float64) *mat.Dense {
	var out mat.Dense
	out.Scale(s, X)
	return &out
}

// Const returns an n×d matrix of v.
func Const(n, d int, v float64) *mat.Dense {
	X := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			X.Set(i, j, v)
		}
	}
	return X
}

// With returns a copy of X with X[i,j] = v.
func With(X *mat.Dense, i, j int, v float64) *mat.Dense {
	out := mat.DenseCopyOf(X)
	out.Set(i, j, v)
	return out
}

// Rows returns the first n rows of X (a copy).
func Rows(X *mat.Dense, n int) *mat.Dense {
	_, d := X.Dims()
	return mat.DenseCopyOf(X.Slice(0, n, 0, d))
}

// Cancelled returns a context that is already done.
func Cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// Err checks that err wraps want and mentions msg (want nil: no error).
func Err(t testing.TB, name string, err, want error, msg string) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Errorf("%s: unexpected error %v", name, err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Errorf("%s: error %v, want one wrapping %v", name, err, want)
		return
	}
	if !strings.Contains(err.Error(), msg) {
		t.Errorf("%s: error %q does not mention %q", name, err, msg)
	}
}

// Finite reports the first NaN or ±Inf among vals ("" when all are finite).
func Finite(vals ...float64) bool {
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// FiniteDense reports whether every entry of M is finite.
func FiniteDense(M *mat.Dense) bool {
	if M == nil {
		return false
	}
	r, c := M.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if v := M.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
	}
	return true
}

// SamePartition reports whether two labellings group the rows the same way
// (equal up to a renaming of the labels).
func SamePartition(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	ab, ba := map[int]int{}, map[int]int{}
	for i := range a {
		if v, ok := ab[a[i]]; ok && v != b[i] {
			return false
		}
		if v, ok := ba[b[i]]; ok && v != a[i] {
			return false
		}
		ab[a[i]], ba[b[i]] = b[i], a[i]
	}
	return true
}
