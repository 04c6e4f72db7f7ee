package plotting

import (
	"image/color"
	"math"
	"strconv"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ParallelOptions configures ParallelCoordinates.
type ParallelOptions struct {
	Title string
	// FeatureNames label the axes (default the column indices).
	FeatureNames []string
	// ClassNames[l] names label l in the legend.
	ClassNames []string
	// Alpha is the opacity of one sample's line in [0,1]; 0 means about
	// 20/√n clamped to [0.03, 0.8], or 0.12 with Centroids.
	Alpha float64
	// Centroids draws each class's mean as a thick opaque line over the
	// samples: the clusters' profiles.
	Centroids bool
	// Raw puts all features on one common y axis (for data already on one
	// scale, standardised features or centroid coordinates); by default each
	// axis is scaled to its feature's range, written at its ends.
	Raw bool
}

// ParallelCoordinates draws each row of X (n×d) as a line across d
// vertical axes, one per feature, coloured by labels (nil: one colour)
// (Inselberg 1985, "The plane with parallel coordinates"). Lines are drawn
// in row order; for large n subsample the rows or set Centroids.
func ParallelCoordinates(X *mat.Dense, labels []int, opts ParallelOptions) (*plot.Plot, error) {
	const where = "ParallelCoordinates"
	n, d, err := checkMatrix(where, "X", X)
	if err != nil {
		return nil, err
	}
	if d < 2 {
		return nil, errorf(where, mlkit.ErrShape, "X has %d column, want at least 2 features", d)
	}
	if labels != nil && len(labels) != n {
		return nil, errorf(where, mlkit.ErrShape, "labels has %d entries for the %d rows of X", len(labels), n)
	}
	if opts.FeatureNames != nil && len(opts.FeatureNames) != d {
		return nil, errorf(where, mlkit.ErrShape, "opts.FeatureNames has %d names for the %d columns of X", len(opts.FeatureNames), d)
	}
	if err := checkAlpha(where, opts.Alpha); err != nil {
		return nil, err
	}
	alpha := opts.Alpha
	if alpha == 0 {
		alpha = math.Max(0.03, math.Min(0.8, 20/math.Sqrt(float64(n))))
		if opts.Centroids {
			alpha = 0.12
		}
	}
	pc := &parallel{X: mat.DenseCopyOf(X), n: n, d: d, raw: opts.Raw,
		lo: make([]float64, d), hi: make([]float64, d), colors: make([]color.Color, n)}
	for j := 0; j < d; j++ {
		pc.lo[j], pc.hi[j] = math.Inf(1), math.Inf(-1)
		for i := 0; i < n; i++ {
			pc.lo[j] = math.Min(pc.lo[j], X.At(i, j))
			pc.hi[j] = math.Max(pc.hi[j], X.At(i, j))
		}
	}
	classes := distinct(labels)
	rank := map[int]int{}
	for _, l := range classes {
		if l >= 0 {
			rank[l] = len(rank)
		}
	}
	colorOf := func(l int) color.NRGBA {
		if l < 0 {
			return noiseColor
		}
		return paletteColor(rank[l] % 20)
	}
	for i := range pc.colors {
		c := paletteColor(0)
		if labels != nil {
			c = colorOf(labels[i])
		}
		pc.colors[i] = withAlpha(c, alpha)
	}
	if opts.Centroids {
		groups := classes
		if labels == nil {
			groups = []int{0}
		}
		for _, l := range groups {
			mean := make([]float64, d)
			cnt := 0
			for i := 0; i < n; i++ {
				if labels == nil || labels[i] == l {
					cnt++
					for j := range mean {
						mean[j] += X.At(i, j)
					}
				}
			}
			for j := range mean {
				mean[j] /= float64(cnt)
			}
			pc.centroids = append(pc.centroids, mean)
			pc.centroidColors = append(pc.centroidColors, colorOf(l))
		}
	}

	p := newPlot(opts.Title, "", "")
	p.Add(pc)
	names := labelsOr(opts.FeatureNames, d)
	p.X.Tick.Marker = nominalTicks(names, false, 40)
	p.X.Tick.Length = 0
	p.X.LineStyle.Width = 0
	for _, l := range names {
		if len([]rune(l)) > 3 && d > 5 {
			// Upright, not slanted: the first axis is at the left edge of
			// the figure, where a slanted name would be cut.
			p.X.Tick.Label.Rotation = math.Pi / 2
			p.X.Tick.Label.XAlign = draw.XRight
			p.X.Tick.Label.YAlign = draw.YCenter
			break
		}
	}
	p.X.Padding, p.Y.Padding = 0, 0
	if opts.Raw {
		p.Y.Tick.Marker = niceTicks{8}
	} else {
		// Each axis has its own scale, written at its ends; a shared y
		// scale would mean nothing.
		p.HideY()
		p.Y.Min, p.Y.Max = 0, 1
	}
	if labels != nil {
		var entries []legendEntry
		for _, l := range classes {
			entries = append(entries, legendEntry{className(opts.ClassNames, l),
				[]plot.Thumbnailer{lineThumb{line: draw.LineStyle{Color: colorOf(l), Width: 3}}}})
		}
		addRightLegend(p, entries)
		if !opts.Raw && d <= 20 {
			p.Legend.YOffs = -20 // below the range labels at the top
		}
	}
	return p, nil
}

// parallel draws the sample lines, the centroid lines, the feature axes
// and, when each feature has its own scale, its range at the axis ends.
type parallel struct {
	X              *mat.Dense
	n, d           int
	raw            bool
	lo, hi         []float64
	colors         []color.Color
	centroids      [][]float64
	centroidColors []color.Color
}

// y maps a value of feature j to the plot's y coordinate.
func (pc *parallel) y(j int, v float64) float64 {
	if pc.raw {
		return v
	}
	if pc.hi[j] == pc.lo[j] {
		return 0.5
	}
	return (v - pc.lo[j]) / (pc.hi[j] - pc.lo[j])
}

func (pc *parallel) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	axis := draw.LineStyle{Color: color.Gray{0x99}, Width: 0.8}
	for j := 0; j < pc.d; j++ {
		c.StrokeLine2(axis, trX(float64(j)), c.Min.Y, trX(float64(j)), c.Max.Y)
	}
	line := make([]vg.Point, pc.d)
	row := make([]float64, pc.d)
	for i := 0; i < pc.n; i++ {
		mat.Row(row, i, pc.X)
		for j, v := range row {
			line[j] = vg.Point{X: trX(float64(j)), Y: trY(pc.y(j, v))}
		}
		c.StrokeLines(draw.LineStyle{Color: pc.colors[i], Width: 1}, line)
	}
	for k, m := range pc.centroids {
		for j, v := range m {
			line[j] = vg.Point{X: trX(float64(j)), Y: trY(pc.y(j, v))}
		}
		// A white halo keeps each profile visible where it crosses others.
		c.StrokeLines(draw.LineStyle{Color: color.White, Width: 5}, line)
		c.StrokeLines(draw.LineStyle{Color: pc.centroidColors[k], Width: 3}, line)
	}
	if pc.raw || pc.d > 20 {
		return
	}
	ts := p.X.Tick.Label
	ts.Rotation = 0
	ts.Font.Size = 9
	ts.XAlign = draw.XCenter
	for j := 0; j < pc.d; j++ {
		x := trX(float64(j))
		ts.YAlign = draw.YBottom
		c.FillText(ts, vg.Point{X: x, Y: c.Max.Y + 2}, strconv.FormatFloat(pc.hi[j], 'g', 3, 64))
		ts.YAlign = draw.YTop
		c.FillText(ts, vg.Point{X: x, Y: c.Min.Y - 2}, strconv.FormatFloat(pc.lo[j], 'g', 3, 64))
	}
}

