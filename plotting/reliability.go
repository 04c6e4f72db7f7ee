package plotting

import (
	"bytes"
	"image/color"
	"strconv"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// ReliabilityCurve is one classifier's calibration curve: ProbPred and
// ProbTrue as metrics.CalibrationCurve returns them (mean predicted
// probability and observed fraction of positives per non-empty bin), and
// optionally Prob, the predicted probabilities (or top-label confidences)
// the curve was built from, for the histogram beneath.
type ReliabilityCurve struct {
	Name               string
	ProbPred, ProbTrue []float64
	Prob               []float64
}

// ReliabilityOptions configures Reliability, ConfidenceHistogram and
// ReliabilityDiagram.
type ReliabilityOptions struct {
	// Title goes above the curves.
	Title string
	// XLabel defaults to "predicted probability", YLabel to "fraction of
	// positives".
	XLabel, YLabel string
	// Bins is the number of equal-width histogram bins in [0, 1]; 0 means 10.
	Bins int
	// HistShare is the fraction of the figure's height the histogram takes
	// in ReliabilityDiagram; 0 means 0.3.
	HistShare float64
}

func (o ReliabilityOptions) labels() (string, string) {
	x, y := o.XLabel, o.YLabel
	if x == "" {
		x = "predicted probability"
	}
	if y == "" {
		y = "fraction of positives"
	}
	return x, y
}

func checkCurves(where string, curves []ReliabilityCurve, opts ReliabilityOptions) error {
	if len(curves) == 0 {
		return errorf(where, mlkit.ErrEmpty, "curves is empty")
	}
	if opts.Bins < 0 {
		return errorf(where, mlkit.ErrValue, "opts.Bins=%d, want ≥ 1 (0 means 10)", opts.Bins)
	}
	if !(opts.HistShare >= 0 && opts.HistShare < 1) {
		return errorf(where, mlkit.ErrValue, "opts.HistShare=%v, want a value in [0, 1) (0 means 0.3)", opts.HistShare)
	}
	for i, c := range curves {
		name := "curves[" + strconv.Itoa(i) + "]"
		if len(c.ProbPred) != len(c.ProbTrue) {
			return errorf(where, mlkit.ErrShape, "%s has %d ProbPred and %d ProbTrue values, want equal lengths", name, len(c.ProbPred), len(c.ProbTrue))
		}
		for _, s := range []struct {
			field string
			v     []float64
		}{{"ProbPred", c.ProbPred}, {"ProbTrue", c.ProbTrue}, {"Prob", c.Prob}} {
			if s.field == "Prob" && s.v == nil {
				continue
			}
			if err := checkFloats(where, name+"."+s.field, s.v); err != nil {
				return err
			}
			for j, v := range s.v {
				if v < 0 || v > 1 {
					return errorf(where, mlkit.ErrValue, "%s.%s[%d]=%v, want a probability in [0, 1]", name, s.field, j, v)
				}
			}
		}
	}
	return nil
}

func curveName(c ReliabilityCurve, i int) string {
	if c.Name != "" {
		return c.Name
	}
	return "curve " + strconv.Itoa(i)
}

// Reliability plots calibration curves (observed fraction of positives
// against mean predicted probability, one marker per bin) over the
// diagonal of perfect calibration, on [0, 1]² (Niculescu-Mizil & Caruana
// 2005, figure 1; DeGroot & Fienberg 1983). Curves below the diagonal are
// over-confident about the positive class.
func Reliability(curves []ReliabilityCurve, opts ReliabilityOptions) (*plot.Plot, error) {
	const where = "Reliability"
	if err := checkCurves(where, curves, opts); err != nil {
		return nil, err
	}
	xl, yl := opts.labels()
	p := newPlot(opts.Title, xl, yl)
	p.Add(plotter.NewGrid())
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{6}, niceTicks{6}
	diag, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	diag.LineStyle = draw.LineStyle{Color: color.Gray{0x77}, Width: 1.2, Dashes: []vg.Length{5, 3}}
	p.Add(diag)
	entries := []legendEntry{{"perfectly calibrated", []plot.Thumbnailer{lineThumb{line: diag.LineStyle}}}}
	for i, c := range curves {
		if len(c.ProbPred) == 0 {
			continue
		}
		xy := make(plotter.XYs, len(c.ProbPred))
		for j := range xy {
			xy[j] = plotter.XY{X: c.ProbPred[j], Y: c.ProbTrue[j]}
		}
		col := paletteColor(i % 20)
		l, _ := plotter.NewLine(xy)
		l.LineStyle = draw.LineStyle{Color: col, Width: 2}
		sc, _ := plotter.NewScatter(xy)
		sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: 3.5, Shape: shapeOf(i)}
		p.Add(l, sc)
		entries = append(entries, legendEntry{curveName(c, i), []plot.Thumbnailer{lineThumb{line: l.LineStyle, glyph: &sc.GlyphStyle}}})
	}
	addRightLegend(p, entries)
	return p, nil
}

// ConfidenceHistogram plots, for each curve with Prob set, the share of
// its samples in each of opts.Bins equal-width bins of [0, 1]: a step
// outline over a light fill in the curve's colour. Where the samples pile
// up tells how much of the reliability curve rests on few points.
func ConfidenceHistogram(curves []ReliabilityCurve, opts ReliabilityOptions) (*plot.Plot, error) {
	return confidenceHistogram(curves, opts, true)
}

