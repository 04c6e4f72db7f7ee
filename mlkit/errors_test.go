package mlkit_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/plotting"
	"gonum.org/v1/gonum/mat"
)

// TestSentinelsAcrossPackages checks that estimators and plotting wrap the
// public sentinels, so a cell can use errors.Is without internal packages.
func TestSentinelsAcrossPackages(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 2})
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"KMeans K>n", second(cluster.KMeans{K: 4}.Fit(X)), mlkit.ErrValue},
		{"KMeans nil", second(cluster.KMeans{}.Fit(nil)), mlkit.ErrEmpty},
		{"PNG nil", second(plotting.PNG(nil, 10, 10)), mlkit.ErrEmpty},
	}
	distinct := []error{mlkit.ErrEmpty, mlkit.ErrShape, mlkit.ErrNaN, mlkit.ErrValue, mlkit.ErrFile}
	for _, c := range cases {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: err = %v, want one wrapping %v", c.name, c.err, c.want)
		}
		for _, o := range distinct {
			if o != c.want && errors.Is(c.err, o) {
				t.Errorf("%s: err = %v also wraps %v", c.name, c.err, o)
			}
		}
	}
}

func second[T any](_ T, err error) error { return err }

func Example() {
	X := mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 2})
	_, err := cluster.KMeans{K: 4}.Fit(X)
	fmt.Println(errors.Is(err, mlkit.ErrValue))
	// Output: true
}
