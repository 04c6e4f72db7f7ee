package plotting

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ScatterOptions configures Scatter. The zero value gives a plot without
// titles, coloured by label, with point size and transparency chosen from
// the number of points.
type ScatterOptions struct {
	Title, XLabel, YLabel string
	// ClassNames[l] names label l in the legend; labels without a name are
	// shown as their number, negative labels as "noise".
	ClassNames []string
	// Markers optionally gives each point a marker group (for example its
	// k-means cluster, while colour shows the true class): group g is drawn
	// with the g-th shape (filled circle, square and triangle, then cross,
	// plus, and open circle, square and triangle, repeating). nil draws circles.
	Markers []int
	// MarkerNames[g] names marker group g in the legend (default
	// "group g").
	MarkerNames []string
	// PointSize is the glyph radius in points; 0 means 3 up to 1000 points,
	// 2 up to 10000, 1.3 beyond.
	PointSize vg.Length
	// Alpha is the opacity of the points in [0,1]; 0 means 1 up to 1000
	// points, 0.6 up to 10000, 0.35 beyond, so that dense regions show.
	Alpha float64
	// NoLegend hides the legend.
	NoLegend bool
}

// glyphShapes are the marker shapes, filled ones first.
var glyphShapes = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, draw.CrossGlyph{},
	draw.PlusGlyph{}, draw.RingGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{},
}

func shapeOf(g int) draw.GlyphDrawer {
	if g < 0 {
		g = -g
	}
	return glyphShapes[g%len(glyphShapes)]
}

// Scatter plots the rows of X (n×2: an embedding, two features) coloured
// by labels (nil: one colour), with a legend right of the data. Colours
// come from Palette; past 20 classes the shape changes too. Points are
// drawn in row order, so no class is always hidden under another.
func Scatter(X *mat.Dense, labels []int, opts ScatterOptions) (*plot.Plot, error) {
	const where = "Scatter"
	n, d, err := checkMatrix(where, "X", X)
	if err != nil {
		return nil, err
	}
	if d != 2 {
		return nil, errorf(where, mlkit.ErrValue, "X is %d×%d, want 2 columns (x, y)", n, d)
	}
	if labels != nil && len(labels) != n {
		return nil, errorf(where, mlkit.ErrShape, "labels has %d entries for the %d rows of X", len(labels), n)
	}
	if opts.Markers != nil && len(opts.Markers) != n {
		return nil, errorf(where, mlkit.ErrShape, "opts.Markers has %d entries for the %d rows of X", len(opts.Markers), n)
	}
	if err := checkAlpha(where, opts.Alpha); err != nil {
		return nil, err
	}
	if opts.PointSize < 0 || math.IsNaN(float64(opts.PointSize)) {
		return nil, errorf(where, mlkit.ErrValue, "opts.PointSize=%v, want a positive radius in points (0 means the default)", float64(opts.PointSize))
	}
	radius, alpha := opts.PointSize, opts.Alpha
	dr, da := vg.Length(1.3), 0.35
	switch {
	case n <= 1000:
		dr, da = 3, 1
	case n <= 10000:
		dr, da = 2, 0.6
	}
	if radius == 0 {
		radius = dr
	}
	if alpha == 0 {
		alpha = da
	}

	p := newPlot(opts.Title, opts.XLabel, opts.YLabel)
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{8}, niceTicks{8}
	pts := &points{xy: make([]vg.Point, n), colors: make([]color.Color, n), shapes: make([]draw.GlyphDrawer, n), radius: radius}
	classes := distinct(labels)
	rank := make(map[int]int, len(classes))
	k := 0
	for _, l := range classes {
		if l >= 0 {
			rank[l] = k
			k++
		}
	}
	for i := 0; i < n; i++ {
		pts.xy[i] = vg.Point{X: vg.Length(X.At(i, 0)), Y: vg.Length(X.At(i, 1))}
		var c color.NRGBA
		shape := draw.GlyphDrawer(draw.CircleGlyph{})
		if labels == nil {
			c = paletteColor(0)
		} else if l := labels[i]; l < 0 {
			c = noiseColor
		} else {
			c = paletteColor(rank[l] % 20)
			// Past 20 classes colours repeat, so the shape tells them apart.
			shape = shapeOf(rank[l] / 20)
		}
		if opts.Markers != nil {
			shape = shapeOf(opts.Markers[i])
		}
		pts.colors[i] = withAlpha(c, alpha)
		pts.shapes[i] = shape
	}
	p.Add(pts)

	if !opts.NoLegend {
		var entries []legendEntry
		thumbR := vg.Length(math.Min(4, math.Max(3, float64(radius))))
		if labels != nil {
			for _, l := range classes {
				name, c, shape := className(opts.ClassNames, l), noiseColor, draw.GlyphDrawer(draw.CircleGlyph{})
				if l >= 0 {
					c, shape = paletteColor(rank[l]%20), shapeOf(rank[l]/20)
				}
				entries = append(entries, legendEntry{name, []plot.Thumbnailer{glyphThumb{shape, c, thumbR}}})
			}
		}
		if opts.Markers != nil {
			for _, g := range distinct(opts.Markers) {
				name := fmt.Sprintf("group %d", g)
				if g >= 0 && g < len(opts.MarkerNames) {
					name = opts.MarkerNames[g]
				}
				entries = append(entries, legendEntry{name, []plot.Thumbnailer{glyphThumb{shapeOf(g), color.Gray{0x55}, thumbR}}})
			}
		}
		addRightLegend(p, entries)
	}
	return p, nil
}

func className(names []string, l int) string {
	switch {
	case l >= 0 && l < len(names):
		return names[l]
	case l < 0:
		return "noise"
	}
	return strconv.Itoa(l)
}

// distinct returns the sorted distinct values of x.
func distinct(x []int) []int {
	if x == nil {
		return nil
	}
	u := slices.Clone(x)
	slices.Sort(u)
	return slices.Compact(u)
}

// points draws one glyph per point, each with its own colour and shape, in
// the given order (one plotter.Scatter per class would paint whole classes
// over others).
type points struct {
	xy     []vg.Point // data coordinates
	colors []color.Color
	shapes []draw.GlyphDrawer
	radius vg.Length
}

func (s *points) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, pt := range s.xy {
		q := vg.Point{X: trX(float64(pt.X)), Y: trY(float64(pt.Y))}
		if !c.Contains(q) {
			continue
		}
		c.DrawGlyphNoClip(draw.GlyphStyle{Color: s.colors[i], Radius: s.radius, Shape: s.shapes[i]}, q)
	}
}

func (s *points) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, pt := range s.xy {
		xmin, xmax = math.Min(xmin, float64(pt.X)), math.Max(xmax, float64(pt.X))
		ymin, ymax = math.Min(ymin, float64(pt.Y)), math.Max(ymax, float64(pt.Y))
	}
	return
}

// GlyphBoxes lets the plot pad its data area by the glyph radius, so that
// points on the edge of the range are drawn whole.
func (s *points) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	xmin, xmax, ymin, ymax := s.DataRange()
	r := vg.Rectangle{Min: vg.Point{X: -s.radius, Y: -s.radius}, Max: vg.Point{X: s.radius, Y: s.radius}}
	var boxes []plot.GlyphBox
	for _, x := range []float64{xmin, xmax} {
		for _, y := range []float64{ymin, ymax} {
			boxes = append(boxes, plot.GlyphBox{X: p.X.Norm(x), Y: p.Y.Norm(y), Rectangle: r})
		}
	}
	return boxes
}
