package calibrate_test

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/calibrate"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/linear"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/neighbors"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/svm"
)

// twoBlobs returns n rows per class of two overlapping 2-d Gaussian-ish
// clouds from a fixed LCG (no dependence on the kit's generators).
func twoBlobs(n, classes int) (*mat.Dense, []int) {
	X := mat.NewDense(n*classes, 2, nil)
	y := make([]int, n*classes)
	s := uint64(12345)
	u := func() float64 { s = s*6364136223846793005 + 1442695040888963407; return float64(s>>11) / (1 << 53) }
	for c := range classes {
		for i := range n {
			r := c*n + i
			X.Set(r, 0, float64(c)+1.5*(u()+u()+u()-1.5))
			X.Set(r, 1, float64(c%2)+1.5*(u()+u()+u()-1.5))
			y[r] = c
		}
	}
	return X, y
}

func TestCalibratedClassifierCV(t *testing.T) {
	X, y := twoBlobs(30, 3)
	base := calibrate.Logistic{LogisticRegression: linear.LogisticRegression{}}
	for _, tc := range []struct {
		name    string
		est     calibrate.CalibratedClassifier
		members int
	}{
		{"default 5-fold", calibrate.CalibratedClassifier{Base: base}, 5},
		{"3-fold isotonic", calibrate.CalibratedClassifier{Base: base, CV: 3, Method: calibrate.IsotonicMethod}, 3},
		{"3-fold pooled", calibrate.CalibratedClassifier{Base: base, CV: 3, Combine: calibrate.Pooled}, 1},
		{"leave-one-out", calibrate.CalibratedClassifier{Base: base, CV: calibrate.LeaveOneOut}, 1},
		{"k-NN", calibrate.CalibratedClassifier{Base: calibrate.KNN{KNNClassifier: neighbors.KNNClassifier{K: 7}}}, 5},
	} {
		m, err := tc.est.Fit(X, y)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(m.Members) != tc.members {
			t.Errorf("%s: %d members, want %d", tc.name, len(m.Members), tc.members)
		}
		P, err := m.PredictProba(X)
		if err != nil {
			t.Fatal(err)
		}
		pred, _ := m.Predict(X)
		ok := 0
		for i := range pred {
			row := P.RawRowView(i)
			s := 0.0
			for _, v := range row {
				if v < 0 || v > 1 || math.IsNaN(v) {
					t.Fatalf("%s: row %d = %v, want probabilities", tc.name, i, row)
				}
				s += v
			}
			if math.Abs(s-1) > 1e-12 {
				t.Errorf("%s: row %d sums to %v", tc.name, i, s)
			}
			if pred[i] == y[i] {
				ok++
			}
		}
		if acc := float64(ok) / float64(len(y)); acc < 0.6 {
			t.Errorf("%s: training accuracy %.2f, want > 0.6 on three overlapping blobs", tc.name, acc)
		}
	}
}

func TestCalibratedDeterministicAndGob(t *testing.T) {
	for _, base := range []calibrate.Estimator{calibrate.Logistic{}, calibrate.SVC{}} {
		t.Run(fmt.Sprintf("%T", base), func(t *testing.T) { deterministicAndGob(t, base) })
	}
}

