package embed

import (
	"errors"
	"math"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// Tolerances against scikit-learn 1.2.1 (testdata/make_reference.py).
const (
	tolExactVar  = 1e-9 // relative, explained variance of the exact solver
	tolExactComp = 1e-8 // absolute, components (signs as svd_flip)
	tolRandVar   = 1e-6 // relative, randomized solver on a decaying spectrum
	tolRandComp  = 1e-5 // absolute, randomized components
)

func relErr(a, b float64) float64 {
	if a == b {
		return 0
	}
	return math.Abs(a-b) / math.Max(math.Abs(a), math.Abs(b))
}

func TestPCAReference(t *testing.T) {
	ref := loadReference(t)
	type tc struct {
		name            string
		r               pcaRef
		randomized      bool
		forceScatter    bool
		tolVar, tolComp float64
	}
	var cases []tc
	for _, force := range []bool{false, true} {
		cases = append(cases,
			tc{"iris", ref.PCAIris, false, force, tolExactVar, tolExactComp},
			tc{"iris_k2", ref.PCAIrisK2, false, force, tolExactVar, tolExactComp},
			tc{"300x20", ref.PCA300x20, false, force, tolExactVar, tolExactComp},
			tc{"decay_exact", ref.PCADecay, false, force, tolExactVar, tolRandComp},
		)
	}
	// forceScatter on the randomized solver means its Gram form.
	cases = append(cases, tc{"decay_randomized", ref.PCADecay, true, false, tolRandVar, tolRandComp},
		tc{"decay_randomized", ref.PCADecay, true, true, tolRandVar, tolRandComp})
	for _, c := range cases {
		name := c.name
		if c.forceScatter {
			name += "/scatter"
		}
		t.Run(name, func(t *testing.T) {
			if c.randomized {
				old := useGramRandomized
				useGramRandomized = c.forceScatter
				defer func() { useGramRandomized = old }()
			}
			if c.forceScatter {
				old := exactSVDMaxSize
				exactSVDMaxSize = 0
				defer func() { exactSVDMaxSize = old }()
			}
			X := dense(c.r.X)
			m, err := PCA{Components: c.r.K, Solver: solverOf(c.randomized), Seed: 1}.Fit(X)
			if err != nil {
				t.Fatal(err)
			}
			for j := 0; j < c.r.K; j++ {
				if e := relErr(m.ExplainedVariance[j], c.r.ExplainedVariance[j]); e > c.tolVar {
					t.Errorf("ExplainedVariance[%d]=%v, sklearn %v (rel err %.2g)", j, m.ExplainedVariance[j], c.r.ExplainedVariance[j], e)
				}
				if e := relErr(m.ExplainedVarianceRatio[j], c.r.ExplainedVarianceRatio[j]); e > c.tolVar {
					t.Errorf("ExplainedVarianceRatio[%d]=%v, sklearn %v", j, m.ExplainedVarianceRatio[j], c.r.ExplainedVarianceRatio[j])
				}
				if e := relErr(m.SingularValues[j], c.r.SingularValues[j]); e > c.tolVar {
					t.Errorf("SingularValues[%d]=%v, sklearn %v", j, m.SingularValues[j], c.r.SingularValues[j])
				}
				for i, want := range c.r.Components[j] {
					if got := m.Components.At(j, i); math.Abs(got-want) > c.tolComp {
						t.Errorf("Components[%d,%d]=%v, sklearn %v", j, i, got, want)
					}
				}
			}
			if e := math.Abs(m.NoiseVariance - c.r.NoiseVariance); e > c.tolVar*math.Max(1, c.r.NoiseVariance)*10 {
				t.Errorf("NoiseVariance=%v, sklearn %v", m.NoiseVariance, c.r.NoiseVariance)
			}
			Z, err := m.Transform(X)
			if err != nil {
				t.Fatal(err)
			}
			for i, row := range c.r.TransformFirstRows {
				for j, want := range row {
					if got := Z.At(i, j); math.Abs(got-want) > c.tolComp*math.Max(1, math.Abs(want))*10 {
						t.Errorf("Transform[%d,%d]=%v, sklearn %v", i, j, got, want)
					}
				}
			}
			// Invariant: orthonormal axes.
			k, _ := m.Components.Dims()
			var G mat.Dense
			G.Mul(m.Components, m.Components.T())
			for a := 0; a < k; a++ {
				for b := 0; b < k; b++ {
					want := 0.0
					if a == b {
						want = 1
					}
					if math.Abs(G.At(a, b)-want) > 1e-10 {
						t.Errorf("Components·Componentsᵀ[%d,%d]=%v, want %v", a, b, G.At(a, b), want)
					}
				}
			}
		})
	}
}

// TestTopEigSymInverseIteration checks the tridiagonal inverse-iteration
// path against the full symmetric eigensolver on a matrix with a cluster of
// equal eigenvalues.
func TestTopEigSymInverseIteration(t *testing.T) {
	d, k := 120, 12
	X := randn(400, d, 3)
	// Columns 1 and 2 equal up to sign flips of rows give (nearly) a
	// repeated eigenvalue; the decaying scales spread the rest.
	for i := 0; i < 400; i++ {
		for j := 0; j < d; j++ {
			X.Set(i, j, X.At(i, j)*math.Pow(0.97, float64(j)))
		}
		X.Set(i, 1, X.At(i, 0)*float64(1-2*(i%2)))
	}
	var C mat.Dense
	C.Mul(X.T(), X)
	a1 := append([]float64(nil), C.RawMatrix().Data...)
	a2 := append([]float64(nil), C.RawMatrix().Data...)
	old := fullEigMaxDim
	fullEigMaxDim = 10
	v1, V1, all1 := topEigSym(a1, d, k)
	fullEigMaxDim = 1000
	v2, V2, _ := topEigSym(a2, d, k)
	fullEigMaxDim = old
	for j := 0; j < k; j++ {
		if e := relErr(v1[j], v2[j]); e > 1e-12 {
			t.Errorf("eigenvalue %d: inverse iteration %v, dsyev %v", j, v1[j], v2[j])
		}
		dot := 0.0
		for i := 0; i < d; i++ {
			dot += V1.At(i, j) * V2.At(i, j)
		}
		if math.Abs(math.Abs(dot)-1) > 1e-9 {
			t.Errorf("eigenvector %d: |cos| = %v, want 1", j, math.Abs(dot))
		}
	}
	if len(all1) != d {
		t.Errorf("len(all)=%d, want %d", len(all1), d)
	}
	// Residual ‖Cv − λv‖ small.
	Cm := mat.NewDense(d, d, append([]float64(nil), C.RawMatrix().Data...))
	var R mat.Dense
	R.Mul(Cm, V1)
	for j := 0; j < k; j++ {
		for i := 0; i < d; i++ {
			if r := math.Abs(R.At(i, j) - v1[j]*V1.At(i, j)); r > 1e-10*v1[0] {
				t.Fatalf("residual (%d,%d)=%v", i, j, r)
			}
		}
	}
}

func TestPCAConstantFeatureAndDuplicates(t *testing.T) {
	X := mat.NewDense(6, 3, []float64{
		1, 5, 2,
		2, 5, 1,
		3, 5, 0,
		3, 5, 0,
		4, 5, 4,
		1, 5, 2,
	})
	for _, force := range []bool{false, true} {
		old := exactSVDMaxSize
		if force {
			exactSVDMaxSize = 0
		}
		m, err := PCA{}.Fit(X)
		exactSVDMaxSize = old
		if err != nil {
			t.Fatal(err)
		}
		if ev := m.ExplainedVariance[2]; math.Abs(ev) > 1e-12 {
			t.Errorf("scatter=%v: variance along the constant feature = %v, want 0", force, ev)
		}
		for j := 0; j < 2; j++ {
			if c := m.Components.At(j, 1); math.Abs(c) > 1e-12 {
				t.Errorf("scatter=%v: axis %d loads %v on the constant feature, want 0", force, j, c)
			}
		}
		Z, _ := m.Transform(X)
		back, _ := m.InverseTransform(Z)
		if !mat.EqualApprox(back, X, 1e-12) {
			t.Errorf("scatter=%v: InverseTransform(Transform(X)) != X", force)
		}
	}
}

func TestPCAWhiten(t *testing.T) {
	ref := loadReference(t)
	X := dense(ref.PCA300x20.X)
	m, err := PCA{Components: 5, Whiten: true}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	Z, _ := m.Transform(X)
	n, k := Z.Dims()
	for j := 0; j < k; j++ {
		ss := 0.0
		for i := 0; i < n; i++ {
			ss += Z.At(i, j) * Z.At(i, j)
		}
		if v := ss / float64(n-1); math.Abs(v-1) > 1e-10 {
			t.Errorf("whitened column %d has variance %v, want 1", j, v)
		}
	}
	back, _ := m.InverseTransform(Z)
	plain, _ := PCA{Components: 5}.Fit(X)
	Zp, _ := plain.Transform(X)
	back2, _ := plain.InverseTransform(Zp)
	if !mat.EqualApprox(back, back2, 1e-9) {
		t.Error("whitened round trip differs from the plain one")
	}
}

func TestPCAWide(t *testing.T) {
	// n < d: the exact solver takes the SVD; the randomized one transposes.
	X := randn(10, 30, 5)
	e, err := PCA{Components: 3}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	r, err := PCA{Components: 3, Solver: SolverRandomized, Seed: 4}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	for j := 0; j < 3; j++ {
		if re := relErr(e.ExplainedVariance[j], r.ExplainedVariance[j]); re > 1e-8 {
			t.Errorf("variance %d: exact %v randomized %v", j, e.ExplainedVariance[j], r.ExplainedVariance[j])
		}
		for i := 0; i < 30; i++ {
			if d := math.Abs(e.Components.At(j, i) - r.Components.At(j, i)); d > 1e-6 {
				t.Fatalf("component %d differs at %d by %v (signs?)", j, i, d)
			}
		}
	}
}

func TestPCARandomizedDeterministic(t *testing.T) {
	ref := loadReference(t)
	X := dense(ref.PCA300x20.X)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(1)
	a, _ := PCA{Components: 4, Solver: SolverRandomized, Seed: 9}.Fit(X)
	runtime.GOMAXPROCS(4)
	b, _ := PCA{Components: 4, Solver: SolverRandomized, Seed: 9}.Fit(X)
	if !mat.Equal(a.Components, b.Components) {
		t.Error("randomized PCA differs between GOMAXPROCS 1 and 4")
	}
}

func TestPCAErrors(t *testing.T) {
	good := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 7})
	nan := mat.NewDense(2, 2, []float64{1, math.NaN(), 3, 4})
	inf := mat.NewDense(2, 2, []float64{1, math.Inf(1), 3, 4})
	one := mat.NewDense(1, 2, []float64{1, 2})
	cases := []struct {
		name string
		p    PCA
		X    *mat.Dense
		want error
	}{
		{"nil", PCA{}, nil, check.ErrEmpty},
		{"empty", PCA{}, &mat.Dense{}, check.ErrEmpty},
		{"nan", PCA{}, nan, check.ErrNaN},
		{"inf", PCA{}, inf, check.ErrNaN},
		{"negative", PCA{Components: -1}, good, check.ErrValue},
		{"too many", PCA{Components: 3}, good, check.ErrValue},
		{"one sample", PCA{}, one, check.ErrValue},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panic: %v", r)
					}
				}()
				_, err = c.p.Fit(c.X)
			}()
			if !errors.Is(err, c.want) {
				t.Fatalf("err=%v, want %v", err, c.want)
			}
			t.Log(err)
		})
	}
	m, _ := PCA{Components: 1}.Fit(good)
	if _, err := m.Transform(mat.NewDense(2, 3, nil)); !errors.Is(err, check.ErrShape) {
		t.Errorf("Transform with 3 columns: err=%v, want ErrShape", err)
	}
	if _, err := m.InverseTransform(mat.NewDense(2, 2, nil)); !errors.Is(err, check.ErrShape) {
		t.Errorf("InverseTransform with 2 columns: err=%v, want ErrShape", err)
	}
}

