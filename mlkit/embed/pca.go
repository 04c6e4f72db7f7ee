package embed

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/accel"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// PCA is principal component analysis: the linear projection onto the k
// orthogonal directions of largest variance of the centred data (Pearson
// 1901; Jolliffe 2002). Its zero value keeps min(n, d) components with the
// exact solver.
//
// A fit is one decomposition, not an iteration, so PCA has no MaxIter or Tol;
// FitContext checks the context before and after it.
type PCA struct {
	// Components is the number k of principal axes kept; 0 means min(n, d).
	Components int
	// Whiten scales the projected data to unit variance per component
	// (Transform divides by √ExplainedVariance), as scikit-learn's whiten.
	Whiten bool
	// Solver is SolverFull (the zero value: an exact decomposition),
	// SolverRandomized or SolverAuto (scikit-learn's svd_solver).
	Solver PCASolver
	// Seed seeds the random test matrix of the randomized solver.
	Seed uint64
	// Progress receives the start and end of the fit; nil means
	// progress.Auto().
	Progress progress.Reporter
}

// PCASolver chooses how PCA decomposes the data.
type PCASolver int

const (
	// SolverFull is an exact decomposition: the SVD of the centred data, or
	// for tall data the eigendecomposition of the d×d scatter matrix. The
	// default.
	SolverFull PCASolver = iota
	// SolverRandomized is the randomized range finder of Halko, Martinsson
	// and Tropp (2011) with scikit-learn's power iterations: faster when
	// k ≪ d, approximate in the smaller components.
	SolverRandomized
	// SolverAuto is scikit-learn 1.2's rule: randomized when max(n, d) > 500
	// and k < 0.8·min(n, d), full otherwise.
	SolverAuto
)

// String returns "full", "randomized" or "auto", scikit-learn's svd_solver
// names.
func (s PCASolver) String() string {
	switch s {
	case SolverFull:
		return "full"
	case SolverRandomized:
		return "randomized"
	case SolverAuto:
		return "auto"
	}
	return fmt.Sprintf("PCASolver(%d)", int(s))
}

// PCAModel is a fitted PCA.
type PCAModel struct {
	// Components holds the principal axes as rows (k×d), in decreasing order
	// of explained variance. Signs follow scikit-learn's svd_flip: in each
	// axis the projected sample with the largest absolute score is positive.
	Components *mat.Dense
	// Mean is the per-feature mean subtracted before projecting.
	Mean []float64
	// ExplainedVariance is the variance (ddof=1) of the data along each
	// axis: SingularValues²/(n-1).
	ExplainedVariance []float64
	// ExplainedVarianceRatio is ExplainedVariance over the total variance.
	ExplainedVarianceRatio []float64
	// SingularValues are the singular values of the centred data matrix.
	SingularValues []float64
	// NoiseVariance is the mean variance of the discarded directions
	// (probabilistic PCA's σ², Tipping & Bishop 1999), 0 when k = min(n, d).
	NoiseVariance float64
	// Whiten is copied from the configuration.
	Whiten bool
	// Solver is the solver used (SolverAuto resolved).
	Solver PCASolver
}

// exactSVDMaxSize is the largest n·d for which the exact solver takes the
// SVD of the centred data (as LAPACK gesdd does in scikit-learn) rather than
// the eigendecomposition of the d×d scatter matrix XᵀX. The SVD is the more
// accurate of the two for small eigenvalues; the scatter matrix is the fast
// one when n ≫ d (one BLAS SYRK pass over the data). A variable so tests can
// force either path.
var exactSVDMaxSize = 100_000

// FitTransform fits the model and returns it with the projected training
// data (the shape FitTransform has in PCA, TSNE and MDS).
func (p PCA) FitTransform(X *mat.Dense) (*PCAModel, *mat.Dense, error) {
	m, err := p.Fit(X)
	if err != nil {
		return nil, nil, err
	}
	Z, err := m.Transform(X)
	return m, Z, err
}

// Fit computes the principal axes of X (n×d, rows are samples). See
// FitContext.
func (p PCA) Fit(X *mat.Dense) (*PCAModel, error) {
	return p.FitContext(context.Background(), X)
}

