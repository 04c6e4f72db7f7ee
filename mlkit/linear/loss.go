package linear

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/accel"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
)

// chunkRows is the number of samples per unit of parallel work. It is fixed
// (not derived from GOMAXPROCS) so that the chunked sums, reduced in chunk
// order, give the same bits with any number of cores.
const chunkRows = 2048

// serialBLAS says the dense kernel should call BLAS from one goroutine: true
// when the BLAS is OpenBLAS, which runs its own threads.
var serialBLAS = accel.OpenBLAS

// logLoss is the penalised negative log-likelihood scikit-learn 1.2's lbfgs
// solver minimises (sklearn/linear_model/_linear_loss.py, LinearModelLoss
// with l2_reg_strength = 1/C; the loss is summed, not averaged, over samples):
//
//	f(W, b) = Σ_i ℓ(y_i, W·x_i + b) + ‖W‖²/(2C)
//
// with ℓ the multinomial cross-entropy (rows = K) or, for two classes, the
// binary logistic loss on one score (rows = 1). The intercept b is not
// penalised. Parameters are laid out as [W row-major (rows×d), b (rows)].
type logLoss struct {
	X    *mat.Dense
	n, d int
	y    []int // class index in 0..K-1
	rows int   // coefficient rows: 1 for binary, K otherwise
	invC float64

	bufs []chunkBuf
	// sp holds X in compressed sparse rows when most entries are zero (as
	// MNIST pixels: 19% non-zero); the loss then costs O(nnz·rows) instead of
	// two dense matrix products.
	sp *csr
	wt []float64 // Wᵀ (d×rows) for the sparse kernel
}

// csr is a compressed-sparse-row copy of X.
type csr struct {
	ptr []int // row i's entries are idx/val[ptr[i]:ptr[i+1]]
	idx []int32
	val []float64
}

// sparseDensity is the largest fraction of non-zeros for which the sparse
// kernel is used. Below it the sparse kernel's scalar work (2·nnz·rows
// multiply-adds) undercuts the dense GEMMs even with OpenBLAS on MNIST.
const sparseDensity = 0.3

func toCSR(X *mat.Dense, maxDensity float64) *csr {
	n, d := X.Dims()
	raw := X.RawMatrix()
	nnz := 0
	for i := 0; i < n; i++ {
		for _, v := range raw.Data[i*raw.Stride : i*raw.Stride+d] {
			if v != 0 {
				nnz++
			}
		}
	}
	if float64(nnz) > maxDensity*float64(n)*float64(d) {
		return nil
	}
	s := &csr{ptr: make([]int, n+1), idx: make([]int32, 0, nnz), val: make([]float64, 0, nnz)}
	for i := 0; i < n; i++ {
		for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+d] {
			if v != 0 {
				s.idx = append(s.idx, int32(j))
				s.val = append(s.val, v)
			}
		}
		s.ptr[i+1] = len(s.idx)
	}
	return s
}

type chunkBuf struct {
	from, to int
	Z        *mat.Dense // scores, then residuals P − Y
	G        *mat.Dense // gradient of this chunk's loss: rows×d (dense), d×rows (sparse)
	gb       []float64
	loss     float64
}

func newLogLoss(X *mat.Dense, y []int, nClasses int, C float64) *logLoss {
	n, d := X.Dims()
	rows := nClasses
	if nClasses == 2 {
		rows = 1
	}
	l := &logLoss{X: X, n: n, d: d, y: y, rows: rows, invC: 1 / C}
	if sp := toCSR(X, sparseDensity); sp != nil {
		l.sp = sp
		l.wt = make([]float64, d*rows)
	}
	for from := 0; from < n; from += chunkRows {
		to := min(from+chunkRows, n)
		l.bufs = append(l.bufs, chunkBuf{
			from: from, to: to,
			Z:  mat.NewDense(to-from, rows, nil),
			G:  mat.NewDense(rows, d, nil),
			gb: make([]float64, rows),
		})
	}
	return l
}

func (l *logLoss) nParams() int { return l.rows * (l.d + 1) }

// eval returns f(theta) and writes ∇f into grad.
func (l *logLoss) eval(theta, grad []float64) float64 {
	W := mat.NewDense(l.rows, l.d, theta[:l.rows*l.d])
	b := theta[l.rows*l.d:]
	if l.sp != nil {
		for k := 0; k < l.rows; k++ {
			for j, v := range theta[k*l.d : (k+1)*l.d] {
				l.wt[j*l.rows+k] = v
			}
		}
		par.For(len(l.bufs), func(c int) { l.sparseChunk(&l.bufs[c], b) })
	} else {
		if serialBLAS {
			// OpenBLAS threads each product itself; calling it from several
			// goroutines at once oversubscribes the cores (its threads spin).
			for c := range l.bufs {
				l.chunk(&l.bufs[c], W, b)
			}
		} else {
			par.For(len(l.bufs), func(c int) { l.chunk(&l.bufs[c], W, b) })
		}
	}

	// Deterministic reduction in chunk order.
	gW := grad[:l.rows*l.d]
	gb := grad[l.rows*l.d:]
	for i := range grad {
		grad[i] = 0
	}
	f := 0.0
	for c := range l.bufs {
		buf := &l.bufs[c]
		f += buf.loss
		if l.sp != nil {
			// The sparse kernel leaves its gradient transposed (d×rows).
			g := buf.G.RawMatrix().Data
			for j := 0; j < l.d; j++ {
				for k := 0; k < l.rows; k++ {
					gW[k*l.d+j] += g[j*l.rows+k]
				}
			}
		} else {
			axpy(1, buf.G.RawMatrix().Data, gW)
		}
		axpy(1, buf.gb, gb)
	}
	w := theta[:l.rows*l.d]
	f += 0.5 * l.invC * dot(w, w)
	axpy(l.invC, w, gW)
	return f
}

