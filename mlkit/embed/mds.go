package embed

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/vec"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// MDS is multidimensional scaling: points in Components dimensions whose
// Euclidean distances match given dissimilarities. Method Classical (the
// zero value) is classical scaling (Torgerson 1952; Gower 1966): the top
// eigenvectors of the double-centred squared distances, exact and without
// iterations. Method SMACOF is metric SMACOF (de Leeuw 1977; Borg & Groenen
// 2005 §8), scikit-learn 1.2's sklearn.manifold.MDS(metric=True): Guttman
// transforms from NInit random starts, keeping the lowest stress.
type MDS struct {
	// Components is the embedding dimension; 0 means 2.
	Components int
	// Method is Classical (default) or SMACOF.
	Method MDSMethod
	// MaxIter bounds the SMACOF iterations per start; 0 means 300, negative
	// is an error.
	MaxIter int
	// Tol is SMACOF's convergence tolerance on the decrease of stress/‖X‖
	// (scikit-learn's eps); 0 means 1e-3, negative is an error.
	Tol float64
	// NInit is the number of SMACOF random starts; 0 means 4.
	NInit int
	// Seed seeds the SMACOF starts (start k uses sub-stream k).
	Seed uint64
	// Progress receives one step per finished SMACOF start; nil means
	// progress.Auto().
	Progress progress.Reporter
}

// MDSMethod chooses how MDS embeds.
type MDSMethod int

const (
	// Classical is Torgerson's scaling: exact, one eigendecomposition. The
	// default.
	Classical MDSMethod = iota
	// SMACOF is metric MDS by stress majorization (scikit-learn's
	// MDS(metric=True)).
	SMACOF
)

// String returns "classical" or "smacof".
func (m MDSMethod) String() string {
	switch m {
	case Classical:
		return "classical"
	case SMACOF:
		return "smacof"
	}
	return fmt.Sprintf("MDSMethod(%d)", int(m))
}

// MDSModel is a fitted MDS embedding.
type MDSModel struct {
	// Embedding holds one row per sample (n×Components).
	Embedding *mat.Dense
	// Stress is the raw stress Σ_{i<j} (‖y_i−y_j‖ − δ_ij)², as
	// scikit-learn 1.2's stress_ with normalized_stress=False. For SMACOF
	// it is, as there, the stress of the configuration before the last
	// Guttman transform; for classical scaling that of the embedding.
	Stress float64
	// Iterations is the number of SMACOF iterations of the kept start (0
	// for classical scaling).
	Iterations int
	// Converged reports whether the kept SMACOF start stopped on Tol before
	// MaxIter (always true for classical scaling). Not converging is not an
	// error.
	Converged bool
	// Eigenvalues (classical scaling only) are the top eigenvalues of the
	// double-centred matrix B = −½·J·D⁽²⁾·J, one per component; negative
	// values (non-Euclidean dissimilarities) give a zero axis.
	Eigenvalues []float64
}

func (m MDS) resolve(where string, n int) (MDS, error) {
	c := m
	if c.Method != Classical && c.Method != SMACOF {
		return c, check.Errorf(where, check.ErrValue, "Method=%v, want Classical or SMACOF", c.Method)
	}
	if c.Components < 0 {
		return c, check.Errorf(where, check.ErrValue, "Components=%d, want ≥ 0 (0 means 2)", c.Components)
	}
	if c.Components == 0 {
		c.Components = 2
	}
	if c.Components > n {
		return c, check.Errorf(where, check.ErrValue, "Components=%d exceeds the %d samples", c.Components, n)
	}
	if c.MaxIter < 0 {
		return c, check.Errorf(where, check.ErrValue, "MaxIter=%d, want a value ≥ 1 (0 means the default 300)", c.MaxIter)
	}
	if c.MaxIter == 0 {
		c.MaxIter = 300
	}
	if c.NInit < 0 {
		return c, check.Errorf(where, check.ErrValue, "NInit=%d, want a value ≥ 1 (0 means the default 4)", c.NInit)
	}
	if c.NInit == 0 {
		c.NInit = 4
	}
	if c.Tol < 0 || math.IsNaN(c.Tol) || math.IsInf(c.Tol, 0) {
		return c, check.Errorf(where, check.ErrValue, "Tol=%v, want a finite value ≥ 0 (0 means the default 1e-3)", c.Tol)
	}
	if c.Tol == 0 {
		c.Tol = 1e-3
	}
	return c, nil
}

// FitTransform fits the model and returns it with the embedding (the shape
// FitTransform has in PCA, TSNE and MDS).
func (m MDS) FitTransform(X *mat.Dense) (*MDSModel, *mat.Dense, error) {
	fit, err := m.Fit(X)
	if err != nil {
		return nil, nil, err
	}
	return fit, fit.Embedding, nil
}