// FitContext computes the principal axes of X (n×d, rows are samples). The
// decomposition itself cannot be interrupted; ctx is checked before it starts
// and once it ends.
//
// Errors wrap mlkit.ErrEmpty, ErrNaN (non-finite X) or ErrValue
// (Components < 0 or > min(n, d), fewer than 2 samples, an unknown Solver).
func (p PCA) FitContext(ctx context.Context, X *mat.Dense) (*PCAModel, error) {
	const where = "embed: PCA.Fit"
	if p.Solver < SolverFull || p.Solver > SolverAuto {
		return nil, check.Errorf(where, check.ErrValue, "Solver=%v, want SolverFull, SolverRandomized or SolverAuto", p.Solver)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	if err := checkMatrix(where, "X", X); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	m := min(n, d)
	k := p.Components
	if k < 0 {
		return nil, check.Errorf(where, check.ErrValue, "Components=%d, want ≥ 0 (0 means min(n, d))", k)
	}
	if k == 0 {
		k = m
	}
	if k > m {
		return nil, check.Errorf(where, check.ErrValue, "Components=%d exceeds min(n_samples, n_features)=min(%d, %d)=%d", k, n, d, m)
	}
	if n < 2 {
		return nil, check.Errorf(where, check.ErrValue, "X has %d row, want at least 2 samples to estimate a variance", n)
	}
	solver := p.Solver
	if solver == SolverAuto {
		solver = SolverFull
		if max(n, d) > 500 && float64(k) < 0.8*float64(m) {
			solver = SolverRandomized
		}
	}
	// PCA is scale-equivariant: on data whose squares would overflow or
	// underflow, fit X·2^e (exact) and scale the results back.
	scale := check.Pow2Scale(check.MaxAbs(X), d)
	orig := X
	if scale != 1 {
		X = mat.NewDense(n, d, nil)
		X.Scale(scale, orig)
	}
	rep := progress.For(p.Progress)
	rep.Start(fmt.Sprintf("PCA (%v, %d×%d, k=%d)", solver, n, d, k), 1)
	mean := colMeans(X)
	var model *PCAModel
	switch {
	case solver == SolverRandomized:
		model = pcaRandomized(X, mean, k, p.Seed)
	case n*d <= exactSVDMaxSize || n < d:
		model = pcaSVD(X, mean, k)
	default:
		model = pcaScatter(X, mean, k)
	}
	model.Mean = mean
	model.Whiten = p.Whiten
	model.Solver = solver
	if scale != 1 {
		if err := model.unscale(where, orig, scale); err != nil {
			rep.Finish("PCA: failed")
			return nil, err
		}
	}
	// Without any variance (constant features) every ratio is 0/0: report
	// 0 rather than scikit-learn's NaN.
	for j, r := range model.ExplainedVarianceRatio {
		if math.IsNaN(r) {
			model.ExplainedVarianceRatio[j] = 0
		}
	}
	rep.Update(1)
	rep.Finish(fmt.Sprintf("PCA: %d components explain %.3g of the variance", k, floats.Sum(model.ExplainedVarianceRatio)))
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return model, nil
}

// unscale maps a model fitted on X·scale back to X's units, with an error
// naming X's magnitude when the variances do not fit in a float64.
func (m *PCAModel) unscale(where string, X *mat.Dense, scale float64) error {
	inv := 1 / scale
	floats.Scale(inv, m.Mean)
	floats.Scale(inv, m.SingularValues)
	floats.Scale(inv*inv, m.ExplainedVariance)
	m.NoiseVariance *= inv * inv
	for j, v := range m.ExplainedVariance {
		// The scaled variance was a normal number; a zero or non-finite one
		// now means the square of X's scale left float64's range.
		if math.IsInf(v, 0) || math.IsNaN(v) || (v == 0 && m.SingularValues[j] != 0) || (v > 0 && v < 0x1p-1022) {
			big := check.MaxAbs(X)
			return check.Errorf(where, check.ErrNaN, "X reaches magnitudes of %.3g (the largest |X[i,j]|): the explained variances, squares of that scale, leave float64's range; scale X (for example with data.StandardScaler)", big)
		}
	}
	return nil
}

// Transform projects X onto the principal axes: (X - Mean)·Componentsᵀ,
// divided per column by √ExplainedVariance when whitening.
func (m *PCAModel) Transform(X *mat.Dense) (*mat.Dense, error) {
	const where = "embed: PCAModel.Transform"
	if m == nil || m.Components == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "the model is nil or has no Components")
	}
	if err := checkCols(where, "X", X, len(m.Mean)); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	k, _ := m.Components.Dims()
	Z := mat.NewDense(n, k, nil)
	forCentredChunks(X, m.Mean, func(r0, r1 int, Xc *mat.Dense) {
		Z.Slice(r0, r1, 0, k).(*mat.Dense).Mul(Xc, m.Components.T())
	})
	if !check.Finite(Z.RawMatrix().Data) {
		return nil, check.Errorf(where, check.ErrNaN, "the projections of X overflow float64 (X reaches %.3g)", check.MaxAbs(X))
	}
	if m.Whiten {
		raw := Z.RawMatrix()
		for j := 0; j < k; j++ {
			s := math.Sqrt(m.ExplainedVariance[j])
			if s == 0 {
				// A direction without variance: its scores are all zero;
				// leave them so rather than 0/0 (scikit-learn gives NaN).
				continue
			}
			for i := 0; i < n; i++ {
				raw.Data[i*raw.Stride+j] /= s
			}
		}
	}
	return Z, nil
}

