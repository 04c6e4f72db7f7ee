package explain

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// Discretizer selects how LIME represents the samples around a point.
type Discretizer int

const (
	// Quartile bins each feature at the quartiles of the training data and
	// describes a sample by which features fall in the same bin as the
	// explained point (lime's default, discretize_continuous=True with
	// discretizer='quartile'). The weights are those of the conditions
	// "feature j in x's quartile bin".
	Quartile Discretizer = iota
	// Continuous samples each feature from a normal with the training mean
	// and standard deviation and fits on standardised values (lime's
	// discretize_continuous=False). The weights are per standard deviation
	// of each feature.
	Continuous
)

// String returns "quartile" or "continuous".
func (d Discretizer) String() string {
	switch d {
	case Quartile:
		return "quartile"
	case Continuous:
		return "continuous"
	}
	return fmt.Sprintf("Discretizer(%d)", int(d))
}

// Selection is LIME's feature selection before the final fit.
type Selection int

const (
	// AutoSelection is lime's 'auto': Forward when NumFeatures ≤ 6, else
	// HighestWeights. The default.
	AutoSelection Selection = iota
	// Forward adds, NumFeatures times, the feature whose weighted least
	// squares fit has the best weighted R² (lime's forward_selection).
	Forward
	// HighestWeights keeps the NumFeatures features with the largest
	// |coefficient × value at the point| in a ridge fit (alpha 0.01) on all
	// features (lime's highest_weights).
	HighestWeights
	// AllFeatures fits on every feature (lime's 'none').
	AllFeatures
)

// String returns lime's names: "auto", "forward_selection",
// "highest_weights" or "none".
func (s Selection) String() string {
	switch s {
	case AutoSelection:
		return "auto"
	case Forward:
		return "forward_selection"
	case HighestWeights:
		return "highest_weights"
	case AllFeatures:
		return "none"
	}
	return fmt.Sprintf("Selection(%d)", int(s))
}

// PredictedClass asks LIME to explain the class the model predicts at the
// point (lime's top_labels=1).
const PredictedClass = -1

// ProbaModel is a classifier with class probabilities, one column per class
// (linear.LogisticRegressionModel, an SVM with probability estimates, a tree).
type ProbaModel interface {
	PredictProba(X *mat.Dense) (*mat.Dense, error)
}

// ProbaFunc adapts a function to ProbaModel.
type ProbaFunc func(X *mat.Dense) (*mat.Dense, error)

// PredictProba calls f.
func (f ProbaFunc) PredictProba(X *mat.Dense) (*mat.Dense, error) { return f(X) }

// LIME holds the settings of local interpretable model-agnostic explanations
// for tabular data (Ribeiro, Singh & Guestrin 2016, §3): sample around a
// point, weigh the samples by their proximity to it with the kernel
// √exp(−D²/width²), and fit a weighted ridge model (alpha 1) to the model's
// probability of one class on a few selected features. The zero value gives
// the defaults of lime's LimeTabularExplainer and explain_instance.
type LIME struct {
	// NumSamples is the size of the neighbourhood (the point itself
	// included); 0 means 5000.
	NumSamples int
	// NumFeatures is the largest number of features in the explanation; 0
	// means 10 (lime's num_features). Values above d mean d.
	NumFeatures int
	// KernelWidth is the width of the exponential kernel; 0 means 0.75·√d.
	KernelWidth float64
	// Discretizer is Quartile (default) or Continuous.
	Discretizer Discretizer
	// Selection is the feature selection; the zero value is lime's 'auto'.
	Selection Selection
	// Seed seeds the sampling. Each call of Explain starts from it, so the
	// same point gives the same explanation whatever was explained before.
	Seed uint64
}

// LIMEExplainer holds the training statistics LIME samples from.
type LIMEExplainer struct {
	cfg          LIME
	d            int
	width        float64
	mean, scale  []float64 // Continuous: per-feature mean and std (1 when 0)
	edges        [][]float64
	binMean      [][]float64
	binStd       [][]float64
	binMin       [][]float64
	binMax       [][]float64
	binValues    [][]int     // the bins present in the training data
	binCumFreq   [][]float64 // their cumulative frequencies
	numFeatures  int
	selectMethod Selection
}

