package calibrate

import (
	"slices"
	"sort"
)

// Isotonic is isotonic calibration (Zadrozny & Elkan 2002, "Transforming
// classifier scores into accurate multiclass probability estimates", KDD,
// section 3): the non-decreasing step function of the score closest to the
// labels in squared error, found by the pool-adjacent-violators algorithm
// (Ayer, Brunk, Ewing, Reid & Silverman 1955; Barlow, Bartholomew, Bremner &
// Brunk 1972, chapter 1), and interpolated linearly between its steps and
// clipped outside the fitted range, as scikit-learn's
// IsotonicRegression(out_of_bounds="clip").
type Isotonic struct{}

// IsotonicModel is a fitted isotonic map: the knots (X[i], Y[i]) with X
// increasing, the fitted score range [XMin, XMax].
type IsotonicModel struct {
	X, Y       []float64
	XMin, XMax float64
}

// Fit fits the map from scores to labels y in {0, 1} (both present).
func (Isotonic) Fit(scores []float64, y []int) (*IsotonicModel, error) {
	t, err := checkBinaryFit("calibrate: Isotonic.Fit", scores, y)
	if err != nil {
		return nil, err
	}
	return fitIsotonic(scores, t), nil
}

// fitIsotonic follows scikit-learn's IsotonicRegression._build_y step by
// step, so that the knots agree to the last bits: sort by (score, label),
// merge scores closer than numpy's float64 resolution 1e-15 into their
// mean label, pool, and keep the knots where the fitted value changes.
func fitIsotonic(f []float64, t []bool) *IsotonicModel {
	n := len(f)
	lab := make([]float64, n)
	for i, v := range t {
		if v {
			lab[i] = 1
		}
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		if f[order[a]] != f[order[b]] {
			return f[order[a]] < f[order[b]]
		}
		return lab[order[a]] < lab[order[b]]
	})
	const resolution = 1e-15
	var xs, ys, ws []float64
	cx, cy, cw := f[order[0]], 0.0, 0.0
	for _, i := range order {
		if f[i]-cx >= resolution {
			xs, ys, ws = append(xs, cx), append(ys, cy/cw), append(ws, cw)
			cx, cy, cw = f[i], lab[i], 1
		} else {
			cy += lab[i]
			cw++
		}
	}
	xs, ys, ws = append(xs, cx), append(ys, cy/cw), append(ws, cw)
	pava(ys, ws)
	m := &IsotonicModel{XMin: xs[0], XMax: xs[len(xs)-1]}
	for i := range ys {
		if i > 0 && i < len(ys)-1 && ys[i] == ys[i-1] && ys[i] == ys[i+1] {
			continue
		}
		m.X, m.Y = append(m.X, xs[i]), append(m.Y, ys[i])
	}
	return m
}

// pava replaces y by its weighted isotonic (non-decreasing) regression in
// place, in one pass that pools each decreasing run and backtracks into the
// previous block when the pooled value falls below it (scikit-learn's
// _inplace_contiguous_isotonic_regression). target[i] = j and target[j] = i
// for an active block [i, j]; w[i], y[i] hold the block's weight and mean.
func pava(y, w []float64) {
	n := len(y)
	target := make([]int, n)
	for i := range target {
		target[i] = i
	}
	for i := 0; i < n; {
		k := target[i] + 1
		if k == n {
			break
		}
		if y[i] < y[k] {
			i = k
			continue
		}
		sumWY, sumW := w[i]*y[i], w[i]
		for {
			prev := y[k]
			sumWY += w[k] * y[k]
			sumW += w[k]
			k = target[k] + 1
			if k == n || prev < y[k] {
				y[i] = sumWY / sumW
				w[i] = sumW
				target[i] = k - 1
				target[k-1] = i
				if i > 0 {
					i = target[i-1]
				}
				break
			}
		}
	}
	for i := 0; i < n; {
		k := target[i] + 1
		for j := i + 1; j < k; j++ {
			y[j] = y[i]
		}
		i = k
	}
}

// Predict maps scores through the fitted steps: scores are clipped to
// [XMin, XMax] and interpolated linearly between knots as scipy's interp1d
// does (NaN stays NaN).
func (m *IsotonicModel) Predict(scores []float64) []float64 {
	out := make([]float64, len(scores))
	if len(m.X) == 0 {
		return out
	}
	for i, s := range scores {
		if len(m.X) == 1 {
			out[i] = m.Y[0]
			if s != s {
				out[i] = s
			}
			continue
		}
		x := min(max(s, m.XMin), m.XMax)
		if s != s {
			out[i] = s
			continue
		}
		// numpy.searchsorted(X, x, "left") clipped to [1, len−1].
		hi, _ := slices.BinarySearch(m.X, x)
		hi = min(max(hi, 1), len(m.X)-1)
		lo := hi - 1
		slope := (m.Y[hi] - m.Y[lo]) / (m.X[hi] - m.X[lo])
		out[i] = slope*(x-m.X[lo]) + m.Y[lo]
	}
	return out
}