// InverseTransform maps projected data Z (n×k) back to the input space:
// Z·Components + Mean (undoing the whitening first when it was applied).
func (m *PCAModel) InverseTransform(Z *mat.Dense) (*mat.Dense, error) {
	const where = "embed: PCAModel.InverseTransform"
	if m == nil || m.Components == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "the model is nil or has no Components")
	}
	k, d := m.Components.Dims()
	if err := checkCols(where, "Z", Z, k); err != nil {
		return nil, err
	}
	n, _ := Z.Dims()
	W := m.Components
	if m.Whiten {
		W = mat.NewDense(k, d, nil)
		W.Copy(m.Components)
		for j := 0; j < k; j++ {
			row := W.RawRowView(j)
			s := math.Sqrt(m.ExplainedVariance[j])
			for i := range row {
				row[i] *= s
			}
		}
	}
	X := mat.NewDense(n, d, nil)
	X.Mul(Z, W)
	for i := 0; i < n; i++ {
		row := X.RawRowView(i)
		for j := range row {
			row[j] += m.Mean[j]
		}
	}
	return X, nil
}

// colMeans returns the column means of X.
func colMeans(X *mat.Dense) []float64 {
	n, d := X.Dims()
	mean := make([]float64, d)
	for i := 0; i < n; i++ {
		row := X.RawRowView(i)
		for j, v := range row {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	return mean
}

// chunkRows is the number of rows centred at a time, so that the centred
// copy of a 60,000×784 input never exists in full.
const chunkRows = 2048

// forCentredChunks calls fn on consecutive row blocks of X - mean.
func forCentredChunks(X *mat.Dense, mean []float64, fn func(r0, r1 int, Xc *mat.Dense)) {
	n, d := X.Dims()
	buf := make([]float64, min(n, chunkRows)*d)
	for r0 := 0; r0 < n; r0 += chunkRows {
		r1 := min(n, r0+chunkRows)
		for i := r0; i < r1; i++ {
			src := X.RawRowView(i)
			dst := buf[(i-r0)*d : (i-r0+1)*d]
			for j, v := range src {
				dst[j] = v - mean[j]
			}
		}
		fn(r0, r1, mat.NewDense(r1-r0, d, buf[:(r1-r0)*d]))
	}
}

// pcaSVD is the exact solver through the thin SVD of the centred data.
func pcaSVD(X *mat.Dense, mean []float64, k int) *PCAModel {
	n, d := X.Dims()
	Xc := mat.NewDense(n, d, nil)
	forCentredChunks(X, mean, func(r0, r1 int, c *mat.Dense) {
		Xc.Slice(r0, r1, 0, d).(*mat.Dense).Copy(c)
	})
	var svd mat.SVD
	svd.Factorize(Xc, mat.SVDThin)
	s := svd.Values(nil)
	var U, V mat.Dense
	svd.UTo(&U)
	svd.VTo(&V)
	comp := mat.NewDense(k, d, nil)
	for j := 0; j < k; j++ {
		sign := flipSign(mat.Col(nil, j, &U))
		for i := 0; i < d; i++ {
			comp.Set(j, i, sign*V.At(i, j))
		}
	}
	all := make([]float64, len(s))
	for j, v := range s {
		all[j] = v * v / float64(n-1)
	}
	return finishExact(comp, all, k, n)
}

// pcaScatter is the exact solver through the eigendecomposition of the
// scatter matrix C = XcᵀXc, accumulated over centred row blocks.
func pcaScatter(X *mat.Dense, mean []float64, k int) *PCAModel {
	n, d := X.Dims()
	c := make([]float64, d*d)
	scatter(X, mean, c)
	trace := 0.0
	for j := 0; j < d; j++ {
		trace += c[j*d+j]
	}
	_, vecs, all := topEigSym(c, d, k)
	for j := range all {
		all[j] = math.Max(all[j], 0) / float64(n-1)
	}
	comp := mat.NewDense(k, d, nil)
	comp.Copy(vecs.T())
	applyFlip(X, mean, comp)
	m := finishExact(comp, all, k, n)
	// The trace is the total variance without the rounding of the
	// eigenvalues; it is what np.var(X, ddof=1).sum() computes.
	total := trace / float64(n-1)
	for j := range m.ExplainedVarianceRatio {
		m.ExplainedVarianceRatio[j] = m.ExplainedVariance[j] / total
	}
	return m
}

// scatter accumulates the upper triangle of (X-mean)ᵀ(X-mean) into c (d×d,
// row-major). With OpenBLAS that is one SYRK per row block; gonum's pure-Go
// SYRK is neither blocked nor parallel, so there the upper triangle is
// built from GEMMs on column blocks (blocked and over all cores).
func scatter(X *mat.Dense, mean []float64, c []float64) {
	_, d := X.Dims()
	if useSparseScatter && scatterSparse(X, mean, c) {
		return
	}
	clear(c)
	if accel.OpenBLAS {
		C := blas64.Symmetric{Uplo: blas.Upper, N: d, Stride: d, Data: c}
		forCentredChunks(X, mean, func(_, _ int, Xc *mat.Dense) {
			blas64.Syrk(blas.Trans, 1, Xc.RawMatrix(), 1, C)
		})
		return
	}
	// Upper-triangular blocks of the scatter matrix, each a parallel GEMM:
	// 10 of the 16 block products of a full GEMM with four column blocks.
	const nb = 4
	bs := (d + nb - 1) / nb
	forCentredChunks(X, mean, func(_, _ int, Xc *mat.Dense) {
		r := Xc.RawMatrix()
		for bi := 0; bi*bs < d; bi++ {
			i0, i1 := bi*bs, min(d, (bi+1)*bs)
			A := blas64.General{Rows: r.Rows, Cols: i1 - i0, Stride: r.Stride, Data: r.Data[i0:]}
			for bj := bi; bj*bs < d; bj++ {
				j0, j1 := bj*bs, min(d, (bj+1)*bs)
				B := blas64.General{Rows: r.Rows, Cols: j1 - j0, Stride: r.Stride, Data: r.Data[j0:]}
				Cb := blas64.General{Rows: i1 - i0, Cols: j1 - j0, Stride: d, Data: c[i0*d+j0:]}
				blas64.Gemm(blas.Trans, blas.NoTrans, 1, A, B, 1, Cb)
			}
		}
	})
}

// useSparseScatter lets tests switch the sparse scatter path off.
var useSparseScatter = true

// sparseParts is the fixed number of row blocks whose sparse scatter
// matrices are accumulated separately (in parallel) and summed in order.
const sparseParts = 4

// scatterSparse handles inputs that are mostly exact zeros (MNIST pixels:
// 81%): it accumulates S = Σ_i x_i x_iᵀ over the non-zero entries of each
// row only (nnz² instead of d² per row, 25× fewer operations on MNIST) and
// then centres, C = S − n·μμᵀ. The centring by subtraction loses
// log10(tr S / tr C) digits, so it returns false (and the dense, centred
// path is used) when fewer than three quarters of the entries are zero or when
// tr S exceeds 1e4·tr C.
func scatterSparse(X *mat.Dense, mean []float64, c []float64) bool {
	n, d := X.Dims()
	raw := X.RawMatrix()
	if !mostlyZero(X) {
		return false
	}
	parts := make([][]float64, sparseParts)
	parallelFor(sparseParts, 1, func(lo, hi int) {
		idx := make([]int, 0, d)
		val := make([]float64, 0, d)
		for part := lo; part < hi; part++ {
			acc := make([]float64, d*d)
			for i := part * n / sparseParts; i < (part+1)*n/sparseParts; i++ {
				idx, val = idx[:0], val[:0]
				for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+d] {
					if v != 0 {
						idx = append(idx, j)
						val = append(val, v)
					}
				}
				for a, ia := range idx {
					va := val[a]
					row := acc[ia*d : ia*d+d]
					for b := a; b < len(idx); b++ {
						row[idx[b]] += va * val[b]
					}
				}
			}
			parts[part] = acc
		}
	})
	trS, trC := 0.0, 0.0
	for a := 0; a < d; a++ {
		for b := a; b < d; b++ {
			s := 0.0
			for _, acc := range parts {
				s += acc[a*d+b]
			}
			v := s - float64(n)*mean[a]*mean[b]
			c[a*d+b] = v
			if a == b {
				trS += s
				trC += v
			}
		}
	}
	if trS > 1e4*trC {
		return false
	}
	return true
}

// applyFlip fixes the sign of each row of comp as scikit-learn's svd_flip
// with u_based_decision=True: the largest absolute entry of U's column j,
// which is proportional to the scores (X-mean)·comp[j]ᵀ, is made positive.
// Ties go to the first row, as numpy's argmax.
func applyFlip(X *mat.Dense, mean []float64, comp *mat.Dense) {
	k, d := comp.Dims()
	n, _ := X.Dims()
	// Per fixed row block: the largest |score| of each axis and its sign,
	// merged in block order with a strict comparison (first row on ties).
	const block = 4096
	nb := (n + block - 1) / block
	bestB := make([]float64, nb*k)
	signB := make([]float64, nb*k)
	sparse := useSparseScatter && mostlyZero(X)
	var compT *mat.Dense
	var mc []float64
	if sparse {
		// Scores as Σ over the non-zero x_j of x_j·comp[:,j], minus μ·compᵀ.
		compT = mat.DenseCopyOf(comp.T())
		mc = make([]float64, k)
		for j := 0; j < k; j++ {
			mc[j] = floats.Dot(mean, comp.RawRowView(j))
		}
	}
	parallelFor(nb, 1, func(lo, hi int) {
		z := make([]float64, k)
		var S mat.Dense
		buf := make([]float64, 0)
		for b := lo; b < hi; b++ {
			r0, r1 := b*block, min(n, (b+1)*block)
			best, sign := bestB[b*k:(b+1)*k], signB[b*k:(b+1)*k]
			for j := range sign {
				sign[j] = 1
			}
			note := func(row []float64) {
				for j, v := range row {
					if a := math.Abs(v); a > best[j] {
						best[j] = a
						sign[j] = math.Copysign(1, v)
					}
				}
			}
			if sparse {
				for i := r0; i < r1; i++ {
					for j := range z {
						z[j] = -mc[j]
					}
					for c, v := range X.RawRowView(i) {
						if v != 0 {
							floats.AddScaled(z, v, compT.RawRowView(c))
						}
					}
					note(z)
				}
				continue
			}
			if cap(buf) < (r1-r0)*d {
				buf = make([]float64, (r1-r0)*d)
			}
			Xc := mat.NewDense(r1-r0, d, buf[:(r1-r0)*d])
			for i := r0; i < r1; i++ {
				dst := Xc.RawRowView(i - r0)
				for j, v := range X.RawRowView(i) {
					dst[j] = v - mean[j]
				}
			}
			S.Reset()
			S.Mul(Xc, comp.T())
			for i := 0; i < r1-r0; i++ {
				note(S.RawRowView(i))
			}
		}
	})
	for j := 0; j < k; j++ {
		best, sign := -1.0, 1.0
		for b := 0; b < nb; b++ {
			if v := bestB[b*k+j]; v > best {
				best, sign = v, signB[b*k+j]
			}
		}
		if sign < 0 {
			row := comp.RawRowView(j)
			for i := range row {
				row[i] = -row[i]
			}
		}
	}
}

// mostlyZero reports whether at least three quarters of X's entries are
// exact zeros (then sparse loops beat dense BLAS).
func mostlyZero(X *mat.Dense) bool {
	n, d := X.Dims()
	zeros := 0
	for i := 0; i < n; i++ {
		for _, v := range X.RawRowView(i) {
			if v == 0 {
				zeros++
			}
		}
	}
	return 4*zeros >= 3*n*d
}

// flipSign returns the sign that makes the largest absolute entry of u
// positive (first one on ties).
func flipSign(u []float64) float64 {
	best, sign := -1.0, 1.0
	for _, v := range u {
		if a := math.Abs(v); a > best {
			best, sign = a, math.Copysign(1, v)
		}
	}
	return sign
}

// finishExact fills the variances from all min(n,d) per-axis variances
// (decreasing), as scikit-learn's PCA._fit_full.
func finishExact(comp *mat.Dense, all []float64, k, n int) *PCAModel {
	total := 0.0
	for _, v := range all {
		total += v
	}
	m := &PCAModel{
		Components:             comp,
		ExplainedVariance:      append([]float64(nil), all[:k]...),
		ExplainedVarianceRatio: make([]float64, k),
		SingularValues:         make([]float64, k),
	}
	for j := 0; j < k; j++ {
		m.ExplainedVarianceRatio[j] = all[j] / total
		m.SingularValues[j] = math.Sqrt(all[j] * float64(n-1))
	}
	if k < len(all) {
		rest := 0.0
		for _, v := range all[k:] {
			rest += v
		}
		m.NoiseVariance = rest / float64(len(all)-k)
	}
	return m
}

// pcaRandomized is scikit-learn's randomized_svd (Halko, Martinsson & Tropp
// 2011, Algorithm 4.4 with LU renormalisation between the power iterations,
// as in Li et al.'s fbpca) on the centred data, which is never formed: the
// products subtract the mean's contribution (Halko et al. §5.1 works on any
// operator). Like scikit-learn, a wide matrix (n < d) is handled through its
// transpose.
func pcaRandomized(X *mat.Dense, mean []float64, k int, seed uint64) *PCAModel {
	n, d := X.Dims()
	mn := min(n, d)
	l := min(k+10, mn) // n_oversamples = 10
	iters := 4
	if float64(k) < 0.1*float64(mn) {
		iters = 7
	}
	transpose := n < d
	if !transpose && useGramRandomized && d < 4*(iters+1)*l {
		if m := pcaRandomizedGram(X, mean, k, l, iters, seed); m != nil {
			return m
		}
	}
	// M is the centred X, or its transpose; mul computes M·Q, mulT Mᵀ·Y.
	mul, mulT := centredMul(X, mean), centredMulT(X, mean)
	mr, mc := n, d
	if transpose {
		mul, mulT = mulT, mul
		mr, mc = d, n
	}
	rng := randx.New(seed)
	Q := mat.NewDense(mc, l, nil)
	for i := range Q.RawMatrix().Data {
		Q.RawMatrix().Data[i] = rng.NormFloat64()
	}
	for it := 0; it < iters; it++ {
		Q = luPermuteL(mul(Q))
		Q = luPermuteL(mulT(Q))
	}
	Q = thinQ(mul(Q)) // mr×l orthonormal basis of the range
	B := mulT(Q)      // mc×l = Bᵀ with B = QᵀM
	var svd mat.SVD
	svd.Factorize(B.T(), mat.SVDThin) // B (l×mc) = Uh S Vhᵀ
	s := svd.Values(nil)
	var Uh, Vh mat.Dense
	svd.UTo(&Uh)
	svd.VTo(&Vh)
	U := mat.NewDense(mr, l, nil)
	U.Mul(Q, &Uh)
	// U (mr×l) and Vh (mc×l) are M's singular vectors. For X itself, the
	// left vectors are U (or Vh when transposed); signs are decided on them.
	left, right := U, &Vh
	if transpose {
		left, right = &Vh, U
	}
	comp := mat.NewDense(k, d, nil)
	for j := 0; j < k; j++ {
		sign := flipSign(mat.Col(nil, j, left))
		for i := 0; i < d; i++ {
			comp.Set(j, i, sign*right.At(i, j))
		}
	}
	// Total variance from the data, as np.var(X, ddof=1, axis=0).sum().
	total := 0.0
	forCentredChunks(X, mean, func(_, _ int, Xc *mat.Dense) {
		for _, v := range Xc.RawMatrix().Data {
			total += v * v
		}
	})
	total /= float64(n - 1)
	m := &PCAModel{
		Components:             comp,
		ExplainedVariance:      make([]float64, k),
		ExplainedVarianceRatio: make([]float64, k),
		SingularValues:         append([]float64(nil), s[:k]...),
	}
	sum := 0.0
	for j := 0; j < k; j++ {
		ev := s[j] * s[j] / float64(n-1)
		m.ExplainedVariance[j] = ev
		m.ExplainedVarianceRatio[j] = ev / total
		sum += ev
	}
	if k < mn {
		m.NoiseVariance = (total - sum) / float64(mn-k)
	}
	return m
}

// centredMul returns Q ↦ (X - 1·meanᵀ)·Q.
func centredMul(X *mat.Dense, mean []float64) func(Q *mat.Dense) *mat.Dense {
	return func(Q *mat.Dense) *mat.Dense {
		n, _ := X.Dims()
		_, l := Q.Dims()
		Y := mat.NewDense(n, l, nil)
		Y.Mul(X, Q)
		mq := make([]float64, l)
		blas64.Gemv(blas.Trans, 1, Q.RawMatrix(), blas64.Vector{N: len(mean), Inc: 1, Data: mean}, 0, blas64.Vector{N: l, Inc: 1, Data: mq})
		for i := 0; i < n; i++ {
			row := Y.RawRowView(i)
			for j := range row {
				row[j] -= mq[j]
			}
		}
		return Y
	}
}

// centredMulT returns Y ↦ (X - 1·meanᵀ)ᵀ·Y.
func centredMulT(X *mat.Dense, mean []float64) func(Y *mat.Dense) *mat.Dense {
	return func(Y *mat.Dense) *mat.Dense {
		_, d := X.Dims()
		n, l := Y.Dims()
		Z := mat.NewDense(d, l, nil)
		Z.Mul(X.T(), Y)
		colSum := make([]float64, l)
		for i := 0; i < n; i++ {
			for j, v := range Y.RawRowView(i) {
				colSum[j] += v
			}
		}
		for i := 0; i < d; i++ {
			row := Z.RawRowView(i)
			for j := range row {
				row[j] -= mean[i] * colSum[j]
			}
		}
		return Z
	}
}

// luPermuteL returns P·L of the LU factorisation A = P·L·U of the m×l
// matrix A (m ≥ l), as scipy.linalg.lu(A, permute_l=True): a cheap
// renormalisation that keeps the power iterates well conditioned.
func luPermuteL(A *mat.Dense) *mat.Dense {
	m, l := A.Dims()
	raw := A.RawMatrix()
	ipiv := make([]int, l)
	lapack64.Getrf(raw, ipiv)
	for i := 0; i < l; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+l]
		row[i] = 1
		for j := i + 1; j < l; j++ {
			row[j] = 0
		}
	}
	for i := l - 1; i >= 0; i-- {
		if p := ipiv[i]; p != i {
			a := raw.Data[i*raw.Stride : i*raw.Stride+l]
			b := raw.Data[p*raw.Stride : p*raw.Stride+l]
			for j := range a {
				a[j], b[j] = b[j], a[j]
			}
		}
	}
	_ = m
	return A
}

