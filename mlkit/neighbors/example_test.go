package neighbors_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/neighbors"
)

func ExampleKNN_Search() {
	X := mat.NewDense(5, 2, []float64{0, 0, 1, 0, 0, 1, 5, 5, 6, 5})
	Q := mat.NewDense(1, 2, []float64{0.2, 0.1})
	nb, err := neighbors.KNN{K: 3}.Search(X, Q)
	if err != nil {
		panic(err)
	}
	fmt.Println(nb.Indices[0])
	fmt.Printf("%.3f\n", nb.Distances[0])
	// Output:
	// [0 1 2]
	// [0.224 0.806 0.922]
}

func ExampleKNNClassifier() {
	X := mat.NewDense(6, 1, []float64{0, 1, 2, 10, 11, 12})
	y := []int{4, 4, 4, 8, 8, 8}
	m, err := neighbors.KNNClassifier{K: 3}.Fit(X, y)
	if err != nil {
		panic(err)
	}
	pred, _ := m.Predict(mat.NewDense(2, 1, []float64{1.5, 9}))
	P, _ := m.PredictProba(mat.NewDense(1, 1, []float64{6.5}))
	fmt.Println(m.Classes, pred)
	fmt.Printf("%.3f\n", mat.Row(nil, 0, P))
	// Output:
	// [4 8] [4 8]
	// [0.333 0.667]
}

func ExampleKDTree_Radius() {
	X := mat.NewDense(5, 2, []float64{0, 0, 0.3, 0, 0, 0.4, 2, 2, 2.2, 2})
	tree, err := neighbors.NewKDTree(X)
	if err != nil {
		panic(err)
	}
	nb, err := tree.Radius(mat.NewDense(1, 2, []float64{0, 0}), 0.5)
	if err != nil {
		panic(err)
	}
	fmt.Println(nb.Indices[0], nb.Distances[0])
	// Output:
	// [0 1 2] [0 0.3 0.4]
}
