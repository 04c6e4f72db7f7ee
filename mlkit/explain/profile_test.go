package explain

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestCentroidProfileMatchesNumpy: z-scores and Cohen's d of wine's class
// means from numpy (testdata/make_reference.py), to 1e-12.
func TestCentroidProfileMatchesNumpy(t *testing.T) {
	ref := loadReference(t)
	X, y, _ := wineRaw(t)
	p, err := CentroidProfile(X, y)
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for c := range ref.ProfileZ {
		for j := range ref.ProfileZ[c] {
			worst = math.Max(worst, math.Abs(p.Z.At(c, j)-ref.ProfileZ[c][j]))
			worst = math.Max(worst, math.Abs(p.Contrast.At(c, j)-ref.ProfileD[c][j]))
		}
	}
	t.Logf("max deviation from numpy's z-scores and Cohen's d: %.2g", worst)
	if worst > 1e-12 {
		t.Fatalf("deviation %.3g", worst)
	}
	top, err := p.Top(0, 3)
	if err != nil {
		t.Fatal(err)
	}
	for k := 1; k < len(top); k++ {
		if math.Abs(p.Contrast.At(0, top[k])) > math.Abs(p.Contrast.At(0, top[k-1])) {
			t.Fatal("Top is not sorted by |Contrast|")
		}
	}
}

func TestCentroidProfileConstantFeature(t *testing.T) {
	X := mat.NewDense(6, 2, []float64{0.1, 1, 0.1, 2, 0.1, 3, 0.1, 10, 0.1, 11, 0.1, 12})
	p, err := CentroidProfile(X, []int{0, 0, 0, 1, 1, 1})
	if err != nil {
		t.Fatal(err)
	}
	for c := 0; c < 2; c++ {
		if p.Z.At(c, 0) != 0 || p.Contrast.At(c, 0) != 0 {
			t.Fatalf("constant feature: Z=%v d=%v, want 0", p.Z.At(c, 0), p.Contrast.At(c, 0))
		}
	}
	if d := p.Contrast.At(1, 1); !(d > 5) {
		t.Fatalf("separated feature: d=%v", d)
	}
}
