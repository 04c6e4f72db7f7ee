package nn

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"slices"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// Model files (Save, LoadAutoencoder) are little-endian:
//
//	magic    8 bytes "MLKITNN\x00"
//	version  uint32 (1)
//	kind     string: uint16 length + bytes ("ConvAutoencoder")
//	arch     kind-specific uint32 fields; for ConvAutoencoder:
//	         C, H, W, Kernel, Pools, LatentChannels, len(Channels), Channels...
//	params   uint32 count, then per tensor: name (string), uint32 rank,
//	         uint32 dims, float32 values
//	crc      uint32 CRC-32 (IEEE) of every byte before it
//
// Loading checks the magic, version, checksum, kind and that every tensor
// has the name and shape the architecture needs.

const (
	fileMagic   = "MLKITNN\x00"
	fileVersion = 1
	kindConvAE  = "ConvAutoencoder"
	// maxModelBytes bounds what LoadAutoencoder reads (the kit's networks
	// are a few megabytes at most).
	maxModelBytes = 1 << 30
)

type writer struct {
	buf bytes.Buffer
}

func (w *writer) u32(v int) { w.buf.Write(binary.LittleEndian.AppendUint32(nil, uint32(v))) }
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
	if err := w.finish(out); err != nil {
		return fmt.Errorf("nn: AutoencoderModel.Save: %w", err)
	}
	return nil
}

// reader parses a model file held in memory; the first failure sticks.
type reader struct {
	where string
	b     []byte
	off   int
	err   error
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
	if v := r.u32("version"); r.err == nil && v != fileVersion {
		r.fail("format version %d, this kit reads version %d", v, fileVersion)
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
	if r.err == nil && r.off != len(r.b) {
		r.fail("%d unexpected bytes after the weights", len(r.b)-r.off)
	}
	return r.err
}

// LoadAutoencoder reads a model written by AutoencoderModel.Save. A file
// that is not a model, of another format version or kind, corrupted,
// truncated, or whose tensors do not fit its architecture is an error
// wrapping check.ErrFile that says which.
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
	if r.err == nil && f[6] > 64 {
		r.fail("len(Channels)=%d", f[6])
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
	if f[0] > 1<<16 || f[1] > 1<<16 || f[2] > 1<<16 {
		return nil, check.Errorf(where, check.ErrFile, "image shape %d×%d×%d is implausible", f[0], f[1], f[2])
	}
	m, err := cfg.Build(f[0], f[1], f[2])
	if err != nil {
		return nil, fmt.Errorf("%s: the stored architecture is invalid: %w: %w", where, check.ErrFile, err)
	}
	if err := r.params(m.net.params); err != nil {
		return nil, err
	}
	return m, nil
}
