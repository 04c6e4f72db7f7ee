package metrics_test

import (
	"fmt"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
)

// The example of scikit-learn's calibration_curve docstring, same numbers.
func ExampleCalibrationCurve() {
	truth := []int{0, 0, 0, 0, 1, 1, 1, 1, 1}
	prob := []float64{0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1}
	probTrue, probPred, counts, _ := metrics.CalibrationCurve(truth, prob, 3, metrics.Uniform)
	fmt.Printf("%.3f %.3f %v\n", probTrue, probPred, counts)
	// Output:
	// [0.000 0.500 1.000] [0.200 0.525 0.850] [3 2 4]
}

// The example of scikit-learn's average_precision_score docstring (0.83...).
func ExampleAveragePrecision() {
	ap, _ := metrics.AveragePrecision([]int{0, 0, 1, 1}, []float64{0.1, 0.4, 0.35, 0.8})
	fmt.Printf("%.4f\n", ap)
	// Output:
	// 0.8333
}
