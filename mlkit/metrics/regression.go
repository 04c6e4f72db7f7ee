package metrics

import (
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

func checkTargets(where string, y, yhat []float64) error {
	if err := check.Floats(where, "y", y); err != nil {
		return err
	}
	if err := check.Floats(where, "yhat", yhat); err != nil {
		return err
	}
	if len(y) != len(yhat) {
		return check.Errorf(where, check.ErrShape, "y has %d values and yhat %d, want equal lengths", len(y), len(yhat))
	}
	return nil
}

// MSE is the mean squared error.
func MSE(y, yhat []float64) (float64, error) {
	if err := checkTargets("metrics: MSE", y, yhat); err != nil {
		return 0, err
	}
	var s float64
	for i := range y {
		d := y[i] - yhat[i]
		s += d * d
	}
	return s / float64(len(y)), nil
}

// MAE is the mean absolute error.
func MAE(y, yhat []float64) (float64, error) {
	if err := checkTargets("metrics: MAE", y, yhat); err != nil {
		return 0, err
	}
	var s float64
	for i := range y {
		s += math.Abs(y[i] - yhat[i])
	}
	return s / float64(len(y)), nil
}

// R2 is the coefficient of determination 1 − SS_res/SS_tot, as
// sklearn.metrics.r2_score with force_finite=True: a constant y scores 1 when
// predicted exactly and 0 otherwise.
func R2(y, yhat []float64) (float64, error) {
	if err := checkTargets("metrics: R2", y, yhat); err != nil {
		return 0, err
	}
	var mean float64
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	var num, den float64
	for i := range y {
		d := y[i] - yhat[i]
		num += d * d
		e := y[i] - mean
		den += e * e
	}
	switch {
	case num == 0:
		return 1, nil
	case den == 0:
		return 0, nil
	}
	return 1 - num/den, nil
}
