package plotting_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/plotting"
)

func regressionSeries() []plotting.RegressionSeries {
	var reg, cls plotting.RegressionSeries
	reg.Name, cls.Name = "regressor", "classifier's probability"
	for i := range 300 {
		y := 0.02 + 0.96*float64(i)/299
		reg.True, reg.Pred = append(reg.True, y), append(reg.Pred, y+0.05*math.Sin(float64(i)))
		cls.True, cls.Pred = append(cls.True, y), append(cls.Pred, 1/(1+math.Exp(-20*(y-0.5))))
	}
	return []plotting.RegressionSeries{reg, cls}
}

func TestRegressionPlots(t *testing.T) {
	s := regressionSeries()
	im, y, err := data.GrayImages{N: 40, Seed: 1}.Generate()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		f    func() (*plot.Plot, error)
	}{
		{"PredictedVsTrue", func() (*plot.Plot, error) {
			return plotting.PredictedVsTrue(s, plotting.RegressionOptions{Title: "predicted against true"})
		}},
		{"Residuals", func() (*plot.Plot, error) { return plotting.Residuals(s, plotting.RegressionOptions{}) }},
		{"Residuals by prediction", func() (*plot.Plot, error) {
			return plotting.Residuals(s[:1], plotting.RegressionOptions{ByPrediction: true, PointSize: 3, Alpha: 0.5})
		}},
		{"ImagesByTarget", func() (*plot.Plot, error) {
			return plotting.ImagesByTarget(im, y, s[0].Pred[:40], plotting.TargetGridOptions{Title: "by darkness", Colormap: plotting.GrayReversed})
		}},
		{"ImagesByTarget no pred", func() (*plot.Plot, error) {
			return plotting.ImagesByTarget(im, y, nil, plotting.TargetGridOptions{Count: 12, Cols: 6, Format: "%.3f"})
		}},
	} {
		p, err := c.f()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		b, err := plotting.PNG(p, 500, 300)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		notBlank(t, c.name, b, 500, 300)
	}
}

func TestRegressionPlotsBadInput(t *testing.T) {
	s := regressionSeries()
	im, y, _ := data.GrayImages{N: 5, Seed: 1}.Generate()
	second := func(_ *plot.Plot, err error) error { return err }
	rgb := &data.Images{N: 1, C: 3, H: 2, W: 2, Pix: make([]float32, 12)}
	for _, c := range []struct {
		name string
		err  error
		want error
		msg  string
	}{
		{"no series", second(plotting.PredictedVsTrue(nil, plotting.RegressionOptions{})), mlkit.ErrEmpty, "series is empty"},
		{"lengths", second(plotting.PredictedVsTrue([]plotting.RegressionSeries{{True: []float64{1, 2}, Pred: []float64{1}}}, plotting.RegressionOptions{})), mlkit.ErrShape, "series[0] has 2 True and 1 Pred"},
		{"empty series", second(plotting.Residuals([]plotting.RegressionSeries{{}}, plotting.RegressionOptions{})), mlkit.ErrEmpty, "series[0].True is empty"},
		{"NaN", second(plotting.Residuals([]plotting.RegressionSeries{{True: []float64{1, 2}, Pred: []float64{1, math.NaN()}}}, plotting.RegressionOptions{})), mlkit.ErrNaN, "series[0].Pred[1]=NaN"},
		{"huge", second(plotting.PredictedVsTrue([]plotting.RegressionSeries{{True: []float64{1, 1e308}, Pred: []float64{1, 2}}}, plotting.RegressionOptions{})), mlkit.ErrNaN, "series[0].True[1]=1e+308"},
		{"huge residual", second(plotting.Residuals([]plotting.RegressionSeries{{True: []float64{-9e306, 1}, Pred: []float64{9e306, 2}}}, plotting.RegressionOptions{})), mlkit.ErrNaN, "residual 0"},
		{"alpha", second(plotting.PredictedVsTrue(s, plotting.RegressionOptions{Alpha: 2})), mlkit.ErrValue, "Alpha=2"},
		{"point size", second(plotting.PredictedVsTrue(s, plotting.RegressionOptions{PointSize: -1})), mlkit.ErrValue, "opts.PointSize=-1"},
		{"nil images", second(plotting.ImagesByTarget(nil, y, nil, plotting.TargetGridOptions{})), mlkit.ErrEmpty, "images is empty"},
		{"channels", second(plotting.ImagesByTarget(rgb, []float64{1}, nil, plotting.TargetGridOptions{})), mlkit.ErrShape, "3 channels"},
		{"targets", second(plotting.ImagesByTarget(im, y[:3], nil, plotting.TargetGridOptions{})), mlkit.ErrShape, "target has 3 values for 5 images"},
		{"pred", second(plotting.ImagesByTarget(im, y, y[:2], plotting.TargetGridOptions{})), mlkit.ErrShape, "pred has 2 values for 5 images"},
		{"NaN target", second(plotting.ImagesByTarget(im, []float64{0, 1, math.NaN(), 0, 0}, nil, plotting.TargetGridOptions{})), mlkit.ErrNaN, "target[2]=NaN"},
		{"count", second(plotting.ImagesByTarget(im, y, nil, plotting.TargetGridOptions{Count: -1})), mlkit.ErrValue, "opts.Count=-1"},
		{"short pix", second(plotting.ImagesByTarget(&data.Images{N: 2, C: 1, H: 2, W: 2, Pix: make([]float32, 3)}, []float64{0, 1}, nil, plotting.TargetGridOptions{})), mlkit.ErrShape, "images.Pix has 3 values"},
	} {
		if !errors.Is(c.err, c.want) || !strings.Contains(c.err.Error(), c.msg) {
			t.Errorf("%s: %v, want %v naming %q", c.name, c.err, c.want, c.msg)
		}
	}
}
