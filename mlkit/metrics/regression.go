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

// targetScale is the power of two that keeps sums of squared differences
// of y and yhat inside float64's normal range (1 for ordinary values).
func targetScale(y, yhat []float64) float64 {
	big := 0.0
	for i := range y {
		big = max(big, math.Abs(y[i]), math.Abs(yhat[i]))
	}
	return check.Pow2Scale(2*big, len(y))
}

// unscaled maps a mean computed on scaled values back, with an error naming
// the magnitude when it does not fit in a float64.
func unscaled(where, what string, v, s, power float64) (float64, error) {
	out := v / math.Pow(s, power)
	switch {
	case math.IsInf(out, 0):
		return 0, check.Errorf(where, check.ErrNaN, "the %s overflows float64 (y and yhat reach magnitudes near %.3g)", what, 1/s)
	case out == 0 && v != 0:
		return 0, check.Errorf(where, check.ErrNaN, "the %s underflows float64 (y and yhat reach magnitudes near %.3g only)", what, 1/s)
	}
	return out, nil
}

// MSE is the mean squared error.
func MSE(y, yhat []float64) (float64, error) {
	if err := checkTargets("metrics: MSE", y, yhat); err != nil {
		return 0, err
	}
	sc := targetScale(y, yhat)
	var s float64
	for i := range y {
		d := y[i]*sc - yhat[i]*sc
		s += d * d
	}
	return unscaled("metrics: MSE", "mean squared error", s/float64(len(y)), sc, 2)
}

// MAE is the mean absolute error.
func MAE(y, yhat []float64) (float64, error) {
	if err := checkTargets("metrics: MAE", y, yhat); err != nil {
		return 0, err
	}
	sc := targetScale(y, yhat)
	var s float64
	for i := range y {
		s += math.Abs(y[i]*sc - yhat[i]*sc)
	}
	return unscaled("metrics: MAE", "mean absolute error", s/float64(len(y)), sc, 1)
}

// R2 is the coefficient of determination 1 − SS_res/SS_tot, as
// sklearn.metrics.r2_score with force_finite=True: a constant y scores 1 when
// predicted exactly and 0 otherwise.
func R2(y, yhat []float64) (float64, error) {
	if err := checkTargets("metrics: R2", y, yhat); err != nil {
		return 0, err
	}
	// R² is a ratio, unchanged when y and yhat are scaled together: huge or
	// tiny values are scaled by a power of two (exact) first.
	sc := targetScale(y, yhat)
	var mean float64
	for _, v := range y {
		mean += v * sc
	}
	mean /= float64(len(y))
	var num, den float64
	for i := range y {
		d := y[i]*sc - yhat[i]*sc
		num += d * d
		e := y[i]*sc - mean
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
