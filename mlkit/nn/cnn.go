package nn

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// ConvBlock is one stage of a CNN's body: a stride-1 "same" convolution
// with ReLU, optionally followed by a 2×2 max-pool.
type ConvBlock struct {
	// Channels is the number of output channels (> 0).
	Channels int
	// Kernel is the odd side of the square kernel (default 3).
	Kernel int
	// Pool adds a 2×2, stride-2 max-pool after the convolution.
	Pool bool
}

// Output is the output layer and loss of a CNN.
type Output uint8

const (
	// DefaultOutput is Softmax for FitClassifier and Linear for
	// FitRegressor.
	DefaultOutput Output = iota
	// Linear is one unit without activation and the mean squared error
	// (regression).
	Linear
	// Sigmoid is one unit squashed into (0, 1) and the mean squared error
	// (regression of targets in [0, 1]).
	Sigmoid
	// Softmax is one unit per class and the cross-entropy (classification).
	Softmax
	// Binary is one logistic unit and the binary cross-entropy: two
	// classes with FitClassifier, or targets in [0, 1] read as
	// probabilities with FitRegressor.
	Binary
)

func (o Output) String() string {
	switch o {
	case DefaultOutput:
		return "default"
	case Linear:
		return "linear"
	case Sigmoid:
		return "sigmoid"
	case Softmax:
		return "softmax"
	case Binary:
		return "binary"
	}
	return fmt.Sprintf("Output(%d)", uint8(o))
}

// CNN is a convolutional network: a body of conv blocks (the kit's conv and
// max-pool Ops, ReLU) and a head of dense ReLU layers with dropout and an
// output layer chosen by Output (LeCun et al. 1998). The zero value is the
// network of the side-by-side bench: conv 1→16, pool, conv 16→32, pool,
// dense 128, then the output.
//
// Transfer learning: Body starts the network from a trained body
// (CNNModel.Body, LoadBody), which FreezeBody (or FreezeBlocks) keeps
// fixed while the new head trains; without freezing, the whole network is
// fine-tuned from there.
type CNN struct {
	// Blocks is the body (default [{16, 3, true}, {32, 3, true}]; an empty,
	// non-nil slice means none). With Body, nil means Body's blocks.
	Blocks []ConvBlock
	// Dense are the sizes of the head's hidden layers (default [128];
	// empty, non-nil: the output layer follows the body directly).
	Dense []int
	// Dropout is the probability of dropping each output of a hidden dense
	// layer during training, in [0, 1) (default 0).
	Dropout float64
	// Output is the output layer and loss (see Output).
	Output Output
	// Body, if set, gives the body's blocks and initial weights.
	Body *Body
	// FreezeBody keeps every conv weight at its initial value (Body's).
	FreezeBody bool
	// FreezeBlocks keeps the first FreezeBlocks blocks fixed (0: none).
	FreezeBlocks int
	// Seed fixes the initial weights (U(±1/√fan_in), as PyTorch's Conv2d
	// and Linear) and the dropout masks.
	Seed uint64
	// Train are the training settings (TrainConfig's defaults: 10 epochs,
	// batches of 128, Adam 1e-3). Validation images are not supported: use
	// ValidationFraction.
	Train TrainConfig
}

// cnnBatch is the CNN's default BatchSize.
const cnnBatch = 128

// CNNModel is a trained CNN, returned by CNN.FitClassifier or
// CNN.FitRegressor (or read back by LoadCNN or encoding/gob). Its methods
// may be called from several goroutines.
type CNNModel struct {
	// Config is the configuration with defaults filled in: Blocks, Dense,
	// the resolved Output (its Train and Body fields are not kept).
	Config CNN
	// C, H, W are the shape of the images the network takes.
	C, H, W int
	// Classes are the labels of a classifier in increasing order (nil for
	// a regressor): column j of PredictProba is Classes[j].
	Classes []int
	// History is the record of the training.
	History History

	bodyLayers int // layers[:bodyLayers] are the conv blocks
	core       *supNet
}

