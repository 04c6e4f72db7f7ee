package nn

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"reflect"
	"slices"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// Model files (Save, LoadAutoencoder) are little-endian:
//
//	magic    8 bytes "MLKITNN\x00"
//	version  uint32 (2; version 1, without the history, is still read)
//	kind     string: uint16 length + bytes ("ConvAutoencoder")
//	arch     kind-specific uint32 fields; for ConvAutoencoder:
//	         C, H, W, Kernel, Pools, LatentChannels, len(Channels), Channels...
//	params   uint32 count, then per tensor: name (string), uint32 rank,
//	         uint32 dims, float32 values
//	history  (version 2) uint32 Epochs, Iterations, BestEpoch, Stop,
//	         Converged; TrainLoss and ValLoss as uint32 length + float64s
//	crc      uint32 CRC-32 (IEEE) of every byte before it
//
// Loading checks the magic, version, checksum, kind and that every tensor
// has the name and shape the architecture needs.

const (
	fileMagic   = "MLKITNN\x00"
	fileVersion = 2
	kindConvAE  = "ConvAutoencoder"
	// maxModelBytes bounds what LoadAutoencoder reads (the kit's networks
	// are a few megabytes at most).
	maxModelBytes = 1 << 30
)

type writer struct {
	buf bytes.Buffer
}

func (w *writer) u32(v int) { w.buf.Write(binary.LittleEndian.AppendUint32(nil, uint32(v))) }
func (w *writer) f64s(v []float64) {
	w.u32(len(v))
	for _, x := range v {
		w.buf.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(x)))
	}
}

func (w *writer) history(h *History) {
	conv := 0
	if h.Converged {
		conv = 1
	}
	for _, v := range []int{h.Epochs, h.Iterations, h.BestEpoch, int(h.Stop), conv} {
		w.u32(v)
	}
	w.f64s(h.TrainLoss)
	w.f64s(h.ValLoss)
}
func (w *writer) str(s string) {
	w.buf.Write(binary.LittleEndian.AppendUint16(nil, uint16(len(s))))
	w.buf.WriteString(s)
}

func (w *writer) params(ps []*param) {
	w.u32(len(ps))
	for _, p := range ps {
		w.str(p.name)
		w.u32(len(p.shape))
		for _, d := range p.shape {
			w.u32(d)
		}
		b := make([]byte, 0, 4*len(p.grad))
		for _, v := range p.data() {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
		}
		w.buf.Write(b)
	}
}

// finish appends the checksum and writes everything to out.
func (w *writer) finish(out io.Writer) error {
	sum := crc32.ChecksumIEEE(w.buf.Bytes())
	w.u32(int(sum))
	_, err := out.Write(w.buf.Bytes())
	return err
}

func newWriter(kind string) *writer {
	w := &writer{}
	w.buf.WriteString(fileMagic)
	w.u32(fileVersion)
	w.str(kind)
	return w
}

// Save writes the architecture and the weights in the kit's versioned
// binary format (see LoadAutoencoder).
func (m *AutoencoderModel) Save(out io.Writer) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	w := newWriter(kindConvAE)
	c := m.Config
	for _, v := range []int{m.C, m.H, m.W, c.Kernel, c.Pools, c.LatentChannels, len(c.Channels)} {
		w.u32(v)
	}
	for _, v := range c.Channels {
		w.u32(v)
	}
	w.params(m.net.params)
	w.history(&m.History)
	if err := w.finish(out); err != nil {
		return fmt.Errorf("nn: AutoencoderModel.Save: %w", err)
	}
	return nil
}

// reader parses a model file held in memory; the first failure sticks.
type reader struct {
	where   string
	version int
	b       []byte
	off     int
	err     error
}

