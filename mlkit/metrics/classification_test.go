package metrics_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
	"gonum.org/v1/gonum/mat"
)

// Expected values: scikit-learn 1.2.1 accuracy_score, confusion_matrix
// (labels 0..nClasses-1), precision_recall_fscore_support (zero_division=0,
// labels = union of truth and pred) (testdata/make_reference.py).
func TestClassificationReference(t *testing.T) {
	for _, c := range loadRef(t).Classification {
		t.Run(c.Name, func(t *testing.T) {
			acc, err := metrics.Accuracy(c.Truth, c.Pred)
			if err != nil {
				t.Fatal(err)
			}
			near(t, "Accuracy", acc, c.Accuracy, tolExact)
			cm, err := metrics.ConfusionMatrix(c.Truth, c.Pred, c.NClasses)
			if err != nil {
				t.Fatal(err)
			}
			for i := range c.NClasses {
				for j := range c.NClasses {
					if cm.At(i, j) != c.Confusion[i][j] {
						t.Errorf("confusion[%d,%d]=%v, want %v", i, j, cm.At(i, j), c.Confusion[i][j])
					}
				}
			}
			r, err := metrics.PrecisionRecallF1(c.Truth, c.Pred)
			if err != nil {
				t.Fatal(err)
			}
			if !equalInts(r.Classes, c.Classes) || !equalInts(r.Support, c.Support) {
				t.Fatalf("classes %v support %v, want %v %v", r.Classes, r.Support, c.Classes, c.Support)
			}
			for i := range r.Classes {
				near(t, "precision", r.Precision[i], c.Precision[i], tolExact)
				near(t, "recall", r.Recall[i], c.Recall[i], tolExact)
				near(t, "f1", r.F1[i], c.F1[i], tolExact)
			}
			for _, a := range []struct {
				name string
				got  metrics.Averages
				want []float64
			}{{"macro", r.Macro, c.Macro}, {"weighted", r.Weighted, c.Weighted}} {
				near(t, a.name+" precision", a.got.Precision, a.want[0], tolExact)
				near(t, a.name+" recall", a.got.Recall, a.want[1], tolExact)
				near(t, a.name+" f1", a.got.F1, a.want[2], tolExact)
			}
			if s := r.String(); !strings.Contains(s, "weighted avg") || strings.Count(s, "\n") != len(r.Classes)+6 {
				t.Errorf("report:\n%s", s)
			}
		})
	}
}

// Expected values: sklearn log_loss (eps="auto", labels 0..K-1); multiclass
// Brier and top-label ECE computed with numpy in make_reference.py (sklearn
// 1.2 has neither); roc_auc_score and brier_score_loss for binary labels.
func TestProbaReference(t *testing.T) {
	r := loadRef(t)
	for _, c := range r.Proba {
		P := dense(len(c.Truth), c.K, c.Proba)
		for i := range len(c.Truth) {
			if s := mat.Sum(P.RowView(i)); math.Abs(s-1) > 1e-12 {
				t.Fatalf("%s: proba row %d sums to %v", c.Name, i, s)
			}
		}
		ll, err := metrics.LogLoss(c.Truth, P)
		if err != nil {
			t.Fatal(err)
		}
		near(t, c.Name+" LogLoss", ll, c.LogLoss, tolExact)
		b, err := metrics.BrierScore(c.Truth, P)
		if err != nil {
			t.Fatal(err)
		}
		near(t, c.Name+" BrierScore", b, c.Brier, tolExact)
		e10, _ := metrics.ECE(c.Truth, P, 10)
		e15, _ := metrics.ECE(c.Truth, P, 15)
		near(t, c.Name+" ECE10", e10, c.ECE10, tolExact)
		near(t, c.Name+" ECE15", e15, c.ECE15, tolExact)
		if c.K == 2 {
			// Two classes: the multiclass Brier is twice sklearn's binary one.
			pos := mat.Col(nil, 1, P)
			bb, _ := metrics.BrierBinary(c.Truth, pos)
			near(t, "2·BrierBinary", 2*bb, b, tolExact)
		}
	}
	for _, c := range r.Binary {
		auc, err := metrics.ROCAUC(c.Truth, c.Score)
		if err != nil {
			t.Fatal(err)
		}
		near(t, c.Name+" ROCAUC", auc, c.ROCAUC, tolExact)
		b, err := metrics.BrierBinary(c.Truth, c.Score)
		if err != nil {
			t.Fatal(err)
		}
		near(t, c.Name+" BrierBinary", b, c.Brier, tolExact)
	}
}

