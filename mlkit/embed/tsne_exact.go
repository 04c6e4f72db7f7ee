package embed

import (
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/vec"
	"gonum.org/v1/gonum/mat"
)

// exactObjective is scikit-learn's _kl_divergence: all n² pairs, the
// Student-t kernel with dof = max(Components-1, 1) degrees of freedom.
type exactObjective struct {
	n, dim int
	P      []float64 // joint probabilities, n×n, zero diagonal
	W      []float64 // repulsive sums R_i (n×dim)
	exag   float64
	dof    float64
	rowSum []float64
	rowKL  []float64
}

// newExactObjective computes the joint probabilities from all pairwise
// squared distances (scikit-learn's _joint_probabilities).
func newExactObjective(X *mat.Dense, perp float64, dim int) *exactObjective {
	n, _ := X.Dims()
	norms := vec.RowSqNorms(X)
	cond := make([]float64, n*n)
	const block = 64
	parallelFor(n, block, func(lo, hi int) {
		D := mat.NewDense(hi-lo, n, nil)
		sqDistRows(X, norms, lo, hi, D)
		for i := lo; i < hi; i++ {
			binarySearchPerplexity(D.RawRowView(i-lo), cond[i*n:(i+1)*n], perp, i)
		}
	})
	P := make([]float64, n*n)
	sum := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := cond[i*n+j] + cond[j*n+i]
			P[i*n+j] = v
			sum += v
		}
	}
	sum = math.Max(sum, machineEpsilon)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				P[i*n+j] = math.Max(P[i*n+j]/sum, machineEpsilon)
			}
		}
	}
	return &exactObjective{
		n: n, dim: dim, P: P, W: make([]float64, n*dim), exag: 1,
		dof:    math.Max(float64(dim-1), 1),
		rowSum: make([]float64, n), rowKL: make([]float64, n),
	}
}

func (o *exactObjective) setExaggeration(f float64) { o.exag = f }

func (o *exactObjective) eval(p, grad []float64, withError bool) float64 {
	n, dim, dof := o.n, o.dim, o.dof
	expo := -(dof + 1) / 2
	exag := o.exag
	// One pass: with w the kernel and Z = Σ w, the gradient is
	// c·Σ_j (p_ij − w_ij/Z)·w_ij·(y_i − y_j) = c·(A_i − R_i/Z), where
	// A_i = Σ p_ij w_ij (y_i − y_j) and R_i = Σ w_ij² (y_i − y_j) need no Z.
	// scikit-learn floors q at machine epsilon first; that changes q by
	// less than 2.2e-16, below what float64 gradients resolve here.
	parallelFor(n, 16, func(lo, hi int) {
		att := make([]float64, dim)
		rep := make([]float64, dim)
		for i := lo; i < hi; i++ {
			yi := p[i*dim : (i+1)*dim]
			P := o.P[i*n : (i+1)*n]
			clear(att)
			clear(rep)
			s := 0.0
			for j := 0; j < n; j++ {
				if j == i {
					continue
				}
				yj := p[j*dim : (j+1)*dim]
				d2 := 0.0
				for a, v := range yi {
					t := v - yj[a]
					d2 += t * t
				}
				var w float64
				if dof == 1 {
					w = 1 / (1 + d2)
				} else {
					w = math.Pow(1+d2/dof, expo)
				}
				s += w
				fa := P[j] * exag * w
				fr := w * w
				for a, v := range yi {
					t := v - yj[a]
					att[a] += fa * t
					rep[a] += fr * t
				}
			}
			o.rowSum[i] = s
			copy(grad[i*dim:(i+1)*dim], att)
			copy(o.W[i*dim:(i+1)*dim], rep)
		}
	})
	z := 0.0
	for _, s := range o.rowSum {
		z += s
	}
	c := 2 * (dof + 1) / dof
	for i := 0; i < n*dim; i++ {
		grad[i] = c * (grad[i] - o.W[i]/z)
	}
	if !withError {
		return math.NaN()
	}
	// KL(P‖Q) = Σ_{i≠j} p_ij log(p_ij / q_ij), q floored at machine epsilon
	// as scikit-learn's _kl_divergence.
	parallelFor(n, 16, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			yi := p[i*dim : (i+1)*dim]
			P := o.P[i*n : (i+1)*n]
			kl := 0.0
			for j := 0; j < n; j++ {
				if j == i {
					continue
				}
				yj := p[j*dim : (j+1)*dim]
				d2 := 0.0
				for a, v := range yi {
					t := v - yj[a]
					d2 += t * t
				}
				w := math.Pow(1+d2/dof, expo)
				if dof == 1 {
					w = 1 / (1 + d2)
				}
				q := math.Max(w/z, machineEpsilon)
				pij := P[j] * exag
				kl += pij * math.Log(math.Max(pij, machineEpsilon)/q)
			}
			o.rowKL[i] = kl
		}
	})
	kl := 0.0
	for _, v := range o.rowKL {
		kl += v
	}
	return kl
}