func deterministicAndGob(t *testing.T, base calibrate.Estimator) {
	X, y := twoBlobs(20, 3)
	est := calibrate.CalibratedClassifier{Base: base, CV: 4, Seed: 3}
	m, err := est.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	old := runtime.GOMAXPROCS(1)
	m1, _ := est.Fit(X, y)
	runtime.GOMAXPROCS(old)
	P, _ := m.PredictProba(X)
	P1, _ := m1.PredictProba(X)
	if !mat.Equal(P, P1) {
		t.Error("seed 3 gave different probabilities at GOMAXPROCS 1 and N")
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(m); err != nil {
		t.Fatal(err)
	}
	var back calibrate.CalibratedClassifierModel
	if err := gob.NewDecoder(&buf).Decode(&back); err != nil {
		t.Fatal(err)
	}
	P2, err := back.PredictProba(X)
	if err != nil || !mat.Equal(P, P2) {
		t.Errorf("gob round trip changed the probabilities (%v)", err)
	}
}

func TestWrap(t *testing.T) {
	X, y := twoBlobs(15, 2)
	for _, base := range []any{linear.LogisticRegression{}, neighbors.KNNClassifier{K: 3}, svm.SVC{}} {
		e, err := calibrate.Wrap(base)
		if err != nil {
			t.Fatalf("Wrap(%T): %v", base, err)
		}
		m, err := calibrate.CalibratedClassifier{Base: e, CV: 3}.Fit(X, y)
		if err != nil {
			t.Fatalf("%T: %v", base, err)
		}
		if _, err := m.PredictProba(X); err != nil {
			t.Fatal(err)
		}
	}
	// Wrap and the typed adapter agree.
	w, _ := calibrate.Wrap(linear.LogisticRegression{})
	a, _ := calibrate.CalibratedClassifier{Base: w, CV: 3}.Fit(X, y)
	b, _ := calibrate.CalibratedClassifier{Base: calibrate.Logistic{}, CV: 3}.Fit(X, y)
	Pa, _ := a.PredictProba(X)
	Pb, _ := b.PredictProba(X)
	if !mat.Equal(Pa, Pb) {
		t.Error("Wrap(LogisticRegression) and Logistic give different probabilities")
	}
}

// noScores is a classifier whose model can only predict labels.
type noScores struct{}
type noScoresModel struct{ Classes []int }

func (noScores) Fit(X *mat.Dense, y []int) (*noScoresModel, error) {
	return &noScoresModel{Classes: []int{0, 1}}, nil
}
func (*noScoresModel) Predict(X *mat.Dense) ([]int, error) { return nil, nil }

// nilScorer is an Estimator whose scorer returns no scores.
type nilScorer struct{ classes []int }

func (e nilScorer) FitScorer(*mat.Dense, []int) (calibrate.Scorer, error) { return e, nil }
func (e nilScorer) Scores(*mat.Dense) (*mat.Dense, error)                 { return nil, nil }
func (e nilScorer) Classes() []int                                        { return e.classes }

// wideScorer returns 3 columns for 2 classes.
type wideScorer struct{}

func (e wideScorer) FitScorer(*mat.Dense, []int) (calibrate.Scorer, error) { return e, nil }
func (e wideScorer) Scores(X *mat.Dense) (*mat.Dense, error) {
	n, _ := X.Dims()
	return mat.NewDense(n, 3, nil), nil
}
func (e wideScorer) Classes() []int { return []int{0, 1} }

func TestBadInput(t *testing.T) {
	X, y := twoBlobs(6, 2)
	nanX := mat.DenseCopyOf(X)
	nanX.Set(3, 1, math.NaN())
	lr := calibrate.Logistic{}
	fit := func(c calibrate.CalibratedClassifier, X *mat.Dense, y []int) error { _, err := c.Fit(X, y); return err }
	sig := func(s []float64, y []int) error { _, err := calibrate.Sigmoid{}.Fit(s, y); return err }
	iso := func(s []float64, y []int) error { _, err := calibrate.Isotonic{}.Fit(s, y); return err }
	wrap := func(v any) error { _, err := calibrate.Wrap(v); return err }
	for _, tc := range []struct {
		name string
		err  error
		want error
		msg  string
	}{
		{"Sigmoid empty", sig(nil, nil), mlkit.ErrEmpty, "scores is empty"},
		{"Sigmoid NaN", sig([]float64{1, math.NaN()}, []int{0, 1}), mlkit.ErrNaN, "scores[1]=NaN"},
		{"Sigmoid lengths", sig([]float64{1, 2, 3}, []int{0, 1}), mlkit.ErrShape, "scores has 3 values and y 2 labels"},
		{"Sigmoid one class", sig([]float64{1, 2}, []int{1, 1}), mlkit.ErrValue, "only label 1"},
		{"Sigmoid label 2", sig([]float64{1, 2}, []int{0, 2}), mlkit.ErrValue, "y[1]=2"},
		{"Sigmoid Tol", second(calibrate.Sigmoid{Tol: -1}.Fit([]float64{1, 2}, []int{0, 1})), mlkit.ErrValue, "Tol=-1"},
		{"Isotonic Inf", iso([]float64{math.Inf(1), 2}, []int{0, 1}), mlkit.ErrNaN, "scores[0]=+Inf"},
		{"Isotonic one class", iso([]float64{1, 2}, []int{0, 0}), mlkit.ErrValue, "only label 0"},
		{"Fit nil base", fit(calibrate.CalibratedClassifier{}, X, y), mlkit.ErrValue, "Base is nil"},
		{"Fit nil X", fit(calibrate.CalibratedClassifier{Base: lr}, nil, y), mlkit.ErrEmpty, "X is a nil"},
		{"Fit NaN X", fit(calibrate.CalibratedClassifier{Base: lr}, nanX, y), mlkit.ErrNaN, "X[3,1]=NaN"},
		{"Fit lengths", fit(calibrate.CalibratedClassifier{Base: lr}, X, y[:5]), mlkit.ErrShape, "y has 5 labels"},
		{"Fit one class", fit(calibrate.CalibratedClassifier{Base: lr}, X, make([]int, 12)), mlkit.ErrValue, "one class (label 0)"},
		{"Fit CV > class", fit(calibrate.CalibratedClassifier{Base: lr, CV: 7}, X, y), mlkit.ErrValue, "CV=7 folds exceeds the 6 members of class 0"},
		{"Fit default CV > class", fit(calibrate.CalibratedClassifier{Base: lr}, X.Slice(0, 8, 0, 2).(*mat.Dense), y[:8]), mlkit.ErrValue, "CV=5 folds exceeds the 2 members of class 1"},
		{"Fit CV 1", fit(calibrate.CalibratedClassifier{Base: lr, CV: 1}, X, y), mlkit.ErrValue, "CV=1"},
		{"Fit LOO singleton", fit(calibrate.CalibratedClassifier{Base: lr, CV: calibrate.LeaveOneOut}, X.Slice(0, 7, 0, 2).(*mat.Dense), y[:7]), mlkit.ErrValue, "class 1 has 1 member"},
		{"Fit LOO per fold", fit(calibrate.CalibratedClassifier{Base: lr, CV: calibrate.LeaveOneOut, Combine: calibrate.PerFold}, X, y), mlkit.ErrValue, "Combine=PerFold"},
		{"Fit Method", fit(calibrate.CalibratedClassifier{Base: lr, Method: 9}, X, y), mlkit.ErrValue, "Method=Method(9)"},
		{"Fit empty Folds", fit(calibrate.CalibratedClassifier{Base: lr, Folds: []data.Fold{}}, X, y), mlkit.ErrEmpty, "Folds is empty"},
		{"Fit Folds range", fit(calibrate.CalibratedClassifier{Base: lr, Folds: []data.Fold{{Train: []int{0, 11}, Test: []int{12}}}}, X, y), mlkit.ErrValue, "holds row 12"},
		{"base without scores (Wrap)", wrap(noScores{}), mlkit.ErrValue, "calibrate_test.noScores's model *calibrate_test.noScoresModel has no DecisionFunction or PredictProba"},
		{"base not a classifier (Wrap)", wrap(linear.Ridge{}), mlkit.ErrValue, "linear.Ridge has no method Fit(*mat.Dense, []int)"},
		{"Wrap nil", wrap(nil), mlkit.ErrValue, "est is nil"},
		{"base returning no scores", fit(calibrate.CalibratedClassifier{Base: nilScorer{[]int{0, 1}}, CV: 2}, X, y), mlkit.ErrValue, "calibrate_test.nilScorer returned no scores"},
		{"base with wrong classes", fit(calibrate.CalibratedClassifier{Base: nilScorer{[]int{0, 5}}, CV: 2}, X, y), mlkit.ErrValue, "knows classes [0 5], want [0 1]"},
		{"base with wrong shape", fit(calibrate.CalibratedClassifier{Base: wideScorer{}, CV: 2}, X, y), mlkit.ErrShape, "gave 6×3 scores for 6 rows and 2 classes, want 6×1"},
		{"base error", fit(calibrate.CalibratedClassifier{Base: calibrate.Logistic{LogisticRegression: linear.LogisticRegression{C: -1}}, CV: 2}, X, y), mlkit.ErrValue, "Base calibrate.Logistic on fold 0"},
	} {
		if tc.err == nil || !errors.Is(tc.err, tc.want) || !strings.Contains(tc.err.Error(), tc.msg) {
			t.Errorf("%s: got %v, want %v containing %q", tc.name, tc.err, tc.want, tc.msg)
		}
	}
	m, err := calibrate.CalibratedClassifier{Base: lr, CV: 2}.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.PredictProba(nanX); !errors.Is(err, mlkit.ErrNaN) {
		t.Errorf("PredictProba(NaN): got %v, want ErrNaN", err)
	}
	if _, err := m.Predict(mat.NewDense(1, 3, nil)); !errors.Is(err, mlkit.ErrShape) || !strings.Contains(err.Error(), "3 columns") {
		t.Errorf("Predict(3 columns): got %v, want ErrShape naming the columns", err)
	}
}

func second[T any](_ T, err error) error { return err }

func TestFitContextCancelled(t *testing.T) {
	X, y := twoBlobs(10, 2)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (calibrate.CalibratedClassifier{Base: calibrate.Logistic{}, CV: 2}).FitContext(ctx, X, y); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: got %v, want context.Canceled", err)
	}
}

