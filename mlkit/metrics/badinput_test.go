package metrics

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	bt "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/badtest"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// TestBadInputLabels: every metric of two labellings against nil, empty,
// mismatched, negative and huge labels, and one class.
func TestBadInputLabels(t *testing.T) {
	truth := []int{0, 0, 1, 1, 2, 2}
	pred := []int{0, 1, 1, 1, 2, 0}
	pair := map[string]func(a, b []int) (float64, error){
		"Accuracy":             Accuracy,
		"AdjustedRandIndex":    AdjustedRandIndex,
		"NormalizedMutualInfo": NormalizedMutualInfo,
		"AdjustedMutualInfo":   AdjustedMutualInfo,
		"FowlkesMallows":       FowlkesMallows,
		"Purity":               Purity,
		"VMeasure":             func(a, b []int) (float64, error) { _, _, v, err := VMeasure(a, b); return v, err },
		"AlignLabels": func(a, b []int) (float64, error) {
			al, err := AlignLabels(a, b)
			if err != nil {
				return 0, err
			}
			return al.Accuracy, nil
		},
		"Contingency": func(a, b []int) (float64, error) {
			c, err := Contingency(a, b)
			if err != nil {
				return 0, err
			}
			return c.Counts.At(0, 0), nil
		},
		"PrecisionRecallF1": func(a, b []int) (float64, error) {
			r, err := PrecisionRecallF1(a, b)
			if err != nil {
				return 0, err
			}
			return r.Macro.F1, nil
		},
	}
	for name, f := range pair {
		for _, c := range []struct {
			name string
			a, b []int
			want error
			msg  string
		}{
			{"nil truth", nil, pred, mlkit.ErrEmpty, "truth"},
			{"empty pred", truth, []int{}, mlkit.ErrShape, "pred has 0"},
			{"mismatched", truth, pred[:4], mlkit.ErrShape, "6"},
			{"negative label", truth, []int{0, -1, 1, 1, 2, 0}, mlkit.ErrValue, "pred[1]=-1"},
			{"huge labels", []int{0, 1 << 50, 1 << 50, 0, 7, 7}, []int{1 << 40, 0, 0, 1 << 40, 3, 3}, nil, ""},
			{"one class", []int{3, 3, 3, 3}, []int{3, 3, 3, 3}, nil, ""},
			{"one row", []int{1}, []int{0}, nil, ""},
		} {
			v, err := func() (v float64, err error) {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s: %s: panic %v", name, c.name, r)
					}
				}()
				return f(c.a, c.b)
			}()
			bt.Err(t, name+": "+c.name, err, c.want, c.msg)
			if err == nil && !bt.Finite(v) {
				t.Errorf("%s: %s: %v, want a finite value", name, c.name, v)
			}
		}
	}
	_, err := ConfusionMatrix(truth, pred, 1<<40)
	bt.Err(t, "ConfusionMatrix huge nClasses", err, mlkit.ErrValue, "nClasses=1099511627776")
	_, err = ConfusionMatrix(truth, pred, 2)
	bt.Err(t, "ConfusionMatrix label ≥ nClasses", err, mlkit.ErrValue, "want a label in [0, 2)")
	_, err = ConfusionMatrix(truth, pred, 0)
	bt.Err(t, "ConfusionMatrix nClasses=0", err, mlkit.ErrValue, "nClasses=0")
}

