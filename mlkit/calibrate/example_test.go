package calibrate_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/calibrate"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/linear"
)

func ExampleSigmoid() {
	scores := []float64{-2, -1.5, -0.5, 0.2, -0.1, 0.8, 1.5, 2.5}
	y := []int{0, 0, 0, 0, 1, 1, 1, 1}
	m, _ := calibrate.Sigmoid{}.Fit(scores, y)
	// scikit-learn's _sigmoid_calibration gives A=-0.9132, B=0.0888.
	fmt.Printf("A=%.3f B=%.3f P(1|score=1)=%.3f\n", m.A, m.B, m.Predict([]float64{1})[0])
	// Output:
	// A=-0.913 B=0.089 P(1|score=1)=0.695
}

func ExampleCalibratedClassifier() {
	X := mat.NewDense(12, 1, []float64{-3, -2.5, -2, -1.2, -0.5, 0.4, -0.2, 0.6, 1.1, 1.9, 2.4, 3})
	y := []int{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}
	cc := calibrate.CalibratedClassifier{
		Base: calibrate.Logistic{LogisticRegression: linear.LogisticRegression{}},
		CV:   calibrate.LeaveOneOut,
	}
	m, _ := cc.Fit(X, y)
	P, _ := m.PredictProba(mat.NewDense(2, 1, []float64{-2, 2}))
	fmt.Printf("%d member; P(1|x=-2)=%.2f P(1|x=2)=%.2f\n", len(m.Members), P.At(0, 1), P.At(1, 1))
	// Output:
	// 1 member; P(1|x=-2)=0.17 P(1|x=2)=0.82
}
