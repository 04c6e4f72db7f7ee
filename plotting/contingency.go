package plotting

import (
	"image/color"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ContingencyOptions configures Contingency.
type ContingencyOptions struct {
	Title string
	// XLabel and YLabel default to "cluster → matched class" and "class".
	XLabel, YLabel string
	// ClassNames name the class ids (rows and the matched class of each
	// column); nil means the ids.
	ClassNames []string
	// Shares colours and writes each cell as its share of the row (the
	// class) in per cent instead of the count, so that small and large
	// classes read alike.
	Shares bool
}

// Contingency draws a class × cluster table (metrics.AlignedContingency)
// as an annotated heatmap whose columns follow the Hungarian matching:
// the cluster matched to each class sits on the diagonal, outlined, so
// agreement reads as a diagonal and each mismatch as an off-diagonal cell;
// unmatched clusters come last, named "c7" alone.
func Contingency(t *metrics.AlignedTable, opts ContingencyOptions) (*plot.Plot, error) {
	const where = "Contingency"
	if t == nil || t.Counts == nil {
		return nil, errorf(where, mlkit.ErrEmpty, "the table is nil")
	}
	r, c := t.Counts.Dims()
	if len(t.RowIDs) != r || len(t.ColIDs) != c || len(t.Matched) != c {
		return nil, errorf(where, mlkit.ErrShape, "table of %d×%d counts with %d row ids, %d column ids, %d matches", r, c, len(t.RowIDs), len(t.ColIDs), len(t.Matched))
	}
	M := mat.DenseCopyOf(t.Counts)
	hopts := HeatmapOptions{Title: opts.Title, XLabel: opts.XLabel, YLabel: opts.YLabel, Annotate: true}
	if hopts.XLabel == "" {
		hopts.XLabel = "cluster → matched class"
	}
	if hopts.YLabel == "" {
		hopts.YLabel = "class"
	}
	if opts.Shares {
		for i := range r {
			row := M.RawRowView(i)
			var s float64
			for _, v := range row {
				s += v
			}
			for j := range row {
				if s > 0 {
					row[j] = 100 * row[j] / s
				}
			}
		}
		hopts.Format, hopts.Min, hopts.Max = "%.0f", 0, 100
	}
	p, err := Heatmap(M, t.RowNames(opts.ClassNames...), t.ColNames(opts.ClassNames...), hopts)
	if err != nil {
		return nil, err
	}
	p.Add(matchedOutline{rows: r, matched: t.Matched})
	return p, nil
}

// matchedOutline strokes the cell of each matched cluster's class.
type matchedOutline struct {
	rows    int
	matched []int
}

func (m matchedOutline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := draw.LineStyle{Color: color.NRGBA{0xCC, 0x33, 0x11, 0xFF}, Width: 2}
	for j, i := range m.matched {
		if i < 0 {
			continue
		}
		y := float64(m.rows - 1 - i)
		r := vg.Rectangle{Min: vg.Point{X: trX(float64(j) - 0.5), Y: trY(y - 0.5)}, Max: vg.Point{X: trX(float64(j) + 0.5), Y: trY(y + 0.5)}}
		c.SetLineStyle(sty)
		c.Stroke(rectPath(r, -1))
	}
}