// withDefaults fills in the defaults of a CNN for images of c×h×w, resolves
// Output for a classifier or a regressor and checks the configuration.
func (n CNN) withDefaults(where string, classify bool) (CNN, error) {
	switch {
	case n.Blocks == nil && n.Body != nil:
		n.Blocks = slices.Clone(n.Body.Blocks)
	case n.Blocks == nil:
		n.Blocks = []ConvBlock{{16, 3, true}, {32, 3, true}}
	default:
		n.Blocks = slices.Clone(n.Blocks)
	}
	if n.Body != nil && !slices.Equal(n.Blocks, n.Body.Blocks) {
		return n, check.Errorf(where, check.ErrValue, "Blocks %v differ from Body.Blocks %v (leave Blocks nil to use the body's)", n.Blocks, n.Body.Blocks)
	}
	if n.Dense == nil {
		n.Dense = []int{128}
	} else {
		n.Dense = slices.Clone(n.Dense)
	}
	if len(n.Blocks) > maxLayers || len(n.Dense) > maxLayers {
		return n, check.Errorf(where, check.ErrValue, "%d blocks and %d dense layers, want at most %d each", len(n.Blocks), len(n.Dense), maxLayers)
	}
	for i := range n.Blocks {
		b := &n.Blocks[i]
		if b.Kernel == 0 {
			b.Kernel = 3
		}
		if b.Channels <= 0 || b.Channels > maxActivations {
			return n, check.Errorf(where, check.ErrValue, "Blocks[%d].Channels=%d, want 1 to %d", i, b.Channels, maxActivations)
		}
		if b.Kernel < 0 || b.Kernel%2 == 0 || b.Kernel > maxKernel {
			return n, check.Errorf(where, check.ErrValue, "Blocks[%d].Kernel=%d, want an odd number from 1 to %d", i, b.Kernel, maxKernel)
		}
	}
	for i, d := range n.Dense {
		if d <= 0 || d > maxActivations {
			return n, check.Errorf(where, check.ErrValue, "Dense[%d]=%d, want 1 to %d units", i, d, maxActivations)
		}
	}
	if !(n.Dropout >= 0 && n.Dropout < 1) {
		return n, check.Errorf(where, check.ErrValue, "Dropout=%v, want a value in [0, 1)", n.Dropout)
	}
	if n.FreezeBlocks < 0 || n.FreezeBlocks > len(n.Blocks) {
		return n, check.Errorf(where, check.ErrValue, "FreezeBlocks=%d, the network has %d conv blocks", n.FreezeBlocks, len(n.Blocks))
	}
	if n.FreezeBody && n.FreezeBlocks != 0 {
		return n, check.Errorf(where, check.ErrValue, "FreezeBody with FreezeBlocks=%d: give one or the other", n.FreezeBlocks)
	}
	if n.FreezeBody {
		n.FreezeBlocks, n.FreezeBody = len(n.Blocks), false
	}
	switch {
	case n.Output == DefaultOutput && classify:
		n.Output = Softmax
	case n.Output == DefaultOutput:
		n.Output = Linear
	case n.Output > Binary:
		return n, check.Errorf(where, check.ErrValue, "Output=%v, want Linear, Sigmoid, Softmax or Binary", n.Output)
	case classify && (n.Output == Linear || n.Output == Sigmoid):
		return n, check.Errorf(where, check.ErrValue, "Output=%v is a regression output: use FitRegressor, or Softmax or Binary to classify", n.Output)
	case !classify && n.Output == Softmax:
		return n, check.Errorf(where, check.ErrValue, "Output=Softmax classifies: use FitClassifier, or Linear, Sigmoid or Binary for targets")
	}
	n.Train, n.Body = TrainConfig{}, nil
	return n, nil
}

// checkSizes checks the network for c×h×w images and k outputs against
// the size limits before anything is allocated; it returns the largest
// layer (values per image) and the number of weights.
func (n CNN) checkSizes(where string, c, h, w, k int) (largest, params int, err error) {
	if _, ok := mulCap(maxActivations, c, h, w); !ok {
		return 0, 0, check.Errorf(where, check.ErrValue, "images of %d×%d×%d exceed the limit of %d values per image", c, h, w, maxActivations)
	}
	largest = c * h * w
	add := func(name string, v ...int) error {
		p, ok := mulCap(maxParams, v...)
		params += p
		if !ok || params > maxParams {
			return check.Errorf(where, check.ErrValue, "%s: the network needs more than the limit of %d weights", name, maxParams)
		}
		return nil
	}
	for i, b := range n.Blocks {
		name := fmt.Sprintf("Blocks[%d].Channels=%d", i, b.Channels)
		if err := add(name, b.Channels, c*b.Kernel*b.Kernel+1); err != nil {
			return 0, 0, err
		}
		v, ok := mulCap(maxActivations, b.Channels, h, w)
		if !ok {
			return 0, 0, check.Errorf(where, check.ErrValue, "%s: %d channels of %d×%d exceed the limit of %d values per image", name, b.Channels, h, w, maxActivations)
		}
		largest = max(largest, v)
		c = b.Channels
		if b.Pool {
			if h%2 != 0 || w%2 != 0 {
				return 0, 0, check.Errorf(where, check.ErrShape, "Blocks[%d] pools %d×%d maps: their sides must be even (images of %d×%d cannot be pooled there)", i, h, w, h, w)
			}
			h, w = h/2, w/2
		}
	}
	in := c * h * w
	for i, d := range append(slices.Clone(n.Dense), k) {
		if err := add(fmt.Sprintf("dense layer %d of %d units", i, d), in+1, d); err != nil {
			return 0, 0, err
		}
		largest = max(largest, d)
		in = d
	}
	return largest, params, nil
}