// sparseChunk is chunk on the CSR copy of X: scores z = Wᵀ-rows gathered at
// the non-zeros, then the residual scattered back into the transposed
// gradient, both with the rows values contiguous.
func (l *logLoss) sparseChunk(buf *chunkBuf, b []float64) {
	K := l.rows
	G := buf.G.RawMatrix().Data // used as d×K
	for i := range G {
		G[i] = 0
	}
	for i := range buf.gb {
		buf.gb[i] = 0
	}
	z := make([]float64, K)
	loss := 0.0
	sp := l.sp
	for r := buf.from; r < buf.to; r++ {
		copy(z, b)
		idx := sp.idx[sp.ptr[r]:sp.ptr[r+1]]
		val := sp.val[sp.ptr[r]:sp.ptr[r+1]]
		gather(z, l.wt, idx, val)
		loss += residual(z, l.y[r])
		for k := range z {
			buf.gb[k] += z[k]
		}
		scatter(G, z, idx, val)
	}
	buf.loss = loss
}

// gather adds to z (length K) the row's scores Σ_t val[t]·wt[idx[t]·K+k].
// The classes are taken ten (then eight, four, two, one) at a time so that their
// accumulators stay in registers while the row's non-zeros stream past.
func gather(z, wt []float64, idx []int32, val []float64) {
	K := len(z)
	val = val[:len(idx)]
	kb := 0
	for ; kb+10 <= K; kb += 10 {
		a0, a1, a2, a3, a4 := z[kb], z[kb+1], z[kb+2], z[kb+3], z[kb+4]
		a5, a6, a7, a8, a9 := z[kb+5], z[kb+6], z[kb+7], z[kb+8], z[kb+9]
		for t, j := range idx {
			v := val[t]
			o := int(j)*K + kb
			w := wt[o : o+10 : o+10]
			a0 += v * w[0]
			a1 += v * w[1]
			a2 += v * w[2]
			a3 += v * w[3]
			a4 += v * w[4]
			a5 += v * w[5]
			a6 += v * w[6]
			a7 += v * w[7]
			a8 += v * w[8]
			a9 += v * w[9]
		}
		z[kb], z[kb+1], z[kb+2], z[kb+3], z[kb+4] = a0, a1, a2, a3, a4
		z[kb+5], z[kb+6], z[kb+7], z[kb+8], z[kb+9] = a5, a6, a7, a8, a9
	}
	for ; kb+8 <= K; kb += 8 {
		a0, a1, a2, a3 := z[kb], z[kb+1], z[kb+2], z[kb+3]
		a4, a5, a6, a7 := z[kb+4], z[kb+5], z[kb+6], z[kb+7]
		for t, j := range idx {
			v := val[t]
			o := int(j)*K + kb
			w := wt[o : o+8 : o+8]
			a0 += v * w[0]
			a1 += v * w[1]
			a2 += v * w[2]
			a3 += v * w[3]
			a4 += v * w[4]
			a5 += v * w[5]
			a6 += v * w[6]
			a7 += v * w[7]
		}
		z[kb], z[kb+1], z[kb+2], z[kb+3] = a0, a1, a2, a3
		z[kb+4], z[kb+5], z[kb+6], z[kb+7] = a4, a5, a6, a7
	}
	for ; kb+4 <= K; kb += 4 {
		a0, a1, a2, a3 := z[kb], z[kb+1], z[kb+2], z[kb+3]
		for t, j := range idx {
			v := val[t]
			o := int(j)*K + kb
			w := wt[o : o+4 : o+4]
			a0 += v * w[0]
			a1 += v * w[1]
			a2 += v * w[2]
			a3 += v * w[3]
		}
		z[kb], z[kb+1], z[kb+2], z[kb+3] = a0, a1, a2, a3
	}
	for ; kb+2 <= K; kb += 2 {
		a0, a1 := z[kb], z[kb+1]
		for t, j := range idx {
			v := val[t]
			o := int(j)*K + kb
			w := wt[o : o+2 : o+2]
			a0 += v * w[0]
			a1 += v * w[1]
		}
		z[kb], z[kb+1] = a0, a1
	}
	for ; kb < K; kb++ {
		a0 := z[kb]
		for t, j := range idx {
			a0 += val[t] * wt[int(j)*K+kb]
		}
		z[kb] = a0
	}
}