// LIMEExplanation is LIME's local linear model around one point.
type LIMEExplanation struct {
	// Class is the explained column of the model's PredictProba.
	Class int
	// Weights has one weight per feature: in Quartile mode the change of the
	// class probability when the feature is in the point's bin
	// (Lower[j] < x_j ≤ Upper[j]) rather than another; in Continuous mode per
	// training standard deviation. Features not selected have weight 0.
	Weights []float64
	// Features are the selected features by decreasing |weight| (the order
	// of lime's as_list).
	Features []int
	// Intercept is the local model's intercept.
	Intercept float64
	// Score is the weighted R² of the local model on the samples (lime's
	// score): near 1 when the model is locally linear in the representation.
	Score float64
	// LocalPrediction is the local model's prediction at the point (lime's
	// local_pred); Prediction is the model's own probability there.
	LocalPrediction, Prediction float64
	// Lower and Upper bound the point's quartile bin of each feature
	// (−Inf and +Inf at the ends); nil in Continuous mode.
	Lower, Upper []float64
}

// Fit computes the training statistics: the quartiles of each feature, and
// the frequency, mean, standard deviation, minimum and maximum of the
// training values in each quartile bin (lime's QuartileDiscretizer), or the
// mean and standard deviation of each feature (Continuous).
func (l LIME) Fit(train *mat.Dense) (*LIMEExplainer, error) {
	const where = "explain: LIME.Fit"
	if err := check.Matrix(where, "train", train); err != nil {
		return nil, err
	}
	n, d := train.Dims()
	e := &LIMEExplainer{cfg: l, d: d}
	if l.NumSamples == 0 {
		e.cfg.NumSamples = 5000
	}
	if e.cfg.NumSamples < 2 {
		return nil, check.Errorf(where, check.ErrValue, "NumSamples=%d, want >= 2 (0 means 5000)", l.NumSamples)
	}
	e.numFeatures = l.NumFeatures
	if e.numFeatures == 0 {
		e.numFeatures = 10
	}
	if e.numFeatures < 0 {
		return nil, check.Errorf(where, check.ErrValue, "NumFeatures=%d, want >= 1 (0 means 10)", l.NumFeatures)
	}
	e.selectMethod = l.Selection
	if e.selectMethod == AutoSelection {
		// lime decides on the requested number, before capping it at d.
		e.selectMethod = HighestWeights
		if e.numFeatures <= 6 {
			e.selectMethod = Forward
		}
	}
	if l.Selection < AutoSelection || l.Selection > AllFeatures {
		return nil, check.Errorf(where, check.ErrValue, "Selection=%v, want one of the Selection constants", l.Selection)
	}
	e.numFeatures = min(e.numFeatures, d)
	e.width = l.KernelWidth
	if e.width == 0 {
		e.width = 0.75 * math.Sqrt(float64(d))
	}
	if err := check.Positive(where, "KernelWidth", e.width); err != nil {
		return nil, err
	}
	col := make([]float64, n)
	switch l.Discretizer {
	case Quartile:
		for j := 0; j < d; j++ {
			mat.Col(col, j, train)
			if err := e.fitQuartiles(where, j, col); err != nil {
				return nil, err
			}
		}
	case Continuous:
		e.mean, e.scale = make([]float64, d), make([]float64, d)
		for j := 0; j < d; j++ {
			mat.Col(col, j, train)
			var m, ss float64
			for _, v := range col {
				m += v
			}
			m /= float64(n)
			for _, v := range col {
				ss += (v - m) * (v - m)
			}
			s := math.Sqrt(ss / float64(n))
			if math.IsInf(m, 0) || math.IsInf(s, 0) || math.IsNaN(s) {
				return nil, check.Errorf(where, check.ErrNaN, "train column %d overflows its mean or variance", j)
			}
			if s == 0 {
				s = 1 // as StandardScaler
			}
			e.mean[j], e.scale[j] = m, s
		}
	default:
		return nil, check.Errorf(where, check.ErrValue, "Discretizer=%v, want Quartile or Continuous", l.Discretizer)
	}
	return e, nil
}

