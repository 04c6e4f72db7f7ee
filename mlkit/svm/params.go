package svm

import (
	"fmt"
	"math"
)

// GammaRule says how an SVC's kernel coefficient γ is chosen.
type GammaRule int

const (
	// GammaScale is scikit-learn's gamma='scale': 1/(d·Var(X)), the variance
	// taken over all entries of X (1 when that variance is 0). The default.
	GammaScale GammaRule = iota
	// GammaAuto is scikit-learn's gamma='auto': 1/d.
	GammaAuto
	// GammaFixed uses Gamma.Value.
	GammaFixed
)

// String returns "scale", "auto" (scikit-learn's gamma names) or "fixed".
func (r GammaRule) String() string {
	switch r {
	case GammaScale:
		return "scale"
	case GammaAuto:
		return "auto"
	case GammaFixed:
		return "fixed"
	}
	return fmt.Sprintf("GammaRule(%d)", int(r))
}

// Gamma is the kernel coefficient of the RBF, Poly and Sigmoid kernels: a
// rule, and the value when the rule is GammaFixed. The zero value is Scale.
// Write Gamma: svm.Scale, svm.Auto or svm.GammaValue(0.1).
type Gamma struct {
	Rule  GammaRule
	Value float64 // used when Rule is GammaFixed; must be > 0
}

var (
	// Scale is γ = 1/(d·Var(X)), scikit-learn's default.
	Scale = Gamma{Rule: GammaScale}
	// Auto is γ = 1/d.
	Auto = Gamma{Rule: GammaAuto}
)

// GammaValue is a fixed γ.
func GammaValue(v float64) Gamma { return Gamma{Rule: GammaFixed, Value: v} }

func (g Gamma) String() string {
	if g.Rule == GammaFixed {
		return fmt.Sprintf("%g", g.Value)
	}
	return g.Rule.String()
}

// ShrinkingMode switches libsvm's shrinking heuristic (Chang and Lin 2011,
// §5.1), which drops bounded variables from the working problem for speed;
// the solution is the same either way (up to Tol).
type ShrinkingMode int

const (
	// ShrinkingOn is libsvm's and scikit-learn's default (-h 1), the zero value.
	ShrinkingOn ShrinkingMode = iota
	// ShrinkingOff is -h 0 / shrinking=False.
	ShrinkingOff
)

// String returns "on" or "off" (libsvm's -h 1 and -h 0).
func (s ShrinkingMode) String() string {
	switch s {
	case ShrinkingOn:
		return "on"
	case ShrinkingOff:
		return "off"
	}
	return fmt.Sprintf("ShrinkingMode(%d)", int(s))
}

// resolveGamma computes γ for X (n×d, row-major in data).
func resolveGamma(g Gamma, data []float64, d int) float64 {
	switch g.Rule {
	case GammaAuto:
		return 1 / float64(d)
	case GammaFixed:
		return g.Value
	}
	mean := 0.0
	for _, v := range data {
		mean += v
	}
	mean /= float64(len(data))
	ss := 0.0
	for _, v := range data {
		ss += (v - mean) * (v - mean)
	}
	variance := ss / float64(len(data))
	if variance == 0 {
		return 1
	}
	return 1 / (float64(d) * variance)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
