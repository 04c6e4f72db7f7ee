package plotting_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/gonb-mlkit/gonb-mlkit/plotting"
)

// renderPNG renders p at 500×400 and decodes it.
func renderPNG(t *testing.T, p *plot.Plot) image.Image {
	t.Helper()
	b, err := plotting.PNG(p, 500, 400)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// colourStats counts the distinct colours, the non-white pixels and the
// pixels near each of the given colours (within 12 per channel).
func colourStats(img image.Image, near ...color.NRGBA) (distinct, nonWhite int, hits []int) {
	seen := map[color.NRGBA]bool{}
	hits = make([]int, len(near))
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			seen[c] = true
			if c.R < 250 || c.G < 250 || c.B < 250 {
				nonWhite++
			}
			for k, w := range near {
				d := func(a, b uint8) int { return int(math.Abs(float64(a) - float64(b))) }
				if d(c.R, w.R) <= 12 && d(c.G, w.G) <= 12 && d(c.B, w.B) <= 12 {
					hits[k]++
				}
			}
		}
	}
	return len(seen), nonWhite, hits
}

var (
	vermillion = color.NRGBA{0xD5, 0x5E, 0x00, 0xFF}
	blue       = color.NRGBA{0x00, 0x72, 0xB2, 0xFF}
	darkRed    = color.NRGBA{0x67, 0x00, 0x1F, 0xFF}
	darkBlue   = color.NRGBA{0x05, 0x30, 0x61, 0xFF}
)

