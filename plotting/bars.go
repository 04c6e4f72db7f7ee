package plotting

import (
	"image/color"
	"math"
	"sort"
	"strconv"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// BarOptions configures FeatureBars.
type BarOptions struct {
	Title string
	// XLabel names the values (default "weight").
	XLabel string
	// Err, when set, draws an error bar of ±Err[j] on feature j's bar (for
	// example the standard deviation of a permutation importance); one
	// non-negative value per feature.
	Err []float64
	// TopK keeps the TopK features with the largest |value|; 0 keeps all.
	TopK int
	// Unsorted keeps the features in their given order, top to bottom; by
	// default they are sorted by decreasing |value|, the largest on top.
	Unsorted bool
}

// FeatureBars draws one horizontal bar per feature from zero to its signed
// value, with the feature names on the left: the weights of a linear
// explanation (LIME, the k-means hyperplane), the terms of a log ratio,
// permutation importances with their standard deviations as error bars.
// Positive bars are vermillion and negative ones blue, as the red and blue
// ends of the Diverging colormap.
func FeatureBars(values []float64, names []string, opts BarOptions) (*plot.Plot, error) {
	const where = "FeatureBars"
	if err := checkFloats(where, "values", values); err != nil {
		return nil, err
	}
	n := len(values)
	if names != nil && len(names) != n {
		return nil, errorf(where, mlkit.ErrShape, "names has %d names for %d values", len(names), n)
	}
	if opts.Err != nil {
		if len(opts.Err) != n {
			return nil, errorf(where, mlkit.ErrShape, "opts.Err has %d values for %d values", len(opts.Err), n)
		}
		if err := checkFloats(where, "opts.Err", opts.Err); err != nil {
			return nil, err
		}
		for j, e := range opts.Err {
			if e < 0 {
				return nil, errorf(where, mlkit.ErrValue, "opts.Err[%d]=%v, want a non-negative error", j, e)
			}
		}
	}
	if opts.TopK < 0 || opts.TopK > n {
		return nil, errorf(where, mlkit.ErrValue, "opts.TopK=%d, want 0 (all) to %d features", opts.TopK, n)
	}
	order := make([]int, n)
	for j := range order {
		order[j] = j
	}
	if !opts.Unsorted || opts.TopK > 0 {
		sort.SliceStable(order, func(a, b int) bool { return math.Abs(values[order[a]]) > math.Abs(values[order[b]]) })
	}
	if opts.TopK > 0 {
		order = order[:opts.TopK]
		if opts.Unsorted {
			sort.Ints(order)
		}
	}
	b := &signedBars{}
	labels := make([]string, len(order))
	for i, j := range order {
		b.v = append(b.v, values[j])
		if opts.Err != nil {
			b.err = append(b.err, opts.Err[j])
		}
		labels[i] = strconv.Itoa(j)
		if names != nil {
			labels[i] = names[j]
		}
	}
	xlabel := opts.XLabel
	if xlabel == "" {
		xlabel = "weight"
	}
	p := newPlot(opts.Title, xlabel, "")
	g := plotter.NewGrid()
	g.Horizontal.Width = 0
	p.Add(g)
	p.Add(b)
	p.X.Tick.Marker = niceTicks{6}
	p.Y.Tick.Marker = nominalTicks(labels, true, 60)
	p.Y.Tick.Length = 0
	p.Y.LineStyle.Width = 0
	p.Y.Padding = 0
	return p, nil
}

// signedBars draws bar i (from the top) from 0 to v[i], with an error bar.
type signedBars struct {
	v, err []float64
}

var (
	positiveBar = okabeIto[1] // vermillion
	negativeBar = okabeIto[0] // blue
)

func (b *signedBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	n := len(b.v)
	half := (trY(0.5) - trY(-0.5)) * 0.35
	zero := trX(0)
	for i, v := range b.v {
		y := trY(float64(n - 1 - i))
		col := positiveBar
		if v < 0 {
			col = negativeBar
		}
		x := trX(v)
		r := vg.Rectangle{Min: vg.Point{X: min(zero, x), Y: y - half}, Max: vg.Point{X: max(zero, x), Y: y + half}}
		c.SetColor(col)
		c.Fill(rectPath(r, 0))
		if b.err != nil && b.err[i] > 0 {
			sty := draw.LineStyle{Color: color.Gray{0x22}, Width: 1.2}
			lo, hi := trX(v-b.err[i]), trX(v+b.err[i])
			tick := half * 0.5
			c.StrokeLine2(sty, lo, y, hi, y)
			c.StrokeLine2(sty, lo, y-tick, lo, y+tick)
			c.StrokeLine2(sty, hi, y-tick, hi, y+tick)
		}
	}
	c.StrokeLine2(draw.LineStyle{Color: color.Gray{0x44}, Width: 1}, zero, c.Min.Y, zero, c.Max.Y)
}

func (b *signedBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	for i, v := range b.v {
		e := 0.0
		if b.err != nil {
			e = b.err[i]
		}
		xmin, xmax = math.Min(xmin, v-e), math.Max(xmax, v+e)
	}
	if xmin == xmax { // all zero: a unit range around the zero line
		xmin, xmax = -1, 1
	}
	return xmin, xmax, -0.5, float64(len(b.v)) - 0.5
}
