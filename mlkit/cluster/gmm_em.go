package cluster

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/accel"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// gmmParams are the parameters of a mixture in flat row-major slices, the
// form the E- and M-steps work on (scikit-learn's weights_, means_,
// covariances_, precisions_cholesky_).
type gmmParams struct {
	cov  CovarianceType
	k, d int
	// weights has K entries summing to 1.
	weights []float64
	// means is K×d.
	means []float64
	// covs is K×d×d (Full), d×d (Tied), K×d (Diag) or K (Spherical).
	covs []float64
	// precChol has covs' shape: for Full and Tied the upper-triangular
	// factor P with P·Pᵀ = Σ⁻¹ (zeros below the diagonal), for Diag and
	// Spherical 1/√σ².
	precChol []float64
	// logDet[k] is log det P_k = -½ log det Σ_k.
	logDet []float64
	// lowRank[c] is set for a Full component whose covariance is the
	// regularisation plus a scatter of rank r well below d (see gmmLowRank);
	// the E-step then uses it, and its covs and precChol entries are filled
	// only by materialize (once, for the kept fit). Nil when no component is
	// low-rank.
	lowRank []*gmmLowRank
	// reg is the RegCovar the covariances were estimated with.
	reg float64
}

// gmmLowRank is a full covariance Σ = λI + AᵀA stored through its rank-r
// scatter factor A (r×d, rows √(r_ik/n_k)·(x_i−μ_k) for the r samples with a
// non-zero responsibility) and the lower Cholesky factor L of the r×r
// matrix G = λI_r + AAᵀ. When r ≪ d this is far cheaper than the d×d
// Cholesky factor: by the Woodbury identity
// zᵀΣ⁻¹z = (‖z‖² − ‖L⁻¹Az‖²)/λ, and by the matrix determinant lemma
// log det Σ = (d−r)·log λ + log det G. Code from high-dimensional features
// (hundreds of samples per component in 1,500 dimensions) fits this case.
type gmmLowRank struct {
	r    int
	a, l []float64
}

// gmmLowRankMaxFrac: a Full component takes the low-rank path when its
// number of samples with non-zero responsibility is below this fraction of
// d (then n·d·r + n·r²/2 per E-step beats the triangular product's n·d²/2,
// and no d×d factorisation is needed per iteration).
const gmmLowRankMaxFrac = 0.4

// gmmLowRankMinReg: the Woodbury form subtracts two squared norms and loses
// about log10(‖z‖²/(λ·m)) digits; the path is taken only when λ is at least
// this fraction of the mean scatter variance, keeping the loss under 1e-8
// relative.
const gmmLowRankMinReg = 1e-7

// gmmLowRankOff disables the low-rank path (tests compare both paths).
var gmmLowRankOff = false

// gmmLog2Pi is log(2π).
var gmmLog2Pi = math.Log(2 * math.Pi)

// gmmChunk is the number of rows of a unit of parallel element-wise work.
// It is fixed, so the partition (and every reduction over it) does not
// depend on GOMAXPROCS.
const gmmChunk = 256

// gmmParallel calls f(c, lo, hi) for the chunks [lo,hi) of gmmChunk rows of
// 0..n-1, on up to GOMAXPROCS goroutines. f must write only to its own rows
// or to per-chunk slots c.
func gmmParallel(n int, f func(c, lo, hi int)) { gmmParallelBy(n, gmmChunk, f) }

// gmmParallelBy is gmmParallel with chunks of the given size. The chunks
// are fixed by n and size alone; only how many run at once depends on
// GOMAXPROCS. OpenBLAS runs single-threaded in this kit (see accel), so
// BLAS calls are parallelised this way, one call per chunk.
func gmmParallelBy(n, size int, f func(c, lo, hi int)) {
	par.For((n+size-1)/size, func(c int) { f(c, c*size, min(n, (c+1)*size)) })
}

// gmmNumChunks is the number of gmmChunk-row chunks of n rows.
func gmmNumChunks(n int) int { return (n + gmmChunk - 1) / gmmChunk }

// gmmBlockRows is the number of rows handed to one BLAS call in the
// E- and M-steps: large enough for the BLAS to run at speed, small enough
// that a block of d columns (about 2 MB) stays in cache and that there are
// blocks for every core.
func gmmBlockRows(d int) int {
	return max(64, min(2048, (1<<18)/max(d, 1)))
}

