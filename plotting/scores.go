package plotting

import (
	"image/color"
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ScoreOptions configures ScoresByClass.
type ScoreOptions struct {
	// Title goes above; XLabel defaults to "true class", YLabel to "score".
	Title, XLabel, YLabel string
	// ClassNames name the labels (ClassNames[l] for label l); missing names
	// are the label numbers.
	ClassNames []string
	// Threshold, when set, draws a dashed horizontal line there (0 for an
	// SVM's decision boundary, 0.5 for a probability).
	Threshold *float64
	// NoBox leaves out the box plots (median, quartiles, 1.5·IQR whiskers)
	// and keeps only the points.
	NoBox bool
}

// ScoresByClass plots the scores of samples grouped by their true class:
// one column per label (increasing), every sample a point spread
// sideways by a fixed low-discrepancy jitter (so the figure never changes
// between runs), beside a box plot of the column. It shows how well a
// decision function separates the classes — a ranking — apart from any
// threshold or probability scale.
func ScoresByClass(scores []float64, labels []int, opts ScoreOptions) (*plot.Plot, error) {
	const where = "ScoresByClass"
	if err := checkFloats(where, "scores", scores); err != nil {
		return nil, err
	}
	if len(labels) != len(scores) {
		return nil, errorf(where, mlkit.ErrShape, "labels has %d values for %d scores, want one per score", len(labels), len(scores))
	}
	for i, l := range labels {
		if l < 0 {
			return nil, errorf(where, mlkit.ErrValue, "labels[%d]=%d, want a non-negative label", i, l)
		}
	}
	if t := opts.Threshold; t != nil && (math.IsNaN(*t) || math.IsInf(*t, 0)) {
		return nil, errorf(where, mlkit.ErrValue, "opts.Threshold=%v, want a finite value", *t)
	}
	classes := distinct(labels)
	col := make(map[int]int, len(classes))
	for j, c := range classes {
		col[c] = j
	}
	xl, yl := opts.XLabel, opts.YLabel
	if xl == "" {
		xl = "true class"
	}
	if yl == "" {
		yl = "score"
	}
	p := newPlot(opts.Title, xl, yl)
	p.Add(plotter.NewGrid())
	p.Y.Tick.Marker = niceTicks{6}
	names := make([]string, len(classes))
	for j, c := range classes {
		names[j] = className(opts.ClassNames, c)
	}
	p.X.Tick.Marker = nominalTicks(names, false, 30)
	p.X.Min, p.X.Max = -0.6, float64(len(classes))-0.4
	groups := make([]plotter.XYs, len(classes))
	values := make([]plotter.Values, len(classes))
	seen := make([]int, len(classes))
	for i, s := range scores {
		j := col[labels[i]]
		// Golden-ratio sequence in (−0.5, 0.5), scaled to the strip width.
		u := math.Mod(float64(seen[j])*0.6180339887498949, 1) - 0.5
		seen[j]++
		groups[j] = append(groups[j], plotter.XY{X: float64(j) - 0.12 + 0.28*u, Y: s})
		values[j] = append(values[j], s)
	}
	if opts.Threshold != nil {
		th, _ := plotter.NewLine(plotter.XYs{{X: -0.6, Y: *opts.Threshold}, {X: float64(len(classes)) - 0.4, Y: *opts.Threshold}})
		th.LineStyle = draw.LineStyle{Color: color.Gray{0x55}, Width: 1.2, Dashes: []vg.Length{5, 3}}
		p.Add(th)
	}
	for j := range classes {
		c := paletteColor(j % 20)
		if !opts.NoBox {
			bp, err := plotter.NewBoxPlot(18, float64(j)+0.22, values[j])
			if err != nil {
				return nil, errorf(where, mlkit.ErrValue, "class %s: %v", names[j], err)
			}
			bp.BoxStyle = draw.LineStyle{Color: c, Width: 1.4}
			bp.MedianStyle = draw.LineStyle{Color: c, Width: 2.2}
			bp.WhiskerStyle = draw.LineStyle{Color: c, Width: 1.2}
			bp.GlyphStyle = draw.GlyphStyle{Color: c, Radius: 2, Shape: draw.CircleGlyph{}}
			p.Add(bp)
		}
		sc, _ := plotter.NewScatter(groups[j])
		sc.GlyphStyle = draw.GlyphStyle{Color: withAlpha(c, pointAlpha(len(groups[j]))), Radius: 2.5, Shape: draw.CircleGlyph{}}
		p.Add(sc)
	}
	return p, nil
}

// pointAlpha fades points as a column fills so that dense strips stay
// readable.
func pointAlpha(n int) float64 {
	return math.Max(0.25, math.Min(0.9, 12/math.Sqrt(float64(n)+1)))
}
