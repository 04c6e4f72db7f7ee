package data

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
)

// maxElements bounds the number of values an Images (or an IDX file) may hold,
// so a corrupted header cannot make the kit try to allocate many gigabytes.
const maxElements = 1 << 31

// Images is a batch of N images with C channels of H×W pixels, stored in one
// flat slice in NCHW order: pixel (n, c, y, x) is
// Pix[((n*C+c)*H+y)*W+x]. Values are usually in [0,1].
//
// Images is a plain value: its methods that return *Images return copies,
// except Image, which returns a view.
type Images struct {
	N, C, H, W int
	Pix        []float32
}

// NewImages wraps pix (not copied) as n images of c×h×w after checking that
// the dimensions are positive and that len(pix) == n*c*h*w.
func NewImages(n, c, h, w int, pix []float32) (*Images, error) {
	const where = "data: NewImages"
	if err := checkDims(where, n, c, h, w); err != nil {
		return nil, err
	}
	if len(pix) != n*c*h*w {
		return nil, check.Errorf(where, check.ErrShape, "len(pix)=%d, want n*c*h*w=%d*%d*%d*%d=%d", len(pix), n, c, h, w, n*c*h*w)
	}
	return &Images{N: n, C: c, H: h, W: w, Pix: pix}, nil
}

// checkDims rejects non-positive dimensions and totals above maxElements.
func checkDims(where string, n, c, h, w int) error {
	for _, d := range []struct {
		name string
		v    int
	}{{"n", n}, {"c", c}, {"h", h}, {"w", w}} {
		if d.v <= 0 {
			return check.Errorf(where, check.ErrValue, "%s=%d, want > 0", d.name, d.v)
		}
	}
	total := uint64(n)
	for _, d := range []int{c, h, w} {
		// Compare before multiplying: the product itself may overflow.
		if total > maxElements/uint64(d) {
			return check.Errorf(where, check.ErrValue, "%d×%d×%d×%d values exceed the limit of %d", n, c, h, w, uint64(maxElements))
		}
		total *= uint64(d)
	}
	return nil
}

// Size is the number of values per image, C*H*W.
func (im *Images) Size() int { return im.C * im.H * im.W }

// Image returns a view (not a copy) of image i's C*H*W values. It panics if i
// is out of range, like a slice index.
func (im *Images) Image(i int) []float32 {
	if i < 0 || i >= im.N {
		panic(fmt.Sprintf("data: Images.Image: index %d out of range [0,%d)", i, im.N))
	}
	s := im.Size()
	return im.Pix[i*s : (i+1)*s : (i+1)*s]
}

// Dense returns the images as a new N × (C*H*W) matrix of float64, one image
// per row, pixels in C, H, W order.
func (im *Images) Dense() *mat.Dense {
	s := im.Size()
	data := make([]float64, im.N*s)
	for i, v := range im.Pix[:im.N*s] {
		data[i] = float64(v)
	}
	return mat.NewDense(im.N, s, data)
}

// ImagesFromDense converts the rows of X (n × c*h*w) to n images of c×h×w.
func ImagesFromDense(X *mat.Dense, c, h, w int) (*Images, error) {
	const where = "data: ImagesFromDense"
	if err := checkDense(where, "X", X); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	if err := checkDims(where, n, c, h, w); err != nil {
		return nil, err
	}
	if d != c*h*w {
		return nil, check.Errorf(where, check.ErrShape, "X has %d columns, want c*h*w=%d*%d*%d=%d", d, c, h, w, c*h*w)
	}
	pix := make([]float32, n*d)
	raw := X.RawMatrix()
	for i := range n {
		row := raw.Data[i*raw.Stride : i*raw.Stride+d]
		out := pix[i*d : (i+1)*d]
		for j, v := range row {
			out[j] = float32(v)
		}
	}
	return &Images{N: n, C: c, H: h, W: w, Pix: pix}, nil
}

// Subset returns a copy of the images at the given indices, in that order
// (indices may repeat). It panics on an index out of range, like a slice index.
func (im *Images) Subset(idx []int) *Images {
	s := im.Size()
	pix := make([]float32, len(idx)*s)
	for k, i := range idx {
		copy(pix[k*s:(k+1)*s], im.Image(i))
	}
	return &Images{N: len(idx), C: im.C, H: im.H, W: im.W, Pix: pix}
}

