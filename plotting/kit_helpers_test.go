package plotting_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
	"github.com/gonb-mlkit/gonb-mlkit/plotting"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
)

// imageSet is n 8×6 images with stripes that differ per image.
func imageSet(t *testing.T, n int) *data.Images {
	t.Helper()
	pix := make([]float32, 0, n*48)
	for _, im := range digits(n) {
		pix = append(pix, im...)
	}
	im, err := data.NewImages(n, 1, 8, 6, pix)
	if err != nil {
		t.Fatal(err)
	}
	return im
}

// TestKitHelpersRender draws each of issue 8's helpers and checks that the
// PNG is not blank.
func TestKitHelpersRender(t *testing.T) {
	im := imageSet(t, 30)
	labels := make([]int, 30)
	assign := make([]int, 30)
	for i := range labels {
		labels[i], assign[i] = i%3, (i/2)%4
	}
	tab, err := metrics.AlignedContingency(labels, assign)
	if err != nil {
		t.Fatal(err)
	}
	sil := make([]float64, 30)
	for i := range sil {
		sil[i] = math.Sin(float64(i)) * 0.6
	}
	line, err := plotting.Lines([]plotting.Series{{Y: []float64{1, 3, 2}}}, plotting.LineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := plotting.MarkX(line, 1, "k = 1"); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func() (*plot.Plot, error){
		"Images": func() (*plot.Plot, error) {
			return plotting.Images(im, nil, plotting.ImagesOptions{Labels: labels, Cols: 5})
		},
		"ImagesIdx": func() (*plot.Plot, error) {
			return plotting.Images(im, []int{3, 1, 4}, plotting.ImagesOptions{Labels: labels, ClassNames: []string{"a", "b", "c"}})
		},
		"ClusterImages": func() (*plot.Plot, error) {
			return plotting.ClusterImages(im, assign, []int{2, 0}, plotting.ClusterImagesOptions{PerRow: 4, Labels: labels, Only: []int{-1, 1}})
		},
		"Contingency": func() (*plot.Plot, error) { return plotting.Contingency(tab, plotting.ContingencyOptions{Title: "t"}) },
		"ContingencyShares": func() (*plot.Plot, error) {
			return plotting.Contingency(tab, plotting.ContingencyOptions{Shares: true})
		},
		"Silhouette": func() (*plot.Plot, error) { return plotting.Silhouette(sil, assign, plotting.SilhouetteOptions{}) },
		"MarkX":      func() (*plot.Plot, error) { return line, nil },
	}
	for name, f := range cases {
		p, err := f()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := plotting.PNG(p, 300, 200)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		notBlank(t, name, b, 300, 200)
	}
	p, _ := cases["Silhouette"]()
	b, err := plotting.Row(p, nil, line).PNG(600, 200)
	if err != nil {
		t.Fatal(err)
	}
	notBlank(t, "Row", b, 600, 200)
	b, err = plotting.Grid(2, p, line, line).PNG(400, 400)
	if err != nil {
		t.Fatal(err)
	}
	notBlank(t, "Grid", b, 400, 400)
}

func TestKitHelpersBadInput(t *testing.T) {
	im := imageSet(t, 4)
	rgb, _ := data.NewImages(1, 3, 2, 2, make([]float32, 12))
	labels := []int{0, 1, 0, 1}
	for _, c := range []struct {
		name     string
		err      error
		sentinel error
		msg      string
	}{
		{"Images nil", second(plotting.Images(nil, nil, plotting.ImagesOptions{})), mlkit.ErrEmpty, "im is empty"},
		{"Images rgb", second(plotting.Images(rgb, nil, plotting.ImagesOptions{})), mlkit.ErrShape, "3 channels"},
		{"Images idx", second(plotting.Images(im, []int{4}, plotting.ImagesOptions{})), mlkit.ErrValue, "idx[0]=4"},
		{"Images empty idx", second(plotting.Images(im, []int{}, plotting.ImagesOptions{})), mlkit.ErrEmpty, "idx"},
		{"Images labels", second(plotting.Images(im, nil, plotting.ImagesOptions{Labels: []int{1}})), mlkit.ErrShape, "opts.Labels"},
		{"ClusterImages assign", second(plotting.ClusterImages(im, []int{0}, []int{0}, plotting.ClusterImagesOptions{})), mlkit.ErrShape, "assign"},
		{"ClusterImages none", second(plotting.ClusterImages(im, labels, nil, plotting.ClusterImagesOptions{})), mlkit.ErrEmpty, "clusters"},
		{"ClusterImages absent", second(plotting.ClusterImages(im, labels, []int{5}, plotting.ClusterImagesOptions{})), mlkit.ErrValue, "clusters[0]=5"},
		{"ClusterImages perRow", second(plotting.ClusterImages(im, labels, []int{0}, plotting.ClusterImagesOptions{PerRow: -1})), mlkit.ErrValue, "PerRow=-1"},
		{"ClusterImages only", second(plotting.ClusterImages(im, labels, []int{0}, plotting.ClusterImagesOptions{Only: []int{1}})), mlkit.ErrShape, "Only"},
		{"Contingency nil", second(plotting.Contingency(nil, plotting.ContingencyOptions{})), mlkit.ErrEmpty, "nil"},
		{"Contingency shape", second(plotting.Contingency(&metrics.AlignedTable{Counts: mat1()}, plotting.ContingencyOptions{})), mlkit.ErrShape, "row ids"},
		{"Silhouette empty", second(plotting.Silhouette(nil, nil, plotting.SilhouetteOptions{})), mlkit.ErrEmpty, "values"},
		{"Silhouette lengths", second(plotting.Silhouette([]float64{0.1}, []int{0, 1}, plotting.SilhouetteOptions{})), mlkit.ErrShape, "labels"},
		{"Silhouette range", second(plotting.Silhouette([]float64{1.5}, []int{0}, plotting.SilhouetteOptions{})), mlkit.ErrValue, "values[0]=1.5"},
		{"Silhouette NaN", second(plotting.Silhouette([]float64{math.NaN()}, []int{0}, plotting.SilhouetteOptions{})), mlkit.ErrValue, "values[0]=NaN"},
		{"Silhouette label", second(plotting.Silhouette([]float64{0.5}, []int{-1}, plotting.SilhouetteOptions{})), mlkit.ErrValue, "labels[0]=-1"},
		{"MarkX nil", plotting.MarkX(nil, 1, ""), mlkit.ErrEmpty, "p is nil"},
		{"MarkX inf", plotting.MarkX(plot.New(), math.Inf(1), ""), mlkit.ErrValue, "x=+Inf"},
		{"Row empty", second(plotting.Row().PNG(100, 100)), mlkit.ErrEmpty, "no plots"},
		{"Row nil plots", second(plotting.Row(nil, nil).PNG(100, 100)), mlkit.ErrEmpty, "nil"},
		{"Grid cols", second(plotting.Grid(0, plot.New()).PNG(100, 100)), mlkit.ErrValue, "Cols=0"},
		{"Row size", second(plotting.Row(plot.New()).PNG(-1, 100)), mlkit.ErrValue, ""},
	} {
		if !errors.Is(c.err, c.sentinel) || !strings.Contains(fmtErr(c.err), c.msg) || !strings.HasPrefix(fmtErr(c.err), "plotting: ") {
			t.Errorf("%s: err = %v, want %v mentioning %q", c.name, c.err, c.sentinel, c.msg)
		}
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func mat1() *mat.Dense { return mat.NewDense(1, 1, []float64{1}) }
