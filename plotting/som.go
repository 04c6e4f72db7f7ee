package plotting

import (
	"fmt"
	"image/color"
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SOMOptions configures SOMUMatrix, SOMHitMap and SOMUnits.
type SOMOptions struct {
	Title, XLabel, YLabel string
	// Hex draws a hexagonal map: unit (r, c) at (r − ½·s(c), c·√3/2) with
	// s(c) = 1 on every other column counted from the last, as cluster.Hex
	// and MiniSom place them; otherwise unit (r, c) is at (r, c).
	Hex bool
	// Colormap colours the cells of SOMUMatrix and SOMHitMap; the default
	// is GrayReversed for the U-matrix (dark borders between light groups of
	// units, as usually drawn) and Viridis for hit maps.
	Colormap Colormap
	// Annotate writes each cell's value in it (counts on a hit map).
	Annotate bool
	// HideColorbar hides the colour bar.
	HideColorbar bool
	// Labels colours the data points of SOMUnits by class (nil: one
	// colour; negative labels are noise, in grey).
	Labels []int
}

// SOMUMatrix draws a self-organizing map's U-matrix (Rows×Cols, for example
// cluster.SOMModel.UMatrix): each unit a square or hexagon coloured by the
// mean distance from its weights to its neighbours'. Groups of similar units
// show as basins, the borders between them as ridges.
func SOMUMatrix(U *mat.Dense, opts SOMOptions) (*plot.Plot, error) {
	return somGrid("SOMUMatrix", "U", U, opts, GrayReversed)
}

// SOMHitMap draws how many samples each unit of a map is the best-matching
// unit of (Rows×Cols counts, for example cluster.SOMModel.ActivationCounts).
// Units that no sample picks lie between the data's groups.
func SOMHitMap(counts *mat.Dense, opts SOMOptions) (*plot.Plot, error) {
	return somGrid("SOMHitMap", "counts", counts, opts, Viridis)
}

func somGrid(where, name string, M *mat.Dense, opts SOMOptions, def Colormap) (*plot.Plot, error) {
	rows, cols, err := checkMatrix(where, name, M)
	if err != nil {
		return nil, err
	}
	if !opts.Colormap.valid() {
		return nil, errorf(where, mlkit.ErrValue, "opts.Colormap=%v, want one of the Colormap constants", opts.Colormap)
	}
	s := &somCells{rows: rows, cols: cols, hex: opts.Hex, m: mat.DenseCopyOf(M), annotate: opts.Annotate}
	s.heat = heatCells{cmap: opts.Colormap.or(def), lo: math.Inf(1), hi: math.Inf(-1)}
	integers := true
	for _, v := range s.m.RawMatrix().Data {
		s.heat.lo, s.heat.hi = math.Min(s.heat.lo, v), math.Max(s.heat.hi, v)
		integers = integers && v == math.Trunc(v) && math.Abs(v) < 1e15
	}
	if s.heat.lo == s.heat.hi {
		s.heat.lo, s.heat.hi = s.heat.lo-0.5, s.heat.hi+0.5
	}
	s.heat.format = "%.2g"
	if integers {
		s.heat.format = "%.0f"
	}
	xl, yl := opts.XLabel, opts.YLabel
	if xl == "" && yl == "" {
		xl, yl = "map row", "map column"
	}
	p := newPlot(opts.Title, xl, yl)
	p.Add(s)
	// Ticks name the rows and columns, wherever the hexagonal layout puts them.
	var xt, yt plot.ConstantTicks
	for r := 0; r < rows; r += max(1, rows/12) {
		xt = append(xt, plot.Tick{Value: float64(r), Label: fmt.Sprint(r)})
	}
	for c := 0; c < cols; c += max(1, cols/12) {
		_, y := somPos(0, c, cols, opts.Hex)
		yt = append(yt, plot.Tick{Value: y, Label: fmt.Sprint(c)})
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = xt, yt
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Length = 0
		a.LineStyle.Width = 0
		a.Padding = 0
	}
	if !opts.HideColorbar {
		s.colorbar = true
		p.Add(rightGutter{width: func(p *plot.Plot) vg.Length {
			ts := p.Y.Tick.Label
			var w vg.Length
			for _, t := range s.heat.colorbarTicks() {
				w = max(w, ts.Rectangle(t.Label).Size().X)
			}
			return legendGap + colorbarWidth + 4 + w
		}})
	}
	return p, nil
}

// somHexRow is the distance between the columns of a hexagonal map, √3/2
// written as MiniSom's (3/2)/√3, and somHexRadius the centre-to-corner
// distance of its pointy-topped hexagons of width 1.
var (
	somHexRow    = (3.0 / 2.0) / math.Sqrt(3)
	somHexRadius = 1 / math.Sqrt(3)
)

// somPos is the position of unit (r, c), as cluster's SOMModel.Positions.
func somPos(r, c, cols int, hex bool) (x, y float64) {
	if !hex {
		return float64(r), float64(c)
	}
	x = float64(r)
	if (cols-1-c)%2 == 0 {
		x -= 0.5
	}
	return x, float64(c) * somHexRow
}

// somCells draws the units as filled squares or hexagons.
type somCells struct {
	rows, cols int
	hex        bool
	m          *mat.Dense
	heat       heatCells // colour map, range, format and colour bar
	annotate   bool
	colorbar   bool
}

// cell returns the corners of unit (r, c) in data coordinates.
func (s *somCells) cell(r, c int) [][2]float64 {
	x, y := somPos(r, c, s.cols, s.hex)
	if !s.hex {
		return [][2]float64{{x - 0.5, y - 0.5}, {x + 0.5, y - 0.5}, {x + 0.5, y + 0.5}, {x - 0.5, y + 0.5}}
	}
	out := make([][2]float64, 6)
	for k := range out {
		a := math.Pi/6 + float64(k)*math.Pi/3
		out[k] = [2]float64{x + somHexRadius*math.Cos(a), y + somHexRadius*math.Sin(a)}
	}
	return out
}

func (s *somCells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ts := p.Y.Tick.Label
	ts.XAlign, ts.YAlign, ts.Rotation = draw.XCenter, draw.YCenter, 0
	ts.Font.Size = vg.Length(math.Max(6, math.Min(10, float64(trX(0.5)-trX(0))*0.6)))
	for r := 0; r < s.rows; r++ {
		for cc := 0; cc < s.cols; cc++ {
			v := s.m.At(r, cc)
			col := s.heat.color(v)
			var path vg.Path
			for k, q := range s.cell(r, cc) {
				pt := vg.Point{X: trX(q[0]), Y: trY(q[1])}
				if k == 0 {
					path.Move(pt)
				} else {
					path.Line(pt)
				}
			}
			path.Close()
			c.SetColor(col)
			c.Fill(path)
			// A thin outline in the same colour hides anti-aliasing seams.
			c.SetLineStyle(draw.LineStyle{Color: col, Width: 0.4})
			c.Stroke(path)
			if s.annotate {
				x, y := somPos(r, cc, s.cols, s.hex)
				ts.Color = textOn(col)
				c.FillText(ts, vg.Point{X: trX(x), Y: trY(y)}, fmt.Sprintf(s.heat.format, v))
			}
		}
	}
	if s.colorbar {
		s.heat.drawColorbar(c, p)
	}
}

func (s *somCells) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, r := range []int{0, s.rows - 1} {
		for c := 0; c < s.cols; c++ {
			for _, q := range s.cell(r, c) {
				xmin, xmax = math.Min(xmin, q[0]), math.Max(xmax, q[0])
				ymin, ymax = math.Min(ymin, q[1]), math.Max(ymax, q[1])
			}
		}
	}
	return
}