func (r *reader) f64s(what string) []float64 {
	n := r.u32(what)
	if r.err != nil || n == 0 {
		return nil
	}
	if n > (len(r.b)-r.off)/8 {
		r.fail("%s: %d values, the file has %d bytes left", what, n, len(r.b)-r.off)
		return nil
	}
	raw := r.take(8*n, what)
	v := make([]float64, n)
	for i := range v {
		v[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
	}
	return v
}

// history reads the training record of a version-2 file into h.
func (r *reader) history(h *History) {
	if r.version < 2 {
		return
	}
	var f [5]int
	for i, what := range []string{"Epochs", "Iterations", "BestEpoch", "Stop", "Converged"} {
		f[i] = r.u32(what)
	}
	if r.err == nil && (f[3] > int(Cancelled) || f[4] > 1) {
		r.fail("history: Stop=%d, Converged=%d", f[3], f[4])
	}
	h.Epochs, h.Iterations, h.BestEpoch, h.Stop, h.Converged = f[0], f[1], f[2], StopReason(f[3]), f[4] == 1
	h.TrainLoss = r.f64s("TrainLoss")
	h.ValLoss = r.f64s("ValLoss")
}

// fits checks that the file still holds at least the float32 values of
// params weights, before a network of that size is allocated.
func (r *reader) fits(params int) {
	if r.err == nil && params > (len(r.b)-r.off)/4 {
		r.fail("the architecture needs %d weights (%d bytes), the file has %d bytes left", params, 4*params, len(r.b)-r.off)
	}
}

// end checks that nothing follows what was read.
func (r *reader) end() error {
	if r.err == nil && r.off != len(r.b) {
		r.fail("%d unexpected bytes after the model", len(r.b)-r.off)
	}
	return r.err
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = check.Errorf(r.where, check.ErrFile, format, args...)
	}
}

func (r *reader) take(n int, what string) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || r.off+n > len(r.b) {
		r.fail("truncated: %s needs %d bytes at offset %d, the file has %d", what, n, r.off, len(r.b))
		return nil
	}
	s := r.b[r.off : r.off+n]
	r.off += n
	return s
}

func (r *reader) u32(what string) int {
	s := r.take(4, what)
	if s == nil {
		return 0
	}
	return int(binary.LittleEndian.Uint32(s))
}

func (r *reader) str(what string) string {
	s := r.take(2, what)
	if s == nil {
		return ""
	}
	return string(r.take(int(binary.LittleEndian.Uint16(s)), what))
}

