package data

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// ParticleField draws a seeded field of particles for experiment 03: clusters
// of varied density, size and shape in a box, plus uniform background. The
// zero value gives the documented defaults.
//
// The box is [0, L]^Dim with L = 100 (for more than 25 clusters L grows so
// that the area, or volume, per cluster stays that of 25 clusters in
// [0,100]², enlarged by 10 % steps if the clusters do not fit). Each cluster
// is one of three shapes, cycling through them from a random start so that
// every field of three or more clusters has all three:
//
//   - RoundCluster: an isotropic Gaussian, standard deviation σ in [0.6, 1.6];
//   - ElongatedCluster: a Gaussian with σ in [0.35, 0.6] across and 3–5 σ
//     along a random direction;
//   - ArcCluster: a "banana", particles spread evenly over an arc of a
//     circle of radius 3–6 spanning 110°–215°, Gaussian across it with σ in
//     [0.3, 0.5].
//
// The Gaussians are truncated at two standard deviations (Mahalanobis
// distance 2, drawn by rejection), so each cluster ends at an edge where the
// density is still e⁻² of its peak. Untruncated tails thin out through
// DBSCAN's core threshold, and chance groups of cores there split off as
// specks of 3–20 particles (dozens of them in a 10⁶ field); with the edge the
// clusters DBSCAN finds are the generating ones.
//
// Cluster weights are log-normal (σ 0.6) so sizes, and densities, vary by
// about a factor of ten. A cluster whose peak density would be less than 150
// times the background density is made narrower until it is not, so that
// DBSCAN at SuggestedEps and SuggestedMinSamples finds every cluster and
// leaves the background as noise. Clusters are placed at random with the
// bounding spheres (2σ of the Gaussian, arc radius + 2σ) at least
// 3·SuggestedEps apart and inside the box; Gaussian tails may leave the box.
//
// Each particle's source (background or cluster k) is drawn independently
// with the probabilities above, so cluster sizes are multinomial around
// N·(1−Background)·weight. Rows come in random order. Generation runs in
// chunks of 16,384 rows on the cores, chunk c drawing from
// randx.Stream(Seed, c): the same Seed gives the same field at any
// GOMAXPROCS, and two seeds give different layouts.
type ParticleField struct {
	N        int // particles; 0 means 100,000; at most 10,000,000
	Clusters int // clusters; 0 means 25
	Dim      int // 2 or 3; 0 means 2
	// Background is the expected fraction of uniform background particles
	// in [0, 1); 0 means 0.1 and NoBackground (any negative value) means none.
	Background float64
	Seed       uint64
}

// NoBackground asks ParticleField for a field without background particles.
const NoBackground = -1.0

// SuggestedMinSamples is the DBSCAN MinSamples that SuggestedEps is made for.
const SuggestedMinSamples = 10

// ParticleShape is the shape of a ParticleField cluster.
type ParticleShape int

// The shapes of ParticleField clusters.
const (
	RoundCluster ParticleShape = iota
	ElongatedCluster
	ArcCluster
)

// String returns "round", "elongated" or "arc".
func (s ParticleShape) String() string {
	switch s {
	case RoundCluster:
		return "round"
	case ElongatedCluster:
		return "elongated"
	case ArcCluster:
		return "arc"
	}
	return fmt.Sprintf("ParticleShape(%d)", int(s))
}

// ParticleCluster describes one cluster of a field (Layout).
type ParticleCluster struct {
	Shape ParticleShape
	// Center is the Gaussian's mean, or the centre of the arc's circle.
	Center []float64
	// Weight is the expected fraction of the non-background particles.
	Weight float64
	// Sigma is the standard deviation (across the shape for elongated
	// clusters and arcs); Length is the standard deviation along an elongated
	// cluster or the radius of an arc (0 for round); Span is an arc's angle
	// in radians.
	Sigma, Length, Span float64
	// Axes holds Dim orthonormal directions (Dim×Dim, row-major): the long
	// axis of ElongatedCluster, the plane of an ArcCluster (first two rows).
	Axes []float64
	// Start is an ArcCluster's first angle (radians from Axes' first row).
	Start float64
	// PeakDensity is the expected particles per unit area (volume) at the
	// densest place of the cluster.
	PeakDensity float64
	// Extent is the radius of the bounding sphere around Center.
	Extent float64
}

const (
	maxParticles        = 10_000_000
	particleChunk       = 1 << 14
	peakOverBackground  = 150 // least peak density, in background densities
	suggestedPeakCount  = 100 // expected neighbours at SuggestedEps at the sparsest peak
	particleTrunc       = 2.0 // Gaussians end at this Mahalanobis distance
	particleGapInEps    = 3   // gap between bounding spheres, in SuggestedEps
	particlePlaceTries  = 2000
	particleBoxPer25    = 100.0
	particleDefaultN    = 100_000
	particleDefaultK    = 25
	particleDefaultNois = 0.1
)

