package data

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// downTol: float32 accumulation of at most 9 weighted terms.
const downTol = 1e-6

func TestDownsampleHandComputed(t *testing.T) {
	// 1×3 → 1×2: each output covers 1.5 input pixels; expected values by hand:
	// (1*a + 0.5*b)/1.5 and (0.5*b + 1*c)/1.5.
	im, _ := NewImages(1, 1, 1, 3, []float32{3, 6, 9})
	got, err := im.Downsample(1, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float32{(3 + 0.5*6) / 1.5, (0.5*6 + 9) / 1.5} {
		if math.Abs(float64(got.Pix[i]-want)) > downTol {
			t.Errorf("1×3→1×2: Pix[%d]=%v, want %v", i, got.Pix[i], want)
		}
	}
	// 2×2 → 1×1 is the mean; 4×4 → 2×2 is a 2×2 block mean.
	im, _ = NewImages(1, 1, 2, 2, []float32{0, 1, 2, 3})
	got, _ = im.Downsample(1, 1)
	if math.Abs(float64(got.Pix[0]-1.5)) > downTol {
		t.Errorf("2×2→1×1: %v, want 1.5", got.Pix[0])
	}
	pix := make([]float32, 16)
	for i := range pix {
		pix[i] = float32(i)
	}
	im, _ = NewImages(1, 1, 4, 4, pix)
	got, _ = im.Downsample(2, 2)
	for i, want := range []float32{2.5, 4.5, 10.5, 12.5} {
		if math.Abs(float64(got.Pix[i]-want)) > downTol {
			t.Errorf("4×4→2×2: Pix[%d]=%v, want %v", i, got.Pix[i], want)
		}
	}
	// Identity size leaves the image unchanged.
	got, _ = im.Downsample(4, 4)
	for i := range pix {
		if got.Pix[i] != pix[i] {
			t.Fatalf("4×4→4×4 changed Pix[%d]: %v", i, got.Pix[i])
		}
	}
}

func TestDownsampleInvariants(t *testing.T) {
	// Weights of every output cell sum to 1, for the MNIST case and others.
	for _, c := range [][2]int{{28, 13}, {28, 14}, {28, 7}, {5, 3}, {3, 5}, {7, 1}} {
		for o, taps := range areaWeights(c[0], c[1]) {
			var s float64
			for _, tp := range taps {
				s += float64(tp.w)
			}
			if math.Abs(s-1) > 1e-6 {
				t.Errorf("areaWeights(%d,%d)[%d] sum to %v", c[0], c[1], o, s)
			}
		}
	}
	// 28×28 → 13×13 keeps the mean (every input pixel's total weight is 13²/28²
	// of an output pixel's) and the range, per image and channel.
	n, c := 3, 2
	pix := make([]float32, n*c*28*28)
	for i := range pix {
		pix[i] = float32((i*7919)%256) / 255
	}
	im, _ := NewImages(n, c, 28, 28, pix)
	out, err := im.Downsample(13, 13)
	if err != nil {
		t.Fatal(err)
	}
	if out.N != n || out.C != c || out.H != 13 || out.W != 13 || len(out.Pix) != n*c*169 {
		t.Fatalf("dims %d×%d×%d×%d", out.N, out.C, out.H, out.W)
	}
	for p := range n * c {
		var in, o float64
		for _, v := range pix[p*784 : (p+1)*784] {
			in += float64(v)
		}
		for _, v := range out.Pix[p*169 : (p+1)*169] {
			o += float64(v)
			if v < -downTol || v > 1+downTol {
				t.Errorf("plane %d: value %v outside [0,1]", p, v)
			}
		}
		if math.Abs(in/784-o/169) > 1e-5 {
			t.Errorf("plane %d: mean %v → %v", p, in/784, o/169)
		}
	}
	if _, err := im.Downsample(0, 13); !errors.Is(err, check.ErrValue) {
		t.Errorf("Downsample(0,13): %v", err)
	}
}

func TestImagesCopiesAndViews(t *testing.T) {
	pix := make([]float32, 3*2*2)
	for i := range pix {
		pix[i] = float32(i)
	}
	im, err := NewImages(3, 1, 2, 2, pix)
	if err != nil {
		t.Fatal(err)
	}
	if v := im.Image(1); len(v) != 4 || v[0] != 4 {
		t.Errorf("Image(1)=%v", v)
	}
	sub := im.Subset([]int{2, 0})
	if sub.N != 2 || sub.Pix[0] != 8 || sub.Pix[4] != 0 {
		t.Errorf("Subset: %+v", sub)
	}
	sub.Pix[0] = -1
	sl := im.Slice(1, 3)
	if sl.N != 2 || sl.Pix[0] != 4 || pix[8] != 8 {
		t.Errorf("Slice or Subset aliasing: %+v, pix[8]=%v", sl, pix[8])
	}
	X := im.Dense()
	if r, c := X.Dims(); r != 3 || c != 4 || X.At(2, 3) != 11 {
		t.Errorf("Dense: %d×%d, X[2,3]=%v", r, c, X.At(2, 3))
	}
	back, err := ImagesFromDense(X, 1, 2, 2)
	if err != nil || back.N != 3 || back.Pix[11] != 11 {
		t.Errorf("ImagesFromDense: %v", err)
	}
	if _, err := ImagesFromDense(X, 1, 3, 2); !errors.Is(err, check.ErrShape) {
		t.Errorf("ImagesFromDense wrong dims: %v", err)
	}
	if _, err := ImagesFromDense(mat.NewDense(1, 1, []float64{math.NaN()}), 1, 1, 1); !errors.Is(err, check.ErrNaN) {
		t.Errorf("ImagesFromDense NaN: %v", err)
	}
	if _, err := NewImages(3, 1, 2, 2, pix[:5]); !errors.Is(err, check.ErrShape) {
		t.Errorf("NewImages short pix: %v", err)
	}
	if _, err := NewImages(3, 0, 2, 2, nil); !errors.Is(err, check.ErrValue) {
		t.Errorf("NewImages c=0: %v", err)
	}
	if _, err := NewImages(1<<16, 1, 1<<16, 1, nil); !errors.Is(err, check.ErrValue) {
		t.Errorf("NewImages absurd: %v", err)
	}
}

func TestMNISTDownsample(t *testing.T) {
	m := mustLoadMNIST(t)
	small, err := m.Train.Slice(0, 100).Downsample(13, 13)
	if err != nil {
		t.Fatal(err)
	}
	if X := small.Dense(); X.RawMatrix().Cols != 169 {
		t.Fatalf("169 features expected, got %d", X.RawMatrix().Cols)
	}
	// testdata/make_downsample_reference.py computes the area average by its
	// 2-D definition in float64; float32 sums of ≤ 9 terms in [0,1] stay
	// within downTol.
	raw, err := os.ReadFile("testdata/downsample_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct{ Images [][]float64 }
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	for i, want := range ref.Images {
		got := small.Image(i)
		for j := range want {
			if math.Abs(float64(got[j])-want[j]) > downTol {
				t.Errorf("image %d pixel %d: %v, reference %v", i, j, got[j], want[j])
			}
		}
	}
}

func TestDownsampleGOMAXPROCS(t *testing.T) {
	pix := make([]float32, 700*28*28)
	for i := range pix {
		pix[i] = float32((i*7919)%256) / 255
	}
	im, _ := NewImages(700, 1, 28, 28, pix)
	prev := runtime.GOMAXPROCS(1)
	a, _ := im.Downsample(13, 13)
	runtime.GOMAXPROCS(4)
	b, _ := im.Downsample(13, 13)
	runtime.GOMAXPROCS(prev)
	if !slices.Equal(a.Pix, b.Pix) {
		t.Error("Downsample depends on GOMAXPROCS")
	}
}
