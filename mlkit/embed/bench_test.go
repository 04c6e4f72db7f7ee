package embed

import (
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
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
				m, err = PCA{Components: 50, Solver: solverOf(rnd), Seed: 1}.Fit(X)
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
		m, err = PCA{Components: 50, Solver: solverOf(rnd), Seed: 0}.Fit(X)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(sumRatio(m), "explained_ratio")
}

var (
	tsneOnce  sync.Once
	tsneInput *mat.Dense
)

// mnistPCA50 is the bench input of t-SNE: PCA(50) (exact) of the first
// 5,000 MNIST training images.
func mnistPCA50(b *testing.B) *mat.Dense {
	X := mnistTrain(b)
	tsneOnce.Do(func() {
		sub := mat.DenseCopyOf(X.Slice(0, 5000, 0, 784))
		_, Z, err := PCA{Components: 50}.FitTransform(sub)
		if err != nil {
			panic(err)
		}
		tsneInput = Z
	})
	return tsneInput
}

// BenchmarkTSNE: Barnes–Hut t-SNE of seeded 2,000×20 blobs-like data.
func BenchmarkTSNE(b *testing.B) {
	X := randn(2000, 20, 5)
	for i := 0; i < 2000; i++ {
		X.Set(i, i%20, X.At(i, i%20)+6)
	}
	for _, method := range []TSNEMethod{BarnesHut} {
		b.Run("n=2000,d=20,"+method.String(), func(b *testing.B) {
			b.ReportAllocs()
			var m *TSNEModel
			for b.Loop() {
				var err error
				m, err = TSNE{Method: method, Seed: 1, Progress: progress.Silent}.Fit(X)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(m.KLDivergence, "kl")
		})
	}
}

// BenchmarkSideBySideTSNE is the Go twin of scripts/bench.d/tsne.py: t-SNE
// (perplexity 30, 1,000 iterations, PCA init, learning rate auto) of the
// PCA-50 scores of the first 5,000 MNIST training images. Quality:
// trustworthiness with 5 neighbours (computed outside the timed loop).
func BenchmarkSideBySideTSNE(b *testing.B) {
	X := mnistPCA50(b)
	b.ReportAllocs()
	var m *TSNEModel
	for b.Loop() {
		var err error
		m, err = TSNE{Method: BarnesHut, Seed: 0, Progress: progress.Silent}.Fit(X)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// Only the quality figure: scripts/bench reads the first custom metric,
	// and Go prints them sorted by unit.
	b.ReportMetric(trustworthiness(X, m.Embedding, 5), "trustworthiness")
}
