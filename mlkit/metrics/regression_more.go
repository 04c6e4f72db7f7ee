package metrics

import (
	"math"
	"slices"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// ExplainedVariance is 1 − Var(y − yhat)/Var(y), as
// sklearn.metrics.explained_variance_score with force_finite=True: unlike R2
// it ignores a constant offset of the predictions (a biased model can score
// 1), so the two differ by the squared mean error over Var(y). A constant y
// scores 1 when the residuals are constant and 0 otherwise.
func ExplainedVariance(y, yhat []float64) (float64, error) {
	if err := checkTargets("metrics: ExplainedVariance", y, yhat); err != nil {
		return 0, err
	}
	// A ratio: scaling y and yhat by a power of two (exact) keeps squares in range.
	sc := targetScale(y, yhat)
	n := float64(len(y))
	var my, mr float64
	for i := range y {
		my += y[i] * sc
		mr += y[i]*sc - yhat[i]*sc
	}
	my /= n
	mr /= n
	var num, den float64
	for i := range y {
		r := y[i]*sc - yhat[i]*sc - mr
		num += r * r
		e := y[i]*sc - my
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

// MedianAbsoluteError is the median of |y − yhat| (the mean of the two middle
// values for an even count), as sklearn.metrics.median_absolute_error: a
// typical error that a few gross errors do not move.
func MedianAbsoluteError(y, yhat []float64) (float64, error) {
	const where = "metrics: MedianAbsoluteError"
	if err := checkTargets(where, y, yhat); err != nil {
		return 0, err
	}
	sc := targetScale(y, yhat)
	d := make([]float64, len(y))
	for i := range y {
		d[i] = math.Abs(y[i]*sc - yhat[i]*sc)
	}
	slices.Sort(d)
	n := len(d)
	m := d[n/2]
	if n%2 == 0 {
		m = d[n/2-1] + (d[n/2]-d[n/2-1])/2
	}
	return unscaled(where, "median absolute error", m, sc, 1)
}

// MaxError is the largest |y − yhat|, as sklearn.metrics.max_error: the
// worst case.
func MaxError(y, yhat []float64) (float64, error) {
	const where = "metrics: MaxError"
	if err := checkTargets(where, y, yhat); err != nil {
		return 0, err
	}
	sc := targetScale(y, yhat)
	var m float64
	for i := range y {
		m = max(m, math.Abs(y[i]*sc-yhat[i]*sc))
	}
	return unscaled(where, "maximum error", m, sc, 1)
}

// SpectrumCurve is the calibration of scores in [0, 1] read as positions on a
// spectrum of targets in [0, 1] (SpectrumCalibration).
type SpectrumCurve struct {
	// Pred, True and Counts are, for each non-empty bin in increasing order,
	// the mean score, the mean target and the number of samples.
	Pred, True []float64
	Counts     []int
	// Edges are the bins' edges (bins+1 values).
	Edges []float64
	// Error is the count-weighted mean of |True − Pred| over the bins:
	// the expected calibration error (Naeini et al. 2015) with the mean
	// target in place of the fraction of positives. 0 means that, bin by
	// bin, the scores average to the targets they stand for.
	Error float64
}

// SpectrumCalibration bins score (a classifier's probability, or any value
// meant as a position on the spectrum of target, in [0, 1]) as
// CalibrationCurve does — bins intervals, right-closed, uniform in [0, 1] or
// at the quantiles of score — and compares, per bin, the mean score with the
// mean target. It is CalibrationCurve (scikit-learn's calibration_curve)
// with a continuous target in place of the 0/1 labels: for labels the two
// agree. A regressor's scores may leave [0, 1]: with Uniform bins they
// then count in the first or the last bin. A classifier trained on thresholded targets is confident near the
// threshold's two sides, so its curve is a step, not the diagonal.
func SpectrumCalibration(target, score []float64, bins int, strategy BinStrategy) (*SpectrumCurve, error) {
	const where = "metrics: SpectrumCalibration"
	if bins < 1 {
		return nil, check.Errorf(where, check.ErrValue, "bins=%d, want at least 1", bins)
	}
	if strategy != Uniform && strategy != Quantile {
		return nil, check.Errorf(where, check.ErrValue, "strategy=%v, want Uniform or Quantile", strategy)
	}
	if err := check.Floats(where, "target", target); err != nil {
		return nil, err
	}
	if err := check.Floats(where, "score", score); err != nil {
		return nil, err
	}
	if len(target) != len(score) {
		return nil, check.Errorf(where, check.ErrShape, "target has %d values and score %d, want equal lengths", len(target), len(score))
	}
	for i, v := range target {
		if v < 0 || v > 1 {
			return nil, check.Errorf(where, check.ErrValue, "target[%d]=%v, want a value in [0, 1]", i, v)
		}
	}
	c := &SpectrumCurve{Edges: linspace01(bins)}
	if strategy == Quantile {
		c.Edges = percentiles(score, c.Edges)
	}
	inner := c.Edges[1:bins]
	sum := make([]float64, bins)
	tsum := make([]float64, bins)
	tot := make([]int, bins)
	for i, p := range score {
		b, _ := slices.BinarySearch(inner, p) // numpy.searchsorted(inner, p, side="left")
		sum[b] += p
		tsum[b] += target[i]
		tot[b]++
	}
	for b := range bins {
		if tot[b] == 0 {
			continue
		}
		tr, pr := tsum[b]/float64(tot[b]), sum[b]/float64(tot[b])
		c.True = append(c.True, tr)
		c.Pred = append(c.Pred, pr)
		c.Counts = append(c.Counts, tot[b])
		c.Error += float64(tot[b]) * math.Abs(tr-pr)
	}
	c.Error /= float64(len(score))
	return c, nil
}
