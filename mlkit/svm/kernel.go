package svm

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// Kernel is the kernel function of an SVC.
type Kernel int

const (
	// RBF is exp(-γ‖x−x'‖²), the default.
	RBF Kernel = iota
	// Linear is ⟨x, x'⟩.
	Linear
	// Poly is (γ⟨x, x'⟩ + Coef0)^Degree.
	Poly
	// Sigmoid is tanh(γ⟨x, x'⟩ + Coef0).
	Sigmoid
)

// String returns "rbf", "linear", "poly" or "sigmoid", scikit-learn's
// kernel names.
func (k Kernel) String() string {
	switch k {
	case RBF:
		return "rbf"
	case Linear:
		return "linear"
	case Poly:
		return "poly"
	case Sigmoid:
		return "sigmoid"
	}
	return fmt.Sprintf("Kernel(%d)", int(k))
}

// kernelParams are the numbers a kernel needs once γ is resolved.
type kernelParams struct {
	kind   Kernel
	gamma  float64
	degree int
	coef0  float64
}

// powi is libsvm's integer power by squaring.
func powi(base float64, times int) float64 {
	tmp, ret := base, 1.0
	for t := times; t > 0; t /= 2 {
		if t%2 == 1 {
			ret *= tmp
		}
		tmp *= tmp
	}
	return ret
}

// fromDots turns dot products into kernel values in place. sqA is ‖a‖² of the
// row, sqB the squared norms of the columns (RBF only).
func (p kernelParams) fromDots(dots []float64, sqA float64, sqB []float64) {
	switch p.kind {
	case RBF:
		g := -p.gamma
		for j, d := range dots {
			// libsvm's kernel_rbf uses the same expansion; max guards the
			// rounding that can make a tiny squared distance negative.
			dots[j] = math.Exp(g * max(sqA+sqB[j]-2*d, 0))
		}
	case Poly:
		for j, d := range dots {
			dots[j] = powi(p.gamma*d+p.coef0, p.degree)
		}
	case Sigmoid:
		for j, d := range dots {
			dots[j] = math.Tanh(p.gamma*d + p.coef0)
		}
	}
}

// self is K(x, x) given ‖x‖².
func (p kernelParams) self(sq float64) float64 {
	switch p.kind {
	case RBF:
		return 1
	case Poly:
		return powi(p.gamma*sq+p.coef0, p.degree)
	case Sigmoid:
		return math.Tanh(p.gamma*sq + p.coef0)
	}
	return sq
}

// svcQ is libsvm's SVC_Q: Q_ij = y_i y_j K(x_i, x_j) over a permuted copy of
// the sub-problem's rows, so that a row segment [start, len) is one
// matrix-vector product through BLAS followed by the kernel's transform.
type svcQ struct {
	kp    kernelParams
	d     int
	x     []float64 // l×d, rows in the solver's order
	sq    []float64 // ‖x_i‖²
	y     []int8
	ys    []float64 // y as ±1.0, for a branch-free sign in getQ
	qd    []float64 // Q_ii
	cache *rowCache
	buf   []float64
}

func newSVCQ(kp kernelParams, x []float64, d int, y []int8, cacheBytes int) *svcQ {
	l := len(y)
	q := &svcQ{kp: kp, d: d, x: x, y: y, sq: make([]float64, l), qd: make([]float64, l),
		cache: newRowCache(l, cacheBytes), buf: make([]float64, l), ys: make([]float64, l)}
	for i := range l {
		q.ys[i] = float64(y[i])
		r := x[i*d : (i+1)*d]
		s := 0.0
		for _, v := range r {
			s += v * v
		}
		q.sq[i] = s
		q.qd[i] = kp.self(s)
	}
	return q
}

// getQ returns the first length entries of row i of Q.
func (q *svcQ) getQ(i, length int) []float32 {
	data, start := q.cache.get(i, length)
	if start < length {
		n := length - start
		dots := q.buf[:n]
		blas64.Gemv(blas.NoTrans, 1,
			blas64.General{Rows: n, Cols: q.d, Stride: q.d, Data: q.x[start*q.d : length*q.d]},
			blas64.Vector{N: q.d, Inc: 1, Data: q.x[i*q.d : (i+1)*q.d]},
			0, blas64.Vector{N: n, Inc: 1, Data: dots})
		q.kp.fromDots(dots, q.sq[i], q.sq[start:length])
		yi := q.ys[i]
		ys := q.ys[start:length]
		out := data[start:length]
		for k, v := range dots {
			out[k] = float32(v * yi * ys[k]) // exact: a product with ±1
		}
	}
	return data[:length]
}

func (q *svcQ) swapIndex(i, j int) {
	q.cache.swapIndex(i, j)
	d := q.d
	ri, rj := q.x[i*d:(i+1)*d], q.x[j*d:(j+1)*d]
	for k := range ri {
		ri[k], rj[k] = rj[k], ri[k]
	}
	q.sq[i], q.sq[j] = q.sq[j], q.sq[i]
	q.y[i], q.y[j] = q.y[j], q.y[i]
	q.ys[i], q.ys[j] = q.ys[j], q.ys[i]
	q.qd[i], q.qd[j] = q.qd[j], q.qd[i]
}
