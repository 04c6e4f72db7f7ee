package nn

import (
	"bytes"
	"fmt"
	"io"
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// A CNN file (kind "CNN") holds after the header: C, H, W; the block count
// and per block Channels, Kernel, Pool; Dense (count and sizes); Dropout
// (float64); Output; FreezeBlocks; Seed (uint64); the class count and the
// classes (uint64 each; none for a regressor); then the weights and the
// history. A body file (kind "CNNBody") holds C, H, W, the blocks and the
// conv weights.

const (
	kindCNN  = "CNN"
	kindBody = "CNNBody"
)

func (w *writer) blocks(c, h, wd int, blocks []ConvBlock) {
	for _, v := range []int{c, h, wd, len(blocks)} {
		w.u32(v)
	}
	for _, b := range blocks {
		pool := 0
		if b.Pool {
			pool = 1
		}
		w.u32(b.Channels)
		w.u32(b.Kernel)
		w.u32(pool)
	}
}

func (r *reader) blocks() (c, h, w int, blocks []ConvBlock) {
	c, h, w = r.u32("C"), r.u32("H"), r.u32("W")
	n := r.u32("block count")
	if r.err == nil && (n > maxLayers || c == 0 || h == 0 || w == 0) {
		r.fail("implausible sizes: %d×%d×%d images, %d blocks", c, h, w, n)
	}
	for i := 0; i < n && r.err == nil; i++ {
		b := ConvBlock{Channels: r.u32("Channels"), Kernel: r.u32("Kernel")}
		switch p := r.u32("Pool"); p {
		case 0, 1:
			b.Pool = p == 1
		default:
			r.fail("block %d: Pool=%d", i, p)
		}
		if r.err == nil && b.Kernel == 0 {
			r.fail("block %d: Kernel=0", i)
		}
		blocks = append(blocks, b)
	}
	if blocks == nil {
		blocks = []ConvBlock{}
	}
	return c, h, w, blocks
}

// Save writes the network, its classes and its history in the kit's
// versioned binary format (see LoadCNN).
func (m *CNNModel) Save(out io.Writer) error {
	m.core.mu.Lock()
	defer m.core.mu.Unlock()
	w := newWriter(kindCNN)
	cfg := m.Config
	w.blocks(m.C, m.H, m.W, cfg.Blocks)
	w.ints(cfg.Dense)
	w.u64(math.Float64bits(cfg.Dropout))
	w.u32(int(cfg.Output))
	w.u32(cfg.FreezeBlocks)
	w.u64(cfg.Seed)
	w.u32(len(m.Classes))
	for _, c := range m.Classes {
		w.u64(uint64(c))
	}
	w.params(m.core.net.params)
	w.history(&m.History)
	if err := w.finish(out); err != nil {
		return fmt.Errorf("nn: CNNModel.Save: %w", err)
	}
	return nil
}

// LoadCNN reads a model written by CNNModel.Save. A file that is not a
// model, of another kind (an autoencoder, an MLP, a body), corrupted,
// truncated, or whose sizes are implausible or do not fit its architecture
// is an error wrapping mlkit.ErrFile that says which; sizes are checked
// against the package's limits and the file's length before anything is
// allocated.
func LoadCNN(in io.Reader) (*CNNModel, error) {
	const where = "nn: LoadCNN"
	r, err := open(where, in, kindCNN)
	if err != nil {
		return nil, err
	}
	c, h, w, blocks := r.blocks()
	cfg := CNN{Blocks: blocks, Dense: r.ints("Dense", maxLayers)}
	if cfg.Dense == nil {
		cfg.Dense = []int{}
	}
	cfg.Dropout = math.Float64frombits(r.u64("Dropout"))
	cfg.Output = Output(r.u32("Output"))
	cfg.FreezeBlocks = r.u32("FreezeBlocks")
	cfg.Seed = r.u64("Seed")
	k := r.u32("class count")
	if r.err == nil && (k == 1 || k > (len(r.b)-r.off)/8) {
		r.fail("implausible class count %d", k)
	}
	var classes []int
	for i := 0; i < k && r.err == nil; i++ {
		classes = append(classes, int(r.u64("classes")))
		if classes[i] < 0 || i > 0 && classes[i] <= classes[i-1] {
			r.fail("classes are not distinct non-negative labels in increasing order")
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	if (cfg.Output == Softmax || cfg.Output == Binary) != (k > 0) || cfg.Output == DefaultOutput || cfg.Output == Binary && k > 2 {
		return nil, check.Errorf(where, check.ErrFile, "Output=%v with %d classes", cfg.Output, k)
	}
	cfg, err = cfg.withDefaults(where, k > 0)
	var largest, params int
	if err == nil {
		largest, params, err = cfg.checkSizes(where, c, h, w, cfg.outputs(k))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: the stored architecture is invalid: %w: %w", where, check.ErrFile, err)
	}
	if r.fits(params); r.err != nil {
		return nil, r.err
	}
	core, bodyLayers := newCNNCore(cfg, c, h, w, k, largest, nil)
	m := &CNNModel{Config: cfg, C: c, H: h, W: w, Classes: classes, bodyLayers: bodyLayers, core: core}
	r.params(core.net.params)
	r.history(&m.History)
	if err := r.end(); err != nil {
		return nil, err
	}
	return m, nil
}

// MarshalBinary is Save into a byte slice, so that encoding/gob (and memo)
// store a model in the versioned file format.
func (m *CNNModel) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	err := m.Save(&b)
	return b.Bytes(), err
}

// UnmarshalBinary is LoadCNN from a byte slice, into m.
func (m *CNNModel) UnmarshalBinary(b []byte) error {
	l, err := LoadCNN(bytes.NewReader(b))
	if err != nil {
		return err
	}
	*m = *l
	return nil
}

// Save writes the body in the kit's versioned binary format (see LoadBody).
func (b *Body) Save(out io.Writer) error {
	const where = "nn: Body.Save"
	if err := b.check(where, "the body"); err != nil {
		return err
	}
	w := newWriter(kindBody)
	w.blocks(b.C, b.H, b.W, b.Blocks)
	w.params(b.bodyNet().params)
	if err := w.finish(out); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	return nil
}

// LoadBody reads a body written by Body.Save, checked as LoadCNN checks a
// model.
func LoadBody(in io.Reader) (*Body, error) {
	const where = "nn: LoadBody"
	r, err := open(where, in, kindBody)
	if err != nil {
		return nil, err
	}
	c, h, w, blocks := r.blocks()
	if r.err != nil {
		return nil, r.err
	}
	cfg, err := CNN{Blocks: blocks, Dense: []int{}}.withDefaults(where, true)
	var params int
	if err == nil {
		_, params, err = cfg.checkSizes(where, c, h, w, 0)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: the stored architecture is invalid: %w: %w", where, check.ErrFile, err)
	}
	if r.fits(params); r.err != nil {
		return nil, r.err
	}
	b := &Body{C: c, H: h, W: w, Blocks: cfg.Blocks}
	net := &seqNet{c: c, h: h, w: w}
	addBody(net, cfg.Blocks, randx.New(0))
	r.params(net.params)
	if err := r.end(); err != nil {
		return nil, err
	}
	for _, p := range net.params {
		b.Weights = append(b.Weights, p.data())
	}
	return b, nil
}
