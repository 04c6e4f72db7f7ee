package linear

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

type logisticCase struct {
	Name           string      `json:"name"`
	C              float64     `json:"C"`
	X              [][]float64 `json:"X"`
	Y              []int       `json:"y"`
	Objective      float64     `json:"objective"`
	Coef           [][]float64 `json:"coef"`
	Intercept      []float64   `json:"intercept"`
	SklearnPredict []int       `json:"sklearn_predict"`
	SklearnProba   [][]float64 `json:"sklearn_proba"`
}

type ridgeFit struct {
	Alpha     float64   `json:"alpha"`
	Coef      []float64 `json:"coef"`
	Intercept float64   `json:"intercept"`
	Predict   []float64 `json:"predict"`
}

type reference struct {
	Logistic []logisticCase `json:"logistic"`
	Ridge    struct {
		X    [][]float64 `json:"X"`
		Y    []float64   `json:"y"`
		Fits []ridgeFit  `json:"fits"`
	} `json:"ridge"`
}

// loadReference reads testdata/reference.json, made by
// testdata/make_reference.py with scikit-learn 1.2.1 / scipy 1.10.
func loadReference(t testing.TB) *reference {
	t.Helper()
	raw, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	return &ref
}

func dense(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		m.SetRow(i, r)
	}
	return m
}

// TestLogisticExactOptimum compares the coefficients with the exact optimum
// of scikit-learn's objective (Newton's method to a gradient < 1e-10, see
// testdata/make_reference.py) and the predictions with scikit-learn's.
func TestLogisticExactOptimum(t *testing.T) {
	const (
		coefTol = 1e-6  // |ours − exact optimum| per coefficient, at Tol 1e-9
		objTol  = 1e-9  // relative objective difference
		probTol = 1e-3  // sklearn stops ~1e-4 short of the optimum: probabilities differ that much
		sumTol  = 1e-12 // probability rows sum to one
	)
	ref := loadReference(t)
	for _, c := range ref.Logistic {
		t.Run(c.Name, func(t *testing.T) {
			X := dense(c.X)
			m, err := LogisticRegression{C: c.C, Tol: 1e-9, MaxIter: 5000, Progress: progress.Silent}.Fit(X, c.Y)
			if err != nil {
				t.Fatal(err)
			}
			if !m.Converged {
				t.Errorf("not converged after %d iterations", m.Iterations)
			}
			if math.Abs(m.Objective-c.Objective) > objTol*c.Objective {
				t.Errorf("objective %.12f, want %.12f", m.Objective, c.Objective)
			}
			rows, d := m.Coef.Dims()
			if rows != len(c.Coef) || d != len(c.Coef[0]) {
				t.Fatalf("Coef is %d×%d, want %d×%d", rows, d, len(c.Coef), len(c.Coef[0]))
			}
			worst := 0.0
			for k := range c.Coef {
				for j, want := range c.Coef[k] {
					worst = max(worst, math.Abs(m.Coef.At(k, j)-want))
				}
				worst = max(worst, math.Abs(m.Intercept[k]-c.Intercept[k]))
			}
			t.Logf("%d iterations, max coef error %.2g", m.Iterations, worst)
			if worst > coefTol {
				t.Errorf("max |coef − optimum| = %.3g > %g", worst, coefTol)
			}
			pred, err := m.Predict(X)
			if err != nil {
				t.Fatal(err)
			}
			diff := 0
			for i := range pred {
				if pred[i] != c.SklearnPredict[i] {
					diff++
				}
			}
			if diff > 0 {
				t.Errorf("%d of %d predictions differ from scikit-learn's", diff, len(pred))
			}
			P, err := m.PredictProba(X)
			if err != nil {
				t.Fatal(err)
			}
			for i := range c.SklearnProba {
				s := 0.0
				for j, want := range c.SklearnProba[i] {
					s += P.At(i, j)
					if math.Abs(P.At(i, j)-want) > probTol {
						t.Errorf("proba[%d,%d]=%g, sklearn %g", i, j, P.At(i, j), want)
					}
				}
				if math.Abs(s-1) > sumTol {
					t.Errorf("proba row %d sums to %v", i, s)
				}
			}
		})
	}
}

// TestLogisticLabelIds checks that arbitrary label ids give the same fit as
// 0..K-1 and come back in Classes, sorted.
func TestLogisticLabelIds(t *testing.T) {
	ref := loadReference(t)
	c := ref.Logistic[0] // iris
	X := dense(c.X)
	ids := []int{7, 3, 12}
	y2 := make([]int, len(c.Y))
	for i, v := range c.Y {
		y2[i] = ids[v]
	}
	a, err := LogisticRegression{Progress: progress.Silent}.Fit(X, c.Y)
	if err != nil {
		t.Fatal(err)
	}
	b, err := LogisticRegression{Progress: progress.Silent}.Fit(X, y2)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Classes; len(got) != 3 || got[0] != 3 || got[1] != 7 || got[2] != 12 {
		t.Fatalf("Classes = %v, want [3 7 12]", got)
	}
	pa, _ := a.Predict(X)
	pb, _ := b.Predict(X)
	for i := range pa {
		if ids[pa[i]] != pb[i] {
			t.Fatalf("row %d: %d vs %d", i, ids[pa[i]], pb[i])
		}
	}
}