func (pc *parallel) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin, ymax = 0, 1
	if pc.raw {
		ymin, ymax = math.Inf(1), math.Inf(-1)
		for j := range pc.lo {
			ymin, ymax = math.Min(ymin, pc.lo[j]), math.Max(ymax, pc.hi[j])
		}
	}
	return 0, float64(pc.d - 1), ymin, ymax
}

// GlyphBoxes reserve room above and below the axes for their range labels.
func (pc *parallel) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	if pc.raw || pc.d > 20 {
		return nil
	}
	h := vg.Length(17)
	// Half the width of a range label beside the outer axes.
	w := vg.Length(16)
	return []plot.GlyphBox{
		{X: 0, Y: 1, Rectangle: vg.Rectangle{Min: vg.Point{X: -w, Y: 0}, Max: vg.Point{X: w, Y: h}}},
		{X: 1, Y: 1, Rectangle: vg.Rectangle{Min: vg.Point{X: -w, Y: 0}, Max: vg.Point{X: w, Y: h}}},
		{X: 0.5, Y: 1, Rectangle: vg.Rectangle{Min: vg.Point{X: -1, Y: 0}, Max: vg.Point{X: 1, Y: h}}},
		{X: 0.5, Y: 0, Rectangle: vg.Rectangle{Min: vg.Point{X: -1, Y: -h}, Max: vg.Point{X: 1, Y: 0}}},
	}
}
