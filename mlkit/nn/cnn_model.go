package nn

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// Body is the convolutional part of a trained CNN without its head
// (CNNModel.Body): the blocks, the image shape they take and their
// weights. It is a plain value (encoding/gob stores it as is; Save and
// LoadBody use the versioned file format) to start a new CNN from:
//
//	digits := must.M1(nn.CNN{}.FitClassifier(mnist, labels))
//	gray := must.M1(nn.CNN{Body: digits.Body(), FreezeBody: true, Dense: []int{32},
//		Output: nn.Sigmoid}.FitRegressor(images, darkness))
type Body struct {
	// C, H, W are the shape of the images the body takes.
	C, H, W int
	// Blocks are the conv blocks, defaults filled in.
	Blocks []ConvBlock
	// Weights are each block's kernel (Channels × in × Kernel × Kernel)
	// and bias (Channels), in block order.
	Weights [][]float32
}

// OutShape is the (channels, height, width) of the body's output.
func (b *Body) OutShape() (c, h, w int) {
	c, h, w = b.C, b.H, b.W
	for _, bl := range b.Blocks {
		c = bl.Channels
		if bl.Pool {
			h, w = h/2, w/2
		}
	}
	return c, h, w
}

// check validates a Body built by hand or read back: blocks, sizes and
// weights consistent and finite.
func (b *Body) check(where, name string) error {
	if b == nil {
		return check.Errorf(where, check.ErrEmpty, "%s is nil", name)
	}
	if b.C <= 0 || b.H <= 0 || b.W <= 0 {
		return check.Errorf(where, check.ErrValue, "%s takes %d×%d×%d images, want positive sizes", name, b.C, b.H, b.W)
	}
	n, err := CNN{Blocks: b.Blocks, Dense: []int{}}.withDefaults(where, true)
	if err != nil {
		return err
	}
	if !slices.Equal(n.Blocks, b.Blocks) {
		return check.Errorf(where, check.ErrValue, "%s.Blocks %v leave fields at their zero value (want %v)", name, b.Blocks, n.Blocks)
	}
	if _, _, err := n.checkSizes(where, b.C, b.H, b.W, 1); err != nil {
		return err
	}
	if len(b.Weights) != 2*len(b.Blocks) {
		return check.Errorf(where, check.ErrShape, "%s has %d weight tensors, its %d blocks need %d", name, len(b.Weights), len(b.Blocks), 2*len(b.Blocks))
	}
	cin := b.C
	for i, bl := range b.Blocks {
		for j, want := range []int{bl.Channels * cin * bl.Kernel * bl.Kernel, bl.Channels} {
			wt := b.Weights[2*i+j]
			if len(wt) != want {
				return check.Errorf(where, check.ErrShape, "%s.Weights[%d] has %d values, block %d needs %d", name, 2*i+j, len(wt), i, want)
			}
			for k, v := range wt {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					return check.Errorf(where, check.ErrNaN, "%s.Weights[%d][%d]=%v, want finite values", name, 2*i+j, k, v)
				}
			}
		}
		cin = bl.Channels
	}
	return nil
}

// bodyNet returns a network of the body's blocks holding its weights.
func (b *Body) bodyNet() *seqNet {
	net := &seqNet{c: b.C, h: b.H, w: b.W}
	addBody(net, b.Blocks, randx.New(0))
	for i, p := range net.params {
		copy(p.data(), b.Weights[i])
	}
	return net
}

// Body returns a copy of the network's conv blocks and their weights (the
// network without its head), to start another CNN from.
func (m *CNNModel) Body() *Body {
	m.core.mu.Lock()
	defer m.core.mu.Unlock()
	b := &Body{C: m.C, H: m.H, W: m.W, Blocks: slices.Clone(m.Config.Blocks)}
	for _, p := range m.core.net.params[:2*len(m.Config.Blocks)] {
		b.Weights = append(b.Weights, slices.Clone(p.data()))
	}
	return b
}

// NumParams is the number of weights and biases.
func (m *CNNModel) NumParams() int {
	n := 0
	for _, p := range m.core.net.params {
		n += len(p.grad)
	}
	return n
}