// Scores of 1e300 or 1e-300 give the same sigmoid in A·f as ordinary ones:
// the fit works on scores scaled by a power of two.
func TestSigmoidExtremeScores(t *testing.T) {
	f := []float64{-2, -1.5, -0.5, 0.2, -0.1, 0.8, 1.5, 2.5}
	y := []int{0, 0, 0, 0, 1, 1, 1, 1}
	ref, err := calibrate.Sigmoid{}.Fit(f, y)
	if err != nil {
		t.Fatal(err)
	}
	for _, scale := range []float64{1e300, 1e-300, 1e150} {
		g := make([]float64, len(f))
		for i, v := range f {
			g[i] = v * scale
		}
		m, err := calibrate.Sigmoid{}.Fit(g, y)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(m.A*scale-ref.A) > 1e-12*math.Abs(ref.A) || math.Abs(m.B-ref.B) > 1e-12 || !m.Converged {
			t.Errorf("scale %g: A·scale=%v B=%v (converged %v), want %v %v", scale, m.A*scale, m.B, m.Converged, ref.A, ref.B)
		}
		for i, p := range m.Predict(g) {
			if want := ref.Predict(f[i : i+1])[0]; math.Abs(p-want) > 1e-12 {
				t.Errorf("scale %g: P(%v)=%v, want %v", scale, g[i], p, want)
			}
		}
	}
}
