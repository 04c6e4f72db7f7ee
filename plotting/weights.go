package plotting

import (
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
)

// WeightImage draws a weight vector over image features (the 64 pixels of
// an 8×8 digit) as an h×w image with the Diverging colormap centred on zero
// — red where the weight is positive, blue where negative — and a colour
// bar: the normal of a k-means boundary, LIME's or a linear model's weights.
// Pixel (r, c) is weights[r*w+c].
func WeightImage(weights []float64, h, w int, opts WeightOptions) (*plot.Plot, error) {
	const where = "WeightImage"
	if err := checkWeights(where, weights, h, w, "weights"); err != nil {
		return nil, err
	}
	M := mat.NewDense(h, w, append([]float64(nil), weights...))
	p, err := Heatmap(M, nil, nil, HeatmapOptions{Title: opts.Title, Colormap: Diverging})
	if err != nil {
		return nil, err
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.ConstantTicks{}, plot.ConstantTicks{}
	return p, nil
}

// WeightOptions configures WeightImage and WeightImages.
type WeightOptions struct {
	// Title goes above the figure.
	Title string
	// Cols is the number of images per row of WeightImages (0: up to 10).
	Cols int
	// Titles, when set, name each image of WeightImages.
	Titles []string
}

// WeightImages draws several weight vectors side by side, opts.Cols per row,
// on one Diverging scale symmetric around zero (so the colours compare across
// images), with optional titles above each.
func WeightImages(weights [][]float64, h, w int, opts WeightOptions) (*plot.Plot, error) {
	const where = "WeightImages"
	if len(weights) == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "weights is empty")
	}
	images := make([][]float32, len(weights))
	var top float64
	for i, v := range weights {
		if err := checkWeights(where, v, h, w, "weights[i]"); err != nil {
			return nil, err
		}
		images[i] = make([]float32, len(v))
		for j, x := range v {
			images[i][j] = float32(x)
			top = math.Max(top, math.Abs(x))
		}
	}
	if top == 0 {
		top = 1
	}
	return ImageGrid(images, h, w, opts.Cols, GridOptions{Title: opts.Title, CellTitles: opts.Titles, Colormap: Diverging, Min: -top, Max: top})
}

func checkWeights(where string, v []float64, h, w int, name string) error {
	if h <= 0 || w <= 0 {
		return errorf(where, mlkit.ErrValue, "h=%d, w=%d, want positive image sizes", h, w)
	}
	if err := checkFloats(where, name, v); err != nil {
		return err
	}
	if len(v) != h*w {
		return errorf(where, mlkit.ErrShape, "%s has %d values, want h*w = %d×%d = %d", name, len(v), h, w, h*w)
	}
	for _, x := range v {
		if math.Abs(x) > math.MaxFloat32 {
			return errorf(where, mlkit.ErrNaN, "%s holds %v, beyond float32 pixels", name, x)
		}
	}
	return nil
}