// gmmGroups is the fixed number of row groups whose partial sums Rᵀ·X are
// computed concurrently and then added in group order, so that the result
// does not depend on GOMAXPROCS.
const gmmGroups = 4

// gmmRtX returns Rᵀ·X (K×cols) for the n×K responsibilities r and the n×cols
// matrix x, as gmmGroups concurrent products over contiguous row ranges
// added in order.
func gmmRtX(r, x []float64, n, k, cols int) []float64 {
	g := min(gmmGroups, max(1, n/1024))
	size := (n + g - 1) / g
	parts := make([]float64, g*k*cols)
	gmmParallelBy(n, size, func(gi, lo, hi int) {
		blas64.Gemm(blas.Trans, blas.NoTrans, 1,
			blas64.General{Rows: hi - lo, Cols: k, Stride: k, Data: r[lo*k : hi*k]},
			blas64.General{Rows: hi - lo, Cols: cols, Stride: cols, Data: x[lo*cols : hi*cols]}, 0,
			blas64.General{Rows: k, Cols: cols, Stride: cols, Data: parts[gi*k*cols : (gi+1)*k*cols]})
	})
	out := parts[:k*cols]
	for gi := 1; gi*size < n; gi++ {
		for j, v := range parts[gi*k*cols : (gi+1)*k*cols] {
			out[j] += v
		}
	}
	return out
}

// gmmOpenBLAS says whether the BLAS in use is OpenBLAS, whose triangular and
// symmetric level-3 routines are fast. gonum's pure-Go Dtrmm and Dsyrk are
// serial loops, so there plain Dgemm (blocked, parallel) is faster despite
// doing twice the flops.
var gmmOpenBLAS = accel.OpenBLAS

// weightedLogProb fills out (n×K) with log w_k + log N(x_i | μ_k, Σ_k) for the
// n rows of x (scikit-learn's _estimate_weighted_log_prob). xx holds, for
// Diag and Spherical, the rows [x_i, x_i², 1] (n×(2d+1)); nil means build
// them here when needed.
func (p *gmmParams) weightedLogProb(x, xx []float64, n int, out []float64) {
	k, d := p.k, p.d
	base := make([]float64, k)
	for c := 0; c < k; c++ {
		base[c] = -0.5*float64(d)*gmmLog2Pi + p.logDet[c] + math.Log(p.weights[c])
	}
	switch p.cov {
	case Full:
		p.logProbFull(x, n, out, base)
	case Tied:
		p.logProbTied(x, n, out, base)
	case Diag, Spherical:
		if !gmmOpenBLAS {
			p.logProbDiagDirect(x, n, out, base)
			return
		}
		if xx == nil {
			xx = gmmWithSquares(x, n, p.d)
		}
		p.logProbDiag(xx, n, out, base)
	}
}

// logProbDiagDirect evaluates Σ_j (x_j−μ_j)²τ_j row by row. gonum's pure-Go
// Dgemm is slow for the n×d by d×K products of logProbDiag (K columns are
// too few for its 64-wide blocks), so without OpenBLAS this loop is faster
// (and a little more accurate).
func (p *gmmParams) logProbDiagDirect(x []float64, n int, out, base []float64) {
	k, d := p.k, p.d
	gmmParallel(n, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			xi := x[i*d : (i+1)*d]
			o := out[i*k : (i+1)*k]
			for c := 0; c < k; c++ {
				mu := p.means[c*d : (c+1)*d]
				var s float64
				if p.cov == Diag {
					pc := p.precChol[c*d : (c+1)*d]
					for j, v := range xi {
						t := (v - mu[j]) * pc[j]
						s += t * t
					}
				} else {
					for j, v := range xi {
						t := v - mu[j]
						s += t * t
					}
					s *= p.precChol[c] * p.precChol[c]
				}
				o[c] = base[c] - 0.5*s
			}
		}
	})
}

// gmmWithSquares returns the n×(2d+1) rows [x_i, x_i², 1], so that the
// diagonal E-step (constant terms included) and the sums of the M-step are
// one matrix product each.
func gmmWithSquares(x []float64, n, d int) []float64 {
	w := 2*d + 1
	xx := make([]float64, n*w)
	gmmParallel(n, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			row := xx[i*w : (i+1)*w]
			for j, v := range x[i*d : (i+1)*d] {
				row[j] = v
				row[d+j] = v * v
			}
			row[2*d] = 1
		}
	})
	return xx
}

