package plotting_test

import (
	"fmt"

	"github.com/gonb-mlkit/gonb-mlkit/plotting"
)

func ExampleFeatureBars() {
	// Permutation importances with their standard deviations, largest on top.
	names := []string{"alcohol", "ash", "hue", "proline"}
	mean := []float64{0.05, -0.002, 0.02, 0.07}
	std := []float64{0.013, 0.004, 0.01, 0.02}
	p, err := plotting.FeatureBars(mean, names, plotting.BarOptions{
		Title: "permutation importance", XLabel: "accuracy drop", Err: std, TopK: 3})
	fmt.Println(p != nil, err)
	_, err = plotting.FeatureBars(mean, names[:3], plotting.BarOptions{})
	fmt.Println(err)
	// In a notebook cell: plotting.Show(p, plotting.DefaultWidth, plotting.DefaultHeight)
	// Output:
	// true <nil>
	// plotting: FeatureBars: names has 3 names for 4 values: shape mismatch
}

func ExampleWeightImage() {
	// The normal μ_b − μ_a of a k-means boundary between two digit clusters,
	// one weight per pixel of the 8×8 images.
	w := make([]float64, 64)
	for i := range w {
		w[i] = float64(i%8) - 3.5
	}
	p, err := plotting.WeightImage(w, 8, 8, plotting.WeightOptions{Title: "μ_b − μ_a"})
	fmt.Println(p != nil, err)
	// Output: true <nil>
}
