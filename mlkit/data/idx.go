package data

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
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

	// pixelPiece is how many bytes one parallel piece converts: the 47 MB of
	// training images make 180 pieces, enough to balance any core count,
	// and a piece's float32s (1 MiB) are written while its bytes are still
	// in the cache. The split is fixed, and the conversion is element-wise,
	// so GOMAXPROCS cannot change a bit of the result.
	pixelPiece = 1 << 18
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
	_, dims, raw, err := readIDX(where, r, idxMagicImages, 0)
	if err != nil {
		return nil, err
	}
	return &Images{N: dims[0], C: 1, H: dims[1], W: dims[2], Pix: bytesToPixels(raw)}, nil
}

// ReadIDXLabels reads an IDX1 unsigned-byte file (magic 0x00000801) as labels.
// gzip is detected as in ReadIDXImages, and errors are reported the same way.
func ReadIDXLabels(r io.Reader) ([]int, error) {
	const where = "data: ReadIDXLabels"
	_, _, raw, err := readIDX(where, r, idxMagicLabels, 0)
	if err != nil {
		return nil, err
	}
	return bytesToLabels(raw), nil
}

func bytesToLabels(raw []byte) []int {
	y := make([]int, len(raw))
	for i, b := range raw {
		y[i] = int(b)
	}
	return y
}

// bytesToPixels scales raw bytes to [0,1] in parallel pieces: writing the
// float32s, four times the bytes, is most of the cost of loading images (the
// first write to each page of a new slice is a page fault).
func bytesToPixels(raw []byte) []float32 {
	pix := make([]float32, len(raw))
	par.For(numPieces(len(raw)), func(i int) {
		lo, hi := pieceRange(i, len(raw))
		toPixels(pix[lo:hi], raw[lo:hi])
	})
	return pix
}

func numPieces(n int) int { return (n + pixelPiece - 1) / pixelPiece }

func pieceRange(i, n int) (lo, hi int) { return i * pixelPiece, min(n, (i+1)*pixelPiece) }

func toPixels(dst []float32, src []byte) {
	lut := pixelScale // a local copy: 5× faster than indexing the global
	dst = dst[:len(src)]
	for i, b := range src {
		dst[i] = lut[b]
	}
}