type particleLayout struct {
	n, k, d  int
	bg       float64
	box      float64
	eps      float64
	clusters []ParticleCluster
	cum      []float64 // cumulative source probabilities: background, then clusters
}

// Generate returns the N×Dim particles and the generating id of each: the
// cluster 0..Clusters-1, or −1 for background.
func (f ParticleField) Generate() (*mat.Dense, []int, error) {
	lay, err := f.layout()
	if err != nil {
		return nil, nil, err
	}
	n, d := lay.n, lay.d
	data := make([]float64, n*d)
	ids := make([]int, n)
	par.For((n+particleChunk-1)/particleChunk, func(c int) {
		rng := randx.Stream(f.Seed, uint64(c))
		for i := c * particleChunk; i < min((c+1)*particleChunk, n); i++ {
			x := data[i*d : (i+1)*d]
			src := sort.SearchFloat64s(lay.cum, rng.Float64()) // 0 = background
			if src >= len(lay.cum) {
				src = len(lay.cum) - 1
			}
			if src == 0 && lay.bg > 0 {
				for j := range x {
					x[j] = lay.box * rng.Float64()
				}
				ids[i] = -1
				continue
			}
			src = max(src, 1)
			cl := &lay.clusters[src-1]
			ids[i] = src - 1
			copy(x, cl.Center)
			ax := cl.Axes
			var zb [3]float64
			switch cl.Shape {
			case RoundCluster:
				z := zb[:d]
				truncNormals(rng, z)
				for j := range x {
					x[j] += cl.Sigma * z[j]
				}
			case ElongatedCluster:
				z := zb[:d]
				truncNormals(rng, z)
				z[0] *= cl.Length
				for a := 1; a < d; a++ {
					z[a] *= cl.Sigma
				}
				for a := 0; a < d; a++ {
					for j := range x {
						x[j] += z[a] * ax[a*d+j]
					}
				}
			case ArcCluster:
				z := zb[:d-1] // across the arc: radial, and normal to its plane in 3-D
				truncNormals(rng, z)
				phi := cl.Start + cl.Span*rng.Float64()
				r := cl.Length + cl.Sigma*z[0]
				cs, sn := r*math.Cos(phi), r*math.Sin(phi)
				for j := range x {
					x[j] += cs*ax[j] + sn*ax[d+j]
				}
				if d == 3 {
					for j := range x {
						x[j] += cl.Sigma * z[1] * ax[2*d+j]
					}
				}
			}
		}
	})
	return mat.NewDense(n, d, data), ids, nil
}

// SuggestedEps returns a DBSCAN Eps for this field at SuggestedMinSamples:
// the radius whose ball holds, on average, 100 particles at the peak of the
// sparsest cluster, and at least 13 up to its edge. Every cluster's peak is
// at least 150 background densities, so a background particle expects 0.67
// neighbours or fewer and is core with probability below 1e-8.
func (f ParticleField) SuggestedEps() (float64, error) {
	lay, err := f.layout()
	if err != nil {
		return 0, err
	}
	return lay.eps, nil
}

// Layout returns the clusters that Generate draws from, and the box side L.
func (f ParticleField) Layout() ([]ParticleCluster, float64, error) {
	lay, err := f.layout()
	if err != nil {
		return nil, 0, err
	}
	return lay.clusters, lay.box, nil
}

