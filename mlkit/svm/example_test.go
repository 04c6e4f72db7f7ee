package svm_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/svm"
)

func Example() {
	iris, err := data.Iris()
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := svm.SVC{C: 1, Probability: true, Seed: 1, Progress: progress.Silent}.Fit(iris.X, iris.Y)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("support vectors per class:", m.NSupport)
	x := mat.NewDense(2, 4, []float64{
		5.1, 3.5, 1.4, 0.2, // a setosa
		6.3, 2.8, 5.1, 1.5, // between versicolor and virginica
	})
	labels, _ := m.Predict(x)
	dec, _ := m.DecisionFunction(x)
	P, labelsP, _ := m.PredictProbaConsistent(x)
	fmt.Println("predict:", labels, "argmax of probabilities:", labelsP)
	fmt.Printf("decision (one-vs-rest):\n%.2f\n", mat.Formatted(dec))
	fmt.Printf("probabilities:\n%.2f\n", mat.Formatted(P))
	// Output:
	// support vectors per class: [7 29 24]
	// predict: [0 2] argmax of probabilities: [0 2]
	// decision (one-vs-rest):
	// ⎡ 2.24   1.16  -0.26⎤
	// ⎣-0.24   1.19   2.18⎦
	// probabilities:
	// ⎡0.98  0.01  0.01⎤
	// ⎣0.01  0.39  0.60⎦
}
