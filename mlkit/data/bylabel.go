package data

import (
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// CountLabels returns how often each label 0, 1, …, max(labels) occurs
// (negative labels, such as noise, are not counted).
func CountLabels(labels []int) []int {
	var out []int
	for _, l := range labels {
		if l < 0 {
			continue
		}
		for l >= len(out) {
			out = append(out, 0)
		}
		out[l]++
	}
	return out
}

// FirstOfEach returns, for each class in classes, the indices of its first
// n samples in labels, one class after another: the rows of a grid of n
// images per class. A class with fewer samples contributes what it has.
func FirstOfEach(labels []int, classes []int, n int) []int {
	var out []int
	for _, c := range classes {
		k := 0
		for i, l := range labels {
			if k == n {
				break
			}
			if l == c {
				out = append(out, i)
				k++
			}
		}
	}
	return out
}

// GroupMeans returns the mean of x over the samples of each label 0, 1, …,
// max(labels) (NaN for a label with no sample): the mean ink per digit.
func GroupMeans(x []float64, labels []int) ([]float64, error) {
	const where = "data: GroupMeans"
	if len(x) != len(labels) {
		return nil, check.Errorf(where, check.ErrShape, "x has %d values for %d labels", len(x), len(labels))
	}
	counts := CountLabels(labels)
	sums := make([]float64, len(counts))
	for i, l := range labels {
		if l >= 0 {
			sums[l] += x[i]
		}
	}
	for l := range sums {
		sums[l] /= float64(counts[l]) // 0/0 = NaN for an absent label
	}
	return sums, nil
}

// MeanByLabel returns the mean image of each label 0, 1, …, max(labels), as
// a set of that many images (an absent label gives a zero image).
func (im *Images) MeanByLabel(labels []int) (*Images, error) {
	const where = "data: Images.MeanByLabel"
	if im == nil || im.N == 0 {
		return nil, check.Errorf(where, check.ErrEmpty, "the image set is empty")
	}
	if len(labels) != im.N {
		return nil, check.Errorf(where, check.ErrShape, "labels has %d entries for %d images", len(labels), im.N)
	}
	counts := CountLabels(labels)
	if len(counts) == 0 {
		return nil, check.Errorf(where, check.ErrValue, "labels holds no label ≥ 0")
	}
	s := im.Size()
	sums := make([]float64, len(counts)*s)
	for i, l := range labels {
		if l < 0 {
			continue
		}
		dst := sums[l*s : (l+1)*s]
		for j, v := range im.Image(i) {
			dst[j] += float64(v)
		}
	}
	pix := make([]float32, len(sums))
	for l, c := range counts {
		for j := l * s; j < (l+1)*s && c > 0; j++ {
			pix[j] = float32(sums[j] / float64(c))
		}
	}
	return &Images{N: len(counts), C: im.C, H: im.H, W: im.W, Pix: pix}, nil
}

// HorizontalSpread returns, per image, the standard deviation (in pixels)
// of the ink's column position, each pixel weighted by its value (all
// channels together): wide digits (0) score high, narrow ones (1) low. An
// image without ink scores 0.
func (im *Images) HorizontalSpread() []float64 {
	if im == nil {
		return nil
	}
	out := make([]float64, im.N)
	for i := range out {
		pix := im.Image(i)
		var ink, sx, sxx float64
		for j, v := range pix {
			x := float64(j % im.W)
			f := float64(v)
			ink += f
			sx += f * x
			sxx += f * x * x
		}
		if ink > 0 {
			m := sx / ink
			out[i] = math.Sqrt(math.Max(0, sxx/ink-m*m))
		}
	}
	return out
}

// SubsetLabels returns y at the indices idx, in that order: the labels of
// SubsetRows(X, idx). It panics on an index out of range, like a slice
// index.
func SubsetLabels(y []int, idx []int) []int {
	out := make([]int, len(idx))
	for k, i := range idx {
		out[k] = y[i]
	}
	return out
}
