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

// Series is one named curve. X nil means 0, 1, …, len(Y)-1 (steps).
type Series struct {
	Name string
	X, Y []float64
}

// LineOptions configures Lines.
type LineOptions struct {
	Title, XLabel, YLabel string
	// MarkX, when set, draws a dashed vertical line at that x (a chosen k,
	// the best epoch), labelled MarkLabel (default "k = 4" with the
	// XLabel when it is short, else "x = 4").
	MarkX     *float64
	MarkLabel string
	// LogY draws the y axis on a log scale; all Y must then be positive.
	LogY bool
	// Points marks each point with a glyph; by default points are marked
	// when a series has at most 40 of them (metric against k), not on long
	// curves (loss per step).
	Points, NoPoints bool
}

// Lines plots curves: loss against epoch, a score against k. Series are
// coloured with Palette; a legend right of the data names them when there
// are several or any is named.
func Lines(series []Series, opts LineOptions) (*plot.Plot, error) {
	const where = "Lines"
	if len(series) == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "series is empty")
	}
	for i, s := range series {
		name := "series[" + strconv.Itoa(i) + "]"
		if err := checkFloats(where, name+".Y", s.Y); err != nil {
			return nil, err
		}
		if s.X != nil {
			if len(s.X) != len(s.Y) {
				return nil, errorf(where, mlkit.ErrShape, "%s.X has %d values for %d Y values", name, len(s.X), len(s.Y))
			}
			if err := checkFloats(where, name+".X", s.X); err != nil {
				return nil, err
			}
		}
		if opts.LogY {
			for j, v := range s.Y {
				if v <= 0 {
					return nil, errorf(where, mlkit.ErrValue, "%s.Y[%d]=%v with LogY, want positive values", name, j, v)
				}
			}
		}
	}
	if opts.MarkX != nil && (math.IsNaN(*opts.MarkX) || math.IsInf(*opts.MarkX, 0) || tooLarge(*opts.MarkX)) {
		return nil, errorf(where, mlkit.ErrValue, "opts.MarkX=%v, want a finite value within ±%g", *opts.MarkX, maxPlotValue)
	}
	p := newPlot(opts.Title, opts.XLabel, opts.YLabel)
	p.Add(plotter.NewGrid())
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{7}, niceTicks{6}
	if opts.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	var entries []legendEntry
	named := len(series) > 1
	for i, s := range series {
		xy := make(plotter.XYs, len(s.Y))
		for j, y := range s.Y {
			xy[j].Y = y
			if s.X != nil {
				xy[j].X = s.X[j]
			} else {
				xy[j].X = float64(j)
			}
		}
		col := paletteColor(i % 20)
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, errorf(where, mlkit.ErrValue, "series[%d]: %v", i, err)
		}
		l.LineStyle = draw.LineStyle{Color: col, Width: 2}
		if i >= 20 {
			l.LineStyle.Dashes = []vg.Length{6, 3}
		}
		p.Add(l)
		th := lineThumb{line: l.LineStyle}
		if opts.Points || (!opts.NoPoints && len(xy) <= 40) {
			sc, err := plotter.NewScatter(xy)
			if err != nil {
				return nil, errorf(where, mlkit.ErrValue, "series[%d]: %v", i, err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: 3, Shape: shapeOf(i)}
			p.Add(sc)
			th.glyph = &sc.GlyphStyle
		}
		name := s.Name
		if name == "" {
			name = "series " + strconv.Itoa(i)
		} else {
			named = true
		}
		entries = append(entries, legendEntry{name, []plot.Thumbnailer{th}})
	}
	if opts.MarkX != nil {
		label := opts.MarkLabel
		if label == "" {
			name := opts.XLabel
			if name == "" || len([]rune(name)) > 12 {
				name = "x"
			}
			label = name + " = " + strconv.FormatFloat(*opts.MarkX, 'g', 4, 64)
		}
		p.Add(vline{x: *opts.MarkX, label: label})
	}
	if named {
		addRightLegend(p, entries)
	}
	return p, nil
}

// vline is a dashed vertical line across the data area with a label at
// its top.
type vline struct {
	x     float64
	label string
}

func (v vline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.x)
	sty := draw.LineStyle{Color: color.Gray{0x44}, Width: 1.2, Dashes: []vg.Length{5, 3}}
	c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
	if v.label != "" {
		ts := p.Legend.TextStyle
		ts.Font.Size = tickSize
		ts.XAlign = draw.XLeft
		ts.YAlign = draw.YTop
		ts.Color = color.Gray{0x22}
		at := vg.Point{X: x + 3, Y: c.Max.Y - 2}
		if at.X+ts.Rectangle(v.label).Size().X > c.Max.X {
			// Near the right edge the label goes left of the line.
			ts.XAlign = draw.XRight
			at.X = x - 3
		}
		// A white box keeps the label readable where it crosses a curve.
		r := ts.Rectangle(v.label)
		c.SetColor(color.NRGBA{0xFF, 0xFF, 0xFF, 0xD0})
		c.Fill(rectPath(vg.Rectangle{Min: r.Min.Add(at), Max: r.Max.Add(at)}, 1.5))
		c.FillText(ts, at, v.label)
	}
}

// DataRange keeps the marked x inside the axis; the y range is left to the
// curves.
func (v vline) DataRange() (xmin, xmax, ymin, ymax float64) {
	return v.x, v.x, math.Inf(1), math.Inf(-1)
}
