package data

import (
	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// Split returns the rows of X and the labels of y that the fold trains and
// tests on, as new values (X and y are not changed).
func (f Fold) Split(X *mat.Dense, y []int) (Xtr *mat.Dense, ytr []int, Xte *mat.Dense, yte []int, err error) {
	const where = "data: Fold.Split"
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, nil, nil, nil, err
	}
	n, _ := X.Dims()
	if len(y) != n {
		return nil, nil, nil, nil, check.Errorf(where, check.ErrShape, "y has %d labels for the %d rows of X", len(y), n)
	}
	if len(f.Train) == 0 || len(f.Test) == 0 {
		return nil, nil, nil, nil, check.Errorf(where, check.ErrEmpty, "the fold has %d train and %d test rows, want some of each", len(f.Train), len(f.Test))
	}
	for _, idx := range [][]int{f.Train, f.Test} {
		for _, i := range idx {
			if i < 0 || i >= n {
				return nil, nil, nil, nil, check.Errorf(where, check.ErrValue, "the fold holds row %d, want rows in [0, %d)", i, n)
			}
		}
	}
	at := func(idx []int) []int {
		out := make([]int, len(idx))
		for k, i := range idx {
			out[k] = y[i]
		}
		return out
	}
	return SubsetRows(X, f.Train), at(f.Train), SubsetRows(X, f.Test), at(f.Test), nil
}