// logProbDiag evaluates the diagonal (and spherical) log-densities with
// scikit-learn's expansion Σ_j μ²τ − 2·x·(μτ)ᵀ + x²·τᵀ (τ = 1/σ²) as one
// n×(2d+1) by (2d+1)×K matrix product on the rows [x, x², 1], whose last
// row of coefficients carries the constant terms: no pass over the n×K
// result is needed after the BLAS call.
func (p *gmmParams) logProbDiag(xx []float64, n int, out, base []float64) {
	k, d := p.k, p.d
	w := 2*d + 1
	// out = −½·xx·b with b's rows: j < d: −2μτ; d+j: τ; 2d: Σμ²τ − 2·base.
	b := make([]float64, w*k)
	for c := 0; c < k; c++ {
		var m float64
		for j := 0; j < d; j++ {
			var pc float64
			if p.cov == Diag {
				pc = p.precChol[c*d+j]
			} else {
				pc = p.precChol[c]
			}
			tau := pc * pc
			mu := p.means[c*d+j]
			b[j*k+c] = -2 * mu * tau
			b[(d+j)*k+c] = tau
			m += mu * mu * tau
		}
		b[2*d*k+c] = m - 2*base[c]
	}
	B := blas64.General{Rows: w, Cols: k, Stride: k, Data: b}
	gmmParallelBy(n, 2048, func(_, lo, hi int) {
		blas64.Gemm(blas.NoTrans, blas.NoTrans, -0.5, blas64.General{Rows: hi - lo, Cols: w, Stride: w, Data: xx[lo*w : hi*w]},
			B, 0, blas64.General{Rows: hi - lo, Cols: k, Stride: k, Data: out[lo*k : hi*k]})
	})
}

// logProbFull computes ‖(x−μ_k)·P_k‖² per block of rows as one BLAS
// level-3 call per component (Bishop 2006, eq. 2.43 through the Cholesky
// factor of the precision, as scikit-learn's _estimate_log_gaussian_prob).
func (p *gmmParams) logProbFull(x []float64, n int, out, base []float64) {
	k, d := p.k, p.d
	gmmParallelBy(n, gmmBlockRows(d), func(_, lo, hi int) {
		rows := hi - lo
		cb := make([]float64, rows*d)
		var yb []float64
		if !gmmOpenBLAS {
			yb = make([]float64, rows*d)
		}
		for c := 0; c < k; c++ {
			mu := p.means[c*d : (c+1)*d]
			for i := 0; i < rows; i++ {
				ci := cb[i*d : (i+1)*d]
				for j, v := range x[(lo+i)*d : (lo+i+1)*d] {
					ci[j] = v - mu[j]
				}
			}
			if lr := p.lowRankOf(c); lr != nil {
				p.lowRankLogProb(lr, cb, rows, d, lo, c, out, base[c])
				continue
			}
			y := gmmTriMul(cb, yb, rows, d, p.precChol[c*d*d:(c+1)*d*d])
			for i := 0; i < rows; i++ {
				var s float64
				for _, v := range y[i*d : (i+1)*d] {
					s += v * v
				}
				out[(lo+i)*k+c] = base[c] - 0.5*s
			}
		}
	})
}

func (p *gmmParams) lowRankOf(c int) *gmmLowRank {
	if p.lowRank == nil {
		return nil
	}
	return p.lowRank[c]
}

// lowRankLogProb writes base − ½(‖z‖² − ‖L⁻¹Az‖²)/λ for the centred rows z
// of cb into column c of out, rows lo.. (see gmmLowRank).
func (p *gmmParams) lowRankLogProb(lr *gmmLowRank, cb []float64, rows, d, lo, c int, out []float64, base float64) {
	k, r := p.k, lr.r
	u := make([]float64, rows*r)
	U := blas64.General{Rows: rows, Cols: r, Stride: r, Data: u}
	blas64.Gemm(blas.NoTrans, blas.Trans, 1,
		blas64.General{Rows: rows, Cols: d, Stride: d, Data: cb[:rows*d]},
		blas64.General{Rows: r, Cols: d, Stride: d, Data: lr.a}, 0, U)
	// Rows of U are (Az)ᵀ; U·L⁻ᵀ has rows (L⁻¹Az)ᵀ.
	blas64.Trsm(blas.Right, blas.Trans, 1, blas64.Triangular{Uplo: blas.Lower, Diag: blas.NonUnit, N: r, Stride: r, Data: lr.l}, U)
	inv := 1 / p.reg
	for i := 0; i < rows; i++ {
		var zz, vv float64
		for _, v := range cb[i*d : (i+1)*d] {
			zz += v * v
		}
		for _, v := range u[i*r : (i+1)*r] {
			vv += v * v
		}
		out[(lo+i)*k+c] = base - 0.5*(zz-vv)*inv
	}
}

