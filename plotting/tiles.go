package plotting

import (
	"bytes"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Tiles is plots laid out in a grid of Cols columns, filled row by row,
// each tile the same size: two views side by side, six metric curves in
// a 2×3 grid. A nil plot leaves its tile empty.
type Tiles struct {
	Plots []*plot.Plot
	Cols  int
}

// Row lays the plots out side by side.
func Row(plots ...*plot.Plot) *Tiles { return &Tiles{Plots: plots, Cols: len(plots)} }

// Grid lays the plots out in rows of cols.
func Grid(cols int, plots ...*plot.Plot) *Tiles { return &Tiles{Plots: plots, Cols: cols} }

func (t *Tiles) check(where string) (rows int, err error) {
	if t == nil || len(t.Plots) == 0 {
		return 0, errorf(where, mlkit.ErrEmpty, "no plots to lay out")
	}
	if t.Cols <= 0 {
		return 0, errorf(where, mlkit.ErrValue, "Cols=%d, want ≥ 1", t.Cols)
	}
	blank := true
	for _, p := range t.Plots {
		blank = blank && p == nil
	}
	if blank {
		return 0, errorf(where, mlkit.ErrEmpty, "every plot is nil")
	}
	return (len(t.Plots) + t.Cols - 1) / t.Cols, nil
}

// Draw draws the tiles onto c.
func (t *Tiles) Draw(c draw.Canvas) error {
	rows, err := t.check("Tiles.Draw")
	if err != nil {
		return err
	}
	tiles := draw.Tiles{Rows: rows, Cols: t.Cols}
	for i, p := range t.Plots {
		if p != nil {
			p.Draw(tiles.At(c, i%t.Cols, i/t.Cols))
		}
	}
	return nil
}

// PNG renders the tiles as one w×h-pixel PNG (w and h are the whole
// figure's size: a row of two 460-point views is 920 wide).
func (t *Tiles) PNG(w, h vg.Length) ([]byte, error) {
	const where = "Tiles.PNG"
	if _, err := t.check(where); err != nil {
		return nil, err
	}
	if err := checkSize(where, w, h); err != nil {
		return nil, err
	}
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(PNGDPI))
	if err := t.Draw(draw.New(c)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, errorf(where, mlkit.ErrValue, "encoding: %v", err)
	}
	return buf.Bytes(), nil
}

// Show displays the tiles, w×h points in all, in a GoNB notebook (see Show).
func (t *Tiles) Show(w, h vg.Length) error {
	b, err := t.PNG(w, h)
	if err != nil {
		return err
	}
	return showPNG("Tiles.Show", b)
}
