package plotting

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SilhouetteOptions configures Silhouette.
type SilhouetteOptions struct {
	// Title defaults to "silhouette per sample, mean 0.123".
	Title string
	// ClusterNames[l] names cluster l at the left of its band.
	ClusterNames []string
}

// Silhouette draws the silhouette of every sample (metrics.SilhouetteSamples),
// grouped by cluster and sorted within each, as a filled band per cluster,
// with a dashed line at the mean: the standard figure for choosing k
// (Rousseeuw 1987, "Silhouettes: a graphical aid to the interpretation and
// validation of cluster analysis", J. Comput. Appl. Math. 20, fig. 2; the
// scikit-learn gallery's plot_kmeans_silhouette_analysis). Thin bands are
// small clusters; bands reaching left of zero hold samples nearer another
// cluster than their own; a good k has bands of similar width that reach
// past the mean.
func Silhouette(values []float64, labels []int, opts SilhouetteOptions) (*plot.Plot, error) {
	const where = "Silhouette"
	if len(values) == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "values is empty")
	}
	if len(labels) != len(values) {
		return nil, errorf(where, mlkit.ErrShape, "labels has %d ids for %d values", len(labels), len(values))
	}
	groups := map[int][]float64{}
	var mean float64
	for i, v := range values {
		if math.IsNaN(v) || v < -1 || v > 1 {
			return nil, errorf(where, mlkit.ErrValue, "values[%d]=%v, want a silhouette in [-1,1]", i, v)
		}
		if labels[i] < 0 {
			return nil, errorf(where, mlkit.ErrValue, "labels[%d]=%d, want ids ≥ 0", i, labels[i])
		}
		groups[labels[i]] = append(groups[labels[i]], v)
		mean += v
	}
	mean /= float64(len(values))
	ids := make([]int, 0, len(groups))
	for l := range groups {
		ids = append(ids, l)
	}
	slices.Sort(ids)
	title := opts.Title
	if title == "" {
		title = fmt.Sprintf("silhouette per sample, mean %.3f", mean)
	}
	p := newPlot(title, "silhouette", "samples, by cluster")
	s := &silhouetteBands{mean: mean, gap: math.Max(1, float64(len(values))/100)}
	for _, l := range ids {
		g := groups[l]
		slices.SortFunc(g, func(a, b float64) int { return -cmpFloat(a, b) })
		name := strconv.Itoa(l)
		if l < len(opts.ClusterNames) {
			name = opts.ClusterNames[l]
		}
		s.bands = append(s.bands, silBand{vals: g, col: paletteColor(l), name: name})
	}
	p.Add(s)
	p.Y.Tick.Marker = plot.ConstantTicks(nil)
	p.X.Tick.Marker = niceTicks{6}
	return p, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

type silBand struct {
	vals []float64
	col  color.NRGBA
	name string
}

// silhouetteBands stacks the clusters' sorted values bottom-up, gap
// sample-heights apart, first cluster at the bottom (as scikit-learn's).
type silhouetteBands struct {
	bands []silBand
	mean  float64
	gap   float64
}

func (s *silhouetteBands) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ts := p.Y.Tick.Label
	ts.XAlign, ts.YAlign, ts.Rotation = draw.XRight, draw.YCenter, 0
	y := s.gap
	for _, b := range s.bands {
		var path vg.Path
		path.Move(vg.Point{X: trX(0), Y: trY(y)})
		for k, v := range b.vals {
			path.Line(vg.Point{X: trX(v), Y: trY(y + float64(k))})
			path.Line(vg.Point{X: trX(v), Y: trY(y + float64(k+1))})
		}
		path.Line(vg.Point{X: trX(0), Y: trY(y + float64(len(b.vals)))})
		path.Close()
		c.SetColor(withAlpha(b.col, 0.85))
		c.Fill(path)
		mid := y + float64(len(b.vals))/2
		c.FillText(ts, vg.Point{X: trX(0) - 3, Y: trY(mid)}, b.name)
		y += float64(len(b.vals)) + s.gap
	}
	sty := draw.LineStyle{Color: color.NRGBA{0xCC, 0x33, 0x11, 0xFF}, Width: 1.5, Dashes: []vg.Length{5, 3}}
	c.StrokeLine2(sty, trX(s.mean), c.Min.Y, trX(s.mean), c.Max.Y)
	c.StrokeLine2(draw.LineStyle{Color: color.Gray{0x44}, Width: 0.8}, trX(0), c.Min.Y, trX(0), c.Max.Y)
}

func (s *silhouetteBands) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = -0.1, 1
	n := s.gap
	for _, b := range s.bands {
		xmin = math.Min(xmin, b.vals[len(b.vals)-1])
		n += float64(len(b.vals)) + s.gap
	}
	return xmin, xmax, 0, n
}

// MarkX draws a dashed vertical line at x across p, labelled at its top
// (as LineOptions.MarkX does for Lines): k = 10 on a metric curve drawn by
// Bands, a threshold on a histogram.
func MarkX(p *plot.Plot, x float64, label string) error {
	if p == nil {
		return errorf("MarkX", mlkit.ErrEmpty, "p is nil")
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return errorf("MarkX", mlkit.ErrValue, "x=%v, want a finite value", x)
	}
	p.Add(vline{x: x, label: label})
	return nil
}
