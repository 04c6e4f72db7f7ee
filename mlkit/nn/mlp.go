package nn

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// MLP is a multilayer perceptron classifier as scikit-learn's
// MLPClassifier with solver='adam': fully connected ReLU hidden layers, a
// softmax output with one unit per class, cross-entropy loss plus an L2
// penalty, trained by Adam on shuffled minibatches (Rumelhart et al. 1986;
// Kingma & Ba 2015). The zero value is the default network: one hidden
// layer of 100 units, L2 = 1e-4, batches of 200, learning rate 1e-3.
//
// Unlike scikit-learn, two classes get two softmax outputs (the same model
// as one logistic output), and training runs Train.Epochs epochs without
// scikit-learn's tol/n_iter_no_change stop (use Train.ValidationFraction
// with Train.Patience for early stopping).
type MLP struct {
	// Hidden are the sizes of the hidden layers (default [100]). An empty,
	// non-nil slice is an error: the MLP needs a hidden layer.
	Hidden []int
	// L2 is the penalty α/(2·batch)·Σ‖W‖² on the weights, not the biases,
	// as scikit-learn's alpha (default 1e-4; negative is an error).
	L2 float64
	// Seed fixes the initial weights: U(±√(6/(fan_in+fan_out))) for
	// weights and biases, as scikit-learn (Glorot & Bengio 2010).
	Seed uint64
	// Train are the training settings (TrainConfig's defaults, but
	// BatchSize 200 as scikit-learn).
	Train TrainConfig
}

// mlpBatch is the MLP's default BatchSize (scikit-learn's min(200, n)).
const mlpBatch = 200

// MLPModel is a trained MLP, returned by MLP.Fit (or read back by LoadMLP
// or encoding/gob). Its methods may be called from several goroutines.
type MLPModel struct {
	// Config is the configuration with defaults filled in (its Train
	// field is not kept).
	Config MLP
	// Classes are the distinct labels of y in increasing order: column j of
	// PredictProba is the probability of Classes[j].
	Classes []int
	// Features is the number of columns of X.
	Features int
	// History is the record of the training.
	History History

	core *supNet
}

func (m MLP) withDefaults(where string) (MLP, error) {
	switch {
	case m.Hidden == nil:
		m.Hidden = []int{100}
	case len(m.Hidden) == 0:
		return m, check.Errorf(where, check.ErrValue, "Hidden is empty: an MLP needs at least one hidden layer (nil means [100])")
	default:
		m.Hidden = slices.Clone(m.Hidden)
	}
	if len(m.Hidden) > maxLayers {
		return m, check.Errorf(where, check.ErrValue, "len(Hidden)=%d, want at most %d", len(m.Hidden), maxLayers)
	}
	for i, h := range m.Hidden {
		if h <= 0 || h > maxActivations {
			return m, check.Errorf(where, check.ErrValue, "Hidden[%d]=%d, want 1 to %d hidden units", i, h, maxActivations)
		}
	}
	if m.L2 == 0 {
		m.L2 = 1e-4
	}
	if err := check.NonNegative(where, "L2", m.L2); err != nil {
		return m, err
	}
	m.Train = TrainConfig{}
	return m, nil
}

// checkSizes rejects networks whose weights exceed maxParams, before
// anything is allocated, and returns the widest layer.
func (m MLP) checkSizes(where string, features, classes int) (largest, params int, err error) {
	in := features
	largest = features
	for i, out := range append(slices.Clone(m.Hidden), classes) {
		p, ok := mulCap(maxParams, in+1, out)
		params += p
		if !ok || params > maxParams {
			name := fmt.Sprintf("Hidden[%d]=%d", i, out)
			if i == len(m.Hidden) {
				name = fmt.Sprintf("%d classes", out)
			}
			return 0, 0, check.Errorf(where, check.ErrValue, "%s: the network needs more than the limit of %d weights", name, maxParams)
		}
		largest = max(largest, out)
		in = out
	}
	return largest, params, nil
}

// Fit trains the network on the rows of X with labels y (non-negative
// integers, at least two distinct).
func (m MLP) Fit(X *mat.Dense, y []int) (*MLPModel, error) {
	return m.FitContext(context.Background(), X, y)
}

// FitContext is Fit stopping between minibatches when ctx is done. Then it
// returns the model trained so far (History.Stop is Cancelled) together
// with an error wrapping ctx.Err().
func (m MLP) FitContext(ctx context.Context, X *mat.Dense, y []int) (*MLPModel, error) {
	const where = "nn: MLP.Fit"
	cfg, err := m.withDefaults(where)
	if err != nil {
		return nil, err
	}
	tc, err := m.Train.withDefaults(where, mlpBatch)
	if err != nil {
		return nil, err
	}
	if tc.Validation != nil {
		return nil, check.Errorf(where, check.ErrValue, "Train.Validation holds images; an MLP takes ValidationFraction")
	}
	x, err := float32Rows(where, "X", X)
	if err != nil {
		return nil, err
	}
	n, d := X.Dims()
	distinct, _, err := check.Labels(where, "y", y, n)
	if err != nil {
		return nil, err
	}
	if distinct < 2 {
		return nil, check.Errorf(where, check.ErrValue, "y has one class (%d); a classifier needs at least 2", y[0])
	}
	classes := sortedClasses(y)
	largest, _, err := cfg.checkSizes(where, d, len(classes))
	if err != nil {
		return nil, err
	}
	idx := make([]int32, n)
	for i, v := range y {
		k, _ := slices.BinarySearch(classes, v)
		idx[i] = int32(k)
	}
	trainIdx, valIdx := splitValidation(n, tc.ValidationFraction, tc.Seed)
	if valIdx == nil && tc.Patience > 0 {
		return nil, check.Errorf(where, check.ErrValue, "Patience=%d needs ValidationFraction > 0", tc.Patience)
	}
	model := &MLPModel{Config: cfg, Classes: classes, Features: d, core: newMLPCore(cfg, d, len(classes), largest)}
	task := "training " + model.String()
	err = model.core.fit(ctx, where, task, &supData{x: x, n: n, classes: idx}, trainIdx, valIdx, tc, &model.History)
	if err != nil {
		if model.History.Stop == Cancelled {
			return model, err
		}
		return nil, err
	}
	return model, nil
}