func (f ParticleField) layout() (*particleLayout, error) {
	const where = "data: ParticleField.Generate"
	n, k, d, bg := f.N, f.Clusters, f.Dim, f.Background
	if n == 0 {
		n = particleDefaultN
	}
	if k == 0 {
		k = particleDefaultK
	}
	if d == 0 {
		d = 2
	}
	switch {
	case math.IsNaN(bg) || math.IsInf(bg, 0) || bg >= 1:
		return nil, check.Errorf(where, check.ErrValue, "Background=%v, want a fraction in [0, 1) (0 means %v, negative means none)", f.Background, particleDefaultNois)
	case bg == 0:
		bg = particleDefaultNois
	case bg < 0:
		bg = 0
	}
	switch {
	case n < 0 || n > maxParticles:
		return nil, check.Errorf(where, check.ErrValue, "N=%d, want 1..%d (0 means %d)", f.N, maxParticles, particleDefaultN)
	case k < 0 || k > 10_000:
		return nil, check.Errorf(where, check.ErrValue, "Clusters=%d, want 1..10000 (0 means %d)", f.Clusters, particleDefaultK)
	case d != 2 && d != 3:
		return nil, check.Errorf(where, check.ErrValue, "Dim=%d, want 2 or 3 (0 means 2)", f.Dim)
	}
	rng := randx.New(f.Seed)
	lay := &particleLayout{n: n, k: k, d: d, bg: bg}
	lay.box = particleBoxPer25 * math.Pow(max(1, float64(k)/particleDefaultK), 1/float64(d))

	// Weights, shapes and widths.
	w := make([]float64, k)
	sw := 0.0
	for i := range w {
		w[i] = math.Exp(0.6 * rng.NormFloat64())
		sw += w[i]
	}
	first := rng.IntN(3)
	lay.clusters = make([]ParticleCluster, k)
	for i := range lay.clusters {
		c := &lay.clusters[i]
		c.Weight = w[i] / sw
		c.Shape = ParticleShape((first + i) % 3)
		switch c.Shape {
		case RoundCluster:
			c.Sigma = 0.6 + rng.Float64()
		case ElongatedCluster:
			c.Sigma = 0.35 + 0.25*rng.Float64()
			c.Length = c.Sigma * (3 + 2*rng.Float64())
		case ArcCluster:
			c.Sigma = 0.3 + 0.2*rng.Float64()
			c.Length = 3 + 3*rng.Float64()
			c.Span = (110 + 105*rng.Float64()) * math.Pi / 180
			c.Start = 2 * math.Pi * rng.Float64()
		}
		c.Axes = randomAxes(rng, d)
	}
	// Narrow the clusters that are too sparse against the background, then
	// take Eps from the sparsest peak.
	rhoBG := float64(n) * bg / math.Pow(lay.box, float64(d))
	rhoMin := math.Inf(1)
	for i := range lay.clusters {
		c := &lay.clusters[i]
		m := float64(n) * (1 - bg) * c.Weight
		c.PeakDensity = peakDensity(c, m, d)
		if target := peakOverBackground * rhoBG; c.PeakDensity < target {
			p := float64(d)
			if c.Shape == ArcCluster {
				p = float64(d - 1)
			}
			s := math.Pow(c.PeakDensity/target, 1/p)
			c.Sigma *= s
			if c.Shape == ElongatedCluster {
				c.Length *= s
			}
			c.PeakDensity = peakDensity(c, m, d)
		}
		rhoMin = min(rhoMin, c.PeakDensity)
		switch c.Shape {
		case RoundCluster:
			c.Extent = particleTrunc * c.Sigma
		case ElongatedCluster:
			c.Extent = particleTrunc * c.Length
		case ArcCluster:
			c.Extent = c.Length + particleTrunc*c.Sigma
		}
	}
	if d == 2 {
		lay.eps = math.Sqrt(suggestedPeakCount / (math.Pi * rhoMin))
	} else {
		lay.eps = math.Cbrt(suggestedPeakCount * 3 / (4 * math.Pi * rhoMin))
	}
	if !place(rng, lay) {
		return nil, check.Errorf(where, check.ErrValue, "Clusters=%d do not fit in the box at N=%d", k, n)
	}
	lay.cum = make([]float64, k+1)
	acc := bg
	lay.cum[0] = bg
	for i, c := range lay.clusters {
		acc += (1 - bg) * c.Weight
		lay.cum[i+1] = acc
	}
	lay.cum[k] = 1
	return lay, nil
}

// peakDensity is the density at a cluster's densest place for m particles.
func peakDensity(c *ParticleCluster, m float64, d int) float64 {
	// g(k) is the normaliser of a k-dimensional standard Gaussian truncated
	// at particleTrunc: (2π)^(k/2) times the χ²ₖ probability kept.
	g := func(k int) float64 {
		t := particleTrunc
		kept := 1 - math.Exp(-t*t/2)
		switch k {
		case 1:
			kept = math.Erf(t / math.Sqrt2)
		case 3:
			kept = math.Erf(t/math.Sqrt2) - math.Sqrt(2/math.Pi)*t*math.Exp(-t*t/2)
		}
		return math.Pow(2*math.Pi, float64(k)/2) * kept
	}
	switch c.Shape {
	case ElongatedCluster:
		return m / (g(d) * math.Pow(c.Sigma, float64(d-1)) * c.Length)
	case ArcCluster:
		return m / (c.Length * c.Span * g(d-1) * math.Pow(c.Sigma, float64(d-1)))
	}
	return m / (g(d) * math.Pow(c.Sigma, float64(d)))
}

// truncNormals fills z with standard normals whose norm is at most
// particleTrunc (rejection: 87 % kept in 2-D, 74 % in 3-D).
func truncNormals(rng interface{ NormFloat64() float64 }, z []float64) {
	for {
		s := 0.0
		for j := range z {
			z[j] = rng.NormFloat64()
			s += z[j] * z[j]
		}
		if s <= particleTrunc*particleTrunc {
			return
		}
	}
}