// Fit embeds the rows of X (n×d) from their Euclidean distances. See
// FitContext.
func (m MDS) Fit(X *mat.Dense) (*MDSModel, error) {
	return m.FitContext(context.Background(), X)
}

// FitContext embeds the rows of X (n×d) from their Euclidean distances,
// stopping between SMACOF iterations when ctx is done (the error then wraps
// ctx.Err()).
//
// Errors wrap mlkit.ErrEmpty, ErrNaN or ErrValue (Components < 0 or > n,
// negative MaxIter, NInit or Tol, an unknown Method).
func (m MDS) FitContext(ctx context.Context, X *mat.Dense) (*MDSModel, error) {
	const where = "embed: MDS.Fit"
	if err := checkMatrix(where, "X", X); err != nil {
		return nil, err
	}
	// Stress and eigenvalues are squares of X's scale: outside float64's
	// range for them, say so rather than return Inf or zeros.
	if err := check.Range(where, "X", X); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	cfg, err := m.resolve(where, n)
	if err != nil {
		return nil, err
	}
	D := mat.NewDense(n, n, nil)
	norms := vec.RowSqNorms(X)
	parallelFor(n, 64, func(lo, hi int) {
		blk := D.Slice(lo, hi, 0, n).(*mat.Dense)
		sqDistRows(X, norms, lo, hi, blk)
		for i := lo; i < hi; i++ {
			row := D.RawRowView(i)
			for j := range row {
				row[j] = math.Sqrt(row[j])
			}
		}
	})
	// The GEMM form of the distances is not exactly symmetric; SMACOF and
	// the double centring expect it to be.
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			v := (D.At(i, j) + D.At(j, i)) / 2
			D.Set(i, j, v)
			D.Set(j, i, v)
		}
	}
	return cfg.fit(ctx, where, D)
}

// FitDissimilarity embeds n objects from their n×n dissimilarities D
// (symmetric, non-negative, zero diagonal), scikit-learn's
// dissimilarity='precomputed'.
//
// Errors wrap mlkit.ErrEmpty, ErrNaN, ErrShape (D not square) or ErrValue
// (D not symmetric, negative entries or a non-zero diagonal, bad
// hyperparameters).
func (m MDS) FitDissimilarity(D *mat.Dense) (*MDSModel, error) {
	return m.FitDissimilarityContext(context.Background(), D)
}

// FitDissimilarityContext is FitDissimilarity stopping between SMACOF
// iterations when ctx is done.
func (m MDS) FitDissimilarityContext(ctx context.Context, D *mat.Dense) (*MDSModel, error) {
	const where = "embed: MDS.FitDissimilarity"
	if err := checkMatrix(where, "D", D); err != nil {
		return nil, err
	}
	if err := check.Range(where, "D", D); err != nil {
		return nil, err
	}
	n, c := D.Dims()
	if n != c {
		return nil, check.Errorf(where, check.ErrShape, "D is %d×%d, want a square dissimilarity matrix", n, c)
	}
	for i := 0; i < n; i++ {
		if v := D.At(i, i); v != 0 {
			return nil, check.Errorf(where, check.ErrValue, "D[%d,%d]=%v, want a zero diagonal", i, i, v)
		}
		for j := 0; j < n; j++ {
			a, b := D.At(i, j), D.At(j, i)
			if a < 0 {
				return nil, check.Errorf(where, check.ErrValue, "D[%d,%d]=%v, want non-negative dissimilarities", i, j, a)
			}
			if math.Abs(a-b) > 1e-10*math.Max(math.Abs(a), math.Abs(b)) {
				return nil, check.Errorf(where, check.ErrValue, "D[%d,%d]=%v but D[%d,%d]=%v, want a symmetric matrix", i, j, a, j, i, b)
			}
		}
	}
	cfg, err := m.resolve(where, n)
	if err != nil {
		return nil, err
	}
	return cfg.fit(ctx, where, mat.DenseCopyOf(D))
}