// Slice returns a copy of images [from, to). It panics if the range is not
// within [0, N], like a slice expression.
func (im *Images) Slice(from, to int) *Images {
	if from < 0 || to > im.N || from > to {
		panic(fmt.Sprintf("data: Images.Slice: range [%d,%d) not within [0,%d]", from, to, im.N))
	}
	s := im.Size()
	pix := make([]float32, (to-from)*s)
	copy(pix, im.Pix[from*s:to*s])
	return &Images{N: to - from, C: im.C, H: im.H, W: im.W, Pix: pix}
}

// Downsample resizes every image to h×w by area averaging: output pixel
// (y, x) covers the input rectangle [y*H/h, (y+1)*H/h) × [x*W/w, (x+1)*W/w)
// and is the mean of the input pixels over that rectangle, each input pixel
// weighted by the fraction of it that falls inside (so 28 → 13 gives each
// output pixel a 28/13 ≈ 2.15-pixel-wide window with fractional edges). This
// is the "box" / INTER_AREA resampling of PIL and OpenCV; it preserves each
// image's mean value and never produces values outside the input range.
// The filter is separable, so it is applied along rows, then along columns.
// Upsampling (h > H) is allowed and reduces to nearest-neighbour-like copies.
func (im *Images) Downsample(h, w int) (*Images, error) {
	const where = "data: Images.Downsample"
	if im == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "the images are nil")
	}
	if h <= 0 || w <= 0 {
		return nil, check.Errorf(where, check.ErrValue, "size %d×%d, want h > 0 and w > 0", h, w)
	}
	if err := checkDims(where, im.N, im.C, h, w); err != nil {
		return nil, err
	}
	if im.N*im.Size() != len(im.Pix) {
		return nil, check.Errorf(where, check.ErrShape, "len(Pix)=%d, want N*C*H*W=%d", len(im.Pix), im.N*im.Size())
	}
	wy := areaWeights(im.H, h)
	wx := areaWeights(im.W, w)
	out := &Images{N: im.N, C: im.C, H: h, W: w, Pix: make([]float32, im.N*im.C*h*w)}
	// Planes are independent, so chunks of them run on all cores; the result
	// does not depend on how they are split.
	planes := im.N * im.C
	const chunk = 256
	par.For((planes+chunk-1)/chunk, func(c int) {
		im.downsamplePlanes(out, c*chunk, min(planes, (c+1)*chunk), wy, wx)
	})
	return out, nil
}

// downsamplePlanes resizes planes [lo, hi) of im into out.
func (im *Images) downsamplePlanes(out *Images, lo, hi int, wy, wx [][]tap) {
	h, w := out.H, out.W
	tmp := make([]float32, im.H*w) // one plane resized along x only
	for p := lo; p < hi; p++ {
		src := im.Pix[p*im.H*im.W : (p+1)*im.H*im.W]
		for y := range im.H {
			row := src[y*im.W : (y+1)*im.W]
			for x, taps := range wx {
				var s float32
				for _, t := range taps {
					s += t.w * row[t.i]
				}
				tmp[y*w+x] = s
			}
		}
		dst := out.Pix[p*h*w : (p+1)*h*w]
		for y, taps := range wy {
			orow := dst[y*w : (y+1)*w]
			for _, t := range taps {
				trow := tmp[t.i*w : (t.i+1)*w]
				for x := range orow {
					orow[x] += t.w * trow[x]
				}
			}
		}
	}
}

type tap struct {
	i int
	w float32
}

// areaWeights returns, for each of the m output cells covering n input cells,
// the input cells it overlaps and their normalised overlap weights (summing
// to 1). Output cell o covers [o*n/m, (o+1)*n/m) in input units; exact
// rational arithmetic (scaled by m) avoids rounding at the cell edges.
func areaWeights(n, m int) [][]tap {
	out := make([][]tap, m)
	for o := range m {
		lo, hi := o*n, (o+1)*n // interval in units of 1/m input pixels
		var taps []tap
		for i := lo / m; i*m < hi && i < n; i++ {
			a, b := max(lo, i*m), min(hi, (i+1)*m)
			if b > a {
				taps = append(taps, tap{i: i, w: float32(float64(b-a) / float64(n))})
			}
		}
		out[o] = taps
	}
	return out
}
