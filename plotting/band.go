package plotting

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// Spread says what a band around the mean shows.
type Spread int

const (
	// StdDev is mean ± one standard deviation over the draws (n−1
	// denominator), the default.
	StdDev Spread = iota
	// Quartiles spans the 25th to the 75th percentile of the draws.
	Quartiles
	// MinMax spans the smallest to the largest draw.
	MinMax
)

// String returns "std_dev", "quartiles" or "min_max".
func (s Spread) String() string {
	switch s {
	case StdDev:
		return "std_dev"
	case Quartiles:
		return "quartiles"
	case MinMax:
		return "min_max"
	}
	return fmt.Sprintf("Spread(%d)", int(s))
}

// Band is one named series measured over repeated draws: Draws has one row
// per draw and one column per X (a score for 3, 5 and 10 samples per class
// over 100 seeds). Without Draws, Mean, Lo and Hi give the line and the
// band directly.
type Band struct {
	Name         string
	X            []float64
	Draws        *mat.Dense
	Mean, Lo, Hi []float64
}

// BandOptions configures Bands.
type BandOptions struct {
	Title, XLabel, YLabel string
	// Spread is the band drawn from Draws: StdDev (default), Quartiles or
	// MinMax.
	Spread Spread
}

// Bands plots each band's mean as a line with markers over a shaded band
// of its spread, in the palette's colours, with a legend naming the series
// and the spread.
func Bands(bands []Band, opts BandOptions) (*plot.Plot, error) {
	const where = "Bands"
	if len(bands) == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "bands is empty")
	}
	if opts.Spread < StdDev || opts.Spread > MinMax {
		return nil, errorf(where, mlkit.ErrValue, "opts.Spread=%v, want StdDev, Quartiles or MinMax", opts.Spread)
	}
	p := newPlot(opts.Title, opts.XLabel, opts.YLabel)
	p.Add(plotter.NewGrid())
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{7}, niceTicks{6}
	var entries []legendEntry
	var front []plot.Plotter // lines over every band's fill
	for i, b := range bands {
		name := "bands[" + strconv.Itoa(i) + "]"
		mean, lo, hi, err := b.summary(where, name, opts.Spread)
		if err != nil {
			return nil, err
		}
		col := paletteColor(i % 20)
		n := len(b.X)
		order := make([]int, n)
		for j := range order {
			order[j] = j
		}
		slices.SortStableFunc(order, func(a, c int) int {
			switch {
			case b.X[a] < b.X[c]:
				return -1
			case b.X[a] > b.X[c]:
				return 1
			}
			return 0
		})
		line := make(plotter.XYs, n)
		poly := make(plotter.XYs, 0, 2*n)
		for k, j := range order {
			line[k] = plotter.XY{X: b.X[j], Y: mean[j]}
			poly = append(poly, plotter.XY{X: b.X[j], Y: hi[j]})
		}
		for k := n - 1; k >= 0; k-- {
			poly = append(poly, plotter.XY{X: b.X[order[k]], Y: lo[order[k]]})
		}
		if n > 1 {
			pg, err := plotter.NewPolygon(poly)
			if err != nil {
				return nil, errorf(where, mlkit.ErrValue, "%s: %v", name, err)
			}
			pg.Color = withAlpha(col, 0.2)
			pg.LineStyle.Width = 0
			p.Add(pg)
		}
		// Error bars show the spread where a polygon cannot (one X) and mark
		// each X's extent.
		eb, err := plotter.NewYErrorBars(bandErrors{line, lo, hi, order})
		if err != nil {
			return nil, errorf(where, mlkit.ErrValue, "%s: %v", name, err)
		}
		eb.LineStyle = draw.LineStyle{Color: withAlpha(col, 0.7), Width: 1}
		l, err := plotter.NewLine(line)
		if err != nil {
			return nil, errorf(where, mlkit.ErrValue, "%s: %v", name, err)
		}
		l.LineStyle = draw.LineStyle{Color: col, Width: 2}
		sc, _ := plotter.NewScatter(line)
		sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: 3, Shape: shapeOf(i)}
		front = append(front, eb, l, sc)
		label := b.Name
		if label == "" {
			label = "series " + strconv.Itoa(i)
		}
		entries = append(entries, legendEntry{label, []plot.Thumbnailer{lineThumb{line: l.LineStyle, glyph: &sc.GlyphStyle}}})
	}
	p.Add(front...)
	if bands[0].Draws != nil {
		entries = append(entries, legendEntry{"band: " + spreadText(opts.Spread), nil})
	}
	addRightLegend(p, entries)
	return p, nil
}

