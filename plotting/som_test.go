package plotting_test

import (
	"bytes"
	"errors"
	"image/png"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/plotting"
)

// somFixture is a 6×5 map whose weights form a bent sheet over 2-D data.
func somFixture() (X, W, U, hits *mat.Dense) {
	const rows, cols = 6, 5
	W = mat.NewDense(rows*cols, 2, nil)
	U = mat.NewDense(rows, cols, nil)
	hits = mat.NewDense(rows, cols, nil)
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			W.Set(r*cols+c, 0, float64(r)+0.2*math.Sin(float64(c)))
			W.Set(r*cols+c, 1, float64(c)+0.1*float64(r*r))
			U.Set(r, c, math.Abs(math.Sin(float64(r+2*c))))
			hits.Set(r, c, float64((r*7+c*3)%9))
		}
	}
	X = mat.NewDense(200, 2, nil)
	for i := 0; i < 200; i++ {
		X.Set(i, 0, 5*math.Mod(float64(i)*0.618, 1))
		X.Set(i, 1, 4*math.Mod(float64(i)*0.382, 1))
	}
	return X, W, U, hits
}

// pixelStats returns the number of distinct colours and of non-white pixels.
func pixelStats(t *testing.T, p *plot.Plot) (colours, inked int) {
	t.Helper()
	b, err := plotting.PNG(p, 400, 300)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[4]uint32]bool{}
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			r, g, b, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, b, a}] = true
			if r < 0xF000 || g < 0xF000 || b < 0xF000 {
				inked++
			}
		}
	}
	return len(seen), inked
}

func TestSOMPlots(t *testing.T) {
	X, W, U, hits := somFixture()
	labels := make([]int, 200)
	for i := range labels {
		labels[i] = i % 3
	}
	for name, mk := range map[string]func() (*plot.Plot, error){
		"umatrix rect": func() (*plot.Plot, error) { return plotting.SOMUMatrix(U, plotting.SOMOptions{Title: "U-matrix"}) },
		"umatrix hex":  func() (*plot.Plot, error) { return plotting.SOMUMatrix(U, plotting.SOMOptions{Hex: true}) },
		"hits hex": func() (*plot.Plot, error) {
			return plotting.SOMHitMap(hits, plotting.SOMOptions{Hex: true, Annotate: true, Title: "hits"})
		},
		"hits rect": func() (*plot.Plot, error) {
			return plotting.SOMHitMap(hits, plotting.SOMOptions{HideColorbar: true, Colormap: plotting.Gray})
		},
		"units rect": func() (*plot.Plot, error) { return plotting.SOMUnits(X, W, 6, 5, plotting.SOMOptions{Title: "net"}) },
		"units hex": func() (*plot.Plot, error) {
			return plotting.SOMUnits(X, W, 6, 5, plotting.SOMOptions{Hex: true, Labels: labels})
		},
	} {
		p, err := mk()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		colours, inked := pixelStats(t, p)
		// A 6×5 grid of cells fills a good part of the 120,000 pixels; the
		// net is thinner but still thousands of pixels.
		if colours < 5 || inked < 3000 {
			t.Errorf("%s: %d colours, %d non-white pixels: looks blank", name, colours, inked)
		}
	}
}

func TestSOMPlotsBadInput(t *testing.T) {
	X, W, U, _ := somFixture()
	nan := mat.DenseCopyOf(U)
	nan.Set(1, 1, math.NaN())
	for _, tc := range []struct {
		name string
		err  error
		want error
		msg  string
	}{
		{"nil U", second(plotting.SOMUMatrix(nil, plotting.SOMOptions{})), mlkit.ErrEmpty, "U is empty"},
		{"NaN U", second(plotting.SOMUMatrix(nan, plotting.SOMOptions{})), mlkit.ErrNaN, "U[1,1]=NaN"},
		{"colormap", second(plotting.SOMHitMap(U, plotting.SOMOptions{Colormap: 99})), mlkit.ErrValue, "Colormap"},
		{"weights shape", second(plotting.SOMUnits(X, W, 5, 5, plotting.SOMOptions{})), mlkit.ErrShape, "Rows·Cols = 5×5"},
		{"X columns", second(plotting.SOMUnits(W.Slice(0, 4, 0, 1).(*mat.Dense), W, 6, 5, plotting.SOMOptions{})), mlkit.ErrValue, "want 2 columns"},
		{"labels", second(plotting.SOMUnits(X, W, 6, 5, plotting.SOMOptions{Labels: []int{1}})), mlkit.ErrShape, "opts.Labels has 1"},
	} {
		if !errors.Is(tc.err, tc.want) || !strings.Contains(tc.err.Error(), tc.msg) {
			t.Errorf("%s: got %v, want %v containing %q", tc.name, tc.err, tc.want, tc.msg)
		}
	}
}
