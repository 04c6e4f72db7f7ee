package plotting

import (
	"fmt"
	"math"
	"slices"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"

	"gonum.org/v1/plot"
)

// TargetGridOptions configures ImagesByTarget.
type TargetGridOptions struct {
	Title string
	// Count is the number of images shown; 0 means 10.
	Count int
	// Cols is the number of images per row; 0 means Count, up to 10.
	Cols int
	// Colormap colours pixel values (default Gray: 0 black, 1 white; use
	// GrayReversed for ink on paper, as data.GrayImages' darkness).
	Colormap Colormap
	// Format prints a target or a prediction in the titles; "" means "%.2f".
	Format string
}

// ImagesByTarget shows opts.Count single-channel images picked evenly along
// the sorted targets, from the smallest to the largest, each titled with its
// target, and, when pred is not nil, "target → prediction": a regressor's
// errors read along the spectrum of the targets. Pixels are drawn on a
// fixed [0, 1] scale (widened to the values present), so that a darker
// image looks darker.
func ImagesByTarget(images *data.Images, target, pred []float64, opts TargetGridOptions) (*plot.Plot, error) {
	const where = "ImagesByTarget"
	if images == nil || images.N == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "images is empty")
	}
	if images.C != 1 {
		return nil, errorf(where, mlkit.ErrShape, "images have %d channels, want 1", images.C)
	}
	if len(images.Pix) != images.N*images.H*images.W {
		return nil, errorf(where, mlkit.ErrShape, "images.Pix has %d values, want N×H×W = %d×%d×%d", len(images.Pix), images.N, images.H, images.W)
	}
	if len(target) != images.N {
		return nil, errorf(where, mlkit.ErrShape, "target has %d values for %d images", len(target), images.N)
	}
	if err := checkFloats(where, "target", target); err != nil {
		return nil, err
	}
	if pred != nil {
		if len(pred) != images.N {
			return nil, errorf(where, mlkit.ErrShape, "pred has %d values for %d images", len(pred), images.N)
		}
		if err := checkFloats(where, "pred", pred); err != nil {
			return nil, err
		}
	}
	count, cols, format := opts.Count, opts.Cols, opts.Format
	if count < 0 || cols < 0 {
		return nil, errorf(where, mlkit.ErrValue, "opts.Count=%d, opts.Cols=%d, want non-negative values (0 means the default)", count, cols)
	}
	if count == 0 {
		count = 10
	}
	count = min(count, images.N)
	if cols == 0 {
		cols = min(count, 10)
	}
	if format == "" {
		format = "%.2f"
	}
	order := make([]int, images.N)
	for i := range order {
		order[i] = i
	}
	// Stable, so that equal targets keep the images' order.
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case target[a] < target[b]:
			return -1
		case target[a] > target[b]:
			return 1
		}
		return 0
	})
	ims := make([][]float32, count)
	titles := make([]string, count)
	for k := range count {
		j := 0
		if count > 1 {
			j = int(math.Round(float64(k) * float64(images.N-1) / float64(count-1)))
		}
		i := order[j]
		ims[k] = images.Image(i)
		titles[k] = fmt.Sprintf(format, target[i])
		if pred != nil {
			titles[k] += " → " + fmt.Sprintf(format, pred[i])
		}
	}
	return ImageGrid(ims, images.H, images.W, cols, GridOptions{Title: opts.Title, CellTitles: titles, Colormap: opts.Colormap})
}