func spreadText(s Spread) string {
	switch s {
	case Quartiles:
		return "25–75 %"
	case MinMax:
		return "min–max"
	}
	return "± 1 sd"
}

// bandErrors adapts a line and its band to plotter.YErrorer.
type bandErrors struct {
	xy     plotter.XYs
	lo, hi []float64
	order  []int
}

func (e bandErrors) Len() int                    { return len(e.xy) }
func (e bandErrors) XY(i int) (float64, float64) { return e.xy[i].X, e.xy[i].Y }
func (e bandErrors) YError(i int) (float64, float64) {
	j := e.order[i]
	return e.xy[i].Y - e.lo[j], e.hi[j] - e.xy[i].Y
}

// summary validates a band and returns its mean and band edges.
func (b Band) summary(where, name string, s Spread) (mean, lo, hi []float64, err error) {
	if err := checkFloats(where, name+".X", b.X); err != nil {
		return nil, nil, nil, err
	}
	n := len(b.X)
	if b.Draws == nil {
		for _, f := range []struct {
			field string
			v     []float64
		}{{"Mean", b.Mean}, {"Lo", b.Lo}, {"Hi", b.Hi}} {
			if len(f.v) != n {
				return nil, nil, nil, errorf(where, mlkit.ErrShape, "%s.%s has %d values for %d X (or set Draws)", name, f.field, len(f.v), n)
			}
			if err := checkFloats(where, name+"."+f.field, f.v); err != nil {
				return nil, nil, nil, err
			}
		}
		for j := range n {
			if b.Lo[j] > b.Mean[j] || b.Mean[j] > b.Hi[j] {
				return nil, nil, nil, errorf(where, mlkit.ErrValue, "%s at X[%d]: Lo=%v Mean=%v Hi=%v, want Lo ≤ Mean ≤ Hi", name, j, b.Lo[j], b.Mean[j], b.Hi[j])
			}
		}
		return b.Mean, b.Lo, b.Hi, nil
	}
	r, c, err := checkMatrix(where, name+".Draws", b.Draws)
	if err != nil {
		return nil, nil, nil, err
	}
	if c != n {
		return nil, nil, nil, errorf(where, mlkit.ErrShape, "%s.Draws has %d columns for %d X, want one per X", name, c, n)
	}
	mean, lo, hi = make([]float64, n), make([]float64, n), make([]float64, n)
	col := make([]float64, r)
	for j := range n {
		mat.Col(col, j, b.Draws)
		m := 0.0
		for _, v := range col {
			m += v
		}
		m /= float64(r)
		mean[j] = m
		switch s {
		case StdDev:
			ss := 0.0
			for _, v := range col {
				ss += (v - m) * (v - m)
			}
			sd := 0.0
			if r > 1 {
				sd = math.Sqrt(ss / float64(r-1))
			}
			lo[j], hi[j] = m-sd, m+sd
		case Quartiles:
			slices.Sort(col)
			lo[j], hi[j] = quantileSorted(col, 0.25), quantileSorted(col, 0.75)
		case MinMax:
			lo[j], hi[j] = slices.Min(col), slices.Max(col)
		}
	}
	return mean, lo, hi, nil
}

// quantileSorted is numpy's linear-interpolation percentile of sorted x.
func quantileSorted(x []float64, q float64) float64 {
	v := q * float64(len(x)-1)
	i := int(v)
	if i >= len(x)-1 {
		return x[len(x)-1]
	}
	return x[i] + (x[i+1]-x[i])*(v-float64(i))
}