// confidenceHistogram draws the histogram, with a legend unless it sits
// under the curves in the same colours.
func confidenceHistogram(curves []ReliabilityCurve, opts ReliabilityOptions, legend bool) (*plot.Plot, error) {
	const where = "ConfidenceHistogram"
	if err := checkCurves(where, curves, opts); err != nil {
		return nil, err
	}
	bins := opts.Bins
	if bins == 0 {
		bins = 10
	}
	xl, _ := opts.labels()
	p := newPlot("", xl, "share of samples")
	p.Add(plotter.NewGrid())
	p.X.Min, p.X.Max, p.Y.Min = 0, 1, 0
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{6}, niceTicks{3}
	var entries []legendEntry
	found := false
	for i, c := range curves {
		if len(c.Prob) == 0 {
			continue
		}
		found = true
		share := make([]float64, bins)
		for _, v := range c.Prob {
			share[min(int(v*float64(bins)), bins-1)] += 1 / float64(len(c.Prob))
		}
		var xy plotter.XYs
		for b, s := range share {
			xy = append(xy, plotter.XY{X: float64(b) / float64(bins), Y: s}, plotter.XY{X: float64(b+1) / float64(bins), Y: s})
		}
		col := paletteColor(i % 20)
		fill := append(plotter.XYs{{X: 0, Y: 0}}, append(xy, plotter.XY{X: 1, Y: 0})...)
		poly, _ := plotter.NewPolygon(fill)
		poly.Color = withAlpha(col, 0.18)
		poly.LineStyle.Width = 0
		l, _ := plotter.NewLine(xy)
		l.LineStyle = draw.LineStyle{Color: col, Width: 1.6}
		p.Add(poly, l)
		entries = append(entries, legendEntry{curveName(c, i), []plot.Thumbnailer{lineThumb{line: l.LineStyle}}})
	}
	if !found {
		return nil, errorf(where, mlkit.ErrEmpty, "no curve has Prob, want the predicted probabilities of at least one")
	}
	if legend {
		addRightLegend(p, entries)
	}
	return p, nil
}

// ReliabilityDiagram is Reliability above ConfidenceHistogram (when any
// curve has Prob; its colours follow the curves' legend), their data areas
// aligned, the histogram taking opts.HistShare of the height (Guo, Pleiss, Sun & Weinberger 2017, "On
// calibration of modern neural networks", figure 1). Render it with its
// PNG, SVG or Show methods.
func ReliabilityDiagram(curves []ReliabilityCurve, opts ReliabilityOptions) (*Stack, error) {
	top, err := Reliability(curves, opts)
	if err != nil {
		return nil, err
	}
	share := opts.HistShare
	if share == 0 {
		share = 0.3
	}
	s := &Stack{Plots: []*plot.Plot{top}, Heights: []float64{1}}
	for _, c := range curves {
		if len(c.Prob) > 0 {
			hist, err := confidenceHistogram(curves, opts, false)
			if err != nil {
				return nil, err
			}
			top.X.Label.Text = ""
			s.Plots = append(s.Plots, hist)
			s.Heights = []float64{1 - share, share}
			break
		}
	}
	return s, nil
}

// Stack is plots drawn one above the other with their data areas aligned
// left and right, each taking its share of Heights (relative; nil means
// equal).
type Stack struct {
	Plots   []*plot.Plot
	Heights []float64
}

// Draw draws the stack onto c.
func (s *Stack) Draw(c draw.Canvas) error {
	const where = "Stack.Draw"
	if s == nil || len(s.Plots) == 0 {
		return errorf(where, mlkit.ErrEmpty, "the stack has no plots")
	}
	h := s.Heights
	if h == nil {
		h = make([]float64, len(s.Plots))
		for i := range h {
			h[i] = 1
		}
	}
	if len(h) != len(s.Plots) {
		return errorf(where, mlkit.ErrShape, "%d Heights for %d Plots, want one each", len(h), len(s.Plots))
	}
	total := 0.0
	for i, v := range h {
		if !(v > 0) || s.Plots[i] == nil {
			return errorf(where, mlkit.ErrValue, "plot %d: height %v or nil plot, want a plot and a height > 0", i, v)
		}
		total += v
	}
	// Cut the canvas top to bottom, then move each data area's left and
	// right edges to the innermost of all (the widest tick labels win).
	canv := make([]draw.Canvas, len(h))
	top := c.Max.Y
	span := float64(c.Max.Y - c.Min.Y)
	var left, right vg.Length
	for i, v := range h {
		bottom := top - vg.Length(span*v/total)
		canv[i] = draw.Crop(c, 0, 0, bottom-c.Min.Y, top-c.Max.Y)
		top = bottom
		d := s.Plots[i].DataCanvas(canv[i])
		left = max(left, d.Min.X-canv[i].Min.X)
		right = max(right, canv[i].Max.X-d.Max.X)
	}
	for i, p := range s.Plots {
		d := p.DataCanvas(canv[i])
		p.Draw(draw.Crop(canv[i], left-(d.Min.X-canv[i].Min.X), (canv[i].Max.X-d.Max.X)-right, 0, 0))
	}
	return nil
}

// PNG renders the stack as a w×h-pixel PNG.
func (s *Stack) PNG(w, h vg.Length) ([]byte, error) {
	if err := checkSize("Stack.PNG", w, h); err != nil {
		return nil, err
	}
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(PNGDPI))
	if err := s.Draw(draw.New(c)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, errorf("Stack.PNG", mlkit.ErrValue, "encoding: %v", err)
	}
	return buf.Bytes(), nil
}

// Show displays the stack as a PNG in a GoNB notebook (see Show).
func (s *Stack) Show(w, h vg.Length) error {
	b, err := s.PNG(w, h)
	if err != nil {
		return err
	}
	return showPNG("Stack.Show", b)
}
