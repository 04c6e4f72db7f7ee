package plotting

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// HeatmapOptions configures Heatmap.
type HeatmapOptions struct {
	Title, XLabel, YLabel string
	// Annotate writes each cell's value in it, in black or white, whichever
	// contrasts more with the cell.
	Annotate bool
	// Format is the fmt verb for annotations and the colour bar; default
	// "%.0f" when every value is an integer (counts), else "%.2g".
	Format string
	// Colormap colours the cells (default Viridis). With Diverging the
	// range is made symmetric around zero.
	Colormap Colormap
	// Min and Max fix the value range of the colours; both zero means the
	// range of M.
	Min, Max float64
	// HideColorbar hides the colour bar right of the cells.
	HideColorbar bool
}

// Heatmap draws M as coloured cells, row 0 at the top, with row and column
// labels (nil: the indices) — contingency and confusion matrices, centroid
// profiles. Up to about 40 labels per axis are written; beyond, every k-th.
func Heatmap(M *mat.Dense, rowLabels, colLabels []string, opts HeatmapOptions) (*plot.Plot, error) {
	const where = "Heatmap"
	r, c, err := checkMatrix(where, "M", M)
	if err != nil {
		return nil, err
	}
	if rowLabels != nil && len(rowLabels) != r {
		return nil, errorf(where, mlkit.ErrShape, "rowLabels has %d names for the %d rows of M", len(rowLabels), r)
	}
	if colLabels != nil && len(colLabels) != c {
		return nil, errorf(where, mlkit.ErrShape, "colLabels has %d names for the %d columns of M", len(colLabels), c)
	}
	if !opts.Colormap.valid() {
		return nil, errorf(where, mlkit.ErrValue, "opts.Colormap=%v, want one of the Colormap constants", opts.Colormap)
	}
	if math.IsNaN(opts.Min) || math.IsNaN(opts.Max) || tooLarge(opts.Min) || tooLarge(opts.Max) ||
		(opts.Min != 0 || opts.Max != 0) && opts.Min >= opts.Max {
		return nil, errorf(where, mlkit.ErrValue, "opts.Min=%v, opts.Max=%v, want finite Min < Max within ±1e307 (or both 0 for the data range)", opts.Min, opts.Max)
	}
	h := &heatCells{m: mat.DenseCopyOf(M), rows: r, cols: c, cmap: opts.Colormap.or(Viridis), annotate: opts.Annotate, colorbar: !opts.HideColorbar}
	h.lo, h.hi = opts.Min, opts.Max
	integers := true
	if h.lo == 0 && h.hi == 0 {
		h.lo, h.hi = math.Inf(1), math.Inf(-1)
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				v := M.At(i, j)
				h.lo, h.hi = math.Min(h.lo, v), math.Max(h.hi, v)
				integers = integers && v == math.Trunc(v) && math.Abs(v) < 1e15
			}
		}
		if h.cmap == Diverging {
			a := math.Max(math.Abs(h.lo), math.Abs(h.hi))
			h.lo, h.hi = -a, a
		}
		if h.lo == h.hi {
			h.lo, h.hi = h.lo-0.5, h.hi+0.5
		}
	}
	h.format = opts.Format
	if h.format == "" {
		h.format = "%.2g"
		if integers {
			h.format = "%.0f"
		}
	}
	if s := fmt.Sprintf(h.format, 1.0); len(s) > 0 && s[0] == '%' {
		return nil, errorf(where, mlkit.ErrValue, "opts.Format=%q is not a verb for a float64", opts.Format)
	}

	p := newPlot(opts.Title, opts.XLabel, opts.YLabel)
	p.Add(h)
	p.X.Tick.Marker = nominalTicks(labelsOr(colLabels, c), false, 30)
	p.Y.Tick.Marker = nominalTicks(labelsOr(rowLabels, r), true, 40)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Length = 0
		a.LineStyle.Width = 0
		a.Padding = 0
	}
	// Long column names are turned so they do not run into each other:
	// by 45° when there are few, upright when there are many.
	for _, l := range colLabels {
		if len([]rune(l)) > 3 && c > 4 {
			p.X.Tick.Label.XAlign = draw.XRight
			p.X.Tick.Label.YAlign = draw.YCenter
			p.X.Tick.Label.Rotation = math.Pi / 2
			if c <= 12 {
				p.X.Tick.Label.Rotation = math.Pi / 4
				// A slanted name centred on its tick rises above the
				// anchor gonum/plot gives it by about a third of a line.
				p.X.Padding = tickSize * 0.5
			}
			break
		}
	}
	if !opts.HideColorbar {
		p.Add(rightGutter{width: func(p *plot.Plot) vg.Length {
			ts := p.Y.Tick.Label
			var w vg.Length
			for _, t := range h.colorbarTicks() {
				w = max(w, ts.Rectangle(t.Label).Size().X)
			}
			return legendGap + colorbarWidth + 4 + w
		}})
	}
	return p, nil
}

