package data

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkReadIDX measures parsing the MNIST training images (gunzip +
// conversion to float32) and the full uncached load of all four files.
func BenchmarkReadIDX(b *testing.B) {
	dir, err := MNISTDir()
	if err != nil {
		b.Skip(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, MNISTTrainImages))
	if err != nil {
		b.Skip(err)
	}
	b.Run("train-images,n=60000", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(60000 * 784)
		for b.Loop() {
			if _, err := ReadIDXImages(bytes.NewReader(raw)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("mnist-all-uncached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := readMNIST(dir); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDownsample resizes the MNIST training images 28×28 → 13×13 (the
// 169 features of experiment 05), on seeded synthetic pixels of that shape.
func BenchmarkDownsample(b *testing.B) {
	for _, n := range []int{1000, 60000} {
		b.Run("n="+itoa(n)+",28x28->13x13", func(b *testing.B) {
			pix := make([]float32, n*784)
			for i := range pix {
				pix[i] = float32((i*7919)%256) / 255
			}
			im, _ := NewImages(n, 1, 28, 28, pix)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := im.Downsample(13, 13); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
