package embed

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	bt "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/badtest"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// embedder is one of the package's methods seen through its embedding.
type embedder struct {
	name string
	// scaleFree: the embedding does not depend on X's scale (t-SNE).
	scaleFree bool
	fit       func(ctx context.Context, X *mat.Dense) (*mat.Dense, []float64, error)
}

func embedders() []embedder {
	s := progress.Silent
	return []embedder{
		{"PCA", false, func(ctx context.Context, X *mat.Dense) (*mat.Dense, []float64, error) {
			m, err := PCA{Components: 2, Progress: s}.FitContext(ctx, X)
			if err != nil {
				return nil, nil, err
			}
			Z, err := m.Transform(X)
			return Z, append(append([]float64{m.NoiseVariance}, m.ExplainedVariance...), m.ExplainedVarianceRatio...), err
		}},
		{"PCA randomized whiten", false, func(ctx context.Context, X *mat.Dense) (*mat.Dense, []float64, error) {
			m, err := PCA{Components: 2, Solver: SolverRandomized, Whiten: true, Progress: s}.FitContext(ctx, X)
			if err != nil {
				return nil, nil, err
			}
			Z, err := m.Transform(X)
			return Z, append([]float64{m.NoiseVariance}, m.ExplainedVariance...), err
		}},
		{"MDS classical", false, func(ctx context.Context, X *mat.Dense) (*mat.Dense, []float64, error) {
			m, err := MDS{Progress: s}.FitContext(ctx, X)
			if err != nil {
				return nil, nil, err
			}
			return m.Embedding, append([]float64{m.Stress}, m.Eigenvalues...), nil
		}},
		{"MDS SMACOF", false, func(ctx context.Context, X *mat.Dense) (*mat.Dense, []float64, error) {
			m, err := MDS{Method: SMACOF, NInit: 2, MaxIter: 50, Seed: 1, Progress: s}.FitContext(ctx, X)
			if err != nil {
				return nil, nil, err
			}
			return m.Embedding, []float64{m.Stress}, nil
		}},
		{"t-SNE exact", true, func(ctx context.Context, X *mat.Dense) (*mat.Dense, []float64, error) {
			m, err := TSNE{Perplexity: 5, MaxIter: 260, Method: Exact, Seed: 1, Progress: s}.FitContext(ctx, X)
			if err != nil {
				return nil, nil, err
			}
			return m.Embedding, []float64{m.KLDivergence}, nil
		}},
		{"t-SNE Barnes-Hut", true, func(ctx context.Context, X *mat.Dense) (*mat.Dense, []float64, error) {
			m, err := TSNE{Perplexity: 5, MaxIter: 260, Method: BarnesHut, Seed: 1, Progress: s}.FitContext(ctx, X)
			if err != nil {
				return nil, nil, err
			}
			return m.Embedding, []float64{m.KLDivergence}, nil
		}},
	}
}