const colorbarWidth vg.Length = 12

func labelsOr(l []string, n int) []string {
	if l != nil {
		return l
	}
	out := make([]string, n)
	for i := range out {
		out[i] = strconv.Itoa(i)
	}
	return out
}

// nominalTicks puts the names at integer positions 0..n-1 (reversed, for
// rows drawn top-down), every k-th one when there are more than most.
func nominalTicks(names []string, reversed bool, most int) plot.ConstantTicks {
	n := len(names)
	step := 1
	if n > most {
		step = (n + most - 1) / most
	}
	var t plot.ConstantTicks
	for i := 0; i < n; i += step {
		pos := float64(i)
		if reversed {
			pos = float64(n - 1 - i)
		}
		t = append(t, plot.Tick{Value: pos, Label: names[i]})
	}
	return t
}

// heatCells draws the cells of the matrix as filled rectangles (vector, so
// they stay sharp at any size), their annotations and the colour bar.
type heatCells struct {
	m          *mat.Dense
	rows, cols int
	lo, hi     float64
	cmap       Colormap
	annotate   bool
	colorbar   bool
	format     string
}

func (h *heatCells) color(v float64) color.NRGBA { return h.cmap.At((v - h.lo) / (h.hi - h.lo)) }

func (h *heatCells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	cw := trX(0.5) - trX(-0.5)
	ch := trY(0.5) - trY(-0.5)
	ts := p.Y.Tick.Label
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YCenter
	ts.Rotation = 0
	// The annotation font fills about half a cell, within 6..12 points.
	var widest vg.Length
	if h.annotate {
		ts.Font.Size = 10
		for i := 0; i < h.rows; i++ {
			for j := 0; j < h.cols; j++ {
				widest = max(widest, ts.Rectangle(fmt.Sprintf(h.format, h.m.At(i, j))).Size().X)
			}
		}
		size := min(12, float64(ch)*0.45, 10*float64(cw)*0.85/float64(widest))
		ts.Font.Size = vg.Length(size)
	}
	if !h.annotate && h.rows*h.cols > 1000 {
		h.drawRaster(c, vg.Rectangle{
			Min: vg.Point{X: trX(-0.5), Y: trY(-0.5)},
			Max: vg.Point{X: trX(float64(h.cols) - 0.5), Y: trY(float64(h.rows) - 0.5)},
		})
	} else {
		h.drawCells(c, trX, trY, cw, ch, ts)
	}
	if h.colorbar {
		h.drawColorbar(c, p)
	}
}

// drawRaster draws a large matrix as one image with a block of pixels per
// cell: thousands of vector rectangles would leave anti-aliasing seams
// between cells and bloat SVGs.
func (h *heatCells) drawRaster(c draw.Canvas, r vg.Rectangle) {
	dpi := 144.0
	if d, ok := c.Canvas.(interface{ DPI() float64 }); ok {
		dpi = d.DPI()
	}
	sx := max(1, int(math.Ceil(float64(r.Size().X)*dpi/72/float64(h.cols))))
	sy := max(1, int(math.Ceil(float64(r.Size().Y)*dpi/72/float64(h.rows))))
	img := image.NewNRGBA(image.Rect(0, 0, h.cols*sx, h.rows*sy))
	for i := 0; i < h.rows; i++ {
		for j := 0; j < h.cols; j++ {
			col := h.color(h.m.At(i, j))
			for y := i * sy; y < (i+1)*sy; y++ {
				for x := j * sx; x < (j+1)*sx; x++ {
					img.SetNRGBA(x, y, col)
				}
			}
		}
	}
	c.DrawImage(r, img)
}

