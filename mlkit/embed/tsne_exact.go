package embed

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// exactObjective is scikit-learn's _kl_divergence: all n² pairs, the
// Student-t kernel with dof = max(Components-1, 1) degrees of freedom.
type exactObjective struct {
	n, dim int
	P      []float64 // joint probabilities, n×n, zero diagonal
	W      []float64 // kernel values of the current embedding, n×n
	exag   float64
	dof    float64
	rowSum []float64
	rowKL  []float64
}

// newExactObjective computes the joint probabilities from all pairwise
// squared distances (scikit-learn's _joint_probabilities).
func newExactObjective(X *mat.Dense, perp float64, dim int) *exactObjective {
	n, _ := X.Dims()
	norms := rowNorms(X)
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
		n: n, dim: dim, P: P, W: make([]float64, n*n), exag: 1,
		dof:    math.Max(float64(dim-1), 1),
		rowSum: make([]float64, n), rowKL: make([]float64, n),
	}
}

func (o *exactObjective) setExaggeration(f float64) { o.exag = f }

func (o *exactObjective) eval(p, grad []float64, withError bool) float64 {
	n, dim, dof := o.n, o.dim, o.dof
	expo := -(dof + 1) / 2
	parallelFor(n, 16, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			yi := p[i*dim : (i+1)*dim]
			w := o.W[i*n : (i+1)*n]
			s := 0.0
			for j := 0; j < n; j++ {
				if j == i {
					w[j] = 0
					continue
				}
				yj := p[j*dim : (j+1)*dim]
				d2 := 0.0
				for a, v := range yi {
					t := v - yj[a]
					d2 += t * t
				}
				v := 1 / (1 + d2/dof)
				if dof != 1 {
					v = math.Pow(1+d2/dof, expo)
				}
				w[j] = v
				s += v
			}
			o.rowSum[i] = s
		}
	})
	z := 0.0
	for _, s := range o.rowSum {
		z += s
	}
	c := 2 * (dof + 1) / dof
	exag := o.exag
	parallelFor(n, 16, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			yi := p[i*dim : (i+1)*dim]
			gi := grad[i*dim : (i+1)*dim]
			for a := range gi {
				gi[a] = 0
			}
			w := o.W[i*n : (i+1)*n]
			P := o.P[i*n : (i+1)*n]
			kl := 0.0
			for j := 0; j < n; j++ {
				if j == i {
					continue
				}
				q := math.Max(w[j]/z, machineEpsilon)
				pij := P[j] * exag
				if withError {
					kl += pij * math.Log(math.Max(pij, machineEpsilon)/q)
				}
				f := (pij - q) * w[j]
				yj := p[j*dim : (j+1)*dim]
				for a := range gi {
					gi[a] += f * (yi[a] - yj[a])
				}
			}
			for a := range gi {
				gi[a] *= c
			}
			o.rowKL[i] = kl
		}
	})
	if !withError {
		return math.NaN()
	}
	kl := 0.0
	for _, v := range o.rowKL {
		kl += v
	}
	return kl
}
