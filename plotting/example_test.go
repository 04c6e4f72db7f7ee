package plotting_test

import (
	"bytes"
	"fmt"
	"image/png"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/plotting"
)

func ExampleScatter() {
	X := mat.NewDense(6, 2, []float64{0, 0, 0.2, 0.1, 0.1, 0.3, 3, 3, 3.2, 2.9, 2.8, 3.1})
	labels := []int{0, 0, 0, 1, 1, 1}
	p, err := plotting.Scatter(X, labels, plotting.ScatterOptions{
		Title: "Two blobs", ClassNames: []string{"left", "right"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := plotting.PNG(p, 400, 300)
	if err != nil {
		fmt.Println(err)
		return
	}
	img, _ := png.Decode(bytes.NewReader(b))
	fmt.Println(img.Bounds().Dx(), img.Bounds().Dy())
	// In a notebook cell: plotting.Show(p, plotting.DefaultWidth, plotting.DefaultHeight)
	// Output: 400 300
}

func ExampleHeatmap() {
	// A contingency table: rows are classes, columns clusters.
	counts := mat.NewDense(2, 3, []float64{40, 2, 8, 1, 30, 19})
	_, err := plotting.Heatmap(counts, []string{"cat", "dog"}, nil, plotting.HeatmapOptions{
		Title: "classes × clusters", Annotate: true, XLabel: "cluster",
	})
	fmt.Println(err)
	_, err = plotting.Heatmap(counts, []string{"cat"}, nil, plotting.HeatmapOptions{})
	fmt.Println(err)
	// Output:
	// <nil>
	// plotting: Heatmap: rowLabels has 1 names for the 2 rows of M: shape mismatch
}

func ExampleLines() {
	k := []float64{2, 3, 4, 5, 6}
	inertia := []float64{900, 420, 300, 270, 250}
	best := 4.0
	p, err := plotting.Lines([]plotting.Series{{Name: "inertia", X: k, Y: inertia}},
		plotting.LineOptions{XLabel: "k", YLabel: "inertia", MarkX: &best, MarkLabel: "elbow"})
	fmt.Println(p != nil, err)
	// Output: true <nil>
}

func ExampleImageGrid() {
	// Three 2×2 images stored one after another, as data.Images keeps
	// single-channel pixels.
	pix := []float32{0, 1, 1, 0, 1, 0, 0, 1, 0.5, 0.5, 0.5, 0.5}
	images, err := plotting.SplitImages(pix, 3, 2, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := plotting.ImageGrid(images, 2, 2, 3, plotting.GridOptions{
		CellTitles: []string{"a", "b", "c"}, RowTitles: []string{"samples"},
	})
	fmt.Println(p != nil, err)
	img, _ := plotting.GridImage(images, 2, 2, 3, plotting.GridOptions{Scale: 10, Pad: 1})
	fmt.Println(img.Bounds().Dx(), img.Bounds().Dy()) // 3·20+4 × 20+2
	// Output:
	// true <nil>
	// 64 22
}

func ExampleParallelCoordinates() {
	X := mat.NewDense(4, 3, []float64{
		5.1, 3.5, 1.4,
		4.9, 3.0, 1.4,
		6.7, 3.1, 4.4,
		6.3, 2.5, 5.0,
	})
	p, err := plotting.ParallelCoordinates(X, []int{0, 0, 1, 1}, plotting.ParallelOptions{
		FeatureNames: []string{"sepal length", "sepal width", "petal length"},
		ClassNames:   []string{"setosa", "versicolor"},
		Centroids:    true,
	})
	fmt.Println(p != nil, err)
	// Output: true <nil>
}
