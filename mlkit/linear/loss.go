package linear

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	_ "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/accel"
)

// chunkRows is the number of samples per unit of parallel work. It is fixed
// (not derived from GOMAXPROCS) so that the chunked sums, reduced in chunk
// order, give the same bits with any number of cores.
const chunkRows = 2048

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
}

type chunkBuf struct {
	from, to int
	Z        *mat.Dense // scores, then residuals P − Y
	G        *mat.Dense // rows×d gradient of this chunk's loss
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
	parallelChunks(len(l.bufs), func(c int) { l.chunk(&l.bufs[c], W, b) })

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
		axpy(1, buf.G.RawMatrix().Data, gW)
		axpy(1, buf.gb, gb)
	}
	w := theta[:l.rows*l.d]
	f += 0.5 * l.invC * dot(w, w)
	axpy(l.invC, w, gW)
	return f
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
		yi := l.y[buf.from+r]
		if l.rows == 1 {
			// Binary: ℓ = log(1+e^z) − y·z, residual σ(z) − y.
			v := z[0] + b[0]
			t := 0.0
			if yi == 1 {
				t = 1
			}
			loss += log1pExp(v) - t*v
			z[0] = sigmoid(v) - t
			buf.gb[0] += z[0]
			continue
		}
		// Multinomial: ℓ = logsumexp(z) − z_y, residual softmax(z) − onehot(y).
		m := math.Inf(-1)
		for k := range z {
			z[k] += b[k]
			m = max(m, z[k])
		}
		s := 0.0
		for k := range z {
			s += math.Exp(z[k] - m)
		}
		lse := m + math.Log(s)
		loss += lse - z[yi]
		for k := range z {
			z[k] = math.Exp(z[k] - lse)
		}
		z[yi] -= 1
		for k := range z {
			buf.gb[k] += z[k]
		}
	}
	buf.loss = loss
	buf.G.Mul(buf.Z.T(), Xc)
}

// parallelChunks runs fn(0..n-1) on up to GOMAXPROCS goroutines. Results must
// be written per chunk and reduced by the caller in chunk order.
func parallelChunks(n int, fn func(c int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for c := 0; c < n; c++ {
			fn(c)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= n {
					return
				}
				fn(c)
			}
		})
	}
	wg.Wait()
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
