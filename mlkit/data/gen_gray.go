package data

import (
	"fmt"
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// GrayImages generates the gray-level images of experiment 02: 28×28
// single-channel images whose target is a darkness in (0, 1) carried by one
// object, drawn over clutter, so that the target is a position on a spectrum
// from white (0) to black (1) rather than one of two classes. The zero value
// gives the documented defaults.
//
// Pixels are darkness (ink), as MNIST stores them: 0 is white paper, 1 is
// black; plotting.GrayReversed shows them as printed. Each image is drawn as
//
//   - a background: a level in [0, 0.6] plus a linear gradient of slope up to
//     ±0.3 across the image in a random direction;
//   - Clutter distractors of random darkness in [0, 1]: thin bars (width 1.5
//     pixels, length 8–20, any angle) and small squares (side 2–4);
//   - the object, on top: a disk of radius 4–7 whose darkness is the target,
//     uniform in [0.02, 0.98], ringed by a white halo 1.2 pixels wide;
//   - Gaussian noise of standard deviation Noise on every pixel, then
//     clipped to [0, 1].
//
// The disk covers about an eighth of the image and the background level
// varies more than the disk's contribution, so the mean pixel predicts the
// target poorly (R² of a linear fit about 0.1, see the tests): a model must
// find the disk, which is what a convolutional network is for.
//
// Split chooses one of three independent sets of the same Seed (train,
// validation, test), so data.GrayImages{N: n, Seed: s, Split: GrayTest} is
// a held-out set for any training set of that seed. Images are drawn in
// chunks of 256, chunk c of split s from randx.Stream(Seed, s<<32+c), on the
// cores: the same parameters give the same images at any GOMAXPROCS, and
// the first n images of a set do not depend on N.
type GrayImages struct {
	N int // images; 0 means 1,000; at most 1,000,000
	// Clutter is the number of distractors per image; 0 means 4, NoClutter
	// (any negative value) none.
	Clutter int
	// Noise is the standard deviation of the pixel noise; 0 means 0.05,
	// NoNoise (any negative value) none.
	Noise float64
	Split GraySplit
	Seed  uint64
}

// GraySplit selects one of GrayImages' independent sets.
type GraySplit int

// The sets of GrayImages.
const (
	GrayTrain GraySplit = iota
	GrayValidation
	GrayTest
)

// String returns "train", "validation" or "test".
func (s GraySplit) String() string {
	switch s {
	case GrayTrain:
		return "train"
	case GrayValidation:
		return "validation"
	case GrayTest:
		return "test"
	}
	return fmt.Sprintf("GraySplit(%d)", int(s))
}

// NoClutter and NoNoise switch off GrayImages' distractors and pixel noise.
const (
	NoClutter = -1
	NoNoise   = -1.0
)

const (
	graySide      = 28
	grayChunk     = 256
	grayMaxN      = 1_000_000
	grayDefaultN  = 1000
	grayDefClut   = 4
	grayDefNoise  = 0.05
	grayTargetLo  = 0.02
	grayTargetHi  = 0.98
	grayHalo      = 1.2
	grayBarWidth  = 1.5
	grayMaxClutts = 100
)

// Generate returns the N images (N×1×28×28) and the target darkness of each,
// in (0, 1).
func (g GrayImages) Generate() (*Images, []float64, error) {
	const where = "data: GrayImages.Generate"
	n, clutter, noise := g.N, g.Clutter, g.Noise
	if n == 0 {
		n = grayDefaultN
	}
	if clutter == 0 {
		clutter = grayDefClut
	}
	if clutter < 0 {
		clutter = 0
	}
	if noise == 0 {
		noise = grayDefNoise
	}
	if noise < 0 && !math.IsInf(noise, 0) {
		noise = 0
	}
	switch {
	case n < 0 || n > grayMaxN:
		return nil, nil, check.Errorf(where, check.ErrValue, "N=%d, want 1…%d (0 means %d)", g.N, grayMaxN, grayDefaultN)
	case g.Clutter > grayMaxClutts:
		return nil, nil, check.Errorf(where, check.ErrValue, "Clutter=%d, want at most %d distractors (0 means %d)", g.Clutter, grayMaxClutts, grayDefClut)
	case math.IsNaN(noise) || math.IsInf(noise, 0) || noise > 1:
		return nil, nil, check.Errorf(where, check.ErrValue, "Noise=%v, want a standard deviation in (0, 1] (0 means %v, negative none)", g.Noise, grayDefNoise)
	case g.Split < GrayTrain || g.Split > GrayTest:
		return nil, nil, check.Errorf(where, check.ErrValue, "Split=%v, want GrayTrain, GrayValidation or GrayTest", g.Split)
	}
	const size = graySide * graySide
	pix := make([]float32, n*size)
	targets := make([]float64, n)
	chunks := (n + grayChunk - 1) / grayChunk
	par.For(chunks, func(c int) {
		rng := randx.Stream(g.Seed, uint64(g.Split)<<32+uint64(c))
		buf := make([]float64, size)
		for i := c * grayChunk; i < min(n, (c+1)*grayChunk); i++ {
			targets[i] = drawGray(rng, buf, clutter, noise)
			out := pix[i*size : (i+1)*size]
			for j, v := range buf {
				out[j] = float32(v)
			}
		}
	})
	im, err := NewImages(n, 1, graySide, graySide, pix)
	return im, targets, err
}

// grayRand is the part of *rand.Rand that drawGray uses.
type grayRand interface {
	Float64() float64
	NormFloat64() float64
	IntN(int) int
}

// drawGray draws one image into buf (28×28, row-major) and returns its
// target.
func drawGray(rng grayRand, buf []float64, clutter int, noise float64) float64 {
	const side, mid = graySide, (graySide - 1) / 2.0
	// Background: level plus a linear gradient in a random direction.
	level := 0.6 * rng.Float64()
	slope := 0.3 * (2*rng.Float64() - 1)
	theta := 2 * math.Pi * rng.Float64()
	cs, sn := math.Cos(theta), math.Sin(theta)
	for y := range side {
		for x := range side {
			buf[y*side+x] = level + slope*((float64(x)-mid)*cs+(float64(y)-mid)*sn)/mid
		}
	}
	// Distractors: thin bars and small squares of any darkness.
	for range clutter {
		v := rng.Float64()
		if rng.IntN(2) == 0 {
			x0, y0 := side*rng.Float64(), side*rng.Float64()
			l, a := 8+12*rng.Float64(), math.Pi*rng.Float64()
			x1, y1 := x0+l*math.Cos(a), y0+l*math.Sin(a)
			paintBar(buf, x0, y0, x1, y1, v)
		} else {
			s := 2 + rng.IntN(3)
			x0, y0 := rng.IntN(side-s+1), rng.IntN(side-s+1)
			for y := y0; y < y0+s; y++ {
				for x := x0; x < x0+s; x++ {
					buf[y*side+x] = v
				}
			}
		}
	}
	// The object: a disk of the target's darkness in a white halo, inside the
	// image.
	t := grayTargetLo + (grayTargetHi-grayTargetLo)*rng.Float64()
	r := 4 + 3*rng.Float64()
	lo, span := r+grayHalo, float64(side-1)-2*(r+grayHalo)
	cx, cy := lo+span*rng.Float64(), lo+span*rng.Float64()
	for y := range side {
		for x := range side {
			dx, dy := float64(x)-cx, float64(y)-cy
			switch d2 := dx*dx + dy*dy; {
			case d2 <= r*r:
				buf[y*side+x] = t
			case d2 <= (r+grayHalo)*(r+grayHalo):
				buf[y*side+x] = 0
			}
		}
	}
	for j, v := range buf {
		if noise > 0 {
			v += noise * rng.NormFloat64()
		}
		buf[j] = min(1, max(0, v))
	}
	return t
}

// paintBar sets the pixels whose centres lie within grayBarWidth/2 of the
// segment (x0, y0)–(x1, y1) to v, scanning only its bounding box.
func paintBar(buf []float64, x0, y0, x1, y1, v float64) {
	const h = grayBarWidth / 2
	xa, xb := max(0, int(math.Floor(min(x0, x1)-h))), min(graySide-1, int(math.Ceil(max(x0, x1)+h)))
	ya, yb := max(0, int(math.Floor(min(y0, y1)-h))), min(graySide-1, int(math.Ceil(max(y0, y1)+h)))
	dx, dy := x1-x0, y1-y0
	l2 := dx*dx + dy*dy
	for y := ya; y <= yb; y++ {
		for x := xa; x <= xb; x++ {
			px, py := float64(x)-x0, float64(y)-y0
			u := min(1, max(0, (px*dx+py*dy)/l2))
			ex, ey := px-u*dx, py-u*dy
			if ex*ex+ey*ey <= h*h {
				buf[y*graySide+x] = v
			}
		}
	}
}

// MeanPixels returns the mean value of each image (over channels and
// pixels): the one-number summary a model without spatial structure
// would see first, and the weak baseline of experiment 02. A nil im gives
// nil.
func (im *Images) MeanPixels() []float64 {
	if im == nil {
		return nil
	}
	s := im.Size()
	out := make([]float64, im.N)
	for i := range out {
		var sum float64
		for _, v := range im.Pix[i*s : (i+1)*s] {
			sum += float64(v)
		}
		out[i] = sum / float64(s)
	}
	return out
}

// Threshold turns targets into two classes: label 1 where y[i] > t, else 0
// (experiment 02's binary classifier on thresholded darkness).
func Threshold(y []float64, t float64) []int {
	out := make([]int, len(y))
	for i, v := range y {
		if v > t {
			out[i] = 1
		}
	}
	return out
}