// randomAxes returns d orthonormal rows (Gram–Schmidt on Gaussian vectors).
func randomAxes(rng interface{ NormFloat64() float64 }, d int) []float64 {
	ax := make([]float64, d*d)
	for a := 0; a < d; a++ {
		v := ax[a*d : (a+1)*d]
		for {
			for j := range v {
				v[j] = rng.NormFloat64()
			}
			for b := 0; b < a; b++ {
				u := ax[b*d : (b+1)*d]
				dot := 0.0
				for j := range v {
					dot += v[j] * u[j]
				}
				for j := range v {
					v[j] -= dot * u[j]
				}
			}
			norm := 0.0
			for _, x := range v {
				norm += x * x
			}
			if norm > 1e-6 {
				norm = math.Sqrt(norm)
				for j := range v {
					v[j] /= norm
				}
				break
			}
		}
	}
	return ax
}

// place puts the clusters, largest first, at random centres inside the box
// with bounding spheres particleGapInEps·Eps apart, enlarging the box by 10 %
// up to 20 times when they do not fit.
func place(rng interface {
	Float64() float64
}, lay *particleLayout) bool {
	order := make([]int, lay.k)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ea, eb := lay.clusters[a].Extent, lay.clusters[b].Extent
		switch {
		case ea > eb:
			return -1
		case ea < eb:
			return 1
		}
		return 0
	})
	gap := particleGapInEps * lay.eps
	d := lay.d
	for attempt := 0; attempt < 20; attempt++ {
		ok := true
		var placed []int
		for _, i := range order {
			c := &lay.clusters[i]
			c.Center = make([]float64, d)
			found := false
			for try := 0; try < particlePlaceTries && !found; try++ {
				for j := range c.Center {
					c.Center[j] = c.Extent + (lay.box-2*c.Extent)*rng.Float64()
				}
				found = true
				for _, o := range placed {
					oc := &lay.clusters[o]
					dist := 0.0
					for j := range c.Center {
						t := c.Center[j] - oc.Center[j]
						dist += t * t
					}
					if r := c.Extent + oc.Extent + gap; dist < r*r {
						found = false
						break
					}
				}
			}
			if !found || 2*c.Extent >= lay.box {
				ok = false
				break
			}
			placed = append(placed, i)
		}
		if ok {
			return true
		}
		lay.box *= 1.1
	}
	return false
}

// BenchmarkField draws the simple benchmark field of experiment 03: 50
// Gaussian blobs with centres uniform in [0, 100]² and standard deviation
// 0.5, plus uniform noise in [0, 100]². Row i is noise exactly when
// i mod 10 = 9, so there are ⌊N/10⌋ noise rows; every other row picks one
// of the 50 blobs uniformly at random. Centres come from randx.New(Seed);
// rows are drawn in chunks of 16,384, chunk c from randx.Stream(Seed, c), so
// the field does not depend on GOMAXPROCS, and the field of N rows is the
// first N rows of any larger field of the same Seed.
type BenchmarkField struct {
	N    int // rows; 0 means 1,000,000; at most 10,000,000
	Seed uint64
}

// Generate returns the N×2 points and the blob of each (0..49), −1 for noise.
func (f BenchmarkField) Generate() (*mat.Dense, []int, error) {
	const where = "data: BenchmarkField.Generate"
	n := f.N
	if n == 0 {
		n = 1_000_000
	}
	if n < 0 || n > maxParticles {
		return nil, nil, check.Errorf(where, check.ErrValue, "N=%d, want 1..%d (0 means 1000000)", f.N, maxParticles)
	}
	const blobs, side, sd = 50, 100.0, 0.5
	rng := randx.New(f.Seed)
	centers := make([]float64, 2*blobs)
	for i := range centers {
		centers[i] = side * rng.Float64()
	}
	data := make([]float64, 2*n)
	ids := make([]int, n)
	par.For((n+particleChunk-1)/particleChunk, func(c int) {
		r := randx.Stream(f.Seed, uint64(c))
		for i := c * particleChunk; i < min((c+1)*particleChunk, n); i++ {
			if i%10 == 9 {
				data[2*i], data[2*i+1] = side*r.Float64(), side*r.Float64()
				ids[i] = -1
				continue
			}
			b := r.IntN(blobs)
			data[2*i] = centers[2*b] + sd*r.NormFloat64()
			data[2*i+1] = centers[2*b+1] + sd*r.NormFloat64()
			ids[i] = b
		}
	})
	return mat.NewDense(n, 2, data), ids, nil
}
