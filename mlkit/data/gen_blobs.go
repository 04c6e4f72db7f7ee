package data

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// Blobs generates isotropic Gaussian blobs, as scikit-learn's make_blobs does
// (same parameters and defaults, its own random numbers): centres drawn
// uniformly in the box [-10, 10]^D, N/Centers samples around each (the first
// N mod Centers centres get one more), each coordinate its centre plus
// Spread × a standard normal draw, rows shuffled. The zero value gives the
// documented defaults.
type Blobs struct {
	N       int     // samples; 0 means 100
	D       int     // features; 0 means 2
	Centers int     // number of blobs (classes); 0 means 3
	Spread  float64 // standard deviation of each blob; 0 means 1.0
	Seed    uint64  // same Seed, same data
}

// Generate returns the N×D samples and the blob index (0..Centers-1) of each.
func (b Blobs) Generate() (*mat.Dense, []int, error) {
	X, y, _, err := b.generate()
	return X, y, err
}

// Means returns the blob centres (Centers×D) that Generate uses for the same
// parameters.
func (b Blobs) Means() (*mat.Dense, error) {
	_, _, c, err := b.generate()
	return c, err
}

func (b Blobs) generate() (X *mat.Dense, y []int, centers *mat.Dense, err error) {
	const where = "data: Blobs.Generate"
	n, d, k, s := b.N, b.D, b.Centers, b.Spread
	if n == 0 {
		n = 100
	}
	if d == 0 {
		d = 2
	}
	if k == 0 {
		k = 3
	}
	if s == 0 {
		s = 1
	}
	switch {
	case n < 0:
		return nil, nil, nil, check.Errorf(where, check.ErrValue, "N=%d, want > 0 (0 means 100)", b.N)
	case d < 0:
		return nil, nil, nil, check.Errorf(where, check.ErrValue, "D=%d, want > 0 (0 means 2)", b.D)
	case k < 0:
		return nil, nil, nil, check.Errorf(where, check.ErrValue, "Centers=%d, want > 0 (0 means 3)", b.Centers)
	case k > n:
		return nil, nil, nil, check.Errorf(where, check.ErrValue, "Centers=%d exceeds the N=%d samples", k, n)
	case !(s > 0) || math.IsInf(s, 0):
		return nil, nil, nil, check.Errorf(where, check.ErrValue, "Spread=%v, want a finite value > 0 (0 means 1)", b.Spread)
	case uint64(n)*uint64(d) > maxElements || uint64(k)*uint64(d) > maxElements:
		return nil, nil, nil, check.Errorf(where, check.ErrValue, "N×D=%d×%d values exceed the limit of %d", n, d, uint64(maxElements))
	}
	rng := randx.New(b.Seed)
	centers = mat.NewDense(k, d, nil)
	c := centers.RawMatrix().Data
	for i := range c {
		c[i] = -10 + 20*rng.Float64()
	}
	data := make([]float64, n*d)
	y = make([]int, n)
	row := 0
	for j := range k {
		m := n / k
		if j < n%k {
			m++
		}
		mu := c[j*d : (j+1)*d]
		for range m {
			out := data[row*d : (row+1)*d]
			for f := range out {
				out[f] = mu[f] + s*rng.NormFloat64()
			}
			y[row] = j
			row++
		}
	}
	// Shuffle rows so the classes are interleaved (make_blobs' shuffle=True).
	tmp := make([]float64, d)
	rng.Shuffle(n, func(a, b int) {
		ra, rb := data[a*d:(a+1)*d], data[b*d:(b+1)*d]
		copy(tmp, ra)
		copy(ra, rb)
		copy(rb, tmp)
		y[a], y[b] = y[b], y[a]
	})
	return mat.NewDense(n, d, data), y, centers, nil
}