// newMLPCore lays out the network of a checked configuration and draws its
// initial weights from cfg.Seed.
func newMLPCore(cfg MLP, features, classes, largest int) *supNet {
	rng := randx.New(cfg.Seed)
	net := &seqNet{c: features, h: 1, w: 1, loss: lossSoftmaxCE, seed: cfg.Seed}
	for i, h := range cfg.Hidden {
		net.addDense(fmt.Sprintf("hidden%d", i), h, actReLU, true, rng)
	}
	net.addDense("output", classes, actNone, true, rng)
	return &supNet{net: net, largest: largest, l2: cfg.L2}
}

// sortedClasses returns the distinct values of y in increasing order.
func sortedClasses(y []int) []int {
	c := slices.Clone(y)
	slices.Sort(c)
	return slices.Compact(c)
}

// float32Limit bounds the magnitudes the networks accept: float32 carries
// them (to 3.4e38) with room for the products of a layer.
const float32Limit = 1e30

// float32Rows checks X (non-nil, non-empty, finite, magnitudes that
// float32 carries) and returns its rows as float32.
func float32Rows(where, name string, X *mat.Dense) ([]float32, error) {
	if err := check.Matrix(where, name, X); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	if _, ok := mulCap(maxBatchValues*8, n, d); !ok {
		return nil, check.Errorf(where, check.ErrValue, "%s is %d×%d, more than the limit of %d values", name, n, d, maxBatchValues*8)
	}
	out := make([]float32, n*d)
	colMax := make([]float64, d)
	for i := range n {
		row := X.RawRowView(i)
		for j, v := range row {
			colMax[j] = max(colMax[j], math.Abs(v))
			out[i*d+j] = float32(v)
		}
	}
	for j, a := range colMax {
		if a > float32Limit || (a > 0 && a < 1/float32Limit) {
			return nil, check.Errorf(where, check.ErrNaN, "%s's column %d reaches magnitude %.3g, outside the float32 range the network computes in (1e-30 to 1e30): standardise %s", name, j, a, name)
		}
	}
	return out, nil
}

// NumParams is the number of weights and biases.
func (m *MLPModel) NumParams() int {
	n := 0
	for _, p := range m.core.net.params {
		n += len(p.grad)
	}
	return n
}

// String describes the network, e.g. "MLP 2 → 64 → 64 → 50 (ReLU, softmax), 7474 weights".
func (m *MLPModel) String() string {
	s := fmt.Sprintf("MLP %d", m.Features)
	for _, h := range m.Config.Hidden {
		s += fmt.Sprintf(" → %d", h)
	}
	return fmt.Sprintf("%s → %d (ReLU, softmax), %d weights", s, len(m.Classes), m.NumParams())
}

// checkX validates X for prediction and returns it as float32 rows.
func (m *MLPModel) checkX(where string, X *mat.Dense) ([]float32, int, error) {
	if err := check.Cols(where, "X", X, m.Features); err != nil {
		return nil, 0, err
	}
	x, err := float32Rows(where, "X", X)
	n, _ := X.Dims()
	return x, n, err
}

// PredictProba returns the class probabilities of the rows of X: row i,
// column j is the probability that row i belongs to Classes[j].
func (m *MLPModel) PredictProba(X *mat.Dense) (*mat.Dense, error) {
	const where = "nn: MLPModel.PredictProba"
	x, n, err := m.checkX(where, X)
	if err != nil {
		return nil, err
	}
	z, err := m.core.outputs(x, n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return mat.NewDense(n, len(m.Classes), softmaxRows(z, len(m.Classes))), nil
}

// Predict returns the most probable class of each row of X (the first on
// ties).
func (m *MLPModel) Predict(X *mat.Dense) ([]int, error) {
	const where = "nn: MLPModel.Predict"
	x, n, err := m.checkX(where, X)
	if err != nil {
		return nil, err
	}
	z, err := m.core.outputs(x, n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return argmaxRows(z, len(m.Classes), m.Classes), nil
}

// argmaxRows returns, for each row of k values, classes[the first largest].
func argmaxRows(z []float32, k int, classes []int) []int {
	out := make([]int, len(z)/k)
	for i := range out {
		row := z[i*k : (i+1)*k]
		best := 0
		for j, v := range row {
			if v > row[best] {
				best = j
			}
		}
		out[i] = classes[best]
	}
	return out
}
