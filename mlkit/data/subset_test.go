package data

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// SubsetRows' precondition: a nil X or an index out of range panics with a
// message naming the problem and the checked alternative, never a bare nil
// dereference.
func TestSubsetRowsPreconditionPanics(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	for _, c := range []struct {
		name string
		X    *mat.Dense
		idx  []int
		want string
	}{
		{"nil X", nil, []int{0}, "X is nil"},
		{"nil X, empty idx", nil, nil, "X is nil"},
		{"index past the end", X, []int{0, 3}, "idx[1]=3 out of range [0, 3)"},
		{"negative index", X, []int{-1}, "idx[0]=-1 out of range [0, 3)"},
	} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, c.want) || !strings.Contains(msg, "Fold.Split") {
					t.Errorf("%s: panic %q, want one naming %q and Fold.Split", c.name, msg, c.want)
				}
			}()
			SubsetRows(c.X, c.idx)
		}()
	}
}
