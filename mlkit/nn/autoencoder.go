package nn

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// ConvAutoencoder is the architecture of a convolutional autoencoder
// (Masci et al. 2011). The zero value is the default network: on 28×28
// MNIST it is
//
//	encoder: conv 1→16 (3×3, pad 1) + ReLU, 2×2 max-pool, conv 16→8 + ReLU   → code 8×14×14 = 1,568
//	decoder: conv 8→16 + ReLU, nearest 2× upsample, conv 16→1 + sigmoid
//
// The encoder is one stride-1 "same" convolution + ReLU per entry of
// Channels and one more to LatentChannels; the first Pools of them are each
// followed by a 2×2 max-pool. The decoder mirrors it: a nearest 2× upsample
// where the encoder pooled, and convolutions back to the input channels,
// ReLU except for the last, which is a sigmoid (pixels in [0,1]).
//
// {LatentChannels: 4, Pools: 2} gives the compact code 4×7×7 = 196 on 28×28.
type ConvAutoencoder struct {
	// Channels are the output channels of the encoder's hidden
	// convolutions (default [16]).
	Channels []int
	// LatentChannels is the number of channels of the code (default 8).
	LatentChannels int
	// Kernel is the odd side of the square kernels (default 3).
	Kernel int
	// Pools is the number of 2×2 max-pools in the encoder (default 1; at
	// most len(Channels)+1). Image sides must be divisible by 2^Pools.
	Pools int
	// Seed fixes the initial weights.
	Seed uint64
	// Train are the training settings of Fit (TrainConfig's defaults;
	// BatchSize 128).
	Train TrainConfig
}

// aeBatch is the autoencoder's default BatchSize.
const aeBatch = 128

// withDefaults returns the configuration with zero fields replaced by the
// defaults, and checks it.
func (a ConvAutoencoder) withDefaults(where string) (ConvAutoencoder, error) {
	if a.Channels == nil {
		a.Channels = []int{16}
	} else {
		a.Channels = slices.Clone(a.Channels)
	}
	if a.LatentChannels == 0 {
		a.LatentChannels = 8
	}
	if a.Kernel == 0 {
		a.Kernel = 3
	}
	if a.Pools == 0 {
		a.Pools = 1
	}
	for i, c := range a.Channels {
		if c <= 0 {
			return a, check.Errorf(where, check.ErrValue, "Channels[%d]=%d, want > 0", i, c)
		}
	}
	if a.LatentChannels < 0 {
		return a, check.Errorf(where, check.ErrValue, "LatentChannels=%d, want > 0", a.LatentChannels)
	}
	if a.Kernel < 0 || a.Kernel%2 == 0 {
		return a, check.Errorf(where, check.ErrValue, "Kernel=%d, want an odd number > 0", a.Kernel)
	}
	if a.Pools < 0 || a.Pools > len(a.Channels)+1 {
		return a, check.Errorf(where, check.ErrValue, "Pools=%d, want 1 to len(Channels)+1=%d", a.Pools, len(a.Channels)+1)
	}
	if len(a.Channels) > maxLayers {
		return a, check.Errorf(where, check.ErrValue, "len(Channels)=%d, want at most %d", len(a.Channels), maxLayers)
	}
	if a.Kernel > maxKernel {
		return a, check.Errorf(where, check.ErrValue, "Kernel=%d, want at most %d", a.Kernel, maxKernel)
	}
	return a, nil
}

// Bounds on an architecture's shape (besides maxParams and maxActivations).
const (
	maxLayers = 64
	maxKernel = 63
)

// checkSizes rejects, before anything is allocated, a network on c×h×w
// images whose weights or per-image activations exceed the package's
// limits (absurd channel counts, or image sizes whose product overflows).
// It returns the largest number of values one layer produces per image and
// the number of weights.
func (a ConvAutoencoder) checkSizes(where string, c, h, w int) (largest, params int, err error) {
	if _, ok := mulCap(maxActivations, c, h, w); !ok {
		return 0, 0, check.Errorf(where, check.ErrValue, "images of %d×%d×%d (C×H×W) exceed the limit of %d values per image", c, h, w, maxActivations)
	}
	largest = c * h * w
	cin := c
	for i, cout := range append(slices.Clone(a.Channels), a.LatentChannels) {
		name := fmt.Sprintf("Channels[%d]=%d", i, cout)
		if i == len(a.Channels) {
			name = fmt.Sprintf("LatentChannels=%d", cout)
		}
		// The encoder's conv i and its decoder mirror have the same weights.
		p, ok := mulCap(maxParams, cout, cin, a.Kernel, a.Kernel)
		if ok {
			params += 2*p + cout + cin
		}
		if !ok || params > maxParams {
			return 0, 0, check.Errorf(where, check.ErrValue, "%s: the convolution %d→%d needs more than the limit of %d weights", name, cin, cout, maxParams)
		}
		v, ok := mulCap(maxActivations, cout, h, w)
		if !ok {
			return 0, 0, check.Errorf(where, check.ErrValue, "%s: %d channels of %d×%d exceed the limit of %d values per image", name, cout, h, w, maxActivations)
		}
		largest = max(largest, v)
		cin = cout
	}
	return largest, params, nil
}

