package plotting_test

import (
	"image/color"
	"math"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/plotting"
)

func hexColour(h uint32) color.NRGBA {
	return color.NRGBA{uint8(h >> 16), uint8(h >> 8), uint8(h), 0xFF}
}

// TestColorDifference checks CIEDE2000 on pairs of the test data of Sharma,
// Wu & Dalal (2005), table 1 (pair number, L*a*b* of both, ΔE₀₀ to 4
// decimals), through an unexported entry point.
func TestColorDifference(t *testing.T) {
	const tol = 1e-4 // the table's rounding
	for _, c := range []struct {
		n      int
		l1, l2 [3]float64
		want   float64
	}{
		{1, [3]float64{50, 2.6772, -79.7751}, [3]float64{50, 0, -82.7485}, 2.0425},
		{2, [3]float64{50, 3.1571, -77.2803}, [3]float64{50, 0, -82.7485}, 2.8615},
		{7, [3]float64{50, 0, 0}, [3]float64{50, -1, 2}, 2.3669},
		{11, [3]float64{50, 2.49, -0.001}, [3]float64{50, -2.49, 0.0009}, 7.1792},
		{17, [3]float64{50, 2.5, 0}, [3]float64{73, 25, -18}, 27.1492},
		{19, [3]float64{50, 2.5, 0}, [3]float64{50, 3.1736, 0.5854}, 1.0000},
		{25, [3]float64{60.2574, -34.0099, 36.2677}, [3]float64{60.4626, -34.1751, 39.4387}, 1.2644},
		{34, [3]float64{2.0776, 0.0795, -1.135}, [3]float64{0.9033, -0.0636, -0.5514}, 0.9082},
	} {
		got := plotting.DeltaE2000(c.l1, c.l2)
		if math.Abs(got-c.want) > tol {
			t.Errorf("pair %d: ΔE00 = %.4f, want %.4f", c.n, got, c.want)
		}
		if back := plotting.DeltaE2000(c.l2, c.l1); math.Abs(back-got) > 1e-12 {
			t.Errorf("pair %d: not symmetric: %.6f vs %.6f", c.n, got, back)
		}
	}
	if d := plotting.ColorDifference(color.White, color.Black); math.Abs(d-100) > 0.01 {
		t.Errorf("white vs black: %.3f, want 100 (ΔL*=100 at L̄=50)", d)
	}
}

// TestSimulate checks invariants of the Machado et al. matrices: greys stay
// grey (each row sums to 1), black and white are fixed, and red and green,
// far apart in normal vision, come close under protanopia and
// deuteranopia.
func TestSimulate(t *testing.T) {
	for _, d := range []plotting.Deficiency{plotting.Protanopia, plotting.Deuteranopia, plotting.Tritanopia} {
		for _, g := range []uint8{0, 0x40, 0x80, 0xC0, 0xFF} {
			in := color.NRGBA{g, g, g, 0xFF}
			out := plotting.Simulate(in, d)
			for _, v := range []uint8{out.R, out.G, out.B} {
				if int(v)-int(g) > 1 || int(g)-int(v) > 1 {
					t.Errorf("%v: grey %v became %v", d, in, out)
				}
			}
		}
	}
	red, green := hexColour(0xCC3311), hexColour(0x117733)
	normal := plotting.ColorDifference(red, green)
	for _, d := range []plotting.Deficiency{plotting.Protanopia, plotting.Deuteranopia} {
		cvd := plotting.ColorDifference(plotting.Simulate(red, d), plotting.Simulate(green, d))
		if cvd > normal/2 {
			t.Errorf("%v: red–green difference %.1f, want well below the normal %.1f", d, cvd, normal)
		}
	}
	if s := plotting.Deuteranopia.String(); s != "deuteranopia" {
		t.Errorf("String() = %q", s)
	}
	if c := plotting.Simulate(red, 0); c != red {
		t.Errorf("Simulate with no deficiency changed %v to %v", red, c)
	}
}

// TestPaletteColourBlind is issue 8's criterion: every pair of the first 10
// palette colours keeps a CIEDE2000 difference of at least minDeltaE in
// normal vision and under simulated protanopia and deuteranopia (Machado et
// al. 2009, severity 1.0, linear RGB). 11 is about the smallest difference
// at which small scatter marks of two colours are told apart at a glance
// (ΔE₀₀ ≈ 1 is a just noticeable difference between large patches); the
// palette reaches 11.8. The old palette (Okabe–Ito then Tol's muted
// wine and teal) fell to 3.5 under deuteranopia (reddish purple vs teal).
// Every colour also keeps ΔE₀₀ ≥ 20 from white, the figures' background.
func TestPaletteColourBlind(t *testing.T) {
	const minDeltaE, minFromWhite = 11.0, 20.0
	p := plotting.Palette(10)
	for _, d := range []plotting.Deficiency{0, plotting.Protanopia, plotting.Deuteranopia} {
		worst, wi, wj := math.Inf(1), 0, 0
		for i := range p {
			for j := i + 1; j < len(p); j++ {
				if e := plotting.ColorDifference(plotting.Simulate(p[i], d), plotting.Simulate(p[j], d)); e < worst {
					worst, wi, wj = e, i, j
				}
			}
		}
		name := "normal vision"
		if d != 0 {
			name = d.String()
		}
		t.Logf("%s: smallest ΔE00 %.1f (colours %d and %d)", name, worst, wi, wj)
		if worst < minDeltaE {
			t.Errorf("%s: colours %d and %d are ΔE00 %.1f apart, want ≥ %v", name, wi, wj, worst, minDeltaE)
		}
	}
	for i, c := range p {
		if e := plotting.ColorDifference(c, color.White); e < minFromWhite {
			t.Errorf("colour %d is ΔE00 %.1f from white, want ≥ %v", i, e, minFromWhite)
		}
	}
}

// The first two palette colours, which line figures draw their first two
// series in.
var (
	paletteFirst  = hexColour(0x332288) // indigo
	paletteSecond = hexColour(0xCC6677) // rose
)
