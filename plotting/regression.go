package plotting

import (
	"image/color"
	"math"
	"strconv"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RegressionSeries is one model's predictions Pred of the targets True
// (equal lengths).
type RegressionSeries struct {
	Name       string
	True, Pred []float64
}

// RegressionOptions configures PredictedVsTrue and Residuals. The zero value
// labels the axes "true value" and "predicted value" (or "residual").
type RegressionOptions struct {
	Title, XLabel, YLabel string
	// ByPrediction puts the prediction, not the true value, on the x axis of
	// Residuals (the classic residuals-against-fitted plot).
	ByPrediction bool
	// PointSize is the glyph radius in points; 0 means 2.5 up to 500
	// points in all, 1.8 up to 5000, 1.2 beyond.
	PointSize vg.Length
	// Alpha is the points' opacity in [0, 1]; 0 means 0.8 up to 500 points
	// in all, 0.5 up to 5000, 0.3 beyond.
	Alpha float64
}

func checkSeries(where string, series []RegressionSeries, opts RegressionOptions) (n int, err error) {
	if len(series) == 0 {
		return 0, errorf(where, mlkit.ErrEmpty, "series is empty")
	}
	if err := checkAlpha(where, opts.Alpha); err != nil {
		return 0, err
	}
	if opts.PointSize < 0 || math.IsNaN(float64(opts.PointSize)) || math.IsInf(float64(opts.PointSize), 0) {
		return 0, errorf(where, mlkit.ErrValue, "opts.PointSize=%v, want a positive radius in points (0 means the default)", float64(opts.PointSize))
	}
	for i, s := range series {
		name := "series[" + strconv.Itoa(i) + "]"
		if len(s.True) != len(s.Pred) {
			return 0, errorf(where, mlkit.ErrShape, "%s has %d True and %d Pred values, want equal lengths", name, len(s.True), len(s.Pred))
		}
		if err := checkFloats(where, name+".True", s.True); err != nil {
			return 0, err
		}
		if err := checkFloats(where, name+".Pred", s.Pred); err != nil {
			return 0, err
		}
		n += len(s.True)
	}
	return n, nil
}

// pointStyle is the radius and opacity for n points in all.
func pointStyle(n int, opts RegressionOptions) (vg.Length, float64) {
	r, a := vg.Length(1.2), 0.3
	switch {
	case n <= 500:
		r, a = 2.5, 0.8
	case n <= 5000:
		r, a = 1.8, 0.5
	}
	if opts.PointSize > 0 {
		r = opts.PointSize
	}
	if opts.Alpha > 0 {
		a = opts.Alpha
	}
	return r, a
}

// regressionPlot draws each series as points (x(i), y(i)) in its palette
// colour and shape, interleaved so that no series hides another, over a
// dashed reference line from ref.
func regressionPlot(series []RegressionSeries, n int, opts RegressionOptions, xl, yl, refName string,
	xy func(s RegressionSeries, i int) (float64, float64), ref func(lo, hi float64) plotter.XYs) *plot.Plot {
	if opts.XLabel != "" {
		xl = opts.XLabel
	}
	if opts.YLabel != "" {
		yl = opts.YLabel
	}
	p := newPlot(opts.Title, xl, yl)
	p.Add(plotter.NewGrid())
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{6}, niceTicks{6}
	r, a := pointStyle(n, opts)
	pts := &points{radius: r}
	longest := 0
	for _, s := range series {
		longest = max(longest, len(s.True))
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range longest {
		for k, s := range series {
			if i >= len(s.True) {
				continue
			}
			x, y := xy(s, i)
			lo, hi = math.Min(lo, math.Min(x, y)), math.Max(hi, math.Max(x, y))
			pts.xy = append(pts.xy, vg.Point{X: vg.Length(x), Y: vg.Length(y)})
			pts.colors = append(pts.colors, withAlpha(paletteColor(k%20), a))
			pts.shapes = append(pts.shapes, shapeOf(k/20))
		}
	}
	line, _ := plotter.NewLine(ref(lo, hi))
	line.LineStyle = draw.LineStyle{Color: color.Gray{0x55}, Width: 1.2, Dashes: []vg.Length{5, 3}}
	p.Add(pts, line)
	entries := []legendEntry{{refName, []plot.Thumbnailer{lineThumb{line: line.LineStyle}}}}
	for k, s := range series {
		name := s.Name
		if name == "" {
			name = "series " + strconv.Itoa(k)
		}
		entries = append(entries, legendEntry{name, []plot.Thumbnailer{glyphThumb{shapeOf(k / 20), paletteColor(k % 20), 3.5}}})
	}
	addRightLegend(p, entries)
	return p
}

// PredictedVsTrue plots each series' predictions against the true values
// over the identity line y = x, on which a perfect model's points lie; both
// axes share one range, so distances from the line read the same
// horizontally and vertically. A model that only separates two classes puts
// its points in two horizontal bands; a regressor follows the line.
func PredictedVsTrue(series []RegressionSeries, opts RegressionOptions) (*plot.Plot, error) {
	const where = "PredictedVsTrue"
	n, err := checkSeries(where, series, opts)
	if err != nil {
		return nil, err
	}
	p := regressionPlot(series, n, opts, "true value", "predicted value", "identity (perfect)",
		func(s RegressionSeries, i int) (float64, float64) { return s.True[i], s.Pred[i] },
		func(lo, hi float64) plotter.XYs { return plotter.XYs{{X: lo, Y: lo}, {X: hi, Y: hi}} })
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for i := range s.True {
			lo, hi = math.Min(lo, math.Min(s.True[i], s.Pred[i])), math.Max(hi, math.Max(s.True[i], s.Pred[i]))
		}
	}
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo, hi, lo, hi
	return p, nil
}

// Residuals plots each series' residual Pred − True against the true value
// (or, with opts.ByPrediction, against the prediction) over the zero line:
// a trend in the cloud is an error that depends on where on the range the
// target lies (a bias), its width the noise.
func Residuals(series []RegressionSeries, opts RegressionOptions) (*plot.Plot, error) {
	const where = "Residuals"
	n, err := checkSeries(where, series, opts)
	if err != nil {
		return nil, err
	}
	for i, s := range series {
		for j := range s.True {
			if tooLarge(s.Pred[j] - s.True[j]) {
				return nil, errorf(where, mlkit.ErrNaN, "series[%d] residual %d is %v, want values within ±%g; scale the data", i, j, s.Pred[j]-s.True[j], maxPlotValue)
			}
		}
	}
	xl := "true value"
	if opts.ByPrediction {
		xl = "predicted value"
	}
	xmin, xmax := math.Inf(1), math.Inf(-1)
	return regressionPlot(series, n, opts, xl, "residual (predicted − true)", "zero (perfect)",
		func(s RegressionSeries, i int) (float64, float64) {
			x := s.True[i]
			if opts.ByPrediction {
				x = s.Pred[i]
			}
			xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
			return x, s.Pred[i] - s.True[i]
		},
		func(_, _ float64) plotter.XYs { return plotter.XYs{{X: xmin, Y: 0}, {X: xmax, Y: 0}} }), nil
}
