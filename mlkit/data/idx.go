package data

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// IDX is the format of the MNIST files (LeCun et al.,
// http://yann.lecun.com/exdb/mnist/): a 4-byte magic number 0x0000TTNN, where
// TT is the element type (0x08 = unsigned byte) and NN the number of
// dimensions, then NN big-endian uint32 sizes, then the elements in row-major
// order.
const (
	idxMagicLabels = 0x00000801 // ubyte, 1 dimension
	idxMagicImages = 0x00000803 // ubyte, 3 dimensions

	// idxChunk is the read granularity: buffers grow with the data actually
	// read, so a header that lies about its size cannot force a large
	// allocation before the data is there.
	idxChunk = 1 << 20
)

// pixelScale maps a byte to its value in [0,1], rounded once from float64
// (as numpy's (x/255.0).astype(float32) does).
var pixelScale = func() (t [256]float32) {
	for i := range t {
		t[i] = float32(float64(i) / 255)
	}
	return t
}()

// ReadIDXImages reads an IDX3 unsigned-byte file (magic 0x00000803: count,
// rows, columns) as single-channel Images with pixels scaled to [0,1]. Input
// compressed with gzip is detected by its magic bytes (1f 8b) and decompressed.
// It returns an error, wrapping mlkit.ErrValue or mlkit.ErrShape, for a wrong
// magic number, zero or absurd dimensions (more than 2³¹ values), truncated
// data or trailing bytes.
func ReadIDXImages(r io.Reader) (*Images, error) {
	const where = "data: ReadIDXImages"
	dims, raw, err := readIDX(where, r, idxMagicImages)
	if err != nil {
		return nil, err
	}
	pix := make([]float32, len(raw))
	lut := pixelScale // a local copy: 5× faster than indexing the global
	for i, b := range raw {
		pix[i] = lut[b]
	}
	return &Images{N: dims[0], C: 1, H: dims[1], W: dims[2], Pix: pix}, nil
}

// ReadIDXLabels reads an IDX1 unsigned-byte file (magic 0x00000801) as labels.
// gzip is detected as in ReadIDXImages, and errors are reported the same way.
func ReadIDXLabels(r io.Reader) ([]int, error) {
	const where = "data: ReadIDXLabels"
	_, raw, err := readIDX(where, r, idxMagicLabels)
	if err != nil {
		return nil, err
	}
	y := make([]int, len(raw))
	for i, b := range raw {
		y[i] = int(b)
	}
	return y, nil
}

// readIDX checks the header against magic and returns the dimensions and the
// raw element bytes.
func readIDX(where string, r io.Reader, magic uint32) ([]int, []byte, error) {
	if check.IsNil(r) {
		return nil, nil, check.Errorf(where, check.ErrEmpty, "reader is nil")
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, check.Errorf(where, check.ErrValue, "bad gzip header: %v", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	ndim := int(magic & 0xff)
	header := make([]byte, 4+4*ndim)
	if n, err := io.ReadFull(br, header[:4]); err != nil {
		return nil, nil, check.Errorf(where, check.ErrShape, "truncated header: read %d of 4 magic bytes (%v)", n, err)
	}
	if got := binary.BigEndian.Uint32(header); got != magic {
		return nil, nil, check.Errorf(where, check.ErrValue, "magic number 0x%08x, want 0x%08x (%s)", got, magic, idxKind(magic))
	}
	if n, err := io.ReadFull(br, header[4:]); err != nil {
		return nil, nil, check.Errorf(where, check.ErrShape, "truncated header: read %d of %d dimension bytes (%v)", n, 4*ndim, err)
	}
	dims := make([]int, ndim)
	total := uint64(1)
	for i := range dims {
		dims[i] = int(binary.BigEndian.Uint32(header[4+4*i:]))
	}
	for i, d := range dims {
		if d == 0 {
			return nil, nil, check.Errorf(where, check.ErrValue, "dimensions %v: dimension %d is 0, want > 0", dims, i)
		}
		total *= uint64(d)
		if total > maxElements {
			return nil, nil, check.Errorf(where, check.ErrValue, "dimensions %v hold more than %d elements", dims, uint64(maxElements))
		}
	}
	raw, err := readN(br, int(total))
	if err != nil {
		return nil, nil, check.Errorf(where, check.ErrShape, "dimensions %v need %d data bytes: %v", dims, total, err)
	}
	// A well-formed file ends here; reading on also makes gzip verify its checksum.
	var one [1]byte
	switch n, err := io.ReadFull(br, one[:]); {
	case n > 0:
		return nil, nil, check.Errorf(where, check.ErrShape, "trailing data after the %d elements of dimensions %v", total, dims)
	case err != io.EOF && err != nil:
		return nil, nil, check.Errorf(where, check.ErrShape, "after the data: %v", err)
	}
	return dims, raw, nil
}

// readN reads exactly n bytes, growing its buffer as data arrives.
func readN(r io.Reader, n int) ([]byte, error) {
	buf := make([]byte, 0, min(n, 4*idxChunk))
	for len(buf) < n {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(n, 2*cap(buf)))
			copy(grown, buf)
			buf = grown
		}
		end := min(n, cap(buf))
		k, err := io.ReadFull(r, buf[len(buf):end])
		buf = buf[:len(buf)+k]
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, fmt.Errorf("truncated: got %d bytes", len(buf))
			}
			return nil, err
		}
	}
	return buf, nil
}

func idxKind(magic uint32) string {
	if magic == idxMagicImages {
		return "IDX3 unsigned-byte images"
	}
	return "IDX1 unsigned-byte labels"
}