// gmmTriMul returns a·P for the rows×d matrix a and the upper-triangular d×d
// P: in place in a with Dtrmm on OpenBLAS, into y with Dgemm otherwise.
func gmmTriMul(a, y []float64, rows, d int, P []float64) []float64 {
	A := blas64.General{Rows: rows, Cols: d, Stride: d, Data: a[:rows*d]}
	if gmmOpenBLAS {
		blas64.Trmm(blas.Right, blas.NoTrans, 1, blas64.Triangular{Uplo: blas.Upper, Diag: blas.NonUnit, N: d, Stride: d, Data: P}, A)
		return a
	}
	Y := blas64.General{Rows: rows, Cols: d, Stride: d, Data: y[:rows*d]}
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, A, blas64.General{Rows: d, Cols: d, Stride: d, Data: P}, 0, Y)
	return Y.Data
}

// logProbTied computes y = x·P once per row and then ‖y − μ_k·P‖² for each
// component.
func (p *gmmParams) logProbTied(x []float64, n int, out, base []float64) {
	k, d := p.k, p.d
	P := p.precChol
	// m_k = μ_k·P.
	m := make([]float64, k*d)
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1,
		blas64.General{Rows: k, Cols: d, Stride: d, Data: p.means},
		blas64.General{Rows: d, Cols: d, Stride: d, Data: P}, 0,
		blas64.General{Rows: k, Cols: d, Stride: d, Data: m})
	gmmParallelBy(n, gmmBlockRows(d), func(_, lo, hi int) {
		rows := hi - lo
		cb := make([]float64, rows*d)
		var yb []float64
		if !gmmOpenBLAS {
			yb = make([]float64, rows*d)
		}
		copy(cb, x[lo*d:hi*d])
		y := gmmTriMul(cb, yb, rows, d, P)
		for i := 0; i < rows; i++ {
			yi := y[i*d : (i+1)*d]
			for c := 0; c < k; c++ {
				mc := m[c*d : (c+1)*d]
				var s float64
				for j, v := range yi {
					t := v - mc[j]
					s += t * t
				}
				out[(lo+i)*k+c] = base[c] - 0.5*s
			}
		}
	})
}

// gmmLogSumExp replaces each row of lp (n×K) by its log-responsibilities'
// exponentials (the responsibilities, when resp is true) and stores the
// row's log-sum-exp in lse[i]. It returns the sum of lse, reduced over the
// fixed chunks in order.
func gmmLogSumExp(lp []float64, n, k int, lse []float64, resp bool) float64 {
	part := make([]float64, gmmNumChunks(n))
	gmmParallel(n, func(ch, lo, hi int) {
		var sum float64
		for i := lo; i < hi; i++ {
			row := lp[i*k : (i+1)*k]
			mx := math.Inf(-1)
			for _, v := range row {
				if v > mx {
					mx = v
				}
			}
			var s float64
			if resp {
				// exp(v−l) = exp(v−mx)/s: one exponential per entry.
				for c, v := range row {
					e := math.Exp(v - mx)
					row[c] = e
					s += e
				}
				inv := 1 / s
				for c := range row {
					row[c] *= inv
				}
			} else {
				for _, v := range row {
					s += math.Exp(v - mx)
				}
			}
			l := mx + math.Log(s)
			if lse != nil {
				lse[i] = l
			}
			sum += l
		}
		part[ch] = sum
	})
	var total float64
	for _, v := range part {
		total += v
	}
	return total
}