// randn returns an n×d matrix of seeded standard normal values.
func randn(n, d int, seed uint64) *mat.Dense {
	rng := randx.New(seed)
	X := mat.NewDense(n, d, nil)
	for i := range X.RawMatrix().Data {
		X.RawMatrix().Data[i] = rng.NormFloat64()
	}
	return X
}

// TestPCASparseScatter checks the sparse scatter path (inputs mostly zeros)
// against the dense, centred one.
func TestPCASparseScatter(t *testing.T) {
	X := randn(3000, 60, 8)
	raw := X.RawMatrix().Data
	for i := range raw {
		if i%5 != 0 {
			raw[i] = 0 // 80% zeros
		} else {
			raw[i] = math.Abs(raw[i]) * float64(1+i%7)
		}
	}
	oldSVD := exactSVDMaxSize
	exactSVDMaxSize = 0
	defer func() { exactSVDMaxSize = oldSVD; useSparseScatter = true }()
	for _, rnd := range []bool{false, true} {
		useSparseScatter = true
		a, err := PCA{Components: 10, Solver: solverOf(rnd), Seed: 1}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		useSparseScatter = false
		b, _ := PCA{Components: 10, Solver: solverOf(rnd), Seed: 1}.Fit(X)
		for j := 0; j < 10; j++ {
			if e := relErr(a.ExplainedVariance[j], b.ExplainedVariance[j]); e > 1e-11 {
				t.Errorf("randomized=%v: variance %d sparse %v dense %v", rnd, j, a.ExplainedVariance[j], b.ExplainedVariance[j])
			}
			for i := 0; i < 60; i++ {
				if d := math.Abs(a.Components.At(j, i) - b.Components.At(j, i)); d > 1e-9 {
					t.Fatalf("randomized=%v: component %d differs by %v at %d", rnd, j, d, i)
				}
			}
		}
	}
}

func TestPCAWhitenZeroVariance(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{1, 3, 2, 3, 3, 3, 5, 3})
	m, err := PCA{Whiten: true}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	Z, _ := m.Transform(X)
	for _, v := range Z.RawMatrix().Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("whitened scores contain %v", v)
		}
	}
}

func solverOf(randomized bool) PCASolver {
	if randomized {
		return SolverRandomized
	}
	return SolverFull
}
