package nn

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// An MLP file (kind "MLP") holds after the header: Features, the class
// count and the classes (int64 each), len(Hidden) and Hidden, L2 (float64)
// and Seed (uint64); then the weights and the history as every model file.

const kindMLP = "MLP"

func (w *writer) u64(v uint64) { w.buf.Write(binary.LittleEndian.AppendUint64(nil, v)) }

func (r *reader) u64(what string) uint64 {
	s := r.take(8, what)
	if s == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(s)
}

// ints reads a uint32 count (at most limit) and that many uint32 values.
func (r *reader) ints(what string, limit int) []int {
	n := r.u32("len(" + what + ")")
	if r.err == nil && n > limit {
		r.fail("len(%s)=%d, at most %d", what, n, limit)
	}
	if r.err != nil || n == 0 {
		return nil
	}
	if n > (len(r.b)-r.off)/4 {
		r.fail("truncated: %d %s", n, what)
		return nil
	}
	v := make([]int, n)
	for i := range v {
		v[i] = r.u32(what)
	}
	return v
}

func (w *writer) ints(v []int) {
	w.u32(len(v))
	for _, x := range v {
		w.u32(x)
	}
}

// Save writes the network, its classes and its history in the kit's
// versioned binary format (see LoadMLP).
func (m *MLPModel) Save(out io.Writer) error {
	m.core.mu.Lock()
	defer m.core.mu.Unlock()
	w := newWriter(kindMLP)
	w.u32(m.Features)
	w.u32(len(m.Classes))
	for _, c := range m.Classes {
		w.u64(uint64(c))
	}
	w.ints(m.Config.Hidden)
	w.u64(math.Float64bits(m.Config.L2))
	w.u64(m.Config.Seed)
	w.params(m.core.net.params)
	w.history(&m.History)
	if err := w.finish(out); err != nil {
		return fmt.Errorf("nn: MLPModel.Save: %w", err)
	}
	return nil
}

// LoadMLP reads a model written by MLPModel.Save. A file that is not a
// model, of another kind (an autoencoder, a CNN), corrupted, truncated, or
// whose sizes are implausible or do not fit its architecture is an error
// wrapping mlkit.ErrFile that says which; sizes are checked against the
// package's limits and the file's length before anything is allocated.
func LoadMLP(in io.Reader) (*MLPModel, error) {
	const where = "nn: LoadMLP"
	r, err := open(where, in, kindMLP)
	if err != nil {
		return nil, err
	}
	features := r.u32("Features")
	k := r.u32("class count")
	if r.err == nil && (features == 0 || features > maxActivations || k < 2 || k > (len(r.b)-r.off)/8) {
		r.fail("implausible sizes: %d features, %d classes", features, k)
	}
	if r.err != nil {
		return nil, r.err
	}
	classes := make([]int, k)
	for i := range classes {
		classes[i] = int(r.u64("classes"))
		if r.err == nil && (classes[i] < 0 || i > 0 && classes[i] <= classes[i-1]) {
			r.fail("classes are not distinct non-negative labels in increasing order")
		}
	}
	cfg := MLP{Hidden: r.ints("Hidden", maxLayers)}
	cfg.L2 = math.Float64frombits(r.u64("L2"))
	cfg.Seed = r.u64("Seed")
	if r.err != nil {
		return nil, r.err
	}
	if cfg.Hidden == nil {
		return nil, check.Errorf(where, check.ErrFile, "no hidden layers")
	}
	cfg, err = cfg.withDefaults(where)
	var largest, params int
	if err == nil {
		largest, params, err = cfg.checkSizes(where, features, k)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: the stored architecture is invalid: %w: %w", where, check.ErrFile, err)
	}
	if r.fits(params); r.err != nil {
		return nil, r.err
	}
	m := &MLPModel{Config: cfg, Classes: classes, Features: features, core: newMLPCore(cfg, features, k, largest)}
	r.params(m.core.net.params)
	r.history(&m.History)
	if err := r.end(); err != nil {
		return nil, err
	}
	return m, nil
}

// MarshalBinary is Save into a byte slice, so that encoding/gob (and memo)
// store a model in the versioned file format.
func (m *MLPModel) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	err := m.Save(&b)
	return b.Bytes(), err
}

// UnmarshalBinary is LoadMLP from a byte slice, into m.
func (m *MLPModel) UnmarshalBinary(b []byte) error {
	l, err := LoadMLP(bytes.NewReader(b))
	if err != nil {
		return err
	}
	*m = *l
	return nil
}
