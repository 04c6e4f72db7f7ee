// Package vec holds the kit's one copy of the small vector kernels: dot
// products, squared distances and squared row norms. Each comes in the
// plain left-to-right order (Dot, SqDist, RowSqNorms) and, where a hot loop
// wants it, unrolled by four with four accumulators (Dot4, SqDist4); the two
// orders round differently, so a caller keeps the one its results were
// validated with.
package vec

import "gonum.org/v1/gonum/mat"

// Dot is Σ a[i]·b[i], summed left to right. b must be at least as long as a.
func Dot(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// SqDist is ‖a−b‖², summed left to right. b must be at least as long as a.
func SqDist(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		d := v - b[i]
		s += d * d
	}
	return s
}

// RowSqNorms returns ‖x_i‖² for every row of X, each summed left to right.
func RowSqNorms(X *mat.Dense) []float64 {
	n, _ := X.Dims()
	out := make([]float64, n)
	for i := range out {
		s := 0.0
		for _, v := range X.RawRowView(i) {
			s += v * v
		}
		out[i] = s
	}
	return out
}

// Dot4 is Σ a[i]·b[i] with four independent accumulators (faster; another
// rounding than Dot).
func Dot4(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// SqDist4 is ‖a−b‖² with four independent accumulators (faster; another
// rounding than SqDist).
func SqDist4(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		d0 := a[i] - b[i]
		d1 := a[i+1] - b[i+1]
		d2 := a[i+2] - b[i+2]
		d3 := a[i+3] - b[i+3]
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
	}
	for ; i < len(a); i++ {
		d := a[i] - b[i]
		s0 += d * d
	}
	return (s0 + s1) + (s2 + s3)
}
