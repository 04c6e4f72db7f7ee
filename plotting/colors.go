package plotting

import (
	"fmt"
	"image/color"
	"math"
)

// okabeIto is the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal
// Design"), distinguishable under the common forms of colour blindness,
// reordered so that the first colours stand out most on white (blue,
// vermillion, green, orange, ...) and black comes last.
var okabeIto = []color.NRGBA{
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0xF0, 0xE4, 0x42, 0xFF}, // yellow
	{0x00, 0x00, 0x00, 0xFF}, // black
}

// tolMuted is Paul Tol's "muted" qualitative scheme
// (https://personal.sron.nl/~pault/, 2021) with black as a tenth colour,
// dark ones first. Under simulated protanopia and deuteranopia (Machado et
// al. 2009, full severity) every pair keeps a CIEDE2000 difference of at
// least 11.8 (14.0 for deuteranopia, 15.0 for normal vision), where the
// Okabe–Ito colours extended by Tol's muted ones fell to 3.5; see
// TestPaletteColourBlind.
var tolMuted = []color.NRGBA{
	{0x33, 0x22, 0x88, 0xFF}, // indigo
	{0xCC, 0x66, 0x77, 0xFF}, // rose
	{0x11, 0x77, 0x33, 0xFF}, // green
	{0xDD, 0xCC, 0x77, 0xFF}, // sand
	{0x88, 0xCC, 0xEE, 0xFF}, // cyan
	{0x88, 0x22, 0x55, 0xFF}, // wine
	{0x44, 0xAA, 0x99, 0xFF}, // teal
	{0x99, 0x99, 0x33, 0xFF}, // olive
	{0xAA, 0x44, 0x99, 0xFF}, // purple
	{0x00, 0x00, 0x00, 0xFF}, // black
}

// extra continues the palette past 10 classes with the Okabe–Ito colours
// not in tolMuted and three darker tones; they are distinct in normal
// vision but no longer all apart for colour-blind readers (Scatter's
// marker shapes help there).
var extra = []color.NRGBA{
	okabeIto[0], okabeIto[1], okabeIto[2], okabeIto[3], okabeIto[4], okabeIto[5], okabeIto[6],
	{0x66, 0x11, 0x00, 0xFF}, // brown
	{0x66, 0x99, 0xCC, 0xFF}, // steel blue
	{0x77, 0x77, 0x77, 0xFF}, // grey
}

// noiseColor is used for negative labels (DBSCAN noise, "unassigned").
var noiseColor = color.NRGBA{0xBB, 0xBB, 0xBB, 0xFF}

// Palette returns n distinct colours for categories: Paul Tol's 9 muted
// colours and black first (10 that colour-blind readers tell apart), then
// 10 more; past 20, further colours are spread by golden-angle hue steps at
// alternating lightness, which stay distinct but are no longer chosen for
// colour blindness. Scatter also changes the marker shape every 20
// classes.
func Palette(n int) []color.Color {
	out := make([]color.Color, 0, max(n, 0))
	for i := 0; i < n; i++ {
		out = append(out, paletteColor(i))
	}
	return out
}

func paletteColor(i int) color.NRGBA {
	switch {
	case i < 0:
		return noiseColor
	case i < len(tolMuted):
		return tolMuted[i]
	case i < len(tolMuted)+len(extra):
		return extra[i-len(tolMuted)]
	}
	k := i - len(tolMuted) - len(extra)
	h := math.Mod(float64(k)*137.508, 360)
	v := []float64{0.55, 0.8, 0.4}[k%3]
	return hsv(h, 0.7, v)
}

func hsv(h, s, v float64) color.NRGBA {
	c := v * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := v - c
	var r, g, b float64
	switch {
	case h < 60:
		r, g, b = c, x, 0
	case h < 120:
		r, g, b = x, c, 0
	case h < 180:
		r, g, b = 0, c, x
	case h < 240:
		r, g, b = 0, x, c
	case h < 300:
		r, g, b = x, 0, c
	default:
		r, g, b = c, 0, x
	}
	u := func(f float64) uint8 { return uint8(math.Round((f + m) * 255)) }
	return color.NRGBA{u(r), u(g), u(b), 0xFF}
}

func withAlpha(c color.NRGBA, a float64) color.NRGBA {
	c.A = uint8(math.Round(255 * math.Max(0, math.Min(1, a))))
	return c
}

// Colormap maps values in [0,1] to colours for images and heatmaps.
type Colormap int

const (
	// DefaultColormap is the zero value: Viridis for heatmaps, Gray for
	// image grids.
	DefaultColormap Colormap = iota
	// Viridis is the perceptually uniform map of matplotlib (van der Walt
	// and Smith 2015): dark blue to yellow, readable in grey and by
	// colour-blind readers. The default for heatmaps.
	Viridis
	// Gray maps 0 to black and 1 to white, as MNIST digits are stored. The
	// default for image grids.
	Gray
	// GrayReversed maps 0 to white and 1 to black (ink on paper).
	GrayReversed
	// Diverging maps 0 to dark blue, 0.5 to near white and 1 to dark red
	// (matplotlib's RdBu_r), for signed values centred on zero.
	Diverging
)