// fitQuartiles records feature j's bins as lime's BaseDiscretizer does.
func (e *LIMEExplainer) fitQuartiles(where string, j int, col []float64) error {
	s := append([]float64(nil), col...)
	sort.Float64s(s)
	var qts []float64
	for _, q := range []float64{25, 50, 75} {
		v := percentile(s, q)
		if len(qts) == 0 || v != qts[len(qts)-1] { // np.unique of sorted values
			qts = append(qts, v)
		}
	}
	nb := len(qts) + 1
	mean, std := make([]float64, nb), make([]float64, nb)
	count := make([]int, nb)
	for _, v := range col {
		b := searchLeft(qts, v)
		count[b]++
		mean[b] += v
	}
	for b := range mean {
		if count[b] > 0 {
			mean[b] /= float64(count[b])
		}
	}
	for _, v := range col {
		b := searchLeft(qts, v)
		std[b] += (v - mean[b]) * (v - mean[b])
	}
	var values []int
	var cum []float64
	acc := 0
	for b := range std {
		if count[b] > 0 {
			std[b] = math.Sqrt(std[b] / float64(count[b]))
			acc += count[b]
			values = append(values, b)
			cum = append(cum, float64(acc)/float64(len(col)))
		}
		std[b] += 1e-11 // lime's guard against a zero spread
		if math.IsInf(mean[b], 0) || math.IsInf(std[b], 0) || math.IsNaN(std[b]) {
			return check.Errorf(where, check.ErrNaN, "train column %d overflows the statistics of its quartile bins", j)
		}
	}
	e.edges = append(e.edges, qts)
	e.binMean = append(e.binMean, mean)
	e.binStd = append(e.binStd, std)
	e.binMin = append(e.binMin, append([]float64{s[0]}, qts...))
	e.binMax = append(e.binMax, append(append([]float64(nil), qts...), s[len(s)-1]))
	e.binValues = append(e.binValues, values)
	e.binCumFreq = append(e.binCumFreq, cum)
	return nil
}

// percentile is numpy's percentile with linear interpolation on sorted s,
// including numpy's lerp, which interpolates from the upper end when t ≥ ½.
func percentile(s []float64, q float64) float64 {
	pos := q / 100 * float64(len(s)-1)
	i := int(math.Floor(pos))
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	t := pos - float64(i)
	a, b := s[i], s[i+1]
	if t >= 0.5 {
		return b - (b-a)*(1-t)
	}
	return a + (b-a)*t
}

// searchLeft is np.searchsorted(qts, v): the number of edges below v.
func searchLeft(qts []float64, v float64) int {
	return sort.Search(len(qts), func(i int) bool { return qts[i] >= v })
}

// sampleBin draws a bin of feature j by its training frequency.
func (e *LIMEExplainer) sampleBin(rng *rand.Rand, j int) int {
	u := rng.Float64()
	cum := e.binCumFreq[j]
	for k, c := range cum {
		if u < c {
			return e.binValues[j][k]
		}
	}
	return e.binValues[j][len(cum)-1]
}

// undiscretize draws a value within bin b of feature j: a normal with the
// bin's mean and standard deviation truncated to its minimum and maximum
// (lime's undiscretize). A bin whose minimum equals its maximum gives that
// value (lime returns the standardised bound there, a slip we do not copy).
func (e *LIMEExplainer) undiscretize(rng *rand.Rand, j, b int) float64 {
	lo, hi := e.binMin[j][b], e.binMax[j][b]
	mu, sd := e.binMean[j][b], e.binStd[j][b]
	a, c := (lo-mu)/sd, (hi-mu)/sd
	if a == c {
		return lo
	}
	z := truncNormal(rng, a, c)
	return math.Min(hi, math.Max(lo, mu+sd*z))
}

// truncNormal draws a standard normal truncated to [a, b] by inverting the
// CDF, on the lower tail (mirrored when a > 0) where it is accurate.
func truncNormal(rng *rand.Rand, a, b float64) float64 {
	if a > 0 {
		return -truncNormal(rng, -b, -a)
	}
	pa, pb := stdNormCDF(a), stdNormCDF(b)
	u := pa + rng.Float64()*(pb-pa)
	z := -math.Sqrt2 * math.Erfcinv(2*u)
	if math.IsNaN(z) || z < a || z > b {
		// Both bounds too far in the tail for the CDF: take the uniform
		// point of the interval instead.
		return a + (b-a)*rng.Float64()
	}
	return z
}

func stdNormCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