// AutoencoderModel is a convolutional autoencoder with its weights,
// returned trained by ConvAutoencoder.Fit (untrained by Build; read back by
// LoadAutoencoder or encoding/gob). Its methods may be called from several
// goroutines; they run one at a time.
type AutoencoderModel struct {
	// Config is the architecture, with defaults filled in (its Train field
	// is not kept).
	Config ConvAutoencoder
	// C, H, W are the shape of the images the network takes.
	C, H, W int
	// History is the record of the training (empty for Build).
	History History

	net       *seqNet
	encLayers int // layers[:encLayers] is the encoder
	eng       engine
	largest   int // the most values a layer produces per image

	mu     sync.Mutex
	graphs map[graphKey]*graphRun
}

type graphKey struct {
	batch, upTo int
	train       bool
}

// Build creates the untrained network for images of c channels of h×w
// pixels, with initial weights drawn from Seed (Fit builds and trains in one
// call).
func (a ConvAutoencoder) Build(c, h, w int) (*AutoencoderModel, error) {
	return a.build("nn: ConvAutoencoder.Build", c, h, w)
}

func (a ConvAutoencoder) build(where string, c, h, w int) (*AutoencoderModel, error) {
	cfg, err := a.withDefaults(where)
	if err != nil {
		return nil, err
	}
	cfg.Train = TrainConfig{}
	for _, d := range []struct {
		name string
		v    int
	}{{"c", c}, {"h", h}, {"w", w}} {
		if d.v <= 0 {
			return nil, check.Errorf(where, check.ErrValue, "%s=%d, want > 0", d.name, d.v)
		}
	}
	div := 1 << cfg.Pools
	if h%div != 0 || w%div != 0 {
		return nil, check.Errorf(where, check.ErrShape, "images of %d×%d cannot be pooled %d times: h and w must be divisible by 2^Pools=%d", h, w, cfg.Pools, div)
	}
	largest, _, err := cfg.checkSizes(where, c, h, w)
	if err != nil {
		return nil, err
	}
	m := newAutoencoder(cfg, c, h, w)
	m.largest = largest
	return m, nil
}

// Fit builds the network for the images' shape, with initial weights drawn
// from Seed, and trains it with a.Train to reconstruct them (mean squared
// error per pixel, Adam).
func (a ConvAutoencoder) Fit(images *data.Images) (*AutoencoderModel, error) {
	return a.FitContext(context.Background(), images)
}

// FitContext is Fit stopping between minibatches when ctx is done. Then it
// returns the model trained so far (History.Stop is Cancelled) together
// with an error wrapping ctx.Err().
func (a ConvAutoencoder) FitContext(ctx context.Context, images *data.Images) (*AutoencoderModel, error) {
	const where = "nn: ConvAutoencoder.Fit"
	if err := checkImageDims(where, "images", images); err != nil {
		return nil, err
	}
	m, err := a.build(where, images.C, images.H, images.W)
	if err != nil {
		return nil, err
	}
	if err := m.trainMore(ctx, where, images, a.Train); err != nil {
		if m.History.Stop == Cancelled {
			return m, err
		}
		return nil, err
	}
	return m, nil
}

// newAutoencoder lays out the network of a checked configuration and
// initialises its weights from cfg.Seed.
func newAutoencoder(cfg ConvAutoencoder, c, h, w int) *AutoencoderModel {
	rng := randx.New(cfg.Seed)
	net := &seqNet{c: c, h: h, w: w}
	outs := append(slices.Clone(cfg.Channels), cfg.LatentChannels)
	ins := make([]int, len(outs))
	hs, ws := make([]int, len(outs)), make([]int, len(outs))
	cin, ch, cw := c, h, w
	for i, cout := range outs {
		ins[i], hs[i], ws[i] = cin, ch, cw
		net.addConv(fmt.Sprintf("enc%d", i), cin, cout, cfg.Kernel, ch, cw, actReLU, rng)
		if i < cfg.Pools {
			net.addPool(cout, ch, cw)
			ch, cw = ch/2, cw/2
		}
		cin = cout
	}
	enc := len(net.layers)
	for i := len(outs) - 1; i >= 0; i-- {
		act := actReLU
		if i == 0 {
			act = actSigmoid
		}
		if i < cfg.Pools {
			net.addUpsample(outs[i], ch, cw)
			ch, cw = ch*2, cw*2
		}
		net.addConv(fmt.Sprintf("dec%d", i), outs[i], ins[i], cfg.Kernel, ch, cw, act, rng)
	}
	return &AutoencoderModel{Config: cfg, C: c, H: h, W: w, net: net, encLayers: enc, graphs: map[graphKey]*graphRun{}}
}

