package data

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// idxBytes builds an IDX file: magic, dims, then data.
func idxBytes(magic uint32, dims []uint32, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, magic)
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, d)
	}
	b.Write(data)
	return b.Bytes()
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func TestReadIDXImagesSmall(t *testing.T) {
	// Two 2×3 images; bytes 0..255 map to b/255.
	data := []byte{0, 51, 255, 1, 2, 3, 10, 20, 30, 40, 50, 60}
	file := idxBytes(idxMagicImages, []uint32{2, 2, 3}, data)
	for name, in := range map[string][]byte{"plain": file, "gzip": gz(file)} {
		im, err := ReadIDXImages(bytes.NewReader(in))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if im.N != 2 || im.C != 1 || im.H != 2 || im.W != 3 {
			t.Fatalf("%s: dims %d×%d×%d×%d, want 2×1×2×3", name, im.N, im.C, im.H, im.W)
		}
		for i, b := range data {
			if want := float32(float64(b) / 255); im.Pix[i] != want {
				t.Errorf("%s: Pix[%d]=%v, want %v", name, i, im.Pix[i], want)
			}
		}
	}
	labels := idxBytes(idxMagicLabels, []uint32{4}, []byte{7, 0, 9, 3})
	y, err := ReadIDXLabels(bytes.NewReader(gz(labels)))
	if err != nil || len(y) != 4 || y[0] != 7 || y[2] != 9 || y[3] != 3 {
		t.Fatalf("ReadIDXLabels: %v, %v", y, err)
	}
}

func TestReadIDXErrors(t *testing.T) {
	good := idxBytes(idxMagicImages, []uint32{2, 2, 2}, make([]byte, 8))
	cases := []struct {
		name   string
		labels bool
		in     []byte
		want   error
		msg    string
	}{
		{"empty", false, nil, check.ErrShape, "truncated header"},
		{"short magic", false, []byte{0, 0, 8}, check.ErrShape, "truncated header"},
		{"bad magic", false, idxBytes(0x00000804, []uint32{1, 1, 1}, []byte{0}), check.ErrValue, "magic number 0x00000804, want 0x00000803"},
		{"labels as images", false, idxBytes(idxMagicLabels, []uint32{1}, []byte{0}), check.ErrValue, "magic number"},
		{"images as labels", true, good, check.ErrValue, "want 0x00000801"},
		{"truncated dims", false, good[:9], check.ErrShape, "truncated header"},
		{"zero dim", false, idxBytes(idxMagicImages, []uint32{2, 0, 2}, nil), check.ErrValue, "dimension 1 is 0"},
		{"absurd dims", false, idxBytes(idxMagicImages, []uint32{1 << 20, 1 << 10, 1 << 10}, []byte{1, 2}), check.ErrValue, "more than 2147483648"},
		{"max dims", true, idxBytes(idxMagicLabels, []uint32{1<<32 - 1}, nil), check.ErrValue, "more than"},
		{"truncated data", false, good[:len(good)-1], check.ErrShape, "truncated: got 7 bytes"},
		{"truncated gzip", false, gz(good)[:20], check.ErrShape, "need 8 data bytes"},
		{"trailing data", false, append(append([]byte{}, good...), 9), check.ErrShape, "trailing data"},
		{"bad gzip header", false, []byte{0x1f, 0x8b, 0, 0}, check.ErrValue, "bad gzip header"},
	}
	// A corrupted gzip checksum must be detected after the data is read.
	bad := gz(good)
	bad[len(bad)-5] ^= 0xff
	cases = append(cases, struct {
		name   string
		labels bool
		in     []byte
		want   error
		msg    string
	}{"gzip checksum", false, bad, check.ErrShape, "checksum"})
	for _, c := range cases {
		var err error
		if c.labels {
			_, err = ReadIDXLabels(bytes.NewReader(c.in))
		} else {
			_, err = ReadIDXImages(bytes.NewReader(c.in))
		}
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: error %q, want it to wrap %v and contain %q", c.name, err, c.want, c.msg)
		}
	}
	if _, err := ReadIDXImages(nil); !errors.Is(err, check.ErrEmpty) {
		t.Errorf("nil reader: %v", err)
	}
}

func TestLoadMNISTFromMismatch(t *testing.T) {
	dir := t.TempDir()
	img := gz(idxBytes(idxMagicImages, []uint32{3, 2, 2}, make([]byte, 12)))
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(MNISTTrainImages, img)
	write(MNISTTestImages, img)
	write(MNISTTrainLabels, idxBytes(idxMagicLabels, []uint32{2}, []byte{1, 2}))
	write(MNISTTestLabels, idxBytes(idxMagicLabels, []uint32{3}, []byte{1, 2, 3}))
	_, err := LoadMNISTFrom(dir)
	if !errors.Is(err, check.ErrShape) || !strings.Contains(err.Error(), "train set has 3 images and 2 labels") {
		t.Fatalf("labels length mismatch: %v", err)
	}
	write(MNISTTrainLabels, idxBytes(idxMagicLabels, []uint32{3}, []byte{1, 2, 12}))
	_, err = LoadMNISTFrom(dir)
	if !errors.Is(err, check.ErrValue) || !strings.Contains(err.Error(), "train label 2 is 12") {
		t.Fatalf("label out of range: %v", err)
	}
	write(MNISTTrainLabels, idxBytes(idxMagicLabels, []uint32{3}, []byte{1, 2, 3}))
	m, err := LoadMNISTFrom(dir)
	if err != nil || m.Train.N != 3 {
		t.Fatalf("valid small set after failures: %v", err)
	}
	os.Remove(filepath.Join(dir, MNISTTestLabels))
	if _, err := LoadMNISTFrom(t.TempDir()); err == nil {
		t.Fatal("empty folder: no error")
	}
}

func FuzzReadIDX(f *testing.F) {
	f.Add(idxBytes(idxMagicImages, []uint32{2, 2, 3}, []byte{0, 51, 255, 1, 2, 3, 10, 20, 30, 40, 50, 60}))
	f.Add(gz(idxBytes(idxMagicImages, []uint32{1, 1, 1}, []byte{128})))
	f.Add(idxBytes(idxMagicLabels, []uint32{3}, []byte{1, 2, 3}))
	f.Add(gz(idxBytes(idxMagicLabels, []uint32{1}, []byte{9})))
	f.Add(idxBytes(idxMagicImages, []uint32{1 << 31, 1, 1}, nil))
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, in []byte) {
		if im, err := ReadIDXImages(bytes.NewReader(in)); err == nil {
			if im.N*im.C*im.H*im.W != len(im.Pix) || im.C != 1 {
				t.Fatalf("inconsistent images %d×%d×%d×%d, len %d", im.N, im.C, im.H, im.W, len(im.Pix))
			}
			for _, v := range im.Pix {
				if !(v >= 0 && v <= 1) {
					t.Fatalf("pixel %v outside [0,1]", v)
				}
			}
		}
		if y, err := ReadIDXLabels(bytes.NewReader(in)); err == nil {
			for _, v := range y {
				if v < 0 || v > 255 {
					t.Fatalf("label %d outside a byte", v)
				}
			}
		}
	})
}
