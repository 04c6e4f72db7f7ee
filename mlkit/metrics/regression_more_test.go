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

// tolRegression: same formulas as scikit-learn 1.2.1 / numpy 1.24, up to
// summation order (testdata/make_regression_reference.py).
const tolRegression = 1e-12

type regressionReference struct {
	Regression []struct {
		Name              string
		Y, Yhat           []float64
		ExplainedVariance float64 `json:"explained_variance"`
		MedianAE          float64 `json:"median_ae"`
		MaxError          float64 `json:"max_error"`
	}
	Spectrum []struct {
		Name, Strategy    string
		Bins              int
		True, Pred, Edges []float64
		Counts            []int
		Error             float64
	}
	SpectrumData map[string]struct{ Target, Score []float64 } `json:"spectrum_data"`
}

func loadRegressionReference(t *testing.T) regressionReference {
	t.Helper()
	b, err := os.ReadFile("testdata/regression_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var r regressionReference
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func closeTo(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

func TestRegressionMoreReference(t *testing.T) {
	ref := loadRegressionReference(t)
	if len(ref.Regression) < 6 || len(ref.Spectrum) < 24 {
		t.Fatalf("reference has %d regression and %d spectrum cases", len(ref.Regression), len(ref.Spectrum))
	}
	for _, c := range ref.Regression {
		for _, m := range []struct {
			name string
			f    func(y, yhat []float64) (float64, error)
			want float64
		}{
			{"ExplainedVariance", metrics.ExplainedVariance, c.ExplainedVariance},
			{"MedianAbsoluteError", metrics.MedianAbsoluteError, c.MedianAE},
			{"MaxError", metrics.MaxError, c.MaxError},
		} {
			got, err := m.f(c.Y, c.Yhat)
			if err != nil || !closeTo(got, m.want, tolRegression) {
				t.Errorf("%s %s: %v, %v, want %v (scikit-learn)", c.Name, m.name, got, err, m.want)
			}
		}
	}
	for _, c := range ref.Spectrum {
		d := ref.SpectrumData[c.Name]
		strategy := metrics.Uniform
		if c.Strategy == "quantile" {
			strategy = metrics.Quantile
		}
		got, err := metrics.SpectrumCalibration(d.Target, d.Score, c.Bins, strategy)
		if err != nil {
			t.Errorf("%s %s %d: %v", c.Name, c.Strategy, c.Bins, err)
			continue
		}
		ok := len(got.True) == len(c.True) && len(got.Edges) == len(c.Edges) && closeTo(got.Error, c.Error, tolRegression)
		for i := 0; ok && i < len(c.True); i++ {
			ok = closeTo(got.True[i], c.True[i], tolRegression) && closeTo(got.Pred[i], c.Pred[i], tolRegression) && got.Counts[i] == c.Counts[i]
		}
		for i := 0; ok && i < len(c.Edges); i++ {
			ok = closeTo(got.Edges[i], c.Edges[i], tolRegression)
		}
		if !ok {
			t.Errorf("%s %s %d bins: got %+v, want true %v pred %v counts %v error %v", c.Name, c.Strategy, c.Bins, got, c.True, c.Pred, c.Counts, c.Error)
		}
	}
}

// TestSpectrumCalibrationLabels: with 0/1 targets the curve is
// CalibrationCurve's.
func TestSpectrumCalibrationLabels(t *testing.T) {
	truth := []int{0, 1, 1, 0, 1, 0, 0, 1}
	p := []float64{0.1, 0.8, 0.6, 0.4, 0.9, 0.2, 0.55, 0.3}
	y := make([]float64, len(truth))
	for i, v := range truth {
		y[i] = float64(v)
	}
	pt, pp, n, err := metrics.CalibrationCurve(truth, p, 4, metrics.Uniform)
	if err != nil {
		t.Fatal(err)
	}
	c, err := metrics.SpectrumCalibration(y, p, 4, metrics.Uniform)
	if err != nil {
		t.Fatal(err)
	}
	for i := range pt {
		if c.True[i] != pt[i] || c.Pred[i] != pp[i] || c.Counts[i] != n[i] {
			t.Errorf("bin %d: %v %v %v, want CalibrationCurve's %v %v %v", i, c.True[i], c.Pred[i], c.Counts[i], pt[i], pp[i], n[i])
		}
	}
	// Scores outside [0, 1] count in the end bins.
	c, _ = metrics.SpectrumCalibration([]float64{0, 0.5, 1}, []float64{-0.2, 0.5, 1.3}, 2, metrics.Uniform)
	if len(c.Counts) != 2 || c.Counts[0] != 2 || c.Counts[1] != 1 || math.Abs(c.Pred[1]-1.3) > 1e-15 {
		t.Errorf("scores outside [0, 1]: %+v, want bins of 2 and 1", c)
	}
	// Scores equal to the targets are calibrated.
	c, _ = metrics.SpectrumCalibration(p, p, 10, metrics.Quantile)
	if c.Error != 0 {
		t.Errorf("scores equal to targets: error %v, want 0", c.Error)
	}
}

func TestRegressionMoreBadInput(t *testing.T) {
	y := []float64{0.1, 0.5, 0.9}
	second := func(_ any, err error) error { return err }
	for _, c := range []struct {
		name string
		err  error
		want error
		msg  string
	}{
		{"EV empty", second(metrics.ExplainedVariance(nil, nil)), mlkit.ErrEmpty, "y is empty"},
		{"EV lengths", second(metrics.ExplainedVariance(y, y[:2])), mlkit.ErrShape, "y has 3 values and yhat 2"},
		{"MedAE NaN", second(metrics.MedianAbsoluteError(y, []float64{0, math.NaN(), 1})), mlkit.ErrNaN, "yhat[1]=NaN"},
		{"MaxError Inf", second(metrics.MaxError([]float64{math.Inf(1)}, []float64{0})), mlkit.ErrNaN, "y[0]=+Inf"},
		{"MaxError overflow", second(metrics.MaxError([]float64{1.7e308}, []float64{-1.7e308})), mlkit.ErrNaN, "overflow"},
		{"spectrum bins", second(metrics.SpectrumCalibration(y, y, 0, metrics.Uniform)), mlkit.ErrValue, "bins=0"},
		{"spectrum strategy", second(metrics.SpectrumCalibration(y, y, 5, 9)), mlkit.ErrValue, "strategy=BinStrategy(9)"},
		{"spectrum empty", second(metrics.SpectrumCalibration(nil, nil, 5, metrics.Uniform)), mlkit.ErrEmpty, "target is empty"},
		{"spectrum lengths", second(metrics.SpectrumCalibration(y, y[:1], 5, metrics.Uniform)), mlkit.ErrShape, "target has 3 values and score 1"},
		{"spectrum NaN", second(metrics.SpectrumCalibration(y, []float64{0, math.NaN(), 1}, 5, metrics.Uniform)), mlkit.ErrNaN, "score[1]=NaN"},
		{"spectrum range", second(metrics.SpectrumCalibration([]float64{0, 1.5, 1}, y, 5, metrics.Uniform)), mlkit.ErrValue, "target[1]=1.5"},
		{"spectrum negative target", second(metrics.SpectrumCalibration([]float64{0, -0.1, 1}, y, 5, metrics.Uniform)), mlkit.ErrValue, "target[1]=-0.1"},
	} {
		if !errors.Is(c.err, c.want) || !strings.Contains(c.err.Error(), c.msg) {
			t.Errorf("%s: %v, want %v naming %q", c.name, c.err, c.want, c.msg)
		}
	}
	// Huge and tiny magnitudes: exact power-of-two rescaling.
	a, b := []float64{1, 2, 4, 3}, []float64{1.5, 2, 3, 3.5}
	ev, _ := metrics.ExplainedVariance(a, b)
	for _, s := range []float64{1e300, 1e-300} {
		sa, sb := make([]float64, 4), make([]float64, 4)
		for i := range a {
			sa[i], sb[i] = a[i]*s, b[i]*s
		}
		if v, err := metrics.ExplainedVariance(sa, sb); err != nil || math.Abs(v-ev) > 1e-12 {
			t.Errorf("ExplainedVariance at scale %g: %v, %v, want %v", s, v, err, ev)
		}
		if v, err := metrics.MedianAbsoluteError(sa, sb); err != nil || !(v > 0) {
			t.Errorf("MedianAbsoluteError at scale %g: %v, %v", s, v, err)
		}
	}
}
