package plotting_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/plotting"
)

// Why pixel statistics and not golden PNGs: the figures are redrawn by
// several people as the notebooks ask for them (a legend moved, a title
// reworded), and a golden image fails on every such change while saying
// nothing about whether the data were drawn. The statistics below fail on
// what matters — a blank canvas, one colour, axes without data, series
// drawn in one colour — and hold under any layout change. They also do not
// depend on font rasterisation or on the BLAS build (plotting does no BLAS).

// figureWant is what a rendered figure must show.
type figureWant struct {
	// Hues is the least number of distinct hues (24 bins of 15°, each
	// holding at least minHuePixels saturated pixels) the figure shows: one
	// per series for a figure of several series, 1 for a chart whose data
	// are coloured at all (axes and text are black or grey, so a chart
	// with axes but no data has none), more for a colormap. 0 for
	// grey-scale images.
	Hues int
	// Ink is the least share of pixels that differ from the background
	// (the most frequent colour); 0 means defaultInk. Grey-scale image grids
	// ask for more, since they have no hue to show their data.
	Ink float64
}

const (
	// defaultInk rejects a nearly blank canvas; every chart of the kit
	// inks 4 % or more of a 400×300 canvas. Empty axes with a title and
	// both labels ink 1.4 %, above it: charts catch them by their missing
	// hue, grey-scale grids by a higher floor (TestCheckFigureCatchesBlank).
	defaultInk = 0.01
	// minHuePixels: a hue counts when it colours this many pixels, about a
	// 3-point marker's worth; stray antialiasing between two colours does
	// not reach it.
	minHuePixels = 30
	// minChroma: pixels whose channels span less than this (of 255) are
	// treated as grey (text, axes, grey-scale images, the noise colour).
	minChroma = 40
	// inkTolerance: a pixel is ink when one channel differs from the
	// background's by more than this (of 255), so faint antialiasing
	// near the background does not count.
	inkTolerance = 24
)

// figureStats are the pixel statistics checkFigure tests.
type figureStats struct {
	Colours    int         // distinct RGBA values
	Background color.NRGBA // the most frequent colour
	Ink        float64     // share of pixels differing from Background
	Hues       int         // hue bins with at least minHuePixels pixels
}

func (s figureStats) String() string {
	return fmt.Sprintf("%d colours, background %02X%02X%02X, ink %.1f%%, %d hues",
		s.Colours, s.Background.R, s.Background.G, s.Background.B, 100*s.Ink, s.Hues)
}

// measureFigure computes the statistics of an image.
func measureFigure(img image.Image) figureStats {
	b := img.Bounds()
	counts := map[color.NRGBA]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		// PNGs decode to *image.RGBA (opaque) or *image.NRGBA: read their
		// pixels directly, 10× faster than At under the race detector.
		var row []uint8
		switch im := img.(type) {
		case *image.NRGBA:
			row = im.Pix[im.PixOffset(b.Min.X, y):im.PixOffset(b.Max.X, y)]
		case *image.RGBA:
			if im.Opaque() {
				row = im.Pix[im.PixOffset(b.Min.X, y):im.PixOffset(b.Max.X, y)]
			}
		}
		if row != nil {
			for i := 0; i < len(row); i += 4 {
				counts[color.NRGBA{row[i], row[i+1], row[i+2], row[i+3]}]++
			}
			continue
		}
		for x := b.Min.X; x < b.Max.X; x++ {
			counts[color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)]++
		}
	}
	var s figureStats
	s.Colours = len(counts)
	best := -1
	for c, n := range counts {
		if n > best || n == best && less(c, s.Background) {
			s.Background, best = c, n
		}
	}
	var ink int
	var hues [24]int
	for c, n := range counts {
		if absDiff(c.R, s.Background.R) > inkTolerance || absDiff(c.G, s.Background.G) > inkTolerance || absDiff(c.B, s.Background.B) > inkTolerance {
			ink += n
		}
		if h, ok := hue(c); ok {
			hues[int(h/15)%24] += n
		}
	}
	s.Ink = float64(ink) / float64(b.Dx()*b.Dy())
	for _, n := range hues {
		if n >= minHuePixels {
			s.Hues++
		}
	}
	return s
}

