package cluster

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// SOM holds the hyperparameters of a self-organizing map (Kohonen 1982),
// trained online as MiniSom's train(..., random_order=True) does
// (G. Vettigli, MiniSom, github.com/JustGlowing/minisom):
//
//	for t = 0 … T−1, with sample x = X[order[t]]:
//	  b      = argmin_u ‖x − W_u‖                  (best-matching unit, first on ties)
//	  η, σ   = Decay(LearningRate, t, T), Decay(Sigma, t, T)
//	  W_u   += η · h(‖p_u − p_b‖, σ) · (x − W_u)  for every unit u
//
// where p_u is the position of unit u on the map (see SOMModel.Positions) and
// h is the neighbourhood function (Gaussian exp(−d²/(2σ²)) by default). The
// order is MiniSom's: the sequence t mod n for t < T, shuffled, so every
// sample is drawn ⌊T/n⌋ or ⌈T/n⌉ times.
//
// The zero value is a 10×10 rectangular map with MiniSom's defaults (σ = 1,
// η = 0.5, asymptotic decay, Gaussian neighbourhood), PCA initialisation, and
// 500 iterations per unit (Kohonen's rule of thumb).
//
// A map's units are a codebook (as k-means centroids) laid on a grid so that
// neighbouring units hold similar vectors: the grid is a 2-D picture of the
// data's topology, the U-matrix shows its groups, but a unit is not a
// cluster of its own — many units share one group of points, and units
// between groups hold no points at all.
//
// References:
//   - T. Kohonen (1982), "Self-organized formation of topologically correct
//     feature maps", Biological Cybernetics 43(1), 59–69 (the online rule).
//   - T. Kohonen (2001), Self-Organizing Maps, 3rd ed., Springer (the
//     decaying rates and neighbourhood, and at least 500 steps per unit).
//   - G. Vettigli (2018–), MiniSom, github.com/JustGlowing/minisom (the
//     decay schedules, the PCA initialisation, hexagonal coordinates,
//     quantization and topographic errors and distance_map, followed here).
//   - A. Ultsch, H. P. Siemon (1990), "Kohonen's self organizing feature
//     maps for exploratory data analysis", Proc. INNC'90, 305–308 (the
//     U-matrix).
//   - K. Kiviluoto (1996), "Topology preservation in self-organizing maps",
//     Proc. ICNN'96, 294–299 (the topographic error).
type SOM struct {
	// Rows and Cols are the map's size (MiniSom's x and y); unit u sits at
	// row u / Cols, column u % Cols. Both 0 means 10×10; a map with zero
	// units in one direction only is an error.
	Rows, Cols int
	// Topology is Rect (default; 8 grid neighbours per unit) or Hex.
	Topology Topology
	// Sigma is the initial spread of the neighbourhood, in units of the grid
	// spacing; 0 means 1.0 (MiniSom's default). It must be > 0.
	Sigma float64
	// LearningRate is the initial η; 0 means 0.5 (MiniSom's default). It must
	// be in (0, 2]: above 2 a step overshoots the sample by more than it
	// started from, and the weights diverge.
	LearningRate float64
	// Decay shrinks η and σ over the iterations; the zero value is
	// AsymptoticDecay (MiniSom's default for both).
	Decay Decay
	// Neighborhood is Gaussian (default) or Bubble.
	Neighborhood Neighborhood
	// Iterations is the number of single-sample updates T; 0 means 500 per
	// unit (50,000 for the default 10×10 map), the number of steps Kohonen
	// (2001) recommends as a minimum.
	Iterations int
	// Init places the initial weights: PCAInit (default) or RandomInit.
	Init Init
	// Seed seeds the sample order and RandomInit; the same seed gives
	// bit-identical weights at any GOMAXPROCS (training is sequential).
	Seed uint64
	// Progress receives about 200 updates over the iterations, with the
	// current η and σ; nil means progress.Auto().
	Progress progress.Reporter
}

