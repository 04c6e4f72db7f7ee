package embed

import (
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
)

var (
	mnistOnce sync.Once
	mnistX    *mat.Dense
	mnistErr  error
)

// mnistTrain returns the 60,000×784 MNIST training images, pixels in [0,1].
func mnistTrain(b *testing.B) *mat.Dense {
	b.Helper()
	mnistOnce.Do(func() {
		m, err := data.LoadMNIST()
		if err != nil {
			mnistErr = err
			return
		}
		mnistX = m.Train.Dense()
	})
	if mnistErr != nil {
		b.Skip("MNIST not available:", mnistErr)
	}
	return mnistX
}

func sumRatio(m *PCAModel) float64 {
	s := 0.0
	for _, v := range m.ExplainedVarianceRatio {
		s += v
	}
	return s
}

// BenchmarkPCA: PCA(50) of seeded data shaped like MNIST (60,000×784).
func BenchmarkPCA(b *testing.B) {
	X := randn(60000, 784, 1)
	for _, rnd := range []bool{false, true} {
		name := "n=60000,d=784,k=50,exact"
		if rnd {
			name = "n=60000,d=784,k=50,randomized"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var m *PCAModel
			for b.Loop() {
				var err error
				m, err = PCA{Components: 50, Randomized: rnd, Seed: 1}.Fit(X)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(sumRatio(m), "explained_ratio")
		})
	}
}

// BenchmarkSideBySidePCAFull is the Go twin of scripts/bench.d/pca_full.py:
// PCA(50), exact, on MNIST train (60,000×784, pixels/255). Quality: sum of
// the explained variance ratios.
func BenchmarkSideBySidePCAFull(b *testing.B) { benchPCA(b, false) }

// BenchmarkSideBySidePCARandomized is the twin of pca_randomized.py.
func BenchmarkSideBySidePCARandomized(b *testing.B) { benchPCA(b, true) }

func benchPCA(b *testing.B, rnd bool) {
	X := mnistTrain(b)
	b.ReportAllocs()
	var m *PCAModel
	for b.Loop() {
		var err error
		m, err = PCA{Components: 50, Randomized: rnd, Seed: 0}.Fit(X)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(sumRatio(m), "explained_ratio")
}