// outputs is the number of output units for k classes (0 for a regressor).
func (n CNN) outputs(k int) int {
	if n.Output == Softmax {
		return k
	}
	return 1
}

// newCNNCore lays out a checked network, draws its weights from n.Seed,
// copies body's weights into the conv layers (if body is set) and marks the
// frozen ones. It returns the core and the number of body layers.
func newCNNCore(n CNN, c, h, w, k, largest int, body *Body) (*supNet, int) {
	rng := randx.New(n.Seed)
	net := &seqNet{c: c, h: h, w: w, seed: n.Seed}
	switch n.Output {
	case Softmax:
		net.loss = lossSoftmaxCE
	case Binary:
		net.loss = lossSigmoidBCE
	default:
		net.loss = lossMSE
	}
	addBody(net, n.Blocks, rng)
	bodyLayers := len(net.layers)
	for i, d := range n.Dense {
		net.addDense(fmt.Sprintf("dense%d", i), d, actReLU, false, rng)
		if n.Dropout > 0 {
			net.addDropout(n.Dropout)
		}
	}
	act := actNone
	if n.Output == Sigmoid {
		act = actSigmoid
	}
	net.addDense("output", n.outputs(k), act, false, rng)
	if body != nil {
		for i, p := range net.params[:2*len(n.Blocks)] {
			copy(p.data(), body.Weights[i])
		}
	}
	for _, p := range net.params[:2*n.FreezeBlocks] {
		p.frozen = true
	}
	return &supNet{net: net, largest: largest}, bodyLayers
}

// addBody appends the conv blocks to a network.
func addBody(net *seqNet, blocks []ConvBlock, rng *rand.Rand) {
	for i, b := range blocks {
		c, h, w := net.shapeAfter(len(net.layers))
		net.addConv(fmt.Sprintf("conv%d", i), c, b.Channels, b.Kernel, h, w, actReLU, rng)
		if b.Pool {
			net.addPool(b.Channels, h, w)
		}
	}
}

// FitClassifier trains the network to predict labels (non-negative
// integers, at least two distinct; exactly two with Output Binary) from the
// images.
func (n CNN) FitClassifier(images *data.Images, labels []int) (*CNNModel, error) {
	return n.FitClassifierContext(context.Background(), images, labels)
}

// FitClassifierContext is FitClassifier stopping between minibatches when
// ctx is done. Then it returns the model trained so far (History.Stop is
// Cancelled) together with an error wrapping ctx.Err().
func (n CNN) FitClassifierContext(ctx context.Context, images *data.Images, labels []int) (*CNNModel, error) {
	const where = "nn: CNN.FitClassifier"
	cfg, err := n.withDefaults(where, true)
	if err != nil {
		return nil, err
	}
	if err := checkImageDims(where, "images", images); err != nil {
		return nil, err
	}
	distinct, _, err := check.Labels(where, "labels", labels, images.N)
	if err != nil {
		return nil, err
	}
	if distinct < 2 {
		return nil, check.Errorf(where, check.ErrValue, "labels have one class (%d); a classifier needs at least 2", labels[0])
	}
	if cfg.Output == Binary && distinct != 2 {
		return nil, check.Errorf(where, check.ErrValue, "Output=Binary needs 2 classes, labels have %d (use Softmax)", distinct)
	}
	classes := sortedClasses(labels)
	d := &supData{n: images.N}
	if cfg.Output == Binary {
		d.targets = make([]float32, images.N)
		for i, v := range labels {
			if v == classes[1] {
				d.targets[i] = 1
			}
		}
	} else {
		d.classes = make([]int32, images.N)
		for i, v := range labels {
			k, _ := slices.BinarySearch(classes, v)
			d.classes[i] = int32(k)
		}
	}
	return n.fit(ctx, where, cfg, images, d, classes)
}