// String describes the network, e.g. "CNN 1×28×28: conv 1→16, pool, conv
// 16→32, pool, dense 128, softmax 10; 206922 weights".
func (m *CNNModel) String() string {
	var parts []string
	c := m.C
	for i, b := range m.Config.Blocks {
		p := fmt.Sprintf("conv %d→%d", c, b.Channels)
		if b.Kernel != 3 {
			p += fmt.Sprintf(" (%d×%d)", b.Kernel, b.Kernel)
		}
		if b.Pool {
			p += ", pool"
		}
		if i < m.Config.FreezeBlocks {
			p += " (frozen)"
		}
		parts = append(parts, p)
		c = b.Channels
	}
	for _, d := range m.Config.Dense {
		parts = append(parts, fmt.Sprintf("dense %d", d))
	}
	if m.Config.Dropout > 0 {
		parts = append(parts, fmt.Sprintf("dropout %g", m.Config.Dropout))
	}
	parts = append(parts, fmt.Sprintf("%v %d", m.Config.Output, m.Config.outputs(len(m.Classes))))
	return fmt.Sprintf("CNN %d×%d×%d: %s; %d weights", m.C, m.H, m.W, strings.Join(parts, ", "), m.NumParams())
}

func (m *CNNModel) checkImages(where string, images *data.Images) error {
	return checkImagesFor(where, "images", images, m.C, m.H, m.W)
}

// raw returns the outputs of the first upTo layers for the images.
func (m *CNNModel) raw(where string, images *data.Images, upTo int) ([]float32, int, error) {
	if err := m.checkImages(where, images); err != nil {
		return nil, 0, err
	}
	c, h, w := m.core.net.shapeAfter(upTo)
	k := c * h * w
	out := make([]float32, images.N*k)
	m.core.mu.Lock()
	defer m.core.mu.Unlock()
	err := m.core.forward(images.Pix, images.N, upTo, func(from, cnt int, o []float32) {
		copy(out[from*k:], o[:cnt*k])
	})
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", where, err)
	}
	return out, k, nil
}

// Predict returns the network's value for each image: the prediction of a
// regressor (Linear, Sigmoid, Binary fitted by FitRegressor), or a Binary
// classifier's probability of its second class (Classes[1]). A Softmax
// classifier's predictions are PredictClass and PredictProba.
func (m *CNNModel) Predict(images *data.Images) ([]float64, error) {
	const where = "nn: CNNModel.Predict"
	if m.Config.Output == Softmax {
		return nil, check.Errorf(where, check.ErrValue, "the model is a Softmax classifier: use PredictClass or PredictProba")
	}
	z, _, err := m.raw(where, images, len(m.core.net.layers))
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(z))
	for i, v := range z {
		out[i] = float64(v)
		if m.Config.Output == Binary {
			out[i] = 1 / (1 + math.Exp(-float64(v)))
		}
	}
	return out, nil
}

// PredictProba returns a classifier's class probabilities: row i, column j
// is the probability that image i is of Classes[j].
func (m *CNNModel) PredictProba(images *data.Images) (*mat.Dense, error) {
	const where = "nn: CNNModel.PredictProba"
	if m.Classes == nil {
		return nil, check.Errorf(where, check.ErrValue, "the model is a regressor (Output=%v): use Predict", m.Config.Output)
	}
	z, k, err := m.raw(where, images, len(m.core.net.layers))
	if err != nil {
		return nil, err
	}
	if m.Config.Output == Binary {
		p := make([]float64, 2*len(z))
		for i, v := range z {
			p[2*i+1] = 1 / (1 + math.Exp(-float64(v)))
			p[2*i] = 1 - p[2*i+1]
		}
		return mat.NewDense(images.N, 2, p), nil
	}
	return mat.NewDense(images.N, k, softmaxRows(z, k)), nil
}

// PredictClass returns a classifier's most probable class of each image.
func (m *CNNModel) PredictClass(images *data.Images) ([]int, error) {
	const where = "nn: CNNModel.PredictClass"
	if m.Classes == nil {
		return nil, check.Errorf(where, check.ErrValue, "the model is a regressor (Output=%v): use Predict", m.Config.Output)
	}
	z, k, err := m.raw(where, images, len(m.core.net.layers))
	if err != nil {
		return nil, err
	}
	if m.Config.Output == Binary {
		out := make([]int, len(z))
		for i, v := range z {
			out[i] = m.Classes[0]
			if v > 0 {
				out[i] = m.Classes[1]
			}
		}
		return out, nil
	}
	return argmaxRows(z, k, m.Classes), nil
}

// Features returns the body's output for each image, flattened in channel,
// row, column order: the representation the head sees (N × C·H·W of
// Body().OutShape()).
func (m *CNNModel) Features(images *data.Images) (*mat.Dense, error) {
	const where = "nn: CNNModel.Features"
	z, k, err := m.raw(where, images, m.bodyLayers)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(z))
	for i, v := range z {
		out[i] = float64(v)
	}
	return mat.NewDense(images.N, k, out), nil
}