// TestBadInputProba: probability metrics against nil, NaN, shapes and one
// class.
func TestBadInputProba(t *testing.T) {
	truth := []int{0, 1, 1, 0}
	P := mat.NewDense(4, 2, []float64{0.9, 0.1, 0.2, 0.8, 0.4, 0.6, 0.7, 0.3})
	var nilDense *mat.Dense
	score := []float64{0.1, 0.8, 0.6, 0.3}
	for _, c := range []struct {
		name string
		err  error
		want error
		msg  string
	}{
		{"LogLoss nil proba", second(LogLoss(truth, nil)), mlkit.ErrEmpty, "proba"},
		{"LogLoss typed nil", second(LogLoss(truth, nilDense)), mlkit.ErrEmpty, "proba"},
		{"LogLoss NaN", second(LogLoss(truth, bt.With(P, 1, 1, math.NaN()))), mlkit.ErrNaN, "proba[1,1]=NaN"},
		{"LogLoss rows", second(LogLoss(truth[:3], P)), mlkit.ErrShape, "3"},
		{"BrierScore Inf", second(BrierScore(truth, bt.With(P, 0, 0, math.Inf(1)))), mlkit.ErrNaN, "proba[0,0]=+Inf"},
		{"ECE bins", second(ECE(truth, P, -1)), mlkit.ErrValue, "bins=-1"},
		{"ECE nil", second(ECE(nil, P, 10)), mlkit.ErrEmpty, "truth"},
		{"ROCAUC one class", second(ROCAUC([]int{1, 1, 1, 1}, score)), mlkit.ErrValue, "only class 1"},
		{"ROCAUC NaN", second(ROCAUC(truth, []float64{0, math.NaN(), 1, 0})), mlkit.ErrNaN, "NaN"},
		{"ROCAUC mismatched", second(ROCAUC(truth, score[:2])), mlkit.ErrShape, ""},
		{"BrierBinary nil", second(BrierBinary(truth, nil)), mlkit.ErrShape, "probPos 0"},
	} {
		bt.Err(t, c.name, c.err, c.want, c.msg)
	}
	if v, err := ROCAUC(truth, []float64{1e-300, 1e300, 1e299, -1e300}); err != nil || v != 1 {
		t.Errorf("ROCAUC of extreme scores: %v, %v, want 1", v, err)
	}
}

func second[T any](_ T, err error) error { return err }

// TestBadInputInternal: the internal indices and trustworthiness against the
// table; they are ratios or ranks, so 1e±300 data give the same values.
func TestBadInputInternal(t *testing.T) {
	X, y := bt.Blobs(60, 3, 3, 1)
	Y := bt.Rows(X, 60).Slice(0, 60, 0, 2).(*mat.Dense)
	var nilDense *mat.Dense
	internal := map[string]func(X *mat.Dense, y []int) (float64, error){
		"Silhouette":       Silhouette,
		"DaviesBouldin":    DaviesBouldin,
		"CalinskiHarabasz": CalinskiHarabasz,
		"Trustworthiness":  func(X *mat.Dense, _ []int) (float64, error) { return Trustworthiness(X, Y, 5) },
	}
	for name, f := range internal {
		ref, err := f(X, y)
		if err != nil {
			t.Fatal(name, err)
		}
		for _, c := range []struct {
			name string
			X    *mat.Dense
			y    []int
			want error
			msg  string
			same bool
		}{
			{"nil X", nil, y, mlkit.ErrEmpty, "X is nil", false},
			{"typed nil X", nilDense, y, mlkit.ErrEmpty, "X is", false},
			{"empty X", &mat.Dense{}, y, mlkit.ErrEmpty, "X is", false},
			{"NaN", bt.With(X, 3, 1, math.NaN()), y, mlkit.ErrNaN, "X[3,1]=NaN", false},
			{"+Inf", bt.With(X, 3, 2, math.Inf(1)), y, mlkit.ErrNaN, "X[3,2]=+Inf", false},
			{"-Inf", bt.With(X, 4, 0, math.Inf(-1)), y, mlkit.ErrNaN, "X[4,0]=-Inf", false},
			{"1e300", bt.Scaled(X, 1e300), y, nil, "", true},
			{"1e-300", bt.Scaled(X, 1e-300), y, nil, "", true},
			{"2^-1000", bt.Scaled(X, 0x1p-1000), y, nil, "", true},
			{"duplicate rows", dupRows(X), append(append([]int(nil), y...), y...), nil, "", false},
		} {
			if name == "Trustworthiness" && c.name == "duplicate rows" {
				continue
			}
			v, err := f(c.X, c.y)
			bt.Err(t, name+": "+c.name, err, c.want, c.msg)
			if err == nil && !bt.Finite(v) {
				t.Errorf("%s: %s: %v, want a finite value", name, c.name, v)
			}
			if err == nil && c.same && math.Abs(v-ref) > 1e-9*max(1, math.Abs(ref)) {
				t.Errorf("%s: %s: %v, want the unscaled data's %v", name, c.name, v, ref)
			}
		}
	}
	for _, name := range []string{"Silhouette", "DaviesBouldin", "CalinskiHarabasz"} {
		f := internal[name]
		_, err := f(X, make([]int, 60))
		bt.Err(t, name+": one cluster", err, mlkit.ErrValue, "1 distinct")
		_, err = f(X, y[:50])
		bt.Err(t, name+": mismatched labels", err, mlkit.ErrShape, "50 labels")
		all := make([]int, 60)
		for i := range all {
			all[i] = i
		}
		_, err = f(X, all)
		bt.Err(t, name+": K = n", err, mlkit.ErrValue, "60 distinct")
	}
	// Identical rows: Calinski–Harabasz's documented value is 1 (W = 0),
	// not the rounding noise of the centroids.
	same := bt.Const(40, 3, 0.1)
	lab := make([]int, 40)
	for i := range lab {
		lab[i] = i % 3
	}
	if v, err := CalinskiHarabasz(same, lab); err != nil || v != 1 {
		t.Errorf("CalinskiHarabasz on identical rows: %v, %v, want 1", v, err)
	}
	if v, err := DaviesBouldin(same, lab); err != nil || v != 0 {
		t.Errorf("DaviesBouldin on identical rows: %v, %v, want 0", v, err)
	}
	_, err := SilhouetteContext(bt.Cancelled(), X, y, progress.Silent)
	bt.Err(t, "SilhouetteContext cancelled", err, context.Canceled, "context canceled")
	_, err = Trustworthiness(X, bt.Rows(Y, 50), 5)
	bt.Err(t, "Trustworthiness rows", err, mlkit.ErrShape, "Y has 50 rows")
	_, err = Trustworthiness(X, Y, 30)
	bt.Err(t, "Trustworthiness k", err, mlkit.ErrValue, "k=30")
}

