package data

import (
	"bytes"
	"os"
	"path/filepath"
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
