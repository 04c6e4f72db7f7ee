package sample_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/sample"
)

func ExampleSMOTE() {
	X := mat.NewDense(7, 2, []float64{0, 0, 1, 0, 0, 1, 1, 1, 5, 5, 6, 5, 5, 6})
	y := []int{0, 0, 0, 0, 1, 1, 1}
	Xr, yr, _ := sample.SMOTE{K: 2, Seed: 1}.FitResample(X, y)
	r, _ := Xr.Dims()
	fmt.Println(r, yr)
	// Output:
	// 8 [0 0 0 0 1 1 1 1]
}

func ExampleStratifiedSubsample() {
	y := []int{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2}
	idx, _ := sample.StratifiedSubsample(y, 2, 3)
	rest, _ := sample.Complement(len(y), idx)
	fmt.Println(len(idx), len(rest))
	// Output:
	// 6 5
}