// thinQ returns the m×l orthonormal factor of the QR factorisation of A
// (A is overwritten), as numpy's qr(mode="economic").
func thinQ(A *mat.Dense) *mat.Dense {
	_, l := A.Dims()
	raw := A.RawMatrix()
	tau := make([]float64, l)
	work := make([]float64, 1)
	lapack64.Geqrf(raw, tau, work, -1)
	work = make([]float64, int(work[0]))
	lapack64.Geqrf(raw, tau, work, len(work))
	work = make([]float64, 1)
	lapack64.Orgqr(raw, tau, work, -1)
	work = make([]float64, int(work[0]))
	lapack64.Orgqr(raw, tau, work, len(work))
	return A
}

// checkMatrix is check.Matrix with a typed nil *mat.Dense caught first (as
// an interface value it is not nil, and Dims would panic on it).
func checkMatrix(where, name string, X *mat.Dense) error {
	if X == nil {
		return check.Errorf(where, check.ErrEmpty, "%s is nil", name)
	}
	return check.Matrix(where, name, X)
}

// checkCols is check.Cols with the typed-nil guard of checkMatrix.
func checkCols(where, name string, X *mat.Dense, want int) error {
	if X == nil {
		return check.Errorf(where, check.ErrEmpty, "%s is nil", name)
	}
	return check.Cols(where, name, X, want)
}