func dupRows(X *mat.Dense) *mat.Dense {
	n, d := X.Dims()
	out := mat.NewDense(2*n, d, nil)
	for i := 0; i < 2*n; i++ {
		out.SetRow(i, X.RawRowView(i%n))
	}
	return out
}

// TestBadInputRegression: MSE, MAE and R² against the table; R² is a ratio
// and gives the same value at 1e±300, the means of squares say when they
// leave float64's range.
func TestBadInputRegression(t *testing.T) {
	y := []float64{1, 2, 3, 4, 5}
	yhat := []float64{1.1, 1.9, 3.2, 3.7, 5.1}
	scaled := func(v []float64, s float64) []float64 {
		out := make([]float64, len(v))
		for i := range v {
			out[i] = v[i] * s
		}
		return out
	}
	ref, _ := R2(y, yhat)
	// Subnormal inputs keep only a few digits of y and yhat themselves.
	for s, tol := range map[float64]float64{1e300: 1e-9, 1e-300: 1e-9, 0x1p-1060: 1e-2} {
		if v, err := R2(scaled(y, s), scaled(yhat, s)); err != nil || math.Abs(v-ref) > tol {
			t.Errorf("R2 at scale %g: %v, %v, want %v", s, v, err, ref)
		}
	}
	for _, c := range []struct {
		name string
		err  error
		want error
		msg  string
	}{
		{"MSE 1e300", second(MSE(scaled(y, 1e300), scaled(yhat, 1e300))), mlkit.ErrNaN, "overflow"},
		{"MSE 1e-300", second(MSE(scaled(y, 1e-300), scaled(yhat, 1e-300))), mlkit.ErrNaN, "underflow"},
		{"MAE ±1.7e308", second(MAE([]float64{1.7e308}, []float64{-1.7e308})), mlkit.ErrNaN, "overflow"},
		{"MSE nil", second(MSE(nil, yhat)), mlkit.ErrEmpty, "y is empty"},
		{"MAE NaN", second(MAE(y, []float64{1, math.NaN(), 1, 1, 1})), mlkit.ErrNaN, "yhat[1]=NaN"},
		{"R2 mismatched", second(R2(y, yhat[:3])), mlkit.ErrShape, "y has 5 values and yhat 3"},
		{"R2 Inf", second(R2([]float64{1, math.Inf(-1)}, []float64{1, 2})), mlkit.ErrNaN, "y[1]=-Inf"},
	} {
		bt.Err(t, c.name, c.err, c.want, c.msg)
	}
	if v, err := MAE(scaled(y, 1e-300), scaled(yhat, 1e-300)); err != nil || !(v > 0) {
		t.Errorf("MAE at 1e-300: %v, %v, want a positive value", v, err)
	}
	if v, err := R2([]float64{2, 2, 2}, []float64{2, 2, 2}); err != nil || v != 1 {
		t.Errorf("R2 of a constant predicted exactly: %v, %v, want 1", v, err)
	}
}