func (h *heatCells) drawCells(c draw.Canvas, trX, trY func(float64) vg.Length, cw, ch vg.Length, ts text.Style) {
	for i := 0; i < h.rows; i++ {
		y := trY(float64(h.rows - 1 - i))
		for j := 0; j < h.cols; j++ {
			x := trX(float64(j))
			v := h.m.At(i, j)
			col := h.color(v)
			rect := vg.Rectangle{Min: vg.Point{X: x - cw/2, Y: y - ch/2}, Max: vg.Point{X: x + cw/2, Y: y + ch/2}}
			c.SetColor(col)
			// A hair of overlap hides the seams anti-aliasing leaves
			// between neighbouring cells.
			c.Fill(rectPath(rect, 0.3))
			if h.annotate && ts.Font.Size >= 6 {
				ts.Color = textOn(col)
				c.FillText(ts, vg.Point{X: x, Y: y}, fmt.Sprintf(h.format, v))
			}
		}
	}
}

func (h *heatCells) drawColorbar(c draw.Canvas, p *plot.Plot) {
	x0 := c.Max.X + legendGap
	const steps = 64
	hgt := c.Max.Y - c.Min.Y
	for k := 0; k < steps; k++ {
		y := c.Min.Y + hgt*vg.Length(k)/steps
		c.SetColor(h.cmap.At((float64(k) + 0.5) / steps))
		c.Fill(rectPath(vg.Rectangle{Min: vg.Point{X: x0, Y: y}, Max: vg.Point{X: x0 + colorbarWidth, Y: y + hgt/steps}}, 0.3))
	}
	ts := p.Y.Tick.Label
	ts.XAlign, ts.YAlign, ts.Rotation = draw.XLeft, draw.YCenter, 0
	for _, t := range h.colorbarTicks() {
		y := c.Min.Y + hgt*vg.Length((t.Value-h.lo)/(h.hi-h.lo))
		c.StrokeLine2(draw.LineStyle{Color: color.Black, Width: 0.8}, x0+colorbarWidth, y, x0+colorbarWidth+3, y)
		c.FillText(ts, vg.Point{X: x0 + colorbarWidth + 4, Y: y}, t.Label)
	}
}

// colorbarTicks are round values along the colour bar, or its two ends
// formatted with Format when the range holds fewer than two round values.
func (h *heatCells) colorbarTicks() []plot.Tick {
	var ts []plot.Tick
	for _, t := range (niceTicks{4}).Ticks(h.lo, h.hi) {
		if t.Label != "" {
			ts = append(ts, t)
		}
	}
	if len(ts) < 2 {
		ts = []plot.Tick{{Value: h.lo, Label: fmt.Sprintf(h.format, h.lo)}, {Value: h.hi, Label: fmt.Sprintf(h.format, h.hi)}}
	}
	return ts
}

func rectPath(r vg.Rectangle, grow vg.Length) vg.Path {
	var p vg.Path
	p.Move(vg.Point{X: r.Min.X - grow, Y: r.Min.Y - grow})
	p.Line(vg.Point{X: r.Max.X + grow, Y: r.Min.Y - grow})
	p.Line(vg.Point{X: r.Max.X + grow, Y: r.Max.Y + grow})
	p.Line(vg.Point{X: r.Min.X - grow, Y: r.Max.Y + grow})
	p.Close()
	return p
}

func (h *heatCells) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, float64(h.cols) - 0.5, -0.5, float64(h.rows) - 0.5
}
