package nn

import (
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// checkImageDims checks that im is non-nil, non-empty and consistent (its
// sizes positive, their product within the limits, Pix as long as they say),
// without looking at the values.
func checkImageDims(where, name string, im *data.Images) error {
	if im == nil {
		return check.Errorf(where, check.ErrEmpty, "%s is nil", name)
	}
	if im.N <= 0 {
		return check.Errorf(where, check.ErrEmpty, "%s holds %d images, want at least 1", name, im.N)
	}
	if im.C <= 0 || im.H <= 0 || im.W <= 0 {
		return check.Errorf(where, check.ErrShape, "%s are %d×%d×%d (C×H×W), want positive sizes", name, im.C, im.H, im.W)
	}
	size, ok := mulCap(maxActivations, im.C, im.H, im.W)
	if !ok {
		return check.Errorf(where, check.ErrValue, "%s are %d×%d×%d (C×H×W), more than the limit of %d values per image", name, im.C, im.H, im.W, maxActivations)
	}
	if total, ok := mulCap(math.MaxInt, im.N, size); !ok || len(im.Pix) != total {
		return check.Errorf(where, check.ErrShape, "%s has %d pixel values, want N*C*H*W=%d*%d", name, len(im.Pix), im.N, size)
	}
	return nil
}

// checkImagesFor checks im with checkImageDims, that its images are c×h×w
// and that every pixel is finite.
func checkImagesFor(where, name string, im *data.Images, c, h, w int) error {
	if err := checkImageDims(where, name, im); err != nil {
		return err
	}
	if im.C != c || im.H != h || im.W != w {
		return check.Errorf(where, check.ErrShape, "%s are %d×%d×%d (C×H×W), the network takes %d×%d×%d", name, im.C, im.H, im.W, c, h, w)
	}
	size := c * h * w
	for i, v := range im.Pix {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return check.Errorf(where, check.ErrNaN, "%s: image %d has pixel %d = %v, want finite values", name, i/size, i%size, v)
		}
		if math.Abs(float64(v)) > float32Limit {
			return check.Errorf(where, check.ErrNaN, "%s: image %d has pixel %d = %v, beyond the magnitude 1e30 the network computes with in float32: rescale the pixels", name, i/size, i%size, v)
		}
	}
	return nil
}
