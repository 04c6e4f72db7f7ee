package plotting

import (
	"image/color"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendGap separates the data area from a legend or colour bar at its
// right.
const legendGap vg.Length = 10

// maxLegendEntries fit a default-height figure at the smallest legend font.
const maxLegendEntries = 40

// legendMargin separates the legend from the figure's right edge.
const legendMargin vg.Length = 4

// rightGutter reserves width points right of the data area: it adds no
// data and draws nothing, but its glyph box makes gonum/plot shrink the
// data area (plot.padX) so that the box fits. The legend, drawn at the top
// right of the area outside the axes, then lands in the reserved strip and
// never covers data, whatever size the plot is rendered at.
type rightGutter struct {
	width func(p *plot.Plot) vg.Length
}

func (rightGutter) Plot(draw.Canvas, *plot.Plot) {}

func (g rightGutter) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	w := g.width(p)
	if w <= 0 {
		return nil
	}
	return []plot.GlyphBox{{X: 1, Y: 0.5, Rectangle: vg.Rectangle{Max: vg.Point{X: w}}}}
}

// legendEntry is a name with its thumbnails.
type legendEntry struct {
	name   string
	thumbs []plot.Thumbnailer
}

// addRightLegend puts entries in a legend right of the data. Long legends
// get a smaller font so that up to about 30 entries fit a default-size plot.
func addRightLegend(p *plot.Plot, entries []legendEntry) {
	if len(entries) == 0 {
		return
	}
	p.Legend.Top = true
	p.Legend.ThumbnailWidth = 12
	p.Legend.XOffs = -legendMargin // off the figure's right edge
	switch {
	case len(entries) > 24:
		p.Legend.TextStyle.Font.Size = 8
		p.Legend.Padding = 0
	case len(entries) > 14:
		p.Legend.TextStyle.Font.Size = 9
		p.Legend.Padding = 1
	}
	if len(entries) > maxLegendEntries {
		// A taller legend would run off the figure: name the first ones.
		more := len(entries) - (maxLegendEntries - 1)
		entries = append(entries[:maxLegendEntries-1:maxLegendEntries-1], legendEntry{name: "+" + strconv.Itoa(more) + " more"})
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		p.Legend.Add(e.name, e.thumbs...)
		names[i] = e.name
	}
	p.Add(rightGutter{width: func(p *plot.Plot) vg.Length {
		var w vg.Length
		for _, n := range names {
			w = max(w, p.Legend.TextStyle.Rectangle(" "+n).Size().X)
		}
		return w + p.Legend.ThumbnailWidth + legendGap + legendMargin
	}})
}

// glyphThumb draws one glyph as a legend thumbnail.
type glyphThumb struct {
	shape draw.GlyphDrawer
	color color.Color
	r     vg.Length
}

func (g glyphThumb) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(draw.GlyphStyle{Color: g.color, Radius: g.r, Shape: g.shape}, c.Center())
}

// lineThumb draws a short line (and optionally a glyph) as a thumbnail.
type lineThumb struct {
	line  draw.LineStyle
	glyph *draw.GlyphStyle
}

func (t lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(t.line, c.Min.X, y, c.Max.X, y)
	if t.glyph != nil {
		c.DrawGlyph(*t.glyph, c.Center())
	}
}
