package plotting

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Default figure sizes. Sizes are vg.Lengths (points, 1/72 inch); PNG
// renders at 72 dots per inch, so a size in points is the PNG's size in
// pixels: DefaultWidth×DefaultHeight gives a 600×450 pixel image.
const (
	DefaultWidth  vg.Length = 600
	DefaultHeight vg.Length = 450
	// SquareSize suits embeddings and heatmaps, whose axes should not be
	// stretched.
	SquareSize vg.Length = 520
)

// PNGDPI is the resolution PNG renders at: one point per pixel.
const PNGDPI = 72

// Font sizes used by the plot constructors; a little larger than
// gonum/plot's defaults because PNGs render at one pixel per point.
const (
	titleSize  = 14
	labelSize  = 12
	tickSize   = 11
	legendSize = 11
)

// newPlot returns a plot with the package's fonts and titles.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = titleSize
	p.Title.Padding = 8
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = labelSize
		a.Tick.Label.Font.Size = tickSize
	}
	p.Legend.TextStyle.Font.Size = legendSize
	return p
}

func checkSize(where string, w, h vg.Length) error {
	if !(w >= 1 && h >= 1) || w > 20000 || h > 20000 {
		return errorf(where, mlkit.ErrValue, "size %v×%v, want each side in [1, 20000] points", float64(w), float64(h))
	}
	return nil
}

// PNG renders p as a w×h-pixel PNG (one pixel per point).
func PNG(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	if p == nil {
		return nil, errorf("PNG", mlkit.ErrEmpty, "p is nil")
	}
	if err := checkSize("PNG", w, h); err != nil {
		return nil, err
	}
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(PNGDPI))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plotting: PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// SVG renders p as a w×h-point SVG document.
func SVG(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	if p == nil {
		return nil, errorf("SVG", mlkit.ErrEmpty, "p is nil")
	}
	if err := checkSize("SVG", w, h); err != nil {
		return nil, err
	}
	c := vgsvg.New(w, h)
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plotting: SVG: %w", err)
	}
	return buf.Bytes(), nil
}

// PDF renders p as a w×h-point PDF document, with its fonts embedded.
func PDF(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	if p == nil {
		return nil, errorf("PDF", mlkit.ErrEmpty, "p is nil")
	}
	if err := checkSize("PDF", w, h); err != nil {
		return nil, err
	}
	c := vgpdf.New(w, h)
	c.EmbedFonts(true)
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plotting: PDF: %w", err)
	}
	return buf.Bytes(), nil
}

// Save writes p to path in the format its extension names: .png, .svg or
// .pdf.
func Save(p *plot.Plot, path string, w, h vg.Length) error {
	var (
		b   []byte
		err error
	)
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".png":
		b, err = PNG(p, w, h)
	case ".svg":
		b, err = SVG(p, w, h)
	case ".pdf":
		b, err = PDF(p, w, h)
	default:
		return errorf("Save", mlkit.ErrValue, "path %q has extension %q, want .png, .svg or .pdf", path, ext)
	}
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("plotting: Save: %w", err)
	}
	return nil
}

// Show displays p in the notebook when running inside a GoNB kernel (as a
// PNG, which the saved notebook keeps). Elsewhere it writes a PNG file
// into $PLOTTING_DIR (default os.TempDir()) and prints its path on stdout,
// so that a program or test run never blocks on a window.
func Show(p *plot.Plot, w, h vg.Length) error {
	b, err := PNG(p, w, h)
	if err != nil {
		return err
	}
	return showPNG("Show", b)
}

// ShowImage is Show for a plain image (such as GridImage's).
func ShowImage(img image.Image) error {
	if img == nil || isNilPointer(img) {
		return errorf("ShowImage", mlkit.ErrEmpty, "img is nil")
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return fmt.Errorf("plotting: ShowImage: %w", err)
	}
	return showPNG("ShowImage", buf.Bytes())
}

func showPNG(where string, b []byte) error {
	if gonbui.IsNotebook {
		gonbui.DisplayPng(b)
		// Wait until GoNB has the image: a cell whose program ends right
		// after its last figure could otherwise exit before the figure was
		// read from the pipe, and the figure was lost (seen in notebook 02).
		gonbui.Sync()
		if err := gonbui.Error(); err != nil {
			return fmt.Errorf("plotting: %s: %w", where, err)
		}
		return nil
	}
	dir := os.Getenv("PLOTTING_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("plotting: %s: %w", where, err)
	}
	f, err := os.CreateTemp(dir, "plot-*.png")
	if err != nil {
		return fmt.Errorf("plotting: %s: %w", where, err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("plotting: %s: %w", where, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("plotting: %s: %w", where, err)
	}
	fmt.Printf("plotting: wrote %s\n", f.Name())
	return nil
}

// isNilPointer reports a typed nil pointer inside a non-nil interface (a nil
// *image.NRGBA passed as an image.Image).
func isNilPointer(v any) bool {
	r := reflect.ValueOf(v)
	return r.Kind() == reflect.Pointer && r.IsNil()
}