// Topology is the layout of the units on the map.
type Topology int

const (
	// Rect places unit (r, c) at (r, c). Its grid neighbours (for the
	// U-matrix and the topographic error) are the 8 units around it,
	// diagonals included, as MiniSom.
	Rect Topology = iota
	// Hex places unit (r, c) at (r − ½·s(c), c·√3/2), with s(c) = 1 on every
	// other column counted from the last (MiniSom's offset coordinates), so
	// each unit has 6 neighbours at distance 1.
	Hex
)

// String returns "rectangular" or "hexagonal", MiniSom's names.
func (t Topology) String() string {
	switch t {
	case Rect:
		return "rectangular"
	case Hex:
		return "hexagonal"
	}
	return fmt.Sprintf("Topology(%d)", int(t))
}

// Decay is the schedule of η and σ over the T iterations.
type Decay int

const (
	// AsymptoticDecay: p(t) = p / (1 + t/(T/2)) for both η and σ, reaching
	// a third of the initial value at the end (MiniSom's asymptotic_decay).
	AsymptoticDecay Decay = iota
	// LinearDecay: η(t) = η·(1 − t/T) to zero and σ(t) = σ + t·(1 − σ)/T
	// to one (MiniSom's linear_decay_to_zero and linear_decay_to_one).
	LinearDecay
	// InverseDecay: η(t) = η·C/(C + t) with C = T/100, and
	// σ(t) = σ / (1 + t·(σ − 1)/T) (MiniSom's inverse_decay_to_zero and
	// inverse_decay_to_one).
	InverseDecay
)

// String returns the schedule's name.
func (d Decay) String() string {
	switch d {
	case AsymptoticDecay:
		return "asymptotic"
	case LinearDecay:
		return "linear"
	case InverseDecay:
		return "inverse"
	}
	return fmt.Sprintf("Decay(%d)", int(d))
}

// rates returns η(t) and σ(t) for T iterations.
func (d Decay) rates(eta, sigma float64, t, T int) (float64, float64) {
	ft, fT := float64(t), float64(T)
	switch d {
	case LinearDecay:
		return eta * (1 - ft/fT), sigma + ft*(1-sigma)/fT
	case InverseDecay:
		c := fT / 100
		return eta * c / (c + ft), sigma / (1 + ft*(sigma-1)/fT)
	}
	f := 1 + ft/(fT/2)
	return eta / f, sigma / f
}

// Neighborhood is the function h weighting the update of each unit by its
// distance to the best-matching unit.
type Neighborhood int

const (
	// Gaussian: h = exp(−d²/(2σ²)) on the units' positions (both
	// topologies), MiniSom's default.
	Gaussian Neighborhood = iota
	// Bubble: h = 1 for units with |r − r_b| < σ and |c − c_b| < σ (grid
	// indices, also on Hex maps, as MiniSom), 0 elsewhere. With σ ≤ 1 only
	// the best-matching unit moves.
	Bubble
)

// String returns "gaussian" or "bubble".
func (n Neighborhood) String() string {
	switch n {
	case Gaussian:
		return "gaussian"
	case Bubble:
		return "bubble"
	}
	return fmt.Sprintf("Neighborhood(%d)", int(n))
}

// Init is how the map's weights start.
type Init int

const (
	// PCAInit spreads the units over the plane of the first two principal
	// axes: W(r, c) = mean + a_r·v₁ + b_c·v₂ with a, b evenly spaced in
	// [−1, 1] and v₁, v₂ the unit eigenvectors of the covariance (MiniSom's
	// pca_weights_init; not scaled by the variances, so standardise X
	// first). Needs at least 2 features. Deterministic.
	PCAInit Init = iota
	// RandomInit sets each unit to a random row of X (MiniSom's
	// random_weights_init).
	RandomInit
)