// readIDX checks the header against magic and returns the header bytes, the
// dimensions and the raw element bytes. gzSize, when positive, is the
// decompressed length a gzip trailer claims (already bounded by the caller):
// it sizes the buffer of compressed input at once instead of by doubling.
// Uncompressed input that tells its length (bytes.Reader, bytes.Buffer) is
// read into one buffer of that length.
func readIDX(where string, r io.Reader, magic uint32, gzSize int64) ([]byte, []int, []byte, error) {
	if check.IsNil(r) {
		return nil, nil, nil, check.Errorf(where, check.ErrEmpty, "reader is nil")
	}
	avail := int64(-1) // bytes known to be there, header included
	if l, ok := r.(interface{ Len() int }); ok {
		avail = int64(l.Len())
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, nil, check.Errorf(where, check.ErrValue, "bad gzip header: %v", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
		avail = -1
		if gzSize > 0 {
			avail = gzSize
		}
	}
	header, dims, total, err := readIDXHeader(where, br, magic)
	if err != nil {
		return nil, nil, nil, err
	}
	hint := 0
	if avail-int64(len(header)) >= int64(total) {
		hint = total
	}
	raw, err := readN(br, total, hint)
	if err != nil {
		return nil, nil, nil, check.Errorf(where, check.ErrShape, "dimensions %v need %d data bytes: %v", dims, total, err)
	}
	// A well-formed file ends here; reading on also makes gzip verify its checksum.
	var one [1]byte
	switch n, err := io.ReadFull(br, one[:]); {
	case n > 0:
		return nil, nil, nil, check.Errorf(where, check.ErrShape, "trailing data after the %d elements of dimensions %v", total, dims)
	case err != io.EOF && err != nil:
		return nil, nil, nil, check.Errorf(where, check.ErrShape, "after the data: %v", err)
	}
	return header, dims, raw, nil
}

// readIDXHeader reads and checks the magic number and the dimensions, and
// returns the header bytes, the dimensions and their product.
func readIDXHeader(where string, r io.Reader, magic uint32) ([]byte, []int, int, error) {
	ndim := int(magic & 0xff)
	header := make([]byte, 4+4*ndim)
	if n, err := io.ReadFull(r, header[:4]); err != nil {
		return nil, nil, 0, check.Errorf(where, check.ErrShape, "truncated header: read %d of 4 magic bytes (%v)", n, err)
	}
	if got := binary.BigEndian.Uint32(header); got != magic {
		return nil, nil, 0, check.Errorf(where, check.ErrValue, "magic number 0x%08x, want 0x%08x (%s)", got, magic, idxKind(magic))
	}
	if n, err := io.ReadFull(r, header[4:]); err != nil {
		return nil, nil, 0, check.Errorf(where, check.ErrShape, "truncated header: read %d of %d dimension bytes (%v)", n, 4*ndim, err)
	}
	dims := make([]int, ndim)
	total := uint64(1)
	for i := range dims {
		dims[i] = int(binary.BigEndian.Uint32(header[4+4*i:]))
	}
	for i, d := range dims {
		if d == 0 {
			return nil, nil, 0, check.Errorf(where, check.ErrValue, "dimensions %v: dimension %d is 0, want > 0", dims, i)
		}
		total *= uint64(d)
		if total > maxElements {
			return nil, nil, 0, check.Errorf(where, check.ErrValue, "dimensions %v hold more than %d elements", dims, uint64(maxElements))
		}
	}
	return header, dims, int(total), nil
}

// readIDXImagesAt reads an uncompressed IDX3 file of size bytes from ra: the
// header, then the pixels in parallel pieces, each read straight into a small
// reused buffer and converted, so the raw bytes are never held whole (a
// 47 MB buffer would cost 11,500 more page faults, each several
// microseconds in a virtual machine). It also returns the CRC-32 (IEEE) of
// the whole file, the checksum a gzip trailer holds, combined from the
// pieces' checksums.
func readIDXImagesAt(ra io.ReaderAt, size int64) (*Images, uint32, error) {
	const where = "data: ReadIDXImages"
	header, dims, total, err := readIDXHeader(where, io.NewSectionReader(ra, 0, size), idxMagicImages)
	if err != nil {
		return nil, 0, err
	}
	switch data := size - int64(len(header)); {
	case data < int64(total):
		return nil, 0, check.Errorf(where, check.ErrShape, "dimensions %v need %d data bytes: truncated: got %d bytes", dims, total, data)
	case data > int64(total):
		return nil, 0, check.Errorf(where, check.ErrShape, "trailing data after the %d elements of dimensions %v", total, dims)
	}
	pix := make([]float32, total)
	n := numPieces(total)
	crcs := make([]uint32, n)
	errs := make([]error, n)
	free := make(chan []byte, runtime.GOMAXPROCS(0)) // one buffer per worker, reused
	par.For(n, func(i int) {
		var buf []byte
		select {
		case buf = <-free:
		default:
			buf = make([]byte, pixelPiece)
		}
		lo, hi := pieceRange(i, total)
		b := buf[:hi-lo]
		if _, err := ra.ReadAt(b, int64(len(header)+lo)); err != nil {
			errs[i] = err
		} else {
			crcs[i] = crc32.ChecksumIEEE(b)
			toPixels(pix[lo:hi], b)
		}
		select {
		case free <- buf:
		default:
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, 0, check.Errorf(where, check.ErrShape, "reading the %d pixels of dimensions %v: %v", total, dims, err)
	}
	crc := crc32.ChecksumIEEE(header)
	full := crc32ZerosOp(pixelPiece)
	for i, c := range crcs {
		if lo, hi := pieceRange(i, total); hi-lo == pixelPiece {
			crc = full.times(crc) ^ c
		} else {
			crc = crc32Combine(crc, c, int64(hi-lo))
		}
	}
	return &Images{N: dims[0], C: 1, H: dims[1], W: dims[2], Pix: pix}, crc, nil
}

// gf2 is a 32×32 matrix over GF(2) acting on a CRC-32 register: m[j] is the
// image of bit j. It lets the CRC of a concatenation be found from the CRCs
// of its parts (zlib's crc32_combine, Mark Adler; the register after n zero
// bytes is a linear map of the register before).
type gf2 [32]uint32

func (m *gf2) times(v uint32) uint32 {
	var s uint32
	for j := 0; v != 0; j, v = j+1, v>>1 {
		if v&1 != 0 {
			s ^= m[j]
		}
	}
	return s
}

// then returns the map m followed by a.
func (m *gf2) then(a *gf2) gf2 {
	var p gf2
	for j := range m {
		p[j] = a.times(m[j])
	}
	return p
}

// crc32ZerosOp returns the map of a reflected CRC-32 (IEEE) register over n
// zero bytes, by repeated squaring of the one-bit map.
func crc32ZerosOp(n int64) gf2 {
	var op, id gf2
	op[0] = crc32.IEEE // the bit shifted out brings in the polynomial
	for j := 1; j < 32; j++ {
		op[j] = 1 << (j - 1)
	}
	for j := range id {
		id[j] = 1 << j
	}
	for range 3 { // one bit → one byte
		op = op.then(&op)
	}
	for r := id; ; {
		if n&1 != 0 {
			r = r.then(&op)
		}
		if n >>= 1; n == 0 {
			return r
		}
		op = op.then(&op)
	}
}

// crc32Combine returns the CRC-32 (IEEE) of A followed by B from crcA, crcB
// and the length of B.
func crc32Combine(crcA, crcB uint32, lenB int64) uint32 {
	if lenB <= 0 {
		return crcA
	}
	op := crc32ZerosOp(lenB)
	return op.times(crcA) ^ crcB
}

// readN reads exactly n bytes. With hint ≥ n (the caller knows the bytes are
// there) it allocates n at once; otherwise its buffer grows as data arrives.
func readN(r io.Reader, n, hint int) ([]byte, error) {
	start := min(n, 4*idxChunk)
	if hint >= n {
		start = n
	}
	buf := make([]byte, 0, start)
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