// CodeShape is the (channels, height, width) of the code.
func (m *AutoencoderModel) CodeShape() (c, h, w int) { return m.net.shapeAfter(m.encLayers) }

// CodeDim is the length of a flattened code (the columns of Encode).
func (m *AutoencoderModel) CodeDim() int {
	c, h, w := m.CodeShape()
	return c * h * w
}

// NumParams is the number of trainable weights.
func (m *AutoencoderModel) NumParams() int {
	n := 0
	for _, p := range m.net.params {
		n += len(p.grad)
	}
	return n
}

// String describes the architecture, for example
// "ConvAutoencoder 1×28×28 → 8×14×14 (1568) → 1×28×28, 2633 weights" (the default network; see ExampleConvAutoencoder).
func (m *AutoencoderModel) String() string {
	return fmt.Sprintf("%s, %d weights", m.describe(), m.NumParams())
}

func (m *AutoencoderModel) describe() string {
	c, h, w := m.CodeShape()
	return fmt.Sprintf("ConvAutoencoder %d×%d×%d → %d×%d×%d (%d) → %d×%d×%d",
		m.C, m.H, m.W, c, h, w, c*h*w, m.C, m.H, m.W)
}

// checkImages validates images for this network.
func (m *AutoencoderModel) checkImages(where, name string, im *data.Images) error {
	return checkImagesFor(where, name, im, m.C, m.H, m.W)
}

// graph returns the compiled graph for a batch size, building it once.
func (m *AutoencoderModel) graph(batch, upTo int, train bool) (*graphRun, error) {
	k := graphKey{batch, upTo, train}
	if r, ok := m.graphs[k]; ok {
		return r, nil
	}
	r, err := m.net.buildGraph(batch, upTo, train, m.eng)
	if err != nil {
		return nil, err
	}
	if len(m.graphs) >= maxGraphs {
		// Odd batch sizes (remainders of many data sets) would otherwise
		// pile up; the full-size graphs are kept.
		for key := range m.graphs {
			if key.batch != m.evalBatch() && key.batch != aeBatch {
				delete(m.graphs, key)
			}
		}
	}
	m.graphs[k] = r
	return r, nil
}

// evalBatch is the batch size of Encode, Reconstruct and MSE, lowered for
// networks whose layers are so large that 256 images would exceed
// maxBatchValues.
const evalBatch = 256

func (m *AutoencoderModel) evalBatch() int { return evalBatchFor(m.largest) }

func evalBatchFor(largest int) int {
	return max(1, min(evalBatch, maxBatchValues/max(1, largest)))
}

// maxGraphs bounds the compiled graphs a model keeps (one per batch size
// and purpose, each holding its buffers).
const maxGraphs = 8

// forward runs the first upTo layers over all images in batches and calls
// emit with each batch's offset and output.
func (m *AutoencoderModel) forward(im *data.Images, upTo int, emit func(from, n int, out []float32)) error {
	size := m.C * m.H * m.W
	eb := m.evalBatch()
	for from := 0; from < im.N; from += eb {
		n := min(eb, im.N-from)
		r, err := m.graph(n, upTo, false)
		if err != nil {
			return err
		}
		if _, err := r.step(im.Pix[from*size : (from+n)*size]); err != nil {
			return err
		}
		emit(from, n, r.output())
	}
	return nil
}

