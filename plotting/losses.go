package plotting

import (
	"math"
	"strconv"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// LossRun is the per-epoch record of one training run: Train[e] and Val[e]
// are the losses after epoch e+1 (Val may be nil).
type LossRun struct {
	Name       string
	Train, Val []float64
}

// LossOptions configures Losses.
type LossOptions struct {
	// Title and YLabel (default "loss") name the figure and its y axis.
	Title, YLabel string
	// LogY draws the y axis on a log scale, labelled at 1, 2 and 5 times
	// the powers of ten so that even a range under one decade reads.
	LogY bool
}

// Losses draws per-epoch loss curves of one or more training runs: each run
// has one colour, its training loss a solid line with filled dots and its
// validation loss a dashed line with open dots, so that the pairs read at a
// glance; epochs are the integers 1, 2, … on the x axis.
func Losses(runs []LossRun, opts LossOptions) (*plot.Plot, error) {
	const where = "Losses"
	if len(runs) == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "runs is empty")
	}
	epochs := 0
	for i, r := range runs {
		name := "runs[" + strconv.Itoa(i) + "]"
		if len(r.Train) == 0 {
			return nil, errorf(where, mlkit.ErrEmpty, "%s.Train is empty", name)
		}
		if r.Val != nil && len(r.Val) != len(r.Train) {
			return nil, errorf(where, mlkit.ErrShape, "%s.Val has %d epochs for %d in Train", name, len(r.Val), len(r.Train))
		}
		for _, ys := range [][]float64{r.Train, r.Val} {
			if ys == nil {
				continue // a run without validation
			}
			if err := checkFloats(where, name, ys); err != nil {
				return nil, err
			}
			for j, v := range ys {
				if opts.LogY && v <= 0 {
					return nil, errorf(where, mlkit.ErrValue, "%s: loss[%d]=%v with LogY, want positive values", name, j, v)
				}
			}
		}
		epochs = max(epochs, len(r.Train))
	}
	ylabel := opts.YLabel
	if ylabel == "" {
		ylabel = "loss"
	}
	p := newPlot(opts.Title, "epoch", ylabel)
	p.Add(plotter.NewGrid())
	p.X.Tick.Marker = epochTicks{}
	p.X.Min, p.X.Max = 0.7, float64(epochs)+0.3
	p.Y.Tick.Marker = niceTicks{6}
	if opts.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks125{}
	}
	var entries []legendEntry
	for i, r := range runs {
		col := paletteColor(i % 20)
		for k, ys := range [][]float64{r.Train, r.Val} {
			if ys == nil {
				continue
			}
			xy := make(plotter.XYs, len(ys))
			for j, y := range ys {
				xy[j] = plotter.XY{X: float64(j + 1), Y: y}
			}
			l, err := plotter.NewLine(xy)
			if err != nil {
				return nil, errorf(where, mlkit.ErrValue, "runs[%d]: %v", i, err)
			}
			l.LineStyle = draw.LineStyle{Color: col, Width: 2}
			g := draw.GlyphStyle{Color: col, Radius: 3.5, Shape: draw.CircleGlyph{}}
			suffix := ", train"
			if k == 1 {
				l.LineStyle.Dashes = []vg.Length{6, 3}
				g.Shape = draw.RingGlyph{}
				suffix = ", validation"
			}
			sc, err := plotter.NewScatter(xy)
			if err != nil {
				return nil, errorf(where, mlkit.ErrValue, "runs[%d]: %v", i, err)
			}
			sc.GlyphStyle = g
			p.Add(l, sc)
			name := r.Name
			if name == "" {
				name = "run " + strconv.Itoa(i)
			}
			entries = append(entries, legendEntry{name + suffix, []plot.Thumbnailer{lineThumb{line: l.LineStyle, glyph: &sc.GlyphStyle}}})
		}
	}
	addRightLegend(p, entries)
	return p, nil
}

// epochTicks labels the whole numbers only (epochs), thinning them to at
// most about ten labels.
type epochTicks struct{}

func (epochTicks) Ticks(lo, hi float64) []plot.Tick {
	first, last := math.Ceil(lo), math.Floor(hi)
	step := math.Max(1, math.Ceil((last-first+1)/10))
	var ticks []plot.Tick
	for v := first; v <= last; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
	}
	return ticks
}

// logTicks125 labels 1, 2 and 5 times each power of ten in range (all of
// 1…9 as minor ticks), so that a log axis spanning less than a decade still
// has labels; gonum/plot's LogTicks labels the powers of ten only.
type logTicks125 struct{}

func (logTicks125) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) {
		return plot.LogTicks{Prec: -1}.Ticks(lo, hi)
	}
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		base := math.Pow(10, e)
		for m := 1; m <= 9; m++ {
			v := float64(m) * base
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = strconv.FormatFloat(v, 'g', 3, 64)
				if v >= 1 && v < 1e6 {
					t.Label = strconv.FormatFloat(v, 'f', 0, 64) // "5000", not "5e+03"
				}
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}
