package calibrate

import (
	"fmt"
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// Sigmoid is Platt scaling (Platt 1999, "Probabilistic outputs for support
// vector machines and comparisons to regularized likelihood methods",
// section 2.2): P(y = 1 | f) = 1 / (1 + exp(A·f + B)), with A and B
// minimising the cross-entropy against Platt's smoothed targets
// (N₊+1)/(N₊+2) for positives and 1/(N₋+2) for negatives — the objective of
// scikit-learn's _SigmoidCalibration. It is minimised by Newton's method
// with a backtracking line search in the numerically stable form of Lin,
// Lin & Weng (2007), "A note on Platt's probabilistic outputs for support
// vector machines", Machine Learning 68, algorithm 1, run to convergence
// (scikit-learn stops its BFGS at a gradient of 1e-5, up to about 1e-5 away
// from this optimum in A and B; see the tests).
//
// The zero value means MaxIter = 100, Tol = 1e-12.
type Sigmoid struct {
	// MaxIter caps the Newton iterations; 0 means 100.
	MaxIter int
	// Tol stops when both gradient components are at most Tol·n in
	// absolute value (n samples) or the Newton step changes A and B by less
	// than Tol relative to their size; 0 means 1e-12.
	Tol float64
}

// SigmoidModel is a fitted Platt sigmoid.
type SigmoidModel struct {
	// A (the slope, negative when larger scores mean class 1) and B.
	A, B float64
	// Iterations of Newton's method; Converged reports whether Tol was met.
	Iterations int
	Converged  bool
}

// Fit fits A and B to scores and labels y in {0, 1} (both present).
func (s Sigmoid) Fit(scores []float64, y []int) (*SigmoidModel, error) {
	const where = "calibrate: Sigmoid.Fit"
	t, err := checkBinaryFit(where, scores, y)
	if err != nil {
		return nil, err
	}
	if s.MaxIter < 0 {
		return nil, check.Errorf(where, check.ErrValue, "MaxIter=%d, want ≥ 0 (0 means 100)", s.MaxIter)
	}
	if s.Tol < 0 || math.IsNaN(s.Tol) {
		return nil, check.Errorf(where, check.ErrValue, "Tol=%v, want ≥ 0 (0 means 1e-12)", s.Tol)
	}
	return s.fit(scores, t), nil
}

// checkBinaryFit validates (scores, y) for a calibrator and returns y as
// booleans.
func checkBinaryFit(where string, scores []float64, y []int) ([]bool, error) {
	if err := check.Floats(where, "scores", scores); err != nil {
		return nil, err
	}
	if len(y) != len(scores) {
		return nil, check.Errorf(where, check.ErrShape, "scores has %d values and y %d labels, want equal lengths", len(scores), len(y))
	}
	t := make([]bool, len(y))
	var pos int
	for i, v := range y {
		if v != 0 && v != 1 {
			return nil, check.Errorf(where, check.ErrValue, "y[%d]=%d, want 0 or 1", i, v)
		}
		t[i] = v == 1
		pos += v
	}
	if pos == 0 || pos == len(y) {
		return nil, check.Errorf(where, check.ErrValue, "y holds only label %d, want both 0 and 1", y[0])
	}
	return t, nil
}

// fit minimises Platt's objective; y may hold one class only (the smoothed
// targets keep the optimum finite), which the calibrated classifier needs
// for folds whose test rows miss a class.
func (s Sigmoid) fit(f []float64, y []bool) *SigmoidModel {
	// Platt's objective depends on A·f only: fit on scores scaled by a
	// power of two near their largest magnitude (exact, so ordinary scores
	// give the same bits) and scale A back, so that scores of 1e300 or
	// 1e-300 neither overflow the Hessian nor vanish from it.
	var big float64
	for _, v := range f {
		big = max(big, math.Abs(v))
	}
	_, e := math.Frexp(big)
	if big == 0 || (e > -8 && e < 8) {
		return s.fitScaled(f, y)
	}
	g := make([]float64, len(f))
	for i, v := range f {
		g[i] = math.Ldexp(v, -e)
	}
	m := s.fitScaled(g, y)
	m.A = math.Ldexp(m.A, -e)
	return m
}

func (s Sigmoid) fitScaled(f []float64, y []bool) *SigmoidModel {
	maxIter, tol := s.MaxIter, s.Tol
	if maxIter == 0 {
		maxIter = 100
	}
	if tol == 0 {
		tol = 1e-12
	}
	var n1, n0 float64
	for _, v := range y {
		if v {
			n1++
		} else {
			n0++
		}
	}
	hiT, loT := (n1+1)/(n1+2), 1/(n0+2)
	target := func(i int) float64 {
		if y[i] {
			return hiT
		}
		return loT
	}
	// Cross-entropy at (a, b), written so that exp never overflows.
	obj := func(a, b float64) float64 {
		var v float64
		for i, fi := range f {
			z, t := fi*a+b, target(i)
			if z >= 0 {
				v += t*z + math.Log1p(math.Exp(-z))
			} else {
				v += (t-1)*z + math.Log1p(math.Exp(z))
			}
		}
		return v
	}
	const (
		minStep = 1e-10
		sigma   = 1e-12 // keeps the Hessian positive definite
	)
	m := &SigmoidModel{B: math.Log((n0 + 1) / (n1 + 1))}
	fval := obj(m.A, m.B)
	n := float64(len(f))
	for m.Iterations < maxIter {
		h11, h22, h21, g1, g2 := sigma, sigma, 0.0, 0.0, 0.0
		for i, fi := range f {
			z := fi*m.A + m.B
			var p, q float64 // p = P(y=1) = 1/(1+e^z), q = 1−p
			if z >= 0 {
				e := math.Exp(-z)
				p, q = e/(1+e), 1/(1+e)
			} else {
				e := math.Exp(z)
				p, q = 1/(1+e), e/(1+e)
			}
			d2 := p * q
			h11 += fi * fi * d2
			h22 += d2
			h21 += fi * d2
			d1 := target(i) - p
			g1 += fi * d1
			g2 += d1
		}
		if math.Abs(g1) <= tol*n && math.Abs(g2) <= tol*n {
			m.Converged = true
			break
		}
		det := h11*h22 - h21*h21
		dA := -(h22*g1 - h21*g2) / det
		dB := -(-h21*g1 + h11*g2) / det
		if math.IsNaN(dA+dB) || math.IsInf(dA+dB, 0) {
			break // no usable Newton direction: report not converged
		}
		gd := g1*dA + g2*dB
		step := 1.0
		for step >= minStep {
			a, b := m.A+step*dA, m.B+step*dB
			// Near the optimum the decrease of a full Newton step falls
			// below the objective's rounding (from ~1e-8 away in A), so a
			// full step that does not raise it beyond rounding is taken:
			// Newton's quadratic convergence does the rest.
			if v := obj(a, b); v < fval+1e-4*step*gd || (step == 1 && v <= fval+1e-14*math.Abs(fval)) {
				m.A, m.B, fval = a, b, v
				break
			}
			step /= 2
		}
		m.Iterations++
		if step < minStep || (math.Abs(step*dA) <= tol*max(1, math.Abs(m.A)) && math.Abs(step*dB) <= tol*max(1, math.Abs(m.B))) {
			// No decrease left in floating point, or a step below Tol: at
			// the optimum to working precision.
			m.Converged = true
			break
		}
	}
	return m
}

// Predict returns 1/(1 + exp(A·f + B)) for each score f (NaN stays NaN).
func (m *SigmoidModel) Predict(scores []float64) []float64 {
	out := make([]float64, len(scores))
	for i, f := range scores {
		out[i] = expit(-(m.A*f + m.B))
	}
	return out
}

func expit(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// String reports A and B.
func (m *SigmoidModel) String() string {
	return fmt.Sprintf("SigmoidModel{A: %.6g, B: %.6g}", m.A, m.B)
}