// Encode returns the codes of the images as an N × CodeDim matrix, each
// code flattened in channel, row, column order.
func (m *AutoencoderModel) Encode(images *data.Images) (*mat.Dense, error) {
	const where = "nn: AutoencoderModel.Encode"
	if err := m.checkImages(where, "images", images); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	d := m.CodeDim()
	out := make([]float64, images.N*d)
	err := m.forward(images, m.encLayers, func(from, n int, o []float32) {
		for j, v := range o[:n*d] {
			out[from*d+j] = float64(v)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return mat.NewDense(images.N, d, out), nil
}

// Reconstruct returns the decoded images.
func (m *AutoencoderModel) Reconstruct(images *data.Images) (*data.Images, error) {
	const where = "nn: AutoencoderModel.Reconstruct"
	if err := m.checkImages(where, "images", images); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	size := m.C * m.H * m.W
	pix := make([]float32, images.N*size)
	err := m.forward(images, len(m.net.layers), func(from, n int, o []float32) {
		copy(pix[from*size:], o[:n*size])
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return &data.Images{N: images.N, C: m.C, H: m.H, W: m.W, Pix: pix}, nil
}

// MSE is the mean squared reconstruction error per pixel (the training
// loss) over the images.
func (m *AutoencoderModel) MSE(images *data.Images) (float64, error) {
	const where = "nn: AutoencoderModel.MSE"
	if err := m.checkImages(where, "images", images); err != nil {
		return 0, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	v, err := m.mse(images)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", where, err)
	}
	return v, nil
}

func (m *AutoencoderModel) mse(images *data.Images) (float64, error) {
	size := m.C * m.H * m.W
	var sum float64
	var part []float64
	err := m.forward(images, len(m.net.layers), func(from, n int, o []float32) {
		sum += meanSquaredDiff(o[:n*size], images.Pix[from*size:(from+n)*size], &part) * float64(n*size)
	})
	return sum / float64(images.N*size), err
}

// TrainMore continues training the model on images with cfg (Adam starts
// afresh), appending to History. On cancellation or a numerical failure it
// returns the error and the model keeps the weights of the last completed
// step.
func (m *AutoencoderModel) TrainMore(ctx context.Context, images *data.Images, cfg TrainConfig) error {
	return m.trainMore(ctx, "nn: AutoencoderModel.TrainMore", images, cfg)
}

func (m *AutoencoderModel) trainMore(ctx context.Context, where string, images *data.Images, cfg TrainConfig) error {
	if err := m.checkImages(where, "images", images); err != nil {
		return err
	}
	cfg, err := cfg.withDefaults(where, aeBatch)
	if err != nil {
		return err
	}
	if _, ok := mulCap(maxBatchValues, min(cfg.BatchSize, images.N), m.largest); !ok {
		return check.Errorf(where, check.ErrValue, "BatchSize=%d: a batch of %d-value layers exceeds the limit of %d values; lower BatchSize", cfg.BatchSize, m.largest, maxBatchValues)
	}
	trainIm, val := images, cfg.Validation
	if val != nil {
		if cfg.ValidationFraction > 0 {
			return check.Errorf(where, check.ErrValue, "ValidationFraction=%v with Validation images: give one or the other", cfg.ValidationFraction)
		}
		if err := m.checkImages(where, "Validation", val); err != nil {
			return err
		}
	} else if ti, vi := splitValidation(images.N, cfg.ValidationFraction, cfg.Seed); vi != nil {
		trainIm, val = images.Subset(ti), images.Subset(vi)
	}
	if val == nil && cfg.Patience > 0 {
		return check.Errorf(where, check.ErrValue, "Patience=%d needs validation data (Validation or ValidationFraction)", cfg.Patience)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	t := &aeTrainer{m: m, images: trainIm, val: val}
	// The training graphs hold the activations and gradients of a whole
	// batch (tens of megabytes); they are cheap to rebuild, so let them go.
	defer func() {
		for k := range m.graphs {
			if k.train {
				delete(m.graphs, k)
			}
		}
	}()
	return train(ctx, where, fmt.Sprintf("training %s", m.describe()), t, cfg, &m.History)
}

// aeTrainer binds an autoencoder to its training data for the shared loop.
type aeTrainer struct {
	m      *AutoencoderModel
	images *data.Images
	val    *data.Images
	batch  []float32
}

func (t *aeTrainer) params() []*param { return t.m.net.trainable() }
func (t *aeTrainer) numTrain() int    { return t.images.N }

func (t *aeTrainer) trainStep(idx []int) (float64, error) {
	r, err := t.m.graph(len(idx), len(t.m.net.layers), true)
	if err != nil {
		return 0, err
	}
	size := t.m.C * t.m.H * t.m.W
	if cap(t.batch) < len(idx)*size {
		t.batch = make([]float32, len(idx)*size)
	}
	b := t.batch[:len(idx)*size]
	for k, i := range idx {
		copy(b[k*size:(k+1)*size], t.images.Pix[i*size:(i+1)*size])
	}
	return r.step(b)
}

func (t *aeTrainer) valLoss() (float64, bool, error) {
	if t.val == nil {
		return 0, false, nil
	}
	v, err := t.m.mse(t.val)
	return v, true, err
}