// useGramRandomized lets tests switch the scatter-matrix form of the
// randomized solver off.
var useGramRandomized = true

// pcaRandomizedGram runs the same randomized range finder as pcaRandomized
// on the operator C = MᵀM (M the centred X, n ≥ d), which is cheaper when
// forming C (n·d² flops) costs less than the 2·iters+2 passes over M
// (2·n·d·l flops each), i.e. for d < 4(iters+1)·l: MNIST's d=784 with
// l=60. One power iteration of scikit-learn (Q ← lu(M·Q), Q ← lu(Mᵀ·Q))
// spans the same subspace as Q ← lu(C·Q). The final step, the SVD of
// B = Q_uᵀM with Q_u an orthonormal basis of range(M·W), is computed from
// d-sized quantities: with F = C·W and G = WᵀC·W = EΛEᵀ,
// BᵀB = F·G⁺·Fᵀ = H·Hᵀ for H = F·E·Λ^{-1/2}, so B's singular values and
// right vectors are those of H. It returns nil when the data has fewer
// than k independent directions, where the direct form is used instead.
func pcaRandomizedGram(X *mat.Dense, mean []float64, k, l, iters int, seed uint64) *PCAModel {
	n, d := X.Dims()
	c := make([]float64, d*d)
	scatter(X, mean, c)
	trace := 0.0
	for i := 0; i < d; i++ {
		trace += c[i*d+i]
		for j := 0; j < i; j++ {
			c[i*d+j] = c[j*d+i]
		}
	}
	C := mat.NewDense(d, d, c)
	rng := randx.New(seed)
	Q := mat.NewDense(d, l, nil)
	for i := range Q.RawMatrix().Data {
		Q.RawMatrix().Data[i] = rng.NormFloat64()
	}
	for it := 0; it < iters; it++ {
		var CQ mat.Dense
		CQ.Mul(C, Q)
		Q = luPermuteL(&CQ)
	}
	W := thinQ(Q)
	var F, G mat.Dense
	F.Mul(C, W)
	G.Mul(W.T(), &F)
	var eg mat.EigenSym
	if !eg.Factorize(mat.NewSymDense(l, G.RawMatrix().Data), true) {
		return nil
	}
	lam := eg.Values(nil)
	var E mat.Dense
	eg.VectorsTo(&E)
	lmax := lam[l-1]
	keep := 0
	for _, v := range lam {
		if v > 1e-13*lmax {
			keep++
		}
	}
	if keep < k || lmax <= 0 {
		return nil
	}
	// Columns of E for the kept (largest) eigenvalues, scaled by λ^{-1/2}.
	Es := mat.NewDense(l, keep, nil)
	for j := 0; j < keep; j++ {
		src := l - keep + j
		f := 1 / math.Sqrt(lam[src])
		for i := 0; i < l; i++ {
			Es.Set(i, j, E.At(i, src)*f)
		}
	}
	var H mat.Dense
	H.Mul(&F, Es)
	var svd mat.SVD
	if !svd.Factorize(&H, mat.SVDThin) {
		return nil
	}
	s := svd.Values(nil)
	var V mat.Dense
	svd.UTo(&V) // d×keep: B's right singular vectors
	comp := mat.NewDense(k, d, nil)
	comp.Copy(V.Slice(0, d, 0, k).T())
	applyFlip(X, mean, comp)
	total := trace / float64(n-1)
	m := &PCAModel{
		Components:             comp,
		ExplainedVariance:      make([]float64, k),
		ExplainedVarianceRatio: make([]float64, k),
		SingularValues:         append([]float64(nil), s[:k]...),
	}
	sum := 0.0
	for j := 0; j < k; j++ {
		ev := s[j] * s[j] / float64(n-1)
		m.ExplainedVariance[j] = ev
		m.ExplainedVarianceRatio[j] = ev / total
		sum += ev
	}
	if mn := min(n, d); k < mn {
		m.NoiseVariance = (total - sum) / float64(mn-k)
	}
	return m
}
