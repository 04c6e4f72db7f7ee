package data

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// StandardScaler standardises features to zero mean and unit variance, as
// scikit-learn's StandardScaler: the scale is the population standard
// deviation (divisor n), and a feature that is constant up to rounding gets
// scale 1 so it is only centred (scikit-learn 1.2's _is_constant_feature
// rule: var <= n·eps·var + (n·mean·eps)²).
type StandardScaler struct{}

// Scaler is the former name of StandardScalerModel.
//
// Deprecated: use StandardScalerModel; this alias goes in the next release.
type Scaler = StandardScalerModel

// StandardScalerModel is a fitted standardisation: Transform maps x to
// (x - Mean) / Scale column by column.
type StandardScalerModel struct {
	// Mean and Scale have one entry per column of the data fitted on.
	Mean, Scale []float64
}

// Fit computes each column's mean and scale.
func (StandardScaler) Fit(X *mat.Dense) (*StandardScalerModel, error) {
	const where = "data: StandardScaler.Fit"
	if err := checkDense(where, "X", X); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	// Standardising does not depend on X's scale: data whose squares would
	// overflow or underflow are scaled by a power of two (exact) first, and
	// Mean and Scale scaled back.
	s := check.Pow2Scale(check.MaxAbs(X), n)
	if s == 1 {
		mean, scale, _ := standardize(X)
		return &StandardScalerModel{Mean: mean, Scale: scale}, nil
	}
	var Xs mat.Dense
	Xs.Scale(s, X)
	mean, scale, constant := standardize(&Xs)
	for j := range mean {
		mean[j] /= s
		if !constant[j] {
			scale[j] /= s
		}
	}
	return &StandardScalerModel{Mean: mean, Scale: scale}, nil
}

// standardize returns the column means and scales of X, and which columns
// are constant up to rounding (scale 1).
func standardize(X *mat.Dense) (mean, scale []float64, constant []bool) {
	n, d := X.Dims()
	raw := X.RawMatrix()
	mean = make([]float64, d)
	for i := range n {
		for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+d] {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	// Two passes with the corrected sum (Chan, Golub, LeVeque 1983), as
	// scikit-learn's _incremental_mean_and_var does for one batch.
	sq := make([]float64, d)
	corr := make([]float64, d)
	for i := range n {
		for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+d] {
			t := v - mean[j]
			sq[j] += t * t
			corr[j] += t
		}
	}
	scale = make([]float64, d)
	constant = make([]bool, d)
	const eps = 0x1p-52
	fn := float64(n)
	for j := range scale {
		v := (sq[j] - corr[j]*corr[j]/fn) / fn
		bound := fn*eps*v + (fn*mean[j]*eps)*(fn*mean[j]*eps)
		if v <= bound {
			scale[j], constant[j] = 1, true
		} else {
			scale[j] = math.Sqrt(v)
		}
	}
	return mean, scale, constant
}

func (s *StandardScalerModel) check(where, name string, X *mat.Dense) error {
	if s == nil || len(s.Mean) == 0 || len(s.Mean) != len(s.Scale) {
		return check.Errorf(where, check.ErrShape, "scaler is nil or has %d means and %d scales", lenOrZero(s, true), lenOrZero(s, false))
	}
	for j, v := range s.Scale {
		if !(v > 0) || math.IsInf(v, 0) {
			return check.Errorf(where, check.ErrValue, "Scale[%d]=%v, want a finite value > 0", j, v)
		}
	}
	if err := checkDense(where, name, X); err != nil {
		return err
	}
	return check.Cols(where, name, X, len(s.Mean))
}

func lenOrZero(s *StandardScalerModel, mean bool) int {
	if s == nil {
		return 0
	}
	if mean {
		return len(s.Mean)
	}
	return len(s.Scale)
}

// Transform returns (X - Mean) / Scale as a new matrix.
func (s *StandardScalerModel) Transform(X *mat.Dense) (*mat.Dense, error) {
	if err := s.check("data: StandardScalerModel.Transform", "X", X); err != nil {
		return nil, err
	}
	return s.apply(X, func(v, m, sc float64) float64 { return (v - m) / sc }), nil
}

// InverseTransform returns Z·Scale + Mean as a new matrix.
func (s *StandardScalerModel) InverseTransform(Z *mat.Dense) (*mat.Dense, error) {
	if err := s.check("data: StandardScalerModel.InverseTransform", "Z", Z); err != nil {
		return nil, err
	}
	return s.apply(Z, func(v, m, sc float64) float64 { return v*sc + m }), nil
}

func (s *StandardScalerModel) apply(X *mat.Dense, f func(v, m, sc float64) float64) *mat.Dense {
	n, d := X.Dims()
	raw := X.RawMatrix()
	out := make([]float64, n*d)
	for i := range n {
		o := out[i*d : (i+1)*d]
		for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+d] {
			o[j] = f(v, s.Mean[j], s.Scale[j])
		}
	}
	return mat.NewDense(n, d, out)
}

// checkDense is check.Matrix with a guard for a nil *mat.Dense, which
// check.Matrix (taking an interface) would otherwise see as non-nil.
func checkDense(where, name string, X *mat.Dense) error {
	if X == nil {
		return check.Errorf(where, check.ErrEmpty, "%s is nil", name)
	}
	return check.Matrix(where, name, X)
}
