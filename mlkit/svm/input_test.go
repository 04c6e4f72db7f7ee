package svm

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// toyData is three well separated 2-d groups of m points (seeded LCG).
func toyData(m int) (*mat.Dense, []int) {
	X := mat.NewDense(3*m, 2, nil)
	y := make([]int, 3*m)
	state := uint64(7)
	u := func() float64 {
		state = state*6364136223846793005 + 1442695040888963407
		return float64(state>>11)/float64(1<<53) - 0.5
	}
	for k := range 3 {
		for i := range m {
			r := k*m + i
			X.Set(r, 0, 3*float64(k)+u())
			X.Set(r, 1, float64(k%2)*2+u())
			y[r] = k
		}
	}
	return X, y
}

func TestSVCBadInput(t *testing.T) {
	X, y := toyData(10)
	nan := mat.DenseCopyOf(X)
	nan.Set(3, 1, math.NaN())
	huge := mat.DenseCopyOf(X)
	huge.Set(0, 0, 1e300)
	small := mat.DenseCopyOf(X)
	ySmall := slices.Clone(y)
	ySmall[0], ySmall[1] = 5, 5 // class 5 has 2 members
	cases := []struct {
		name string
		svc  SVC
		X    *mat.Dense
		y    []int
		err  error
		msg  string
	}{
		{"nil X", SVC{}, nil, y, mlkit.ErrEmpty, "X is a nil"},
		{"one class", SVC{}, X, make([]int, 30), mlkit.ErrValue, "only one class"},
		{"C negative", SVC{C: -1}, X, y, mlkit.ErrValue, "C=-1"},
		{"C NaN", SVC{C: math.NaN()}, X, y, mlkit.ErrValue, "C=NaN"},
		{"gamma negative", SVC{Gamma: GammaValue(-0.5)}, X, y, mlkit.ErrValue, "Gamma=-0.5"},
		{"gamma zero", SVC{Gamma: GammaValue(0)}, X, y, mlkit.ErrValue, "Gamma=0"},
		{"NaN in X", SVC{}, nan, y, mlkit.ErrNaN, "X[3,1]=NaN"},
		{"overflow", SVC{}, huge, y, mlkit.ErrValue, "X row 0"},
		{"short y", SVC{}, X, y[:20], mlkit.ErrShape, "y has 20 labels, want 30"},
		{"negative label", SVC{}, X, append([]int{-1}, y[1:]...), mlkit.ErrValue, "y[0]=-1"},
		{"tol negative", SVC{Tol: -1}, X, y, mlkit.ErrValue, "Tol=-1"},
		{"degree negative", SVC{Kernel: Poly, Degree: -2}, X, y, mlkit.ErrValue, "Degree=-2"},
		{"max iter negative", SVC{MaxIter: -1}, X, y, mlkit.ErrValue, "MaxIter=-1"},
		{"cache negative", SVC{CacheMB: -5}, X, y, mlkit.ErrValue, "CacheMB=-5"},
		{"kernel unknown", SVC{Kernel: Kernel(9)}, X, y, mlkit.ErrValue, "Kernel=9"},
		{"weight unknown class", SVC{ClassWeight: map[int]float64{4: 1}}, X, y, mlkit.ErrValue, "ClassWeight has class 4"},
		{"weight zero", SVC{ClassWeight: map[int]float64{1: 0}}, X, y, mlkit.ErrValue, "ClassWeight[1]=0"},
		{"small class with Probability", SVC{Probability: true}, small, ySmall, mlkit.ErrValue, "2 samples of class 5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.svc.Progress = progress.Silent
			_, err := c.svc.Fit(c.X, c.y)
			if !errors.Is(err, c.err) {
				t.Fatalf("error %v, want %v", err, c.err)
			}
			if !strings.Contains(err.Error(), c.msg) || !strings.HasPrefix(err.Error(), "svm: SVC.Fit") {
				t.Errorf("error %q, want it to contain %q", err, c.msg)
			}
		})
	}
	// AllowSmallClasses gives libsvm's behaviour instead of the error.
	if _, err := (SVC{Probability: true, AllowSmallClasses: true, Progress: progress.Silent}).Fit(small, ySmall); err != nil {
		t.Errorf("AllowSmallClasses: %v", err)
	}

	m, err := SVC{Progress: progress.Silent}.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	wrong := mat.NewDense(4, 3, nil)
	for name, f := range map[string]func() error{
		"Predict":             func() error { _, err := m.Predict(wrong); return err },
		"DecisionFunction":    func() error { _, err := m.DecisionFunction(wrong); return err },
		"DecisionFunctionOvO": func() error { _, err := m.DecisionFunctionOvO(wrong); return err },
	} {
		if err := f(); !errors.Is(err, mlkit.ErrShape) || !strings.Contains(err.Error(), "X has 3 columns, the model was fitted on 2") {
			t.Errorf("%s: error %v, want ErrShape naming the columns", name, err)
		}
	}
	huge1 := mat.DenseCopyOf(X)
	huge1.Set(2, 1, 1e200)
	if _, err := m.Predict(huge1); !errors.Is(err, mlkit.ErrValue) || !strings.Contains(err.Error(), "X row 2") {
		t.Errorf("Predict with an overflowing row: %v", err)
	}
	if _, err := m.PredictProba(X); !errors.Is(err, mlkit.ErrValue) || !strings.Contains(err.Error(), "without Probability") {
		t.Errorf("PredictProba without Probability: %v", err)
	}
	if _, _, err := PlattFit([]float64{1, 2}, []int{1}); !errors.Is(err, mlkit.ErrShape) {
		t.Errorf("PlattFit lengths: %v", err)
	}
	if _, _, err := PlattFit([]float64{1, math.Inf(1)}, []int{1, 0}); !errors.Is(err, mlkit.ErrNaN) {
		t.Errorf("PlattFit Inf: %v", err)
	}
}