// gmmWork is the state of EM on one data set: the data, the
// responsibilities and the scratch space reused across iterations.
type gmmWork struct {
	x       []float64
	n, d, k int
	cov     CovarianceType
	// resp is n×K: responsibilities after an E-step or an initialisation.
	resp []float64
	// initial marks responsibilities from an initialisation, after which
	// scikit-learn divides the counts by n rather than by their sum.
	initial bool
	// xtx is XᵀX (d×d) for Tied, computed once.
	xtx []float64
	// xx holds the rows [x_i, x_i², 1] (n×(2d+1)) for Diag and Spherical,
	// built once; sumsXX (K×(2d+1)) receives Rᵀ·xx in each M-step.
	xx, sumsXX []float64
}

func newGMMWork(x []float64, n, d, k int, cov CovarianceType) *gmmWork {
	w := &gmmWork{x: x, n: n, d: d, k: k, cov: cov, resp: make([]float64, n*k)}
	if cov == Diag || cov == Spherical {
		w.xx = gmmWithSquares(x, n, d)
	}
	return w
}

// initResp sets the starting responsibilities (scikit-learn's
// _initialize_parameters): one-hot k-means labels or uniform random rows.
func (w *gmmWork) initResp(ctx context.Context, cfg gmmConfig, rng *rand.Rand) error {
	w.initial = true
	k := w.k
	switch cfg.init {
	case InitRandom:
		for i := 0; i < w.n; i++ {
			row := w.resp[i*k : (i+1)*k]
			var s float64
			for c := range row {
				row[c] = rng.Float64()
				s += row[c]
			}
			for c := range row {
				row[c] /= s
			}
		}
	case InitKMeans:
		labels, err := gmmKMeansLabels(ctx, w.x, w.n, w.d, k, rng.Uint64())
		if err != nil {
			return err
		}
		clear(w.resp)
		for i, l := range labels {
			w.resp[i*k+l] = 1
		}
	}
	return nil
}

// eStep turns the current parameters into responsibilities (in w.resp) and
// returns the mean log-likelihood of the data (scikit-learn's _e_step).
func (w *gmmWork) eStep(p *gmmParams) float64 {
	w.initial = false
	xx := w.xx
	if !gmmOpenBLAS {
		xx = nil // the direct loop reads x
	}
	p.weightedLogProb(w.x, xx, w.n, w.resp)
	return gmmLogSumExp(w.resp, w.n, w.k, nil, true) / float64(w.n)
}

// gmmEps is numpy's float64 machine epsilon; scikit-learn adds 10·eps to
// every component's count so that an empty component does not divide by 0.
const gmmEps = 2.220446049250313e-16

// mStep estimates the parameters from w.resp (scikit-learn's
// _estimate_gaussian_parameters and _compute_precision_cholesky, Bishop 2006
// eqs. 9.24–9.26). It fails when a covariance is not positive definite.
func (w *gmmWork) mStep(reg float64) (*gmmParams, error) {
	n, d, k := w.n, w.d, w.k
	p := &gmmParams{cov: w.cov, k: k, d: d, weights: make([]float64, k), means: make([]float64, k*d), logDet: make([]float64, k)}
	nk := p.weights
	for i := 0; i < n; i++ {
		for c, v := range w.resp[i*k : (i+1)*k] {
			nk[c] += v
		}
	}
	for c := range nk {
		nk[c] += 10 * gmmEps
	}
	counts := append([]float64(nil), nk...)
	// means = Rᵀ·X / n_k (for Diag and Spherical with Rᵀx² in the same
	// product).
	if w.xx != nil {
		w.sumsXX = gmmRtX(w.resp, w.xx, n, k, 2*d+1)
		for c := 0; c < k; c++ {
			copy(p.means[c*d:(c+1)*d], w.sumsXX[c*(2*d+1):c*(2*d+1)+d])
		}
	} else {
		copy(p.means, gmmRtX(w.resp, w.x, n, k, d))
	}
	for c := 0; c < k; c++ {
		for j := range p.means[c*d : (c+1)*d] {
			p.means[c*d+j] /= counts[c]
		}
	}
	switch w.cov {
	case Full:
		p.reg = reg
		// Components are independent: one goroutine each (BLAS calls
		// included), every one writing only its own slots. The K d×d
		// covariances are allocated only when some component needs them
		// (in 1,500 dims they take 18 MB each).
		lowRank := make([]*gmmLowRank, k)
		gmmParallelBy(k, 1, func(c, _, _ int) {
			lowRank[c] = w.lowRank(c, p.means[c*d:(c+1)*d], counts[c], reg)
		})
		allLow := true
		for _, lr := range lowRank {
			if lr != nil {
				p.lowRank = lowRank
			} else {
				allLow = false
			}
		}
		if !allLow {
			p.covs = make([]float64, k*d*d)
			gmmParallelBy(k, 1, func(c, _, _ int) {
				if lowRank[c] == nil {
					w.covFull(c, p.means[c*d:(c+1)*d], counts[c], reg, p.covs[c*d*d:(c+1)*d*d])
				}
			})
		}
	case Tied:
		p.reg = reg
		p.covs = w.covTied(p.means, counts, reg)
	case Diag, Spherical:
		p.reg = reg
		p.covs = w.covDiag(p.means, counts, reg)
		if w.cov == Spherical {
			sph := make([]float64, k)
			for c := range sph {
				var s float64
				for _, v := range p.covs[c*d : (c+1)*d] {
					s += v
				}
				sph[c] = s / float64(d)
			}
			p.covs = sph
		}
	}
	// Weights: n_k/n after an initialisation, n_k/Σn_k after an E-step.
	var total float64
	for _, v := range counts {
		total += v
	}
	if w.initial {
		total = float64(n)
	}
	for c := range p.weights {
		p.weights[c] = counts[c] / total
	}
	if err := p.computePrecisionCholesky(); err != nil {
		return nil, err
	}
	return p, nil
}