// TestBadInput: every method of the package against the bad-input table: an
// error naming the argument, or a finite (and, where the method does not
// depend on scale, the same) result.
func TestBadInput(t *testing.T) {
	X, _ := bt.Blobs(40, 4, 3, 1)
	var nilDense *mat.Dense
	dup := mat.NewDense(80, 4, nil)
	for i := 0; i < 80; i++ {
		dup.SetRow(i, X.RawRowView(i%40))
	}
	type tc struct {
		name string
		X    *mat.Dense
		ctx  context.Context
		want error
		msg  string
		same bool // the embedding must equal the one of X (scale-free methods)
	}
	for _, e := range embedders() {
		ref, _, err := e.fit(context.Background(), X)
		if err != nil {
			t.Fatalf("%s on blobs: %v", e.name, err)
		}
		cases := []tc{
			{"nil X", nil, nil, mlkit.ErrEmpty, "X is nil", false},
			{"typed nil X", nilDense, nil, mlkit.ErrEmpty, "X is", false},
			{"empty X", &mat.Dense{}, nil, mlkit.ErrEmpty, "X is", false},
			{"one row", bt.Rows(X, 1), nil, mlkit.ErrValue, "", false},
			{"NaN", bt.With(X, 3, 1, math.NaN()), nil, mlkit.ErrNaN, "X[3,1]=NaN", false},
			{"+Inf", bt.With(X, 2, 0, math.Inf(1)), nil, mlkit.ErrNaN, "X[2,0]=+Inf", false},
			{"-Inf", bt.With(X, 2, 3, math.Inf(-1)), nil, mlkit.ErrNaN, "X[2,3]=-Inf", false},
			{"duplicate rows", dup, nil, nil, "", false},
			{"constant features", bt.Const(30, 4, 3), nil, nil, "", false},
			{"cancelled", X, bt.Cancelled(), context.Canceled, "context canceled", false},
		}
		if e.scaleFree {
			// Scaling by a power of two is exact, so the embedding is the
			// same bits; 1e±300 round X's digits and may end elsewhere.
			cases = append(cases,
				tc{"1e300", bt.Scaled(X, 1e300), nil, nil, "", false},
				tc{"1e-300", bt.Scaled(X, 1e-300), nil, nil, "", false},
				tc{"2^1000", bt.Scaled(X, 0x1p1000), nil, nil, "", true},
				tc{"2^-1000", bt.Scaled(X, 0x1p-1000), nil, nil, "", true})
		} else {
			// Variances, eigenvalues and stress are squares of X's scale:
			// at 1e±300 they leave float64's range, which is an error
			// naming X's magnitude; at 1e±100 the results are exact.
			cases = append(cases,
				tc{"1e300", bt.Scaled(X, 1e300), nil, mlkit.ErrNaN, "X[", false},
				tc{"1e-300", bt.Scaled(X, 1e-300), nil, mlkit.ErrNaN, "X[", false},
				tc{"1e100", bt.Scaled(X, 1e100), nil, nil, "", false},
				tc{"1e-100", bt.Scaled(X, 1e-100), nil, nil, "", false})
		}
		for _, k := range cases {
			ctx := k.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			name := e.name + ": " + k.name
			Z, vals, err := func() (Z *mat.Dense, v []float64, err error) {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s: panic %v", name, r)
					}
				}()
				return e.fit(ctx, k.X)
			}()
			bt.Err(t, name, err, k.want, k.msg)
			if err != nil || k.want != nil {
				continue
			}
			if !bt.FiniteDense(Z) || !bt.Finite(vals...) {
				t.Errorf("%s: non-finite result %v", name, vals)
			}
			if k.same && !mat.EqualApprox(Z, ref, 1e-9) {
				t.Errorf("%s: embedding differs from the one of the unscaled data", name)
			}
		}
	}
}

// TestBadInputIdenticalRows: Barnes–Hut t-SNE on many identical rows (all,
// or half of the data) gives a finite embedding (it once gave NaN).
func TestBadInputIdenticalRows(t *testing.T) {
	X, _ := bt.Blobs(300, 3, 3, 1)
	for i := 0; i < 150; i++ {
		X.SetRow(i, []float64{1, 2, 3})
	}
	for _, Xc := range []*mat.Dense{bt.Const(200, 3, 1), X} {
		for _, init := range []TSNEInit{InitPCA, InitRandom} {
			m, err := TSNE{Method: BarnesHut, Init: init, MaxIter: 300, Seed: 1, Progress: progress.Silent}.Fit(Xc)
			if err != nil || !bt.FiniteDense(m.Embedding) || !bt.Finite(m.KLDivergence) {
				t.Errorf("init %v: err %v, want a finite embedding", init, err)
			}
		}
	}
}

// TestBadInputPCAModel: a fitted PCA projects rows it cannot represent with
// an error, and a zero model is an error.
func TestBadInputPCAModel(t *testing.T) {
	X, _ := bt.Blobs(40, 4, 3, 2)
	m, err := PCA{Components: 2, Progress: progress.Silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	Q := bt.Rows(X, 3)
	for j := 0; j < 4; j++ {
		Q.Set(0, j, 1.7e308)
	}
	// The projection may or may not fit in a float64; what it may not do
	// is come back non-finite without an error.
	if Z, err := m.Transform(Q); err == nil && !bt.FiniteDense(Z) {
		t.Error("Transform near MaxFloat64: non-finite scores without an error")
	} else if err != nil {
		bt.Err(t, "Transform near MaxFloat64", err, mlkit.ErrNaN, "overflow")
	}
	Q2 := bt.Rows(X, 1)
	for j := 0; j < 4; j++ {
		Q2.Set(0, j, math.Copysign(1.7e308, m.Components.At(0, j)))
	}
	_, err = m.Transform(Q2)
	bt.Err(t, "Transform along the first axis near MaxFloat64", err, mlkit.ErrNaN, "overflow")
	_, err = (&PCAModel{}).Transform(X)
	bt.Err(t, "zero model", err, mlkit.ErrEmpty, "Components")
	if Z, err := m.Transform(bt.Scaled(X, 1e-300)); err != nil || !bt.FiniteDense(Z) {
		t.Errorf("Transform of tiny rows: %v", err)
	}
}