func (m MDS) fit(ctx context.Context, where string, D *mat.Dense) (*MDSModel, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	rep := progress.For(m.Progress)
	if m.Method == Classical {
		rep.Start("MDS (classical)", 1)
		fit := classicalMDS(D, m.Components)
		rep.Update(1)
		rep.Finish(fmt.Sprintf("MDS (classical): stress %.4g", fit.Stress))
		return fit, nil
	}
	n, _ := D.Dims()
	type run struct {
		Y         *mat.Dense
		stress    float64
		iters     int
		converged bool
	}
	runs := make([]run, m.NInit)
	rep.Start(fmt.Sprintf("MDS (smacof, %d starts)", m.NInit), m.NInit)
	var done atomic.Int64
	par.For(m.NInit, func(k int) {
		rng := randx.Stream(m.Seed, uint64(k))
		Y := mat.NewDense(n, m.Components, nil)
		for i := range Y.RawMatrix().Data {
			Y.RawMatrix().Data[i] = rng.Float64()
		}
		Y, stress, it, _, conv := smacof(ctx, D, Y, m.MaxIter, m.Tol)
		runs[k] = run{Y, stress, it, conv}
		rep.Update(int(done.Add(1)), progress.Metric{Name: "stress", Value: stress})
	})
	if err := ctx.Err(); err != nil {
		rep.Finish("MDS cancelled")
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	best := 0
	for k := 1; k < len(runs); k++ {
		if runs[k].stress < runs[best].stress {
			best = k
		}
	}
	b := runs[best]
	rep.Finish(fmt.Sprintf("MDS (smacof): stress %.4g after %d iterations", b.stress, b.iters))
	return &MDSModel{Embedding: b.Y, Stress: b.stress, Iterations: b.iters, Converged: b.converged}, nil
}

// smacof is scikit-learn 1.2's _smacof_single for metric MDS: each
// iteration measures the raw stress of Y, then applies the Guttman
// transform Y ← (1/n)·B(Y)·Y (de Leeuw 1977; Borg & Groenen 2005 eq. 8.29),
// and stops when stress/‖Y‖ (‖Y‖ = Σ_i ‖y_i‖) falls by less than eps. It
// also returns the stress of every iteration (non-increasing, the majorisation
// property) for the tests, and whether it stopped on eps. It returns early,
// unconverged, when ctx is done.
func smacof(ctx context.Context, D, Y *mat.Dense, maxIter int, eps float64) (*mat.Dense, float64, int, []float64, bool) {
	n, k := Y.Dims()
	dis := make([]float64, n*n)
	B := mat.NewDense(n, n, nil)
	next := mat.NewDense(n, k, nil)
	oldStress := math.NaN()
	stress := 0.0
	var history []float64
	converged := false
	it := 0
	for it = 0; it < maxIter; it++ {
		if ctx.Err() != nil {
			break
		}
		// Distances and stress of the current configuration.
		stress = 0
		for i := 0; i < n; i++ {
			yi := Y.RawRowView(i)
			for j := 0; j < n; j++ {
				yj := Y.RawRowView(j)
				s := 0.0
				for a := range yi {
					t := yi[a] - yj[a]
					s += t * t
				}
				d := math.Sqrt(s)
				dis[i*n+j] = d
				r := d - D.At(i, j)
				stress += r * r
			}
		}
		stress /= 2
		history = append(history, stress)
		// Guttman transform.
		for i := 0; i < n; i++ {
			row := B.RawRowView(i)
			diag := 0.0
			for j := 0; j < n; j++ {
				d := dis[i*n+j]
				if d == 0 {
					d = 1e-5
				}
				r := D.At(i, j) / d
				row[j] = -r
				diag += r
			}
			row[i] += diag
		}
		next.Mul(B, Y)
		next.Scale(1/float64(n), next)
		Y, next = next, Y
		norm := 0.0
		for i := 0; i < n; i++ {
			norm += math.Sqrt(mat.Dot(Y.RowView(i), Y.RowView(i)))
		}
		if !math.IsNaN(oldStress) && oldStress-stress/norm < eps {
			converged = true
			break
		}
		oldStress = stress / norm
	}
	iters := it + 1
	if iters > maxIter {
		iters = maxIter
	}
	return Y, stress, iters, history, converged
}

// classicalMDS is Torgerson's scaling: with J = I − 11ᵀ/n,
// B = −½·J·D⁽²⁾·J, the embedding is V·Λ^{1/2} for the top eigenpairs
// (negative eigenvalues clamped to zero). Signs: the largest absolute entry
// of each axis is positive.
func classicalMDS(D *mat.Dense, k int) *MDSModel {
	n, _ := D.Dims()
	b := make([]float64, n*n)
	rowMean := make([]float64, n)
	total := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := D.At(i, j)
			v *= v
			b[i*n+j] = v
			rowMean[i] += v
		}
		total += rowMean[i]
		rowMean[i] /= float64(n)
	}
	total /= float64(n * n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			b[i*n+j] = -0.5 * (b[i*n+j] - rowMean[i] - rowMean[j] + total)
		}
	}
	vals, vecs, _ := topEigSym(b, n, k)
	Y := mat.NewDense(n, k, nil)
	for j := 0; j < k; j++ {
		col := mat.Col(nil, j, vecs)
		s := flipSign(col) * math.Sqrt(math.Max(vals[j], 0))
		for i := 0; i < n; i++ {
			Y.Set(i, j, s*col[i])
		}
	}
	stress := 0.0
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			s := 0.0
			for a := 0; a < k; a++ {
				t := Y.At(i, a) - Y.At(j, a)
				s += t * t
			}
			r := math.Sqrt(s) - D.At(i, j)
			stress += r * r
		}
	}
	return &MDSModel{Embedding: Y, Stress: stress, Eigenvalues: vals, Converged: true}
}
