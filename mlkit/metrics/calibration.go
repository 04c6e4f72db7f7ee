package metrics

import (
	"fmt"
	"math"
	"slices"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// BinStrategy says how CalibrationCurve places its bin edges.
type BinStrategy int

const (
	// Uniform bins split [0, 1] into equal widths (scikit-learn's
	// strategy="uniform", the default).
	Uniform BinStrategy = iota
	// Quantile bins hold about the same number of samples each: the edges
	// are the percentiles of probPos (strategy="quantile"), so no bin is
	// empty unless probabilities tie.
	Quantile
)

// String returns "uniform" or "quantile", calibration_curve's strategy names.
func (s BinStrategy) String() string {
	switch s {
	case Uniform:
		return "uniform"
	case Quantile:
		return "quantile"
	}
	return fmt.Sprintf("BinStrategy(%d)", int(s))
}

// CalibrationCurve is the reliability curve of a binary classifier, as
// sklearn.calibration.calibration_curve (Niculescu-Mizil & Caruana 2005,
// "Predicting good probabilities with supervised learning", ICML, section
// 4): probPos (the predicted probability of label 1) is cut into bins
// intervals, right-closed ((e_m, e_{m+1}], the first also holding its left
// edge), and for every non-empty bin, in increasing order, probTrue is the
// fraction of truth equal to 1, probPred the mean of probPos and counts the
// number of samples. A perfectly calibrated classifier has probTrue ≈
// probPred.
//
// truth holds labels 0 and 1; like scikit-learn, a truth with one class only
// is accepted (every bin then has probTrue 0 or 1). probPos must lie in
// [0, 1].
func CalibrationCurve(truth []int, probPos []float64, bins int, strategy BinStrategy) (probTrue, probPred []float64, counts []int, err error) {
	const where = "metrics: CalibrationCurve"
	if bins < 1 {
		return nil, nil, nil, check.Errorf(where, check.ErrValue, "bins=%d, want at least 1", bins)
	}
	if strategy != Uniform && strategy != Quantile {
		return nil, nil, nil, check.Errorf(where, check.ErrValue, "strategy=%v, want Uniform or Quantile", strategy)
	}
	if err := checkBinary(where, truth, probPos, "probPos"); err != nil {
		return nil, nil, nil, err
	}
	for i, p := range probPos {
		if p < 0 || p > 1 {
			return nil, nil, nil, check.Errorf(where, check.ErrValue, "probPos[%d]=%v, want a probability in [0, 1]", i, p)
		}
	}
	var edges []float64
	if strategy == Uniform {
		edges = linspace01(bins)
	} else {
		edges = percentiles(probPos, linspace01(bins))
	}
	inner := edges[1:bins]
	sum := make([]float64, bins)
	pos := make([]float64, bins)
	tot := make([]int, bins)
	for i, p := range probPos {
		// numpy.searchsorted(inner, p, side="left"): the edges strictly below p.
		b, _ := slices.BinarySearch(inner, p)
		sum[b] += p
		pos[b] += float64(truth[i])
		tot[b]++
	}
	for b := range bins {
		if tot[b] == 0 {
			continue
		}
		probTrue = append(probTrue, pos[b]/float64(tot[b]))
		probPred = append(probPred, sum[b]/float64(tot[b]))
		counts = append(counts, tot[b])
	}
	return probTrue, probPred, counts, nil
}

// linspace01 is numpy.linspace(0, 1, bins+1) with numpy's rounding: i·step,
// and the last value exactly 1.
func linspace01(bins int) []float64 {
	out := make([]float64, bins+1)
	step := 1.0 / float64(bins)
	for i := range out {
		out[i] = float64(i) * step
	}
	out[bins] = 1
	return out
}

// percentiles is numpy.percentile(x, q·100) (method "linear", numpy 1.24)
// for quantiles q in [0, 1], with numpy's rounding: q is scaled to percent
// and back, the virtual index is (n−1)·q, and the interpolation between the
// neighbouring order statistics a, b is a + (b−a)·g below g = 1/2 and
// b − (b−a)·(1−g) from there on.
func percentiles(x, q []float64) []float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	n := len(s)
	out := make([]float64, len(q))
	for i, qi := range q {
		qi = qi * 100 / 100
		v := float64(n-1) * qi
		lo := math.Floor(v)
		if v >= float64(n-1) {
			out[i] = s[n-1]
			continue
		}
		if v < 0 {
			out[i] = s[0]
			continue
		}
		a, b := s[int(lo)], s[int(lo)+1]
		g := v - lo
		d := b - a
		if g >= 0.5 {
			out[i] = b - d*(1-g)
		} else {
			out[i] = a + d*g
		}
	}
	return out
}
