package metrics_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
)

// tolCalibration: CalibrationCurve and AveragePrecision against
// scikit-learn 1.2.1 (testdata/make_calibration_reference.py). Same bin
// edges bit for bit (numpy's linspace and percentile rounding reproduced),
// sums in the same order; AP differs only by numpy's pairwise summation.
const tolCalibration = 1e-12

type calibrationRef struct {
	Curves []struct {
		Name, Strategy string
		Bins           int
		Truth          []int
		Prob           []float64
		ProbTrue       []float64 `json:"prob_true"`
		ProbPred       []float64 `json:"prob_pred"`
		Counts         []int
	}
	AP []struct {
		Name  string
		Truth []int
		Score []float64
		AP    float64
	}
}

func loadCalibrationRef(t *testing.T) *calibrationRef {
	t.Helper()
	b, err := os.ReadFile("testdata/calibration_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var r calibrationRef
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

func TestCalibrationCurveReference(t *testing.T) {
	r := loadCalibrationRef(t)
	worst := 0.0
	for _, c := range r.Curves {
		s := metrics.Uniform
		if c.Strategy == "quantile" {
			s = metrics.Quantile
		}
		pt, pp, n, err := metrics.CalibrationCurve(c.Truth, c.Prob, c.Bins, s)
		if err != nil {
			t.Fatalf("%s %s %d: %v", c.Name, c.Strategy, c.Bins, err)
		}
		if len(pt) != len(c.ProbTrue) || len(n) != len(c.Counts) {
			t.Errorf("%s %s bins=%d: %d bins %v, scikit-learn %d %v", c.Name, c.Strategy, c.Bins, len(pt), n, len(c.ProbTrue), c.Counts)
			continue
		}
		for b := range pt {
			worst = max(worst, math.Abs(pt[b]-c.ProbTrue[b]), math.Abs(pp[b]-c.ProbPred[b]))
			if math.Abs(pt[b]-c.ProbTrue[b]) > tolCalibration || math.Abs(pp[b]-c.ProbPred[b]) > tolCalibration || n[b] != c.Counts[b] {
				t.Errorf("%s %s bins=%d bin %d: (%v, %v, %d), scikit-learn (%v, %v, %d)", c.Name, c.Strategy, c.Bins, b, pt[b], pp[b], n[b], c.ProbTrue[b], c.ProbPred[b], c.Counts[b])
			}
		}
	}
	t.Logf("%d curves, largest difference from scikit-learn %.3g", len(r.Curves), worst)
}

func TestAveragePrecisionReference(t *testing.T) {
	r := loadCalibrationRef(t)
	for _, c := range r.AP {
		ap, err := metrics.AveragePrecision(c.Truth, c.Score)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if math.Abs(ap-c.AP) > tolCalibration {
			t.Errorf("%s: AP %v, scikit-learn %v (diff %.3g)", c.Name, ap, c.AP, ap-c.AP)
		}
	}
}

func TestCalibrationErrors(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		err  error
		want error
		msg  string
	}{
		{"curve nil truth", third(metrics.CalibrationCurve(nil, nil, 5, metrics.Uniform)), mlkit.ErrEmpty, "truth is empty"},
		{"curve lengths", third(metrics.CalibrationCurve([]int{0, 1}, []float64{0.5}, 5, metrics.Uniform)), mlkit.ErrShape, "probPos 1 values"},
		{"curve NaN", third(metrics.CalibrationCurve([]int{0, 1}, []float64{0.5, nan}, 5, metrics.Uniform)), mlkit.ErrNaN, "probPos[1]=NaN"},
		{"curve bins 0", third(metrics.CalibrationCurve([]int{0, 1}, []float64{0.5, 0.2}, 0, metrics.Uniform)), mlkit.ErrValue, "bins=0"},
		{"curve bins -3", third(metrics.CalibrationCurve([]int{0, 1}, []float64{0.5, 0.2}, -3, metrics.Quantile)), mlkit.ErrValue, "bins=-3"},
		{"curve strategy", third(metrics.CalibrationCurve([]int{0, 1}, []float64{0.5, 0.2}, 5, metrics.BinStrategy(7))), mlkit.ErrValue, "strategy=BinStrategy(7)"},
		{"curve prob > 1", third(metrics.CalibrationCurve([]int{0, 1}, []float64{0.5, 1.5}, 5, metrics.Uniform)), mlkit.ErrValue, "probPos[1]=1.5"},
		{"curve label 2", third(metrics.CalibrationCurve([]int{0, 2}, []float64{0.5, 0.5}, 5, metrics.Uniform)), mlkit.ErrValue, "truth[1]=2"},
		{"AP empty", second(metrics.AveragePrecision(nil, nil)), mlkit.ErrEmpty, "truth is empty"},
		{"AP lengths", second(metrics.AveragePrecision([]int{0, 1, 1}, []float64{1, 2})), mlkit.ErrShape, "score 2 values"},
		{"AP Inf", second(metrics.AveragePrecision([]int{0, 1}, []float64{1, math.Inf(1)})), mlkit.ErrNaN, "score[1]=+Inf"},
		{"AP one class", second(metrics.AveragePrecision([]int{0, 0}, []float64{1, 2})), mlkit.ErrValue, "no label 1"},
		{"AP label -1", second(metrics.AveragePrecision([]int{0, -1}, []float64{1, 2})), mlkit.ErrValue, "truth[1]=-1"},
	} {
		if !errors.Is(tc.err, tc.want) || !strings.Contains(tc.err.Error(), tc.msg) {
			t.Errorf("%s: got %v, want %v containing %q", tc.name, tc.err, tc.want, tc.msg)
		}
	}
	// One class is a valid calibration curve (scikit-learn accepts it).
	if pt, _, _, err := metrics.CalibrationCurve([]int{0, 0}, []float64{0.1, 0.9}, 2, metrics.Uniform); err != nil || pt[0] != 0 || pt[1] != 0 {
		t.Errorf("one class: %v %v, want [0 0] and no error", pt, err)
	}
}

func third[A, B, C any](_ A, _ B, _ C, err error) error { return err }