// covFull writes Σ_k = Σ_i r_ik (x_i−μ)(x_i−μ)ᵀ / n_k + reg·I into out as
// rank updates WᵀW over blocks of rows, W's rows being √r_ik·(x_i−μ) for the
// rows whose responsibility is not zero (an underflowed responsibility adds
// nothing, as in scikit-learn).
func (w *gmmWork) covFull(c int, mu []float64, nk, reg float64, out []float64) {
	n, d, k := w.n, w.d, w.k
	br := gmmBlockRows(d)
	buf := make([]float64, min(br, n)*d)
	clear(out)
	rows := 0
	flush := func() {
		if rows == 0 {
			return
		}
		W := blas64.General{Rows: rows, Cols: d, Stride: d, Data: buf[:rows*d]}
		if gmmOpenBLAS {
			blas64.Syrk(blas.Trans, 1, W, 1, blas64.Symmetric{Uplo: blas.Upper, N: d, Stride: d, Data: out})
		} else {
			blas64.Gemm(blas.Trans, blas.NoTrans, 1, W, W, 1, blas64.General{Rows: d, Cols: d, Stride: d, Data: out})
		}
		rows = 0
	}
	for i := 0; i < n; i++ {
		r := w.resp[i*k+c]
		if r == 0 {
			continue
		}
		s := math.Sqrt(r)
		bi := buf[rows*d : (rows+1)*d]
		for j, v := range w.x[i*d : (i+1)*d] {
			bi[j] = s * (v - mu[j])
		}
		rows++
		if rows*d == len(buf) {
			flush()
		}
	}
	flush()
	for a := 0; a < d; a++ {
		for b := a; b < d; b++ {
			v := out[a*d+b] / nk
			out[a*d+b] = v
			out[b*d+a] = v
		}
		out[a*d+a] += reg
	}
}

// lowRank returns component c's covariance in low-rank form when it has few
// samples with non-zero responsibility against d (see gmmLowRank), else nil.
func (w *gmmWork) lowRank(c int, mu []float64, nk, reg float64) *gmmLowRank {
	n, d, k := w.n, w.d, w.k
	if gmmLowRankOff {
		return nil
	}
	r := 0
	for i := 0; i < n; i++ {
		if w.resp[i*k+c] != 0 {
			r++
		}
	}
	if r == 0 || float64(r) >= gmmLowRankMaxFrac*float64(d) {
		return nil
	}
	lr := &gmmLowRank{r: r, a: make([]float64, r*d), l: make([]float64, r*r)}
	row := 0
	var frob float64
	for i := 0; i < n; i++ {
		ri := w.resp[i*k+c]
		if ri == 0 {
			continue
		}
		s := math.Sqrt(ri / nk)
		ai := lr.a[row*d : (row+1)*d]
		for j, v := range w.x[i*d : (i+1)*d] {
			t := s * (v - mu[j])
			ai[j] = t
			frob += t * t
		}
		row++
	}
	if reg < gmmLowRankMinReg*frob/float64(d) {
		return nil
	}
	A := blas64.General{Rows: r, Cols: d, Stride: d, Data: lr.a}
	G := blas64.Symmetric{Uplo: blas.Lower, N: r, Stride: r, Data: lr.l}
	if gmmOpenBLAS {
		blas64.Syrk(blas.NoTrans, 1, A, 0, G)
	} else {
		blas64.Gemm(blas.NoTrans, blas.Trans, 1, A, A, 0, blas64.General{Rows: r, Cols: r, Stride: r, Data: lr.l})
	}
	for a := 0; a < r; a++ {
		lr.l[a*r+a] += reg
	}
	if _, ok := lapack64.Potrf(G); !ok {
		return nil
	}
	for a := 0; a < r; a++ {
		clear(lr.l[a*r+a+1 : (a+1)*r])
	}
	return lr
}