// Expected values: sklearn mean_squared_error, mean_absolute_error, r2_score
// (force_finite) including constant targets.
func TestRegressionReference(t *testing.T) {
	for _, c := range loadRef(t).Regression {
		for _, f := range []struct {
			name string
			fn   func(a, b []float64) (float64, error)
			want float64
		}{{"MSE", metrics.MSE, c.MSE}, {"MAE", metrics.MAE, c.MAE}, {"R2", metrics.R2, c.R2}} {
			got, err := f.fn(c.Y, c.Yhat)
			if err != nil {
				t.Fatal(err)
			}
			near(t, c.Name+" "+f.name, got, f.want, tolExact)
		}
	}
}

func TestClassificationErrors(t *testing.T) {
	P := mat.NewDense(2, 2, []float64{0.3, 0.7, 0.6, 0.4})
	bad := mat.NewDense(2, 2, []float64{0.3, 0.8, 0.6, 0.4})
	neg := mat.NewDense(2, 2, []float64{-0.1, 1.1, 0.6, 0.4})
	nan := mat.NewDense(2, 2, []float64{math.NaN(), 0.7, 0.6, 0.4})
	for _, c := range []struct {
		name string
		err  error
		want error
	}{
		{"Accuracy empty", second(metrics.Accuracy(nil, nil)), check.ErrEmpty},
		{"Accuracy lengths", second(metrics.Accuracy([]int{1}, []int{1, 2})), check.ErrShape},
		{"Confusion label ≥ n", second(metrics.ConfusionMatrix([]int{0, 3}, []int{0, 1}, 3)), check.ErrValue},
		{"Confusion nClasses 0", second(metrics.ConfusionMatrix([]int{0}, []int{0}, 0)), check.ErrValue},
		{"PRF negative", second(metrics.PrecisionRecallF1([]int{0, -2}, []int{0, 1})), check.ErrValue},
		{"LogLoss rows", second(metrics.LogLoss([]int{0}, P)), check.ErrShape},
		{"LogLoss label ≥ K", second(metrics.LogLoss([]int{0, 2}, P)), check.ErrValue},
		{"LogLoss row sum", second(metrics.LogLoss([]int{0, 1}, bad)), check.ErrValue},
		{"LogLoss negative p", second(metrics.LogLoss([]int{0, 1}, neg)), check.ErrValue},
		{"LogLoss NaN", second(metrics.LogLoss([]int{0, 1}, nan)), check.ErrNaN},
		{"LogLoss nil", second(metrics.LogLoss([]int{0, 1}, nil)), check.ErrEmpty},
		{"Brier NaN", second(metrics.BrierScore([]int{0, 1}, nan)), check.ErrNaN},
		{"ECE bins", second(metrics.ECE([]int{0, 1}, P, 0)), check.ErrValue},
		{"AUC one class", second(metrics.ROCAUC([]int{1, 1}, []float64{0.2, 0.3})), check.ErrValue},
		{"AUC label 2", second(metrics.ROCAUC([]int{0, 2}, []float64{0.2, 0.3})), check.ErrValue},
		{"AUC NaN", second(metrics.ROCAUC([]int{0, 1}, []float64{0.2, math.NaN()})), check.ErrNaN},
		{"BrierBinary p>1", second(metrics.BrierBinary([]int{0, 1}, []float64{0.2, 1.3})), check.ErrValue},
		{"MSE lengths", second(metrics.MSE([]float64{1}, []float64{1, 2})), check.ErrShape},
		{"MAE empty", second(metrics.MAE(nil, nil)), check.ErrEmpty},
		{"R2 Inf", second(metrics.R2([]float64{1, math.Inf(1)}, []float64{1, 2})), check.ErrNaN},
	} {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: err %v, want %v", c.name, c.err, c.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }
