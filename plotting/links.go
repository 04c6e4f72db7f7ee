package plotting

import (
	"image/color"
	"math"
	"slices"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// LinkOptions configures Links.
type LinkOptions struct {
	Title, XLabel, YLabel string
	// Focus frames the figure on the points whose label is one of Focus,
	// and on the ends of the links, with a margin of a fifth of their extent;
	// only the points inside the frame are drawn. nil shows every point.
	Focus []int
	// ClassNames names labels in the legend, as ScatterOptions.ClassNames.
	ClassNames []string
	// NoLegend hides the legend.
	NoLegend bool
}

// Links draws the points of X (n×2) coloured by labels (negative labels are
// noise, in grey, as Scatter draws them) and each pair of links (row indices
// of X) as a thick black segment with rings at its ends: the pairs a
// clustering by links accepted, or the one false link that merged two
// clusters when the links were closed transitively.
func Links(X *mat.Dense, labels []int, links [][2]int, opts LinkOptions) (*plot.Plot, error) {
	const where = "Links"
	n, d, err := checkMatrix(where, "X", X)
	if err != nil {
		return nil, err
	}
	if d != 2 {
		return nil, errorf(where, mlkit.ErrValue, "X is %d×%d, want 2 columns (x, y)", n, d)
	}
	if len(labels) != n {
		return nil, errorf(where, mlkit.ErrShape, "labels has %d entries for the %d rows of X", len(labels), n)
	}
	for k, l := range links {
		if l[0] < 0 || l[0] >= n || l[1] < 0 || l[1] >= n {
			return nil, errorf(where, mlkit.ErrValue, "links[%d]=%v, want row indices in [0, %d)", k, l, n)
		}
	}
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	var box [4]float64 // xmin, xmax, ymin, ymax of the frame
	if len(opts.Focus) > 0 {
		box = [4]float64{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
		grow := func(i int) {
			x, y := X.At(i, 0), X.At(i, 1)
			box = [4]float64{math.Min(box[0], x), math.Max(box[1], x), math.Min(box[2], y), math.Max(box[3], y)}
		}
		for i, l := range labels {
			if slices.Contains(opts.Focus, l) {
				grow(i)
			}
		}
		for _, l := range links {
			grow(l[0])
			grow(l[1])
		}
		if math.IsInf(box[0], 0) {
			return nil, errorf(where, mlkit.ErrValue, "opts.Focus=%v: no point has these labels and there are no links", opts.Focus)
		}
		mx, my := math.Max(box[1]-box[0], 1e-9)/5, math.Max(box[3]-box[2], 1e-9)/5
		box = [4]float64{box[0] - mx, box[1] + mx, box[2] - my, box[3] + my}
		rows = slices.DeleteFunc(rows, func(i int) bool {
			x, y := X.At(i, 0), X.At(i, 1)
			return x < box[0] || x > box[1] || y < box[2] || y > box[3]
		})
	}
	sub := mat.NewDense(len(rows), 2, nil)
	lab := make([]int, len(rows))
	for k, i := range rows {
		sub.SetRow(k, X.RawRowView(i))
		lab[k] = labels[i]
	}
	p, err := Scatter(sub, lab, ScatterOptions{Title: opts.Title, XLabel: opts.XLabel, YLabel: opts.YLabel,
		ClassNames: opts.ClassNames, NoLegend: opts.NoLegend})
	if err != nil {
		return nil, err
	}
	seg := &segments{}
	for _, l := range links {
		seg.ends = append(seg.ends, [2]vg.Point{
			{X: vg.Length(X.At(l[0], 0)), Y: vg.Length(X.At(l[0], 1))},
			{X: vg.Length(X.At(l[1], 0)), Y: vg.Length(X.At(l[1], 1))}})
	}
	p.Add(seg)
	if len(opts.Focus) > 0 {
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = box[0], box[1], box[2], box[3]
	}
	return p, nil
}

// segments draws links between data points.
type segments struct{ ends [][2]vg.Point }

func (s *segments) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ls := draw.LineStyle{Color: color.Black, Width: 2.5}
	ring := draw.GlyphStyle{Color: color.Black, Radius: 5, Shape: draw.RingGlyph{}}
	for _, e := range s.ends {
		a := vg.Point{X: trX(float64(e[0].X)), Y: trY(float64(e[0].Y))}
		b := vg.Point{X: trX(float64(e[1].X)), Y: trY(float64(e[1].Y))}
		c.StrokeLines(ls, c.ClipLinesXY([]vg.Point{a, b})...)
		for _, q := range []vg.Point{a, b} {
			if c.Contains(q) {
				c.DrawGlyphNoClip(ring, q)
			}
		}
	}
}

func (s *segments) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, e := range s.ends {
		for _, q := range e {
			xmin, xmax = math.Min(xmin, float64(q.X)), math.Max(xmax, float64(q.X))
			ymin, ymax = math.Min(ymin, float64(q.Y)), math.Max(ymax, float64(q.Y))
		}
	}
	return
}
