package linear_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/linear"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

func ExampleLogisticRegression() {
	// Three classes along a line, labelled with arbitrary ids.
	X := mat.NewDense(9, 1, []float64{0, 0.5, 1, 4, 4.5, 5, 8, 8.5, 9})
	y := []int{10, 10, 10, 20, 20, 20, 30, 30, 30}
	m, err := linear.LogisticRegression{C: 10, Progress: progress.Silent}.Fit(X, y)
	if err != nil {
		panic(err)
	}
	pred, _ := m.Predict(mat.NewDense(3, 1, []float64{-1, 4.7, 12}))
	P, _ := m.PredictProba(mat.NewDense(1, 1, []float64{2.5}))
	fmt.Println("classes:", m.Classes, "converged:", m.Converged)
	fmt.Println("predictions:", pred)
	fmt.Printf("P(x=2.5) = %.2f\n", mat.Row(nil, 0, P))
	// Output:
	// classes: [10 20 30] converged: true
	// predictions: [10 20 30]
	// P(x=2.5) = [0.50 0.50 0.00]
}

func ExampleRidge() {
	X := mat.NewDense(4, 1, []float64{0, 1, 2, 3})
	y := []float64{1, 3, 5, 7} // y = 2x + 1
	m, err := linear.Ridge{Alpha: 1e-12}.Fit(X, y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("coef %.3f intercept %.3f\n", m.Coef[0], m.Intercept)
	// Output:
	// coef 2.000 intercept 1.000
}
