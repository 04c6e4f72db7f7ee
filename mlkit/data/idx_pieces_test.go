package data

import (
	"bytes"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

func TestCRC32Combine(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, 3*pixelPiece+123)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	for _, cut := range []int{0, 1, 7, 16, 1000, pixelPiece, len(b) - 1, len(b)} {
		got := crc32Combine(crc32.ChecksumIEEE(b[:cut]), crc32.ChecksumIEEE(b[cut:]), int64(len(b)-cut))
		if want := crc32.ChecksumIEEE(b); got != want {
			t.Errorf("cut at %d: %08x, want %08x", cut, got, want)
		}
	}
}

// TestPixelsGOMAXPROCS checks that the parallel conversions give the same
// bits at any GOMAXPROCS, match the byte/255 rule, and that readIDXImagesAt
// returns the CRC-32 of the whole file.
func TestPixelsGOMAXPROCS(t *testing.T) {
	const n, h, w = 1500, 28, 28 // 1,176,000 bytes: four full pieces and a partial one
	r := rand.New(rand.NewPCG(3, 4))
	raw := make([]byte, n*h*w)
	for i := range raw {
		raw[i] = byte(r.Uint32())
	}
	file := idxBytes(idxMagicImages, []uint32{n, h, w}, raw)
	var ref []float32
	for _, procs := range []int{1, 2, 7} {
		prev := runtime.GOMAXPROCS(procs)
		mem := bytesToPixels(raw)
		im, crc, err := readIDXImagesAt(bytes.NewReader(file), int64(len(file)))
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		if im.N != n || im.H != h || im.W != w || im.C != 1 {
			t.Fatalf("GOMAXPROCS=%d: dims %d×%d×%d×%d", procs, im.N, im.C, im.H, im.W)
		}
		if want := crc32.ChecksumIEEE(file); crc != want {
			t.Errorf("GOMAXPROCS=%d: CRC %08x, want %08x", procs, crc, want)
		}
		if ref == nil {
			ref = mem
			for i, b := range raw {
				if want := float32(float64(b) / 255); ref[i] != want {
					t.Fatalf("Pix[%d]=%v, want %v", i, ref[i], want)
				}
			}
		}
		for i := range ref {
			if math.Float32bits(mem[i]) != math.Float32bits(ref[i]) || math.Float32bits(im.Pix[i]) != math.Float32bits(ref[i]) {
				t.Fatalf("GOMAXPROCS=%d: Pix[%d] %v (memory) %v (pieces), want %v", procs, i, mem[i], im.Pix[i], ref[i])
			}
		}
	}
}

// TestReadIDXImagesAtErrors: a wrong length is reported as ReadIDXImages
// reports it.
func TestReadIDXImagesAtErrors(t *testing.T) {
	good := idxBytes(idxMagicImages, []uint32{2, 2, 2}, make([]byte, 8))
	for _, c := range []struct {
		name string
		in   []byte
		msg  string
	}{
		{"truncated", good[:len(good)-1], "truncated: got 7 bytes"},
		{"trailing", append(append([]byte{}, good...), 1), "trailing data"},
		{"short header", good[:10], "truncated header"},
		{"labels", idxBytes(idxMagicLabels, []uint32{1}, []byte{0}), "magic number"},
	} {
		_, _, err := readIDXImagesAt(bytes.NewReader(c.in), int64(len(c.in)))
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(c.msg)) {
			t.Errorf("%s: %v, want an error containing %q", c.name, err, c.msg)
		}
	}
}