// SOMUnits draws a map's units over 2-D data: the points of X (n×2, grey, or
// coloured by opts.Labels), each unit's weights (Rows·Cols × 2, unit
// u = r·Cols + c, as cluster.SOMModel.Weights) as a black dot, and a line
// between units that are neighbours on the grid (4 per unit on a rectangular
// map, 6 on a hexagonal one). A well-trained map spreads over the data like a
// net; folds and long stretched links show where its topology does not fit.
func SOMUnits(X, weights *mat.Dense, rows, cols int, opts SOMOptions) (*plot.Plot, error) {
	const where = "SOMUnits"
	if _, _, err := checkMatrix(where, "X", X); err != nil {
		return nil, err
	}
	u, d, err := checkMatrix(where, "weights", weights)
	if err != nil {
		return nil, err
	}
	if n, dx := X.Dims(); dx != 2 {
		return nil, errorf(where, mlkit.ErrValue, "X is %d×%d, want 2 columns (x, y)", n, dx)
	} else if opts.Labels != nil && len(opts.Labels) != n {
		return nil, errorf(where, mlkit.ErrShape, "opts.Labels has %d entries for the %d rows of X", len(opts.Labels), n)
	}
	if rows < 1 || cols < 1 || rows*cols != u || d != 2 {
		return nil, errorf(where, mlkit.ErrShape, "weights is %d×%d, want Rows·Cols = %d×%d = %d rows and 2 columns", u, d, rows, cols, rows*cols)
	}
	p, err := Scatter(X, opts.Labels, ScatterOptions{Title: opts.Title, XLabel: opts.XLabel, YLabel: opts.YLabel,
		NoLegend: opts.Labels == nil, Alpha: 0.35})
	if err != nil {
		return nil, err
	}
	net := &somNet{w: mat.DenseCopyOf(weights)}
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			x, y := somPos(r, c, cols, opts.Hex)
			// Each link once: to the next row, and to the next column (both
			// units of the next column that touch this one on a hex map).
			for _, nb := range [][2]int{{r + 1, c}, {r - 1, c + 1}, {r, c + 1}, {r + 1, c + 1}} {
				r2, c2 := nb[0], nb[1]
				if r2 < 0 || r2 >= rows || c2 >= cols {
					continue
				}
				x2, y2 := somPos(r2, c2, cols, opts.Hex)
				if math.Abs(math.Hypot(x2-x, y2-y)-1) > 1e-9 {
					continue // a diagonal of a rectangular map, or not adjacent
				}
				net.links = append(net.links, [2]int{r*cols + c, r2*cols + c2})
			}
		}
	}
	p.Add(net)
	return p, nil
}

// somNet draws the grid links and the units.
type somNet struct {
	w     *mat.Dense
	links [][2]int
}

func (s *somNet) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	at := func(u int) vg.Point { return vg.Point{X: trX(s.w.At(u, 0)), Y: trY(s.w.At(u, 1))} }
	ls := draw.LineStyle{Color: color.NRGBA{0x22, 0x22, 0x22, 0xCC}, Width: 0.8}
	for _, l := range s.links {
		c.StrokeLines(ls, c.ClipLinesXY([]vg.Point{at(l[0]), at(l[1])})...)
	}
	u, _ := s.w.Dims()
	gs := draw.GlyphStyle{Color: color.Black, Radius: 2, Shape: draw.CircleGlyph{}}
	for i := 0; i < u; i++ {
		if q := at(i); c.Contains(q) {
			c.DrawGlyphNoClip(gs, q)
		}
	}
}

func (s *somNet) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	u, _ := s.w.Dims()
	for i := 0; i < u; i++ {
		xmin, xmax = math.Min(xmin, s.w.At(i, 0)), math.Max(xmax, s.w.At(i, 0))
		ymin, ymax = math.Min(ymin, s.w.At(i, 1)), math.Max(ymax, s.w.At(i, 1))
	}
	return
}