// String returns "pca" or "random".
func (i Init) String() string {
	switch i {
	case PCAInit:
		return "pca"
	case RandomInit:
		return "random"
	}
	return fmt.Sprintf("Init(%d)", int(i))
}

const (
	defaultSOMSide       = 10
	defaultSOMSigma      = 1.0
	defaultSOMRate       = 0.5
	defaultSOMIterPerUnt = 500
	// maxSOMMagnitude bounds |X|: beyond it the squared distances of the
	// best-matching-unit search (and the covariance of PCAInit) overflow.
	maxSOMMagnitude = 1e100
	// maxSOMIterations bounds T: the shuffled order is materialised (4 bytes
	// per iteration).
	maxSOMIterations = 1 << 30
)

// Fit trains the map on the rows of X. See FitContext.
func (s SOM) Fit(X *mat.Dense) (*SOMModel, error) {
	return s.FitContext(context.Background(), X)
}

// FitContext trains the map on the rows of X (n×d, finite, |x| ≤ 1e100),
// stopping between iterations when ctx is done (the error then wraps
// ctx.Err()). Errors wrap the sentinels of package mlkit: ErrValue for bad
// hyperparameters, ErrEmpty and ErrNaN for bad X.
func (s SOM) FitContext(ctx context.Context, X *mat.Dense) (*SOMModel, error) {
	const where = "cluster: SOM.Fit"
	cfg, err := s.resolve(where)
	if err != nil {
		return nil, err
	}
	if err := checkSOMMatrix(where, X); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	if cfg.Init == PCAInit && d < 2 {
		return nil, check.Errorf(where, check.ErrValue, "Init=pca needs at least 2 features, X has %d (use RandomInit)", d)
	}
	if n > math.MaxInt32 {
		return nil, check.Errorf(where, check.ErrValue, "X has %d rows, more than the %d supported", n, math.MaxInt32)
	}

	rng := randx.New(s.Seed)
	m := &SOMModel{Rows: cfg.Rows, Cols: cfg.Cols, Topology: cfg.Topology, Iterations: cfg.Iterations}
	switch cfg.Init {
	case RandomInit:
		m.Weights = mat.NewDense(cfg.Rows*cfg.Cols, d, nil)
		for u := 0; u < cfg.Rows*cfg.Cols; u++ {
			copy(m.Weights.RawRowView(u), X.RawRowView(rng.IntN(n)))
		}
	default:
		m.Weights = pcaWeights(X, cfg.Rows, cfg.Cols)
	}
	// MiniSom's order: t mod n for t < T, shuffled (Fisher–Yates).
	order := make([]int32, cfg.Iterations)
	for t := range order {
		order[t] = int32(t % n)
	}
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })

	rep := progress.For(s.Progress)
	rep.Start(fmt.Sprintf("SOM %d×%d (%s)", cfg.Rows, cfg.Cols, cfg.Topology), cfg.Iterations)
	tr := newSOMTrainer(m, cfg)
	every := max(1, cfg.Iterations/200)
	for t0 := 0; t0 < cfg.Iterations; t0 += every {
		if err := ctx.Err(); err != nil {
			rep.Finish("cancelled")
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		t1 := min(t0+every, cfg.Iterations)
		for t := t0; t < t1; t++ {
			tr.step(X.RawRowView(int(order[t])), t)
		}
		eta, sigma := cfg.Decay.rates(cfg.LearningRate, cfg.Sigma, t1-1, cfg.Iterations)
		rep.Update(t1, progress.Metric{Name: "eta", Value: eta}, progress.Metric{Name: "sigma", Value: sigma})
	}
	rep.Finish(fmt.Sprintf("SOM %d×%d: %d iterations", cfg.Rows, cfg.Cols, cfg.Iterations))
	return m, nil
}

// somConfig is a SOM with the defaults filled in.
type somConfig struct {
	Rows, Cols, Iterations int
	Topology               Topology
	Sigma, LearningRate    float64
	Decay                  Decay
	Neighborhood           Neighborhood
	Init                   Init
}