func TestSVCCancel(t *testing.T) {
	X, y := toyData(400)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := SVC{Progress: progress.Silent}.FitContext(ctx, X, y)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled fit: %v", err)
	}
}

func TestSVCMaxIter(t *testing.T) {
	X, y := toyData(30)
	m, err := SVC{MaxIter: 2, Tol: 1e-12, Progress: progress.Silent}.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	if m.Converged || m.Iterations != 6 {
		t.Errorf("Converged=%v Iterations=%d, want false and 3 pairs × 2", m.Converged, m.Iterations)
	}
}

func TestSVCGobRoundTrip(t *testing.T) {
	X, y := toyData(20)
	m, err := SVC{Probability: true, Seed: 3, Progress: progress.Silent}.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(m); err != nil {
		t.Fatal(err)
	}
	var back SVCModel
	if err := gob.NewDecoder(&buf).Decode(&back); err != nil {
		t.Fatal(err)
	}
	d1, _ := m.DecisionFunctionOvO(X)
	d2, _ := back.DecisionFunctionOvO(X)
	p1, _ := m.PredictProba(X)
	p2, _ := back.PredictProba(X)
	if !mat.Equal(d1, d2) || !mat.Equal(p1, p2) {
		t.Error("decoded model predicts different bits")
	}
}

// TestSVCGOMAXPROCS: pairs and folds run in parallel, results land in pair
// order and folds come from per-pair streams, so bits do not depend on it.
func TestSVCGOMAXPROCS(t *testing.T) {
	X, y := toyData(25)
	fit := func(procs int) (*SVCModel, *mat.Dense) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		m, err := SVC{Probability: true, Seed: 11, Progress: progress.Silent}.Fit(X, y)
		if err != nil {
			t.Fatal(err)
		}
		P, err := m.PredictProba(X)
		if err != nil {
			t.Fatal(err)
		}
		return m, P
	}
	m1, p1 := fit(1)
	m4, p4 := fit(4)
	if !slices.Equal(m1.ProbA, m4.ProbA) || !slices.Equal(m1.ProbB, m4.ProbB) || !mat.Equal(p1, p4) ||
		!mat.Equal(m1.DualCoef, m4.DualCoef) || !slices.Equal(m1.Intercept, m4.Intercept) {
		t.Error("GOMAXPROCS 1 and 4 give different models")
	}
}

// TestSVCExtremes: tiny draws and extreme magnitudes give finite outputs.
func TestSVCExtremes(t *testing.T) {
	X, y := toyData(3)
	m, err := SVC{Probability: true, AllowSmallClasses: true, Seed: 2, Progress: progress.Silent}.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	P, err := m.PredictProba(X)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 9 {
		s := 0.0
		for k := range 3 {
			v := P.At(i, k)
			if !(v >= 0 && v <= 1) {
				t.Fatalf("tiny data: P[%d,%d]=%v", i, k, v)
			}
			s += v
		}
		if math.Abs(s-1) > sumTol {
			t.Errorf("tiny data: row %d sums to %v", i, s)
		}
	}
	X, y = toyData(10)
	for _, scale := range []float64{1e-300, 1e-150, 1e150} {
		Xs := mat.DenseCopyOf(X)
		Xs.Scale(scale, Xs)
		for _, k := range []Kernel{RBF, Linear} {
			m, err := SVC{Kernel: k, Progress: progress.Silent}.Fit(Xs, y)
			if err != nil {
				t.Logf("scale %g %v: %v", scale, k, err)
				if !errors.Is(err, mlkit.ErrValue) {
					t.Errorf("scale %g %v: error %v is not ErrValue", scale, k, err)
				}
				continue
			}
			dec, err := m.DecisionFunctionOvO(Xs)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range dec.RawMatrix().Data {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("scale %g %v: decision value %v", scale, k, v)
				}
			}
		}
	}
}