func TestFeatureBars(t *testing.T) {
	names := []string{"alcohol", "malic_acid", "ash", "proline", "hue"}
	v := []float64{0.3, -0.1, 0.02, 0.5, -0.25}
	for _, opts := range []plotting.BarOptions{
		{Title: "permutation importance", Err: []float64{0.05, 0.02, 0.01, 0.08, 0.03}, XLabel: "accuracy drop"},
		{TopK: 3},
		{Unsorted: true},
	} {
		p, err := plotting.FeatureBars(v, names, opts)
		if err != nil {
			t.Fatal(err)
		}
		distinct, nonWhite, hits := colourStats(renderPNG(t, p), vermillion, blue)
		t.Logf("%+v: %d colours, %d non-white pixels, %d vermillion, %d blue", opts, distinct, nonWhite, hits[0], hits[1])
		if distinct < 3 || nonWhite < 1000 || hits[0] < 200 || hits[1] < 200 {
			t.Errorf("%+v: figure looks blank or lacks the signed colours", opts)
		}
	}
	// All zero values still draw (the zero line and labels).
	p, err := plotting.FeatureBars([]float64{0, 0}, nil, plotting.BarOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, nonWhite, _ := colourStats(renderPNG(t, p)); nonWhite == 0 {
		t.Error("all-zero bars rendered blank")
	}
}

func TestWeightImageAndFidelity(t *testing.T) {
	w := make([]float64, 64)
	for i := range w {
		w[i] = math.Sin(float64(i)) * 3
	}
	p, err := plotting.WeightImage(w, 8, 8, plotting.WeightOptions{Title: "μ_b − μ_a"})
	if err != nil {
		t.Fatal(err)
	}
	distinct, nonWhite, hits := colourStats(renderPNG(t, p), darkRed, darkBlue)
	t.Logf("WeightImage: %d colours, %d non-white, %d dark red, %d dark blue", distinct, nonWhite, hits[0], hits[1])
	if distinct < 10 || hits[0] == 0 || hits[1] == 0 {
		t.Error("WeightImage lacks the two ends of the diverging map")
	}
	neg := make([]float64, 64)
	for i := range neg {
		neg[i] = -w[i] / 2
	}
	p, err = plotting.WeightImages([][]float64{w, neg}, 8, 8, plotting.WeightOptions{Titles: []string{"0 vs 1", "2 vs 1"}, Title: "hyperplanes"})
	if err != nil {
		t.Fatal(err)
	}
	if distinct, nonWhite, _ := colourStats(renderPNG(t, p)); distinct < 10 || nonWhite < 1000 {
		t.Errorf("WeightImages looks blank: %d colours, %d non-white", distinct, nonWhite)
	}
	p, err = plotting.FidelityCurves([]int{1, 2, 3, 4}, [][]float64{{0.6, 0.8, 0.9, 0.95}, {0.5, 0.7, 0.75, 0.8}}, plotting.FidelityOptions{Names: []string{"wine", "digits"}, Title: "tree fidelity"})
	if err != nil {
		t.Fatal(err)
	}
	if distinct, nonWhite, hits := colourStats(renderPNG(t, p), paletteFirst, paletteSecond); distinct < 3 || nonWhite < 500 || hits[0] == 0 || hits[1] == 0 {
		t.Errorf("FidelityCurves looks blank: %d colours, %d non-white, hits %v", distinct, nonWhite, hits)
	}
	// A centroid profile: 3 clusters × 13 wine features, features as rows.
	names := []string{"alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
		"nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines", "proline"}
	Z := mat.NewDense(3, 13, nil)
	for i := range 3 {
		for j := range 13 {
			Z.Set(i, j, 2.5*math.Sin(float64(i*13+j)))
		}
	}
	p, err = plotting.ProfileHeatmap(Z, plotting.ProfileOptions{ClusterNames: []string{"cluster 0", "cluster 1", "cluster 2"}, FeatureNames: names, Title: "centroid profile (z)"})
	if err != nil {
		t.Fatal(err)
	}
	if distinct, _, hits := colourStats(renderPNG(t, p), darkRed, darkBlue); distinct < 10 || hits[0] == 0 || hits[1] == 0 {
		t.Errorf("centroid-profile heatmap looks blank: %d colours, hits %v", distinct, hits)
	}
}

func TestBarsBadInput(t *testing.T) {
	v := []float64{1, -2}
	w := make([]float64, 64)
	cases := []struct {
		name, want string
		sentinel   error
		err        error
	}{
		{"bars empty", "values is empty", mlkit.ErrEmpty, second(plotting.FeatureBars(nil, nil, plotting.BarOptions{}))},
		{"bars NaN", "values[1]=NaN", mlkit.ErrNaN, second(plotting.FeatureBars([]float64{1, math.NaN()}, nil, plotting.BarOptions{}))},
		{"bars names", "names has 3", mlkit.ErrShape, second(plotting.FeatureBars(v, []string{"a", "b", "c"}, plotting.BarOptions{}))},
		{"bars err length", "opts.Err has 1", mlkit.ErrShape, second(plotting.FeatureBars(v, nil, plotting.BarOptions{Err: []float64{1}}))},
		{"bars err negative", "opts.Err[0]=-1", mlkit.ErrValue, second(plotting.FeatureBars(v, nil, plotting.BarOptions{Err: []float64{-1, 0}}))},
		{"bars topk", "opts.TopK=3", mlkit.ErrValue, second(plotting.FeatureBars(v, nil, plotting.BarOptions{TopK: 3}))},
		{"weight image size", "weights has 64 values, want h*w = 8×7", mlkit.ErrShape, second(plotting.WeightImage(w, 8, 7, plotting.WeightOptions{}))},
		{"weight image h", "h=0", mlkit.ErrValue, second(plotting.WeightImage(w, 0, 8, plotting.WeightOptions{}))},
		{"weight image Inf", "weights[0]=+Inf", mlkit.ErrNaN, second(plotting.WeightImage(append([]float64{math.Inf(1)}, w[1:]...), 8, 8, plotting.WeightOptions{}))},
		{"weight images empty", "weights is empty", mlkit.ErrEmpty, second(plotting.WeightImages(nil, 8, 8, plotting.WeightOptions{}))},
		{"weight images 1e300", "beyond float32", mlkit.ErrNaN, second(plotting.WeightImages([][]float64{append([]float64{1e300}, w[1:]...)}, 8, 8, plotting.WeightOptions{}))},
		{"fidelity lengths", "fidelity[0] has 2 values for 3 depths", mlkit.ErrShape, second(plotting.FidelityCurves([]int{1, 2, 3}, [][]float64{{0.5, 0.6}}, plotting.FidelityOptions{}))},
		{"fidelity range", "fidelity[0][1]=1.5", mlkit.ErrValue, second(plotting.FidelityCurves([]int{1, 2}, [][]float64{{0.5, 1.5}}, plotting.FidelityOptions{}))},
		{"fidelity names", "Names has 2", mlkit.ErrShape, second(plotting.FidelityCurves([]int{1}, [][]float64{{0.5}}, plotting.FidelityOptions{Names: []string{"a", "b"}}))},
		{"profile names", "FeatureNames has 2 names for the 4 columns", mlkit.ErrShape, second(plotting.ProfileHeatmap(mat.NewDense(2, 4, nil), plotting.ProfileOptions{FeatureNames: []string{"a", "b"}}))},
		{"profile clusters", "ClusterNames has 1", mlkit.ErrShape, second(plotting.ProfileHeatmap(mat.NewDense(2, 4, nil), plotting.ProfileOptions{ClusterNames: []string{"a"}}))},
		{"profile NaN", "profile[0,1]=NaN", mlkit.ErrNaN, second(plotting.ProfileHeatmap(mat.NewDense(1, 2, []float64{0, math.NaN()}), plotting.ProfileOptions{}))},
		{"fidelity empty", "depths is empty", mlkit.ErrEmpty, second(plotting.FidelityCurves(nil, [][]float64{{0.5}}, plotting.FidelityOptions{}))},
	}
	for _, c := range cases {
		if !errors.Is(c.err, c.sentinel) || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %v mentioning %q", c.name, c.err, c.sentinel, c.want)
		}
	}
}
