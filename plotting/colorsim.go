package plotting

import (
	"fmt"
	"image/color"
	"math"
)

// Deficiency is a form of colour-vision deficiency that Simulate can show.
type Deficiency int

const (
	// Protanopia: no long-wavelength (red) cones; about 1 % of men.
	Protanopia Deficiency = iota + 1
	// Deuteranopia: no medium-wavelength (green) cones; about 1 % of men,
	// and with the milder deuteranomaly the most common deficiency.
	Deuteranopia
	// Tritanopia: no short-wavelength (blue) cones; rare.
	Tritanopia
)

// String returns "protanopia", "deuteranopia" or "tritanopia".
func (d Deficiency) String() string {
	switch d {
	case Protanopia:
		return "protanopia"
	case Deuteranopia:
		return "deuteranopia"
	case Tritanopia:
		return "tritanopia"
	}
	return fmt.Sprintf("Deficiency(%d)", int(d))
}

// machado holds the simulation matrices of Machado, Oliveira & Fernandes
// (2009), "A physiologically-based model for simulation of color vision
// deficiency", IEEE TVCG 15(6), table 1 at severity 1.0 (dichromacy). They
// act on linear RGB.
var machado = map[Deficiency][3][3]float64{
	Protanopia: {
		{0.152286, 1.052583, -0.204868},
		{0.114503, 0.786281, 0.099216},
		{-0.003882, -0.048116, 1.051998},
	},
	Deuteranopia: {
		{0.367322, 0.860646, -0.227968},
		{0.280085, 0.672501, 0.047413},
		{-0.011820, 0.042940, 0.968881},
	},
	Tritanopia: {
		{1.255528, -0.076749, -0.178779},
		{-0.078411, 0.930809, 0.147602},
		{0.004733, 0.691367, 0.308900},
	},
}

// Simulate returns c as a reader with deficiency d would see it (Machado et
// al. 2009 at full severity, applied in linear RGB and clipped to the sRGB
// gamut). Any other d returns c unchanged. Use it to check a figure's
// colours: the palette's first 10 stay apart under all three.
func Simulate(c color.Color, d Deficiency) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	m, ok := machado[d]
	if !ok {
		return n
	}
	in := [3]float64{srgbToLinear(n.R), srgbToLinear(n.G), srgbToLinear(n.B)}
	var out [3]uint8
	for i, row := range m {
		v := row[0]*in[0] + row[1]*in[1] + row[2]*in[2]
		out[i] = linearToSRGB(math.Max(0, math.Min(1, v)))
	}
	return color.NRGBA{out[0], out[1], out[2], n.A}
}

func srgbToLinear(u uint8) float64 {
	s := float64(u) / 255
	if s <= 0.04045 {
		return s / 12.92
	}
	return math.Pow((s+0.055)/1.055, 2.4)
}

func linearToSRGB(l float64) uint8 {
	s := 12.92 * l
	if l > 0.0031308 {
		s = 1.055*math.Pow(l, 1/2.4) - 0.055
	}
	return uint8(math.Round(255 * math.Max(0, math.Min(1, s))))
}

// lab converts an opaque sRGB colour to CIE L*a*b* (D65 white).
func lab(c color.Color) (L, a, b float64) {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	r, g, bl := srgbToLinear(n.R), srgbToLinear(n.G), srgbToLinear(n.B)
	x := (0.4124564*r + 0.3575761*g + 0.1804375*bl) / 0.95047
	y := 0.2126729*r + 0.7151522*g + 0.0721750*bl
	z := (0.0193339*r + 0.1191920*g + 0.9503041*bl) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x), f(y), f(z)
	return 116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)
}

// ColorDifference is the CIEDE2000 colour difference ΔE₀₀ between two
// opaque sRGB colours (alpha ignored): about 1 is a just noticeable
// difference side by side, 10 or more tells small marks apart at a glance.
func ColorDifference(c1, c2 color.Color) float64 {
	L1, a1, b1 := lab(c1)
	L2, a2, b2 := lab(c2)
	return deltaE2000(L1, a1, b1, L2, a2, b2)
}

// deltaE2000 follows Sharma, Wu & Dalal (2005), "The CIEDE2000
// color-difference formula: implementation notes, supplementary test data,
// and mathematical observations", Color Res. Appl. 30(1), eqs. (1)–(17).
func deltaE2000(L1, a1, b1, L2, a2, b2 float64) float64 {
	rad, deg := math.Pi/180, 180/math.Pi
	pow7 := func(x float64) float64 { return x * x * x * x * x * x * x }
	const p25 = 6103515625.0 // 25^7
	cBar := (math.Hypot(a1, b1) + math.Hypot(a2, b2)) / 2
	g := 0.5 * (1 - math.Sqrt(pow7(cBar)/(pow7(cBar)+p25)))
	a1p, a2p := (1+g)*a1, (1+g)*a2
	c1p, c2p := math.Hypot(a1p, b1), math.Hypot(a2p, b2)
	hue := func(b, ap float64) float64 {
		if b == 0 && ap == 0 {
			return 0
		}
		h := math.Atan2(b, ap) * deg
		if h < 0 {
			h += 360
		}
		return h
	}
	h1p, h2p := hue(b1, a1p), hue(b2, a2p)
	dLp, dCp := L2-L1, c2p-c1p
	var dhp float64
	if c1p*c2p != 0 {
		dhp = h2p - h1p
		switch {
		case dhp > 180:
			dhp -= 360
		case dhp < -180:
			dhp += 360
		}
	}
	dHp := 2 * math.Sqrt(c1p*c2p) * math.Sin(dhp/2*rad)
	lBarP, cBarP := (L1+L2)/2, (c1p+c2p)/2
	hBarP := h1p + h2p
	if c1p*c2p != 0 {
		switch {
		case math.Abs(h1p-h2p) <= 180:
			hBarP /= 2
		case h1p+h2p < 360:
			hBarP = (hBarP + 360) / 2
		default:
			hBarP = (hBarP - 360) / 2
		}
	}
	t := 1 - 0.17*math.Cos((hBarP-30)*rad) + 0.24*math.Cos(2*hBarP*rad) +
		0.32*math.Cos((3*hBarP+6)*rad) - 0.20*math.Cos((4*hBarP-63)*rad)
	dTheta := 30 * math.Exp(-((hBarP-275)/25)*((hBarP-275)/25))
	rc := 2 * math.Sqrt(pow7(cBarP)/(pow7(cBarP)+p25))
	l50 := (lBarP - 50) * (lBarP - 50)
	sl := 1 + 0.015*l50/math.Sqrt(20+l50)
	sc := 1 + 0.045*cBarP
	sh := 1 + 0.015*cBarP*t
	rt := -math.Sin(2*dTheta*rad) * rc
	x, y, z := dLp/sl, dCp/sc, dHp/sh
	return math.Sqrt(x*x + y*y + z*z + rt*y*z)
}
