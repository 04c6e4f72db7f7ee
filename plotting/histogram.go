package plotting

import (
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// HistogramOptions configures Histogram.
type HistogramOptions struct {
	Title, XLabel string
	// Bins is the number of equal-width bins; 0 means 20.
	Bins int
	// Min and Max fix the binned range (a probability's [0, 1]); both zero
	// means the range of the values.
	Min, Max float64
	// LogY counts on a log scale (an empty bin is drawn as nothing), so that
	// a few values away from a dominant bin stay visible.
	LogY bool
}

// Histogram draws the counts of values in equal-width bins: the largest
// posterior of each sample under a mixture, a distribution of scores.
// Values outside [Min, Max] count in the end bins.
func Histogram(values []float64, opts HistogramOptions) (*plot.Plot, error) {
	const where = "Histogram"
	if len(values) == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "values is empty")
	}
	if err := checkFloats(where, "values", values); err != nil {
		return nil, err
	}
	bins := opts.Bins
	if bins == 0 {
		bins = 20
	}
	if bins < 0 || bins > 10000 {
		return nil, errorf(where, mlkit.ErrValue, "opts.Bins=%d, want 1…10000 (0 for 20)", opts.Bins)
	}
	lo, hi := opts.Min, opts.Max
	if lo == 0 && hi == 0 {
		lo, hi = values[0], values[0]
		for _, v := range values {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		if hi == lo {
			lo, hi = lo-0.5, hi+0.5
		}
	}
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || tooLarge(lo) || tooLarge(hi) || !(hi > lo) {
		return nil, errorf(where, mlkit.ErrValue, "opts.Min=%v, opts.Max=%v, want finite Min < Max", opts.Min, opts.Max)
	}
	counts := make([]float64, bins)
	width := (hi - lo) / float64(bins)
	for _, v := range values {
		b := int((v - lo) / width)
		counts[min(max(b, 0), bins-1)]++
	}
	p := newPlot(opts.Title, opts.XLabel, "count")
	p.Add(plotter.NewGrid())
	p.X.Tick.Marker = niceTicks{6}
	p.Y.Tick.Marker = niceTicks{6}
	p.X.Min, p.X.Max = lo, hi
	p.Y.Min = 0
	if opts.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks125{}
		p.Y.Min = 0.8
	}
	p.Add(histBars{counts: counts, lo: lo, width: width, logY: opts.LogY})
	top := 0.0
	for _, c := range counts {
		top = math.Max(top, c)
	}
	p.Y.Max = math.Max(top*1.05, 1)
	if opts.LogY {
		p.Y.Max = math.Max(top*1.5, 2)
	}
	return p, nil
}

// histBars fills one rectangle per non-empty bin.
type histBars struct {
	counts    []float64
	lo, width float64
	logY      bool
}

func (h histBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	base := 0.0
	if h.logY {
		base = p.Y.Min
	}
	fill := paletteColor(1)
	edge := draw.LineStyle{Color: paletteColor(1), Width: vg.Length(0.8)}
	for i, n := range h.counts {
		if n == 0 {
			continue
		}
		x0, x1 := trX(h.lo+float64(i)*h.width), trX(h.lo+float64(i+1)*h.width)
		y0, y1 := trY(base), trY(n)
		r := vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}
		c.SetColor(withAlpha(fill, 0.7))
		c.Fill(rectPath(r, 0))
		c.StrokeLines(edge, []vg.Point{r.Min, {X: r.Min.X, Y: r.Max.Y}, r.Max, {X: r.Max.X, Y: r.Min.Y}})
	}
}