// open reads a whole model file and checks magic, version, checksum and kind.
func open(where string, in io.Reader, kind string) (*reader, error) {
	if in == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "the reader is nil")
	}
	if v := reflect.ValueOf(in); v.Kind() == reflect.Pointer && v.IsNil() {
		return nil, check.Errorf(where, check.ErrEmpty, "the reader is a nil %T", in)
	}
	b, err := io.ReadAll(io.LimitReader(in, maxModelBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	if len(b) > maxModelBytes {
		return nil, check.Errorf(where, check.ErrFile, "file exceeds %d bytes", maxModelBytes)
	}
	if len(b) < len(fileMagic) || string(b[:len(fileMagic)]) != fileMagic {
		return nil, check.Errorf(where, check.ErrFile, "not a mlkit/nn model file (bad magic bytes)")
	}
	r := &reader{where: where, b: b, off: len(fileMagic)}
	if v := r.u32("version"); r.err == nil && (v < 1 || v > fileVersion) {
		r.fail("format version %d, this kit reads versions 1 to %d", v, fileVersion)
	} else {
		r.version = v
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(b) < r.off+4 {
		return nil, check.Errorf(where, check.ErrFile, "truncated: %d bytes", len(b))
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if got := crc32.ChecksumIEEE(body); got != sum {
		return nil, check.Errorf(where, check.ErrFile, "checksum mismatch (stored %08x, computed %08x): the file is corrupted or truncated", sum, got)
	}
	r.b = body
	if k := r.str("kind"); r.err == nil && k != kind {
		r.fail("the file holds a %q, want a %q", k, kind)
	}
	return r, r.err
}

// params reads the tensors into ps, checking names and shapes.
func (r *reader) params(ps []*param) error {
	n := r.u32("parameter count")
	if r.err == nil && n != len(ps) {
		r.fail("the file has %d weight tensors, the architecture needs %d", n, len(ps))
	}
	for _, p := range ps {
		name := r.str("tensor name")
		rank := r.u32("tensor rank")
		if r.err != nil {
			break
		}
		if rank > 8 {
			r.fail("tensor %q has rank %d", name, rank)
			break
		}
		shape := make([]int, rank)
		for i := range shape {
			shape[i] = r.u32("tensor shape")
		}
		if r.err != nil {
			break
		}
		if name != p.name || !slices.Equal(shape, []int(p.shape)) {
			r.fail("tensor %q of shape %v, the architecture needs %q of shape %v", name, shape, p.name, []int(p.shape))
			break
		}
		raw := r.take(4*len(p.grad), "tensor "+name)
		if raw == nil {
			break
		}
		d := p.data()
		for i := range d {
			d[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
			if math.IsNaN(float64(d[i])) || math.IsInf(float64(d[i]), 0) {
				r.fail("tensor %q holds %v at %d", name, d[i], i)
				return r.err
			}
		}
	}
	return r.err
}

// LoadAutoencoder reads a model written by AutoencoderModel.Save. A file
// that is not a model, of another format version or kind, corrupted,
// truncated, or whose sizes are implausible or do not fit its architecture
// is an error wrapping mlkit.ErrFile that says which; sizes are checked
// against the package's limits and the file's length before anything is
// allocated.
func LoadAutoencoder(in io.Reader) (*AutoencoderModel, error) {
	const where = "nn: LoadAutoencoder"
	r, err := open(where, in, kindConvAE)
	if err != nil {
		return nil, err
	}
	var f [7]int
	for i, what := range []string{"C", "H", "W", "Kernel", "Pools", "LatentChannels", "len(Channels)"} {
		f[i] = r.u32(what)
	}
	if r.err == nil && f[6] > maxLayers {
		r.fail("len(Channels)=%d, at most %d", f[6], maxLayers)
	}
	if r.err != nil {
		return nil, r.err
	}
	chans := make([]int, f[6])
	for i := range chans {
		chans[i] = r.u32("Channels")
	}
	if r.err != nil {
		return nil, r.err
	}
	cfg := ConvAutoencoder{Channels: chans, Kernel: f[3], Pools: f[4], LatentChannels: f[5]}
	if cfg.Kernel == 0 || cfg.Pools == 0 || cfg.LatentChannels == 0 {
		return nil, check.Errorf(where, check.ErrFile, "architecture field is zero (Kernel=%d, Pools=%d, LatentChannels=%d)", cfg.Kernel, cfg.Pools, cfg.LatentChannels)
	}
	if f[0] == 0 || f[1] == 0 || f[2] == 0 {
		return nil, check.Errorf(where, check.ErrFile, "image shape %d×%d×%d", f[0], f[1], f[2])
	}
	full, err := cfg.withDefaults(where)
	if err == nil {
		var params int
		if _, params, err = full.checkSizes(where, f[0], f[1], f[2]); err == nil {
			r.fits(params)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: the stored architecture is invalid: %w: %w", where, check.ErrFile, err)
	}
	if r.err != nil {
		return nil, r.err
	}
	m, err := cfg.Build(f[0], f[1], f[2])
	if err != nil {
		return nil, fmt.Errorf("%s: the stored architecture is invalid: %w: %w", where, check.ErrFile, err)
	}
	r.params(m.net.params)
	r.history(&m.History)
	if err := r.end(); err != nil {
		return nil, err
	}
	return m, nil
}

// MarshalBinary is Save into a byte slice, so that encoding/gob (and memo)
// store a model in the versioned file format.
func (m *AutoencoderModel) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	err := m.Save(&b)
	return b.Bytes(), err
}

// UnmarshalBinary is LoadAutoencoder from a byte slice, into m.
func (m *AutoencoderModel) UnmarshalBinary(b []byte) error {
	l, err := LoadAutoencoder(bytes.NewReader(b))
	if err != nil {
		return err
	}
	m.Config, m.C, m.H, m.W, m.History = l.Config, l.C, l.H, l.W, l.History
	m.net, m.encLayers, m.eng, m.largest, m.graphs = l.net, l.encLayers, l.eng, l.largest, l.graphs
	return nil
}