// materialize turns the low-rank components into the d×d covariances and
// precision Cholesky factors of the exported model.
func (p *gmmParams) materialize() error {
	if p.lowRank == nil {
		return nil
	}
	d := p.d
	if p.covs == nil {
		p.covs = make([]float64, p.k*d*d)
		p.precChol = make([]float64, p.k*d*d)
	}
	errs := make([]error, p.k)
	gmmParallelBy(p.k, 1, func(c, _, _ int) {
		lr := p.lowRank[c]
		if lr == nil {
			return
		}
		cov := p.covs[c*d*d : (c+1)*d*d]
		A := blas64.General{Rows: lr.r, Cols: d, Stride: d, Data: lr.a}
		blas64.Gemm(blas.Trans, blas.NoTrans, 1, A, A, 0, blas64.General{Rows: d, Cols: d, Stride: d, Data: cov})
		for a := 0; a < d; a++ {
			for b := a + 1; b < d; b++ {
				v := 0.5 * (cov[a*d+b] + cov[b*d+a])
				cov[a*d+b], cov[b*d+a] = v, v
			}
			cov[a*d+a] += p.reg
		}
		if errs[c] = p.cholFull(c); errs[c] != nil {
			return
		}
		// cholFull set logDet from P; keep the low-rank one, which the
		// E-step (still low-rank, as cheaper for Predict and Score) pairs with.
		p.logDet[c] = lr.logDet(d, p.reg)
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// logDet is log det P = −½·log det Σ = −½[(d−r)·log λ + 2·Σ log L_ii].
func (lr *gmmLowRank) logDet(d int, reg float64) float64 {
	ld := float64(d-lr.r) * math.Log(reg)
	for a := 0; a < lr.r; a++ {
		ld += 2 * math.Log(lr.l[a*lr.r+a])
	}
	return -0.5 * ld
}

// covTied is scikit-learn's _estimate_gaussian_covariances_tied:
// (XᵀX − Σ_k n_k μ_k μ_kᵀ) / Σ n_k + reg·I.
func (w *gmmWork) covTied(means, nk []float64, reg float64) []float64 {
	n, d, k := w.n, w.d, w.k
	if w.xtx == nil {
		w.xtx = make([]float64, d*d)
		X := blas64.General{Rows: n, Cols: d, Stride: d, Data: w.x}
		blas64.Gemm(blas.Trans, blas.NoTrans, 1, X, X, 0, blas64.General{Rows: d, Cols: d, Stride: d, Data: w.xtx})
	}
	out := append([]float64(nil), w.xtx...)
	scaled := make([]float64, k*d)
	var total float64
	for c := 0; c < k; c++ {
		total += nk[c]
		for j := 0; j < d; j++ {
			scaled[c*d+j] = nk[c] * means[c*d+j]
		}
	}
	M := blas64.General{Rows: k, Cols: d, Stride: d, Data: means}
	S := blas64.General{Rows: k, Cols: d, Stride: d, Data: scaled}
	blas64.Gemm(blas.Trans, blas.NoTrans, -1, S, M, 1, blas64.General{Rows: d, Cols: d, Stride: d, Data: out})
	inv := 1 / total
	for a := 0; a < d; a++ {
		for b := a; b < d; b++ {
			// Average the two triangles so the result is exactly symmetric.
			v := 0.5 * (out[a*d+b] + out[b*d+a]) * inv
			out[a*d+b] = v
			out[b*d+a] = v
		}
		out[a*d+a] += reg
	}
	return out
}

// covDiag returns the K×d variances as scikit-learn's
// _estimate_gaussian_covariances_diag: Rᵀx²/n_k − 2μ² + μ² + reg, Rᵀx²
// coming from the M-step's product Rᵀ·[x, x²].
func (w *gmmWork) covDiag(means, nk []float64, reg float64) []float64 {
	d, k := w.d, w.k
	out := make([]float64, k*d)
	for c := 0; c < k; c++ {
		copy(out[c*d:(c+1)*d], w.sumsXX[c*(2*d+1)+d:c*(2*d+1)+2*d])
	}
	for c := 0; c < k; c++ {
		for j := 0; j < d; j++ {
			mu := means[c*d+j]
			avgXMeans := mu * mu
			out[c*d+j] = out[c*d+j]/nk[c] - 2*avgXMeans + mu*mu + reg
		}
	}
	return out
}

// cholFull factors covariance c (Full) or the tied one (c = 0) into its
// precision Cholesky factor and log-determinant.
func (p *gmmParams) cholFull(c int) error {
	d := p.d
	P := p.precChol[c*d*d : (c+1)*d*d]
	copy(P, p.covs[c*d*d:(c+1)*d*d])
	if _, ok := lapack64.Potrf(blas64.Symmetric{Uplo: blas.Upper, N: d, Stride: d, Data: P}); !ok {
		if p.cov == Tied {
			return fmt.Errorf("the tied covariance is not positive definite")
		}
		return fmt.Errorf("the covariance of component %d is not positive definite", c)
	}
	for a := 1; a < d; a++ {
		clear(P[a*d : a*d+a])
	}
	if ok := lapack64.Trtri(blas64.Triangular{Uplo: blas.Upper, Diag: blas.NonUnit, N: d, Stride: d, Data: P}); !ok {
		return fmt.Errorf("the covariance of component %d is singular", c)
	}
	var ld float64
	for a := 0; a < d; a++ {
		ld += math.Log(P[a*d+a])
	}
	p.logDet[c] = ld
	return nil
}

// computePrecisionCholesky fills precChol and logDet from covs (scikit-learn's
// _compute_precision_cholesky): Σ = UᵀU by Cholesky, P = U⁻¹, so that
// P·Pᵀ = Σ⁻¹.
func (p *gmmParams) computePrecisionCholesky() error {
	k, d := p.k, p.d
	switch p.cov {
	case Full, Tied:
		nm := k
		if p.cov == Tied {
			nm = 1
		}
		p.precChol = nil
		if p.covs != nil {
			p.precChol = make([]float64, nm*d*d)
		}
		errs := make([]error, nm)
		gmmParallelBy(nm, 1, func(c, _, _ int) {
			if lr := p.lowRankOf(c); lr != nil {
				p.logDet[c] = lr.logDet(d, p.reg)
				return
			}
			errs[c] = p.cholFull(c)
		})
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		if p.cov == Tied {
			for j := range p.logDet {
				p.logDet[j] = p.logDet[0]
			}
		}
	case Diag, Spherical:
		p.precChol = make([]float64, len(p.covs))
		for i, v := range p.covs {
			if !(v > 0) {
				c := i
				if p.cov == Diag {
					c = i / d
				}
				return fmt.Errorf("the variance of component %d is %g, not positive", c, v)
			}
			p.precChol[i] = 1 / math.Sqrt(v)
		}
		for c := 0; c < k; c++ {
			if p.cov == Diag {
				var ld float64
				for _, v := range p.precChol[c*d : (c+1)*d] {
					ld += math.Log(v)
				}
				p.logDet[c] = ld
			} else {
				p.logDet[c] = float64(d) * math.Log(p.precChol[c])
			}
		}
	}
	return nil
}

// gmmKMeansLabels runs one k-means++ initialisation of k-means on x, as
// scikit-learn's GaussianMixture(init_params='kmeans') does.
func gmmKMeansLabels(ctx context.Context, x []float64, n, d, k int, seed uint64) ([]int, error) {
	X := gmmDenseView(x, n, d)
	km, err := KMeans{K: k, NInit: 1, Seed: seed, Progress: progress.Silent}.FitContext(ctx, X)
	if err != nil {
		return nil, err
	}
	return km.Labels, nil
}