func (s SOM) resolve(where string) (somConfig, error) {
	c := somConfig{Rows: s.Rows, Cols: s.Cols, Iterations: s.Iterations, Topology: s.Topology,
		Sigma: s.Sigma, LearningRate: s.LearningRate, Decay: s.Decay, Neighborhood: s.Neighborhood, Init: s.Init}
	if c.Rows == 0 && c.Cols == 0 {
		c.Rows, c.Cols = defaultSOMSide, defaultSOMSide
	}
	if c.Sigma == 0 {
		c.Sigma = defaultSOMSigma
	}
	if c.LearningRate == 0 {
		c.LearningRate = defaultSOMRate
	}
	switch {
	case c.Rows < 1 || c.Cols < 1:
		return c, check.Errorf(where, check.ErrValue, "Rows=%d, Cols=%d: a map of %d units, want Rows ≥ 1 and Cols ≥ 1 (both 0 means %d×%d)",
			s.Rows, s.Cols, max(c.Rows, 0)*max(c.Cols, 0), defaultSOMSide, defaultSOMSide)
	case c.Rows > 1<<15 || c.Cols > 1<<15 || c.Rows*c.Cols > 1<<24:
		return c, check.Errorf(where, check.ErrValue, "Rows=%d, Cols=%d: more than the 2^24 units supported", s.Rows, s.Cols)
	case !(c.Sigma > 0) || math.IsInf(c.Sigma, 0):
		return c, check.Errorf(where, check.ErrValue, "Sigma=%v, want a finite value > 0 (0 means %g)", s.Sigma, defaultSOMSigma)
	case !(c.LearningRate > 0) || c.LearningRate > 2:
		return c, check.Errorf(where, check.ErrValue, "LearningRate=%v, want 0 < LearningRate ≤ 2 (0 means %g)", s.LearningRate, defaultSOMRate)
	case c.Iterations < 0 || c.Iterations > maxSOMIterations:
		return c, check.Errorf(where, check.ErrValue, "Iterations=%d, want 1 ≤ Iterations ≤ 2^30 (0 means %d per unit)", s.Iterations, defaultSOMIterPerUnt)
	case c.Topology != Rect && c.Topology != Hex:
		return c, check.Errorf(where, check.ErrValue, "Topology=%v, want Rect or Hex", c.Topology)
	case c.Decay != AsymptoticDecay && c.Decay != LinearDecay && c.Decay != InverseDecay:
		return c, check.Errorf(where, check.ErrValue, "Decay=%v, want AsymptoticDecay, LinearDecay or InverseDecay", c.Decay)
	case c.Neighborhood != Gaussian && c.Neighborhood != Bubble:
		return c, check.Errorf(where, check.ErrValue, "Neighborhood=%v, want Gaussian or Bubble", c.Neighborhood)
	case c.Init != PCAInit && c.Init != RandomInit:
		return c, check.Errorf(where, check.ErrValue, "Init=%v, want PCAInit or RandomInit", c.Init)
	}
	if c.Iterations == 0 {
		c.Iterations = min(defaultSOMIterPerUnt*c.Rows*c.Cols, maxSOMIterations)
	}
	return c, nil
}

// checkSOMMatrix is checkMatrix plus the magnitude bound.
func checkSOMMatrix(where string, X *mat.Dense) error {
	if err := checkMatrix(where, X); err != nil {
		return err
	}
	n, d := X.Dims()
	for i := 0; i < n; i++ {
		for j, v := range X.RawRowView(i)[:d] {
			if math.Abs(v) > maxSOMMagnitude {
				return check.Errorf(where, check.ErrNaN, "X[%d,%d]=%g, want |x| ≤ %g (squared distances would overflow)", i, j, v, maxSOMMagnitude)
			}
		}
	}
	return nil
}