// String returns matplotlib's name of the colormap ("viridis", "gray",
// "gray_r", "RdBu_r"), or "default".
func (m Colormap) String() string {
	switch m {
	case DefaultColormap:
		return "default"
	case Viridis:
		return "viridis"
	case Gray:
		return "gray"
	case GrayReversed:
		return "gray_r"
	case Diverging:
		return "RdBu_r"
	}
	return fmt.Sprintf("Colormap(%d)", int(m))
}

func (m Colormap) valid() bool { return m >= DefaultColormap && m <= Diverging }

// or returns m, or def for DefaultColormap.
func (m Colormap) or(def Colormap) Colormap {
	if m == DefaultColormap {
		return def
	}
	return m
}

// viridisTable holds 33 evenly spaced samples of matplotlib 3's viridis,
// interpolated linearly in between (at most one unit of 255 off).
var viridisTable = [][3]uint8{
	{0x44, 0x01, 0x54}, {0x47, 0x0D, 0x60}, {0x48, 0x18, 0x6A}, {0x48, 0x23, 0x74}, {0x47, 0x2D, 0x7B},
	{0x45, 0x37, 0x81}, {0x42, 0x40, 0x86}, {0x3E, 0x49, 0x89}, {0x3B, 0x52, 0x8B}, {0x37, 0x5B, 0x8D},
	{0x33, 0x63, 0x8D}, {0x2F, 0x6B, 0x8E}, {0x2C, 0x72, 0x8E}, {0x29, 0x7A, 0x8E}, {0x26, 0x82, 0x8E},
	{0x23, 0x89, 0x8E}, {0x21, 0x91, 0x8C}, {0x1F, 0x98, 0x8B}, {0x1F, 0xA0, 0x88}, {0x22, 0xA7, 0x85},
	{0x28, 0xAE, 0x80}, {0x32, 0xB6, 0x7A}, {0x3F, 0xBC, 0x73}, {0x4E, 0xC3, 0x6B}, {0x5E, 0xC9, 0x62},
	{0x70, 0xCF, 0x57}, {0x84, 0xD4, 0x4B}, {0x98, 0xD8, 0x3E}, {0xAD, 0xDC, 0x30}, {0xC2, 0xDF, 0x23},
	{0xD8, 0xE2, 0x19}, {0xEC, 0xE5, 0x1B}, {0xFD, 0xE7, 0x25},
}

// rdbuTable holds 17 evenly spaced samples of matplotlib's RdBu_r.
var rdbuTable = [][3]uint8{
	{0x05, 0x30, 0x61}, {0x17, 0x52, 0x90}, {0x2A, 0x71, 0xB2}, {0x3F, 0x8E, 0xC0}, {0x6B, 0xAC, 0xD1},
	{0x9B, 0xC9, 0xE0}, {0xC2, 0xDD, 0xEC}, {0xE0, 0xEC, 0xF3}, {0xF7, 0xF6, 0xF6}, {0xFB, 0xE5, 0xD8},
	{0xFB, 0xCC, 0xB4}, {0xF5, 0xAA, 0x89}, {0xE4, 0x80, 0x66}, {0xD0, 0x55, 0x48}, {0xBA, 0x28, 0x32},
	{0x93, 0x0E, 0x26}, {0x67, 0x00, 0x1F},
}

// At returns the colour of v, clamped to [0,1]; NaN gives transparent.
// DefaultColormap draws as Viridis.
func (m Colormap) At(v float64) color.NRGBA {
	if math.IsNaN(v) {
		return color.NRGBA{}
	}
	v = math.Max(0, math.Min(1, v))
	switch m {
	case Gray:
		g := uint8(math.Round(255 * v))
		return color.NRGBA{g, g, g, 0xFF}
	case GrayReversed:
		g := uint8(math.Round(255 * (1 - v)))
		return color.NRGBA{g, g, g, 0xFF}
	case Diverging:
		return interpolate(rdbuTable, v)
	}
	return interpolate(viridisTable, v)
}

func interpolate(t [][3]uint8, v float64) color.NRGBA {
	f := v * float64(len(t)-1)
	i := int(f)
	if i >= len(t)-1 {
		c := t[len(t)-1]
		return color.NRGBA{c[0], c[1], c[2], 0xFF}
	}
	w := f - float64(i)
	a, b := t[i], t[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-w) + float64(y)*w)) }
	return color.NRGBA{mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2]), 0xFF}
}

// luminance is the relative luminance (ITU-R BT.709 on linearised sRGB) of
// c, used to pick black or white text over a coloured cell.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(u uint32) float64 {
		s := float64(u) / 0xFFFF
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// textOn returns black or white, whichever contrasts more with bg (WCAG
// contrast ratio; the crossover is at luminance ≈ 0.18).
func textOn(bg color.Color) color.Color {
	if luminance(bg) > 0.179 {
		return color.Black
	}
	return color.White
}
