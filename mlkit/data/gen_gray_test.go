package data_test

import (
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
)

// olsR2 is the R² of the least-squares line of y on x.
func olsR2(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i] / n
		my += y[i] / n
	}
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	return sxy * sxy / (sxx * syy)
}

func TestGrayImages(t *testing.T) {
	im, y, err := data.GrayImages{N: 3000, Seed: 1}.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if im.N != 3000 || im.C != 1 || im.H != 28 || im.W != 28 || len(y) != 3000 {
		t.Fatalf("shape %d×%d×%d×%d with %d targets, want 3000×1×28×28", im.N, im.C, im.H, im.W, len(y))
	}
	for i, v := range y {
		if !(v > 0 && v < 1) {
			t.Fatalf("target[%d]=%v, want in (0, 1)", i, v)
		}
	}
	for i, v := range im.Pix {
		if !(v >= 0 && v <= 1) {
			t.Fatalf("pixel %d=%v, want in [0, 1]", i, v)
		}
	}
	// The targets spread over the whole spectrum: about a tenth per decile.
	var deciles [10]int
	for _, v := range y {
		deciles[int(v*10)]++
	}
	for d, c := range deciles {
		if c < 200 || c > 400 {
			t.Errorf("decile %d holds %d of 3000 targets, want about 300", d, c)
		}
	}
	// The mean pixel is a weak predictor (0.067 for these 3000 images when
	// written); the disk's own pixels predict the target almost perfectly.
	r2 := olsR2(im.MeanPixels(), y)
	t.Logf("R² of the mean pixel: %.3f", r2)
	if r2 > 0.15 {
		t.Errorf("R² of a linear fit on the mean pixel is %.3f, want ≤ 0.15 (a weak predictor)", r2)
	}
	// Without noise and clutter the disk is on a smooth background: the mean
	// pixel still fails, because of the background level.
	im0, y0, err := data.GrayImages{N: 3000, Seed: 1, Noise: data.NoNoise, Clutter: data.NoClutter}.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if r := olsR2(im0.MeanPixels(), y0); r > 0.2 {
		t.Errorf("R² of the mean pixel without noise and clutter is %.3f, want ≤ 0.2", r)
	}
	// The target is in the image: the most frequent exact pixel value of a
	// noiseless image other than the halo's 0 is the disk's darkness (the
	// background is a gradient, so its values do not repeat as often).
	hit := 0
	for i := range 200 {
		count := map[float32]int{}
		for _, v := range im0.Image(i) {
			if v != 0 {
				count[v]++
			}
		}
		best, bc := float32(0), 0
		for v, c := range count {
			if c > bc {
				best, bc = v, c
			}
		}
		if math.Abs(float64(best)-y0[i]) < 1e-6 {
			hit++
		}
	}
	if hit < 190 {
		t.Errorf("the disk's darkness is the most frequent pixel value in %d of 200 noiseless images, want ≥ 190", hit)
	}
}

// TestGrayImagesDeterminism: same images at any GOMAXPROCS, the first n of a
// set independent of N, and the three splits different.
func TestGrayImagesDeterminism(t *testing.T) {
	gen := func(g data.GrayImages, procs int) (*data.Images, []float64) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		im, y, err := g.Generate()
		if err != nil {
			t.Fatal(err)
		}
		return im, y
	}
	g := data.GrayImages{N: 1000, Seed: 3}
	a, ya := gen(g, 1)
	b, yb := gen(g, 4)
	if !slices.Equal(a.Pix, b.Pix) || !slices.Equal(ya, yb) {
		t.Error("GrayImages differs between GOMAXPROCS 1 and 4")
	}
	g.N = 300
	c, yc := gen(g, 2)
	if !slices.Equal(c.Pix, a.Pix[:300*784]) || !slices.Equal(yc, ya[:300]) {
		t.Error("the first 300 of 1000 images differ from 300 images of the same seed")
	}
	seen := [][]float64{ya}
	for _, s := range []data.GraySplit{data.GrayValidation, data.GrayTest} {
		_, ys := gen(data.GrayImages{N: 1000, Seed: 3, Split: s}, 2)
		for _, prev := range seen {
			if ys[0] == prev[0] || ys[999] == prev[999] {
				t.Errorf("split %v repeats the targets of another split", s)
			}
		}
		seen = append(seen, ys)
	}
	_, y4 := gen(data.GrayImages{N: 1000, Seed: 4}, 2)
	if y4[0] == ya[0] {
		t.Error("seeds 3 and 4 gave the same first target")
	}
	if d, _, _ := (data.GrayImages{}).Generate(); d.N != 1000 {
		t.Errorf("the zero value gave %d images, want 1000", d.N)
	}
	if data.GrayTest.String() != "test" || data.GraySplit(7).String() != "GraySplit(7)" {
		t.Error("GraySplit.String")
	}
	if l := data.Threshold([]float64{0.2, 0.5, 0.51, 0.9}, 0.5); !slices.Equal(l, []int{0, 0, 1, 1}) {
		t.Errorf("Threshold: %v, want [0 0 1 1]", l)
	}
	var nilImages *data.Images
	if nilImages.MeanPixels() != nil {
		t.Error("MeanPixels of nil images is not nil")
	}
}

func TestGrayImagesBadInput(t *testing.T) {
	for _, c := range []struct {
		name string
		g    data.GrayImages
		want error
		msg  string
	}{
		{"negative N", data.GrayImages{N: -1}, mlkit.ErrValue, "N=-1"},
		{"huge N", data.GrayImages{N: 1 << 40}, mlkit.ErrValue, "N=1099511627776"},
		{"clutter", data.GrayImages{Clutter: 1000}, mlkit.ErrValue, "Clutter=1000"},
		{"NaN noise", data.GrayImages{Noise: math.NaN()}, mlkit.ErrValue, "Noise=NaN"},
		{"Inf noise", data.GrayImages{Noise: math.Inf(1)}, mlkit.ErrValue, "Noise=+Inf"},
		{"-Inf noise", data.GrayImages{Noise: math.Inf(-1)}, mlkit.ErrValue, "Noise=-Inf"},
		{"noise > 1", data.GrayImages{Noise: 2}, mlkit.ErrValue, "Noise=2"},
		{"split", data.GrayImages{Split: 5}, mlkit.ErrValue, "Split=GraySplit(5)"},
		{"negative split", data.GrayImages{Split: -1}, mlkit.ErrValue, "Split=GraySplit(-1)"},
	} {
		im, y, err := c.g.Generate()
		if !errors.Is(err, c.want) || err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: err %v, want %v naming %q", c.name, err, c.want, c.msg)
		}
		if im != nil || y != nil {
			t.Errorf("%s: returned data with an error", c.name)
		}
	}
}