// TestLogisticDeterministic: the same fit bit for bit at GOMAXPROCS 1 and 4,
// on more rows than one chunk.
func TestLogisticDeterministic(t *testing.T) {
	n, d := 3*chunkRows+17, 6
	X := mat.NewDense(n, d, nil)
	y := make([]int, n)
	state := uint64(12345)
	rnd := func() float64 {
		state = state*6364136223846793005 + 1442695040888963407
		return float64(state>>11)/float64(1<<53) - 0.5
	}
	for i := 0; i < n; i++ {
		y[i] = i % 3
		for j := 0; j < d; j++ {
			X.Set(i, j, rnd()+0.3*float64(y[i]*j%4))
		}
	}
	fit := func(procs int) *LogisticRegressionModel {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		m, err := LogisticRegression{MaxIter: 30, Progress: progress.Silent}.Fit(X, y)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	a, b := fit(1), fit(4)
	if !mat.Equal(a.Coef, b.Coef) || a.Objective != b.Objective {
		t.Fatalf("GOMAXPROCS changes the fit: objective %v vs %v", a.Objective, b.Objective)
	}
}

func TestLogisticErrors(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{0, 1, 1, 0, 2, 2, 3, 1})
	nan := mat.DenseCopyOf(X)
	nan.Set(2, 1, math.NaN())
	inf := mat.DenseCopyOf(X)
	inf.Set(0, 0, math.Inf(1))
	tests := []struct {
		name string
		e    LogisticRegression
		X    *mat.Dense
		y    []int
		want error
		msg  string
	}{
		{"one class", LogisticRegression{}, X, []int{3, 3, 3, 3}, check.ErrValue, "y has one class (label 3); logistic regression needs at least two"},
		{"C negative", LogisticRegression{C: -1}, X, []int{0, 1, 0, 1}, check.ErrValue, "C=-1"},
		{"C NaN", LogisticRegression{C: math.NaN()}, X, []int{0, 1, 0, 1}, check.ErrValue, "C=NaN"},
		{"Tol negative", LogisticRegression{Tol: -1}, X, []int{0, 1, 0, 1}, check.ErrValue, "Tol=-1"},
		{"MaxIter negative", LogisticRegression{MaxIter: -2}, X, []int{0, 1, 0, 1}, check.ErrValue, "MaxIter=-2"},
		{"NaN", LogisticRegression{}, nan, []int{0, 1, 0, 1}, check.ErrNaN, "X[2,1]=NaN"},
		{"Inf", LogisticRegression{}, inf, []int{0, 1, 0, 1}, check.ErrNaN, "X[0,0]=+Inf"},
		{"shape", LogisticRegression{}, X, []int{0, 1, 0}, check.ErrShape, "y has 3 labels, want 4"},
		{"negative label", LogisticRegression{}, X, []int{0, 1, -1, 1}, check.ErrValue, "y[2]=-1"},
		{"nil X", LogisticRegression{}, nil, []int{0, 1}, check.ErrEmpty, "X is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.e.Fit(tt.X, tt.y)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.msg) || !strings.HasPrefix(err.Error(), "linear: LogisticRegression.Fit: ") {
				t.Fatalf("err = %q, want it to contain %q", err, tt.msg)
			}
		})
	}
	m, err := LogisticRegression{Progress: progress.Silent}.Fit(X, []int{0, 1, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Predict(mat.NewDense(2, 3, nil)); !errors.Is(err, check.ErrShape) {
		t.Fatalf("Predict with 3 columns: err = %v, want ErrShape", err)
	}
	if _, err := m.PredictProba(nan); !errors.Is(err, check.ErrNaN) {
		t.Fatalf("PredictProba with NaN: err = %v, want ErrNaN", err)
	}
}

// TestLogisticProbaStable: huge scores must not overflow the softmax.
func TestLogisticProbaStable(t *testing.T) {
	m := &LogisticRegressionModel{Classes: []int{0, 1, 2}, Coef: mat.NewDense(3, 1, []float64{1000, -1000, 0}), Intercept: []float64{0, 0, 0}}
	P, err := m.PredictProba(mat.NewDense(2, 1, []float64{5, -5}))
	if err != nil {
		t.Fatal(err)
	}
	if P.At(0, 0) != 1 || P.At(1, 1) != 1 || math.IsNaN(P.At(0, 2)) {
		t.Fatalf("P = %v", mat.Formatted(P))
	}
}

// TestLogisticContext: a cancelled context stops the fit with its error.
func TestLogisticContext(t *testing.T) {
	ref := loadReference(t)
	c := ref.Logistic[0]
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := LogisticRegression{Progress: progress.Silent}.FitContext(ctx, dense(c.X), c.Y)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// recorder counts progress calls.
type recorder struct{ starts, updates, finishes int }

func (r *recorder) Start(string, int)              { r.starts++ }
func (r *recorder) Update(int, ...progress.Metric) { r.updates++ }
func (r *recorder) Finish(string)                  { r.finishes++ }

func TestLogisticProgress(t *testing.T) {
	ref := loadReference(t)
	c := ref.Logistic[0]
	var r recorder
	m, err := LogisticRegression{MaxIter: 7, Progress: &r}.Fit(dense(c.X), c.Y)
	if err != nil {
		t.Fatal(err)
	}
	if r.starts != 1 || r.finishes != 1 || r.updates != m.Iterations || m.Iterations != 7 || m.Converged {
		t.Fatalf("progress %+v, iterations %d, converged %v", r, m.Iterations, m.Converged)
	}
}