// FitRegressor trains the network to predict targets (finite; in [0, 1]
// with Output Sigmoid or Binary) from the images.
func (n CNN) FitRegressor(images *data.Images, targets []float64) (*CNNModel, error) {
	return n.FitRegressorContext(context.Background(), images, targets)
}

// FitRegressorContext is FitRegressor stopping between minibatches when ctx
// is done, as FitClassifierContext.
func (n CNN) FitRegressorContext(ctx context.Context, images *data.Images, targets []float64) (*CNNModel, error) {
	const where = "nn: CNN.FitRegressor"
	cfg, err := n.withDefaults(where, false)
	if err != nil {
		return nil, err
	}
	if err := checkImageDims(where, "images", images); err != nil {
		return nil, err
	}
	if err := check.Floats(where, "targets", targets); err != nil {
		return nil, err
	}
	if len(targets) != images.N {
		return nil, check.Errorf(where, check.ErrShape, "targets has %d values, want %d (one per image)", len(targets), images.N)
	}
	d := &supData{n: images.N, targets: make([]float32, images.N)}
	for i, v := range targets {
		if (cfg.Output == Sigmoid || cfg.Output == Binary) && !(v >= 0 && v <= 1) {
			return nil, check.Errorf(where, check.ErrValue, "targets[%d]=%v is outside [0, 1], the range of Output=%v", i, v, cfg.Output)
		}
		if math.Abs(v) > float32Limit {
			return nil, check.Errorf(where, check.ErrNaN, "targets[%d]=%v exceeds the float32 range the network computes in: rescale the targets", i, v)
		}
		d.targets[i] = float32(v)
	}
	return n.fit(ctx, where, cfg, images, d, nil)
}

// fit builds the network for the images and trains it on d.
func (n CNN) fit(ctx context.Context, where string, cfg CNN, images *data.Images, d *supData, classes []int) (*CNNModel, error) {
	tc, err := n.Train.withDefaults(where, cnnBatch)
	if err != nil {
		return nil, err
	}
	if tc.Validation != nil {
		return nil, check.Errorf(where, check.ErrValue, "Train.Validation is for the autoencoder; a CNN takes ValidationFraction")
	}
	if n.Body != nil {
		if err := n.Body.check(where, "Body"); err != nil {
			return nil, err
		}
		if images.C != n.Body.C || images.H != n.Body.H || images.W != n.Body.W {
			return nil, check.Errorf(where, check.ErrShape, "images are %d×%d×%d (C×H×W), the Body takes %d×%d×%d", images.C, images.H, images.W, n.Body.C, n.Body.H, n.Body.W)
		}
	}
	largest, _, err := cfg.checkSizes(where, images.C, images.H, images.W, cfg.outputs(len(classes)))
	if err != nil {
		return nil, err
	}
	if _, ok := mulCap(maxBatchValues, min(tc.BatchSize, images.N), largest); !ok {
		return nil, check.Errorf(where, check.ErrValue, "BatchSize=%d: a batch of %d-value layers exceeds the limit of %d values; lower BatchSize", tc.BatchSize, largest, maxBatchValues)
	}
	if err := checkImagesFor(where, "images", images, images.C, images.H, images.W); err != nil {
		return nil, err
	}
	trainIdx, valIdx := splitValidation(images.N, tc.ValidationFraction, tc.Seed)
	if valIdx == nil && tc.Patience > 0 {
		return nil, check.Errorf(where, check.ErrValue, "Patience=%d needs ValidationFraction > 0", tc.Patience)
	}
	core, bodyLayers := newCNNCore(cfg, images.C, images.H, images.W, len(classes), largest, n.Body)
	m := &CNNModel{Config: cfg, C: images.C, H: images.H, W: images.W, Classes: classes, bodyLayers: bodyLayers, core: core}
	d.x = images.Pix
	if err := core.fit(ctx, where, "training "+m.String(), d, trainIdx, valIdx, tc, &m.History); err != nil {
		if m.History.Stop == Cancelled {
			return m, err
		}
		return nil, err
	}
	return m, nil
}