// scatter adds val[t]·z[k] to G[idx[t]·K+k]: the row's gradient
// contribution, classes blocked as in gather.
func scatter(G, z []float64, idx []int32, val []float64) {
	K := len(z)
	val = val[:len(idx)]
	kb := 0
	for ; kb+10 <= K; kb += 10 {
		r0, r1, r2, r3, r4 := z[kb], z[kb+1], z[kb+2], z[kb+3], z[kb+4]
		r5, r6, r7, r8, r9 := z[kb+5], z[kb+6], z[kb+7], z[kb+8], z[kb+9]
		for t, j := range idx {
			v := val[t]
			o := int(j)*K + kb
			g := G[o : o+10 : o+10]
			g[0] += v * r0
			g[1] += v * r1
			g[2] += v * r2
			g[3] += v * r3
			g[4] += v * r4
			g[5] += v * r5
			g[6] += v * r6
			g[7] += v * r7
			g[8] += v * r8
			g[9] += v * r9
		}
	}
	for ; kb+8 <= K; kb += 8 {
		r0, r1, r2, r3 := z[kb], z[kb+1], z[kb+2], z[kb+3]
		r4, r5, r6, r7 := z[kb+4], z[kb+5], z[kb+6], z[kb+7]
		for t, j := range idx {
			v := val[t]
			o := int(j)*K + kb
			g := G[o : o+8 : o+8]
			g[0] += v * r0
			g[1] += v * r1
			g[2] += v * r2
			g[3] += v * r3
			g[4] += v * r4
			g[5] += v * r5
			g[6] += v * r6
			g[7] += v * r7
		}
	}
	for ; kb+4 <= K; kb += 4 {
		r0, r1, r2, r3 := z[kb], z[kb+1], z[kb+2], z[kb+3]
		for t, j := range idx {
			v := val[t]
			o := int(j)*K + kb
			g := G[o : o+4 : o+4]
			g[0] += v * r0
			g[1] += v * r1
			g[2] += v * r2
			g[3] += v * r3
		}
	}
	for ; kb+2 <= K; kb += 2 {
		r0, r1 := z[kb], z[kb+1]
		for t, j := range idx {
			v := val[t]
			o := int(j)*K + kb
			g := G[o : o+2 : o+2]
			g[0] += v * r0
			g[1] += v * r1
		}
	}
	for ; kb < K; kb++ {
		r0 := z[kb]
		for t, j := range idx {
			G[int(j)*K+kb] += val[t] * r0
		}
	}
}

// residual replaces the scores z (intercept included) of a sample of class
// y by the gradient of its loss with respect to z, and returns the loss:
// binary (len(z) = 1) ℓ = log(1+e^z) − y·z with residual σ(z) − y;
// multinomial ℓ = logsumexp(z) − z_y with residual softmax(z) − onehot(y).
func residual(z []float64, y int) float64 {
	if len(z) == 1 {
		t := 0.0
		if y == 1 {
			t = 1
		}
		v := z[0]
		z[0] = sigmoid(v) - t
		return log1pExp(v) - t*v
	}
	m := math.Inf(-1)
	for _, v := range z {
		m = max(m, v)
	}
	// One exp per class: e_k = exp(z_k − max), p_k = e_k / Σe.
	loss := -(z[y] - m)
	s := 0.0
	for k, v := range z {
		e := math.Exp(v - m)
		z[k] = e
		s += e
	}
	loss += math.Log(s)
	inv := 1 / s
	for k := range z {
		z[k] *= inv
	}
	z[y] -= 1
	return loss
}

func (l *logLoss) chunk(buf *chunkBuf, W *mat.Dense, b []float64) {
	Xc := l.X.Slice(buf.from, buf.to, 0, l.d).(*mat.Dense)
	buf.Z.Mul(Xc, W.T())
	Z := buf.Z.RawMatrix()
	loss := 0.0
	for i := range buf.gb {
		buf.gb[i] = 0
	}
	for r := 0; r < buf.to-buf.from; r++ {
		z := Z.Data[r*Z.Stride : r*Z.Stride+l.rows]
		for k := range z {
			z[k] += b[k]
		}
		loss += residual(z, l.y[buf.from+r])
		for k := range z {
			buf.gb[k] += z[k]
		}
	}
	buf.loss = loss
	buf.G.Mul(buf.Z.T(), Xc)
}

func log1pExp(v float64) float64 {
	if v > 0 {
		return v + math.Log1p(math.Exp(-v))
	}
	return math.Log1p(math.Exp(v))
}

func sigmoid(v float64) float64 {
	if v >= 0 {
		return 1 / (1 + math.Exp(-v))
	}
	e := math.Exp(v)
	return e / (1 + e)
}