// hue returns the HSV hue in degrees of a saturated colour. Blending a
// colour with white or black (antialiasing, alpha over the background)
// keeps its hue, so a series keeps one hue bin however it is drawn.
func hue(c color.NRGBA) (float64, bool) {
	r, g, b := float64(c.R), float64(c.G), float64(c.B)
	hi, lo := max(r, g, b), min(r, g, b)
	if hi-lo < minChroma || c.A < 128 {
		return 0, false
	}
	var h float64
	switch hi {
	case r:
		h = 60 * (g - b) / (hi - lo)
	case g:
		h = 120 + 60*(b-r)/(hi-lo)
	default:
		h = 240 + 60*(r-g)/(hi-lo)
	}
	if h < 0 {
		h += 360
	}
	return h, true
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// less orders colours so that ties for the background are broken the same
// way on every run.
func less(a, b color.NRGBA) bool {
	return uint32(a.R)<<24|uint32(a.G)<<16|uint32(a.B)<<8|uint32(a.A) < uint32(b.R)<<24|uint32(b.G)<<16|uint32(b.B)<<8|uint32(b.A)
}

// checkFigure fails t unless img has more than one colour, an ink share
// above want.Ink (default defaultInk) and at least want.Hues hues.
func checkFigure(t testing.TB, name string, img image.Image, want figureWant) figureStats {
	t.Helper()
	s := measureFigure(img)
	floor := want.Ink
	if floor == 0 {
		floor = defaultInk
	}
	switch {
	case s.Colours < 2:
		t.Errorf("%s: one colour only (%s): blank", name, s)
	case s.Ink < floor:
		t.Errorf("%s: %s; want ink ≥ %.1f%%: nearly blank", name, s, 100*floor)
	case s.Hues < want.Hues:
		t.Errorf("%s: %s; want ≥ %d hues (data missing, or series in one colour)", name, s, want.Hues)
	}
	return s
}

// decodePNG decodes a rendered PNG, checking its size.
func decodePNG(t testing.TB, name string, b []byte, w, h int) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: PNG does not decode: %v", name, err)
	}
	if got := img.Bounds().Size(); got != (image.Point{w, h}) {
		t.Errorf("%s: PNG is %v, want %d×%d", name, got, w, h)
	}
	return img
}

// checkPlot renders p to a w×h PNG and checks it with checkFigure.
func checkPlot(t testing.TB, name string, p *plot.Plot, w, h int, want figureWant) figureStats {
	t.Helper()
	b, err := plotting.PNG(p, vg.Length(w), vg.Length(h))
	if err != nil {
		t.Fatalf("%s: PNG: %v", name, err)
	}
	return checkFigure(t, name, decodePNG(t, name, b, w, h), want)
}

// Fixtures of the figure table: small, deterministic, and several classes
// so that the multi-series checks have something to count.

// figBlobs is n 2-D points in k separated groups, labelled by group.
func figBlobs(n, k int) (*mat.Dense, []int) {
	X := mat.NewDense(n, 2, nil)
	y := make([]int, n)
	for i := range n {
		y[i] = i % k
		a := 2 * math.Pi * float64(y[i]) / float64(k)
		X.Set(i, 0, 4*math.Cos(a)+0.8*math.Sin(float64(i)*1.3))
		X.Set(i, 1, 4*math.Sin(a)+0.8*math.Cos(float64(i)*0.7))
	}
	return X, y
}

// figImages is n h×w grey images in [0, 1], a diagonal ramp shifted per
// image.
func figImages(n, h, w int) [][]float32 {
	out := make([][]float32, n)
	for i := range out {
		out[i] = make([]float32, h*w)
		for r := range h {
			for c := range w {
				out[i][r*w+c] = float32((r+c+i)%(h+w)) / float32(h+w-1)
			}
		}
	}
	return out
}

func figImageSet(t testing.TB, n, h, w int) *data.Images {
	t.Helper()
	var pix []float32
	for _, im := range figImages(n, h, w) {
		pix = append(pix, im...)
	}
	im, err := data.NewImages(n, 1, h, w, pix)
	if err != nil {
		t.Fatal(err)
	}
	return im
}

// figTree is a depth-2 classification tree over 3 classes.
func figTree() plotting.TreeNodes {
	return plotting.TreeNodes{
		NFeatures:     2,
		ChildrenLeft:  []int{1, 3, -1, -1, -1},
		ChildrenRight: []int{2, 4, -1, -1, -1},
		Feature:       []int{0, 1, -2, -2, -2},
		Threshold:     []float64{0.5, 1.5, -2, -2, -2},
		Impurity:      []float64{0.66, 0.5, 0, 0.2, 0},
		NSamples:      []int{150, 100, 50, 55, 45},
		Value:         [][]float64{{50, 50, 50}, {50, 50, 0}, {0, 0, 50}, {45, 10, 0}, {5, 40, 0}},
	}
}

// figCurve is a smooth curve of k through n points.
func figCurve(n, k int) []float64 {
	y := make([]float64, n)
	for i := range y {
		y[i] = math.Exp(-float64(i)/float64(n)*(1+float64(k))) + 0.3*float64(k)
	}
	return y
}
