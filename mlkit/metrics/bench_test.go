package metrics_test

import (
	"math"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
	"gonum.org/v1/gonum/mat"
)

// lcgBlobs makes n points in d dimensions around k centers from a 64-bit LCG
// (Knuth's MMIX constants) with Box–Muller normals, so that
// scripts/bench.d/silhouette.py can generate the same numbers in Python:
// centers ~ N(0, 10²), points = center + N(0, 1), label i mod k.
func lcgBlobs(n, d, k int, seed uint64) (*mat.Dense, []int) {
	state := seed
	uniform := func() float64 {
		state = state*6364136223846793005 + 1442695040888963407
		return (float64(state>>11) + 0.5) / (1 << 53)
	}
	normal := func() float64 {
		u1, u2 := uniform(), uniform()
		return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
	}
	centers := make([]float64, k*d)
	for i := range centers {
		centers[i] = 10 * normal()
	}
	X := mat.NewDense(n, d, nil)
	labels := make([]int, n)
	for i := range n {
		labels[i] = i % k
		row := X.RawRowView(i)
		for j := range row {
			row[j] = centers[labels[i]*d+j] + normal()
		}
	}
	return X, labels
}

func BenchmarkSilhouette(b *testing.B) {
	for _, c := range []struct {
		name    string
		n, d, k int
	}{{"n=2000,d=50", 2000, 50, 10}, {"n=10000,d=50", 10000, 50, 10}} {
		b.Run(c.name, func(b *testing.B) {
			X, labels := lcgBlobs(c.n, c.d, c.k, 1)
			b.ReportAllocs()
			var s float64
			for b.Loop() {
				var err error
				if s, err = metrics.Silhouette(X, labels); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(s, "silhouette")
		})
	}
}

// BenchmarkSideBySideSilhouette is the Go half of scripts/bench.d/silhouette.py:
// the silhouette of 10,000 × 50 points in 10 blobs (same LCG data on both sides).
func BenchmarkSideBySideSilhouette(b *testing.B) {
	X, labels := lcgBlobs(10000, 50, 10, 1)
	var s float64
	for b.Loop() {
		var err error
		if s, err = metrics.Silhouette(X, labels); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(s, "silhouette")
}

func BenchmarkAdjustedMutualInfo(b *testing.B) {
	b.Run("n=70000,classes=10,clusters=12", func(b *testing.B) {
		truth, pred := make([]int, 70000), make([]int, 70000)
		state := uint64(7)
		for i := range truth {
			state = state*6364136223846793005 + 1442695040888963407
			truth[i] = i % 10
			pred[i] = (truth[i] * 7) % 12
			if state>>60 < 5 { // about 30% noise
				pred[i] = int(state>>32) % 12
			}
		}
		b.ReportAllocs()
		var v float64
		for b.Loop() {
			v, _ = metrics.AdjustedMutualInfo(truth, pred)
		}
		b.ReportMetric(v, "AMI")
	})
}

func BenchmarkTrustworthiness(b *testing.B) {
	b.Run("n=5000,d=784,k=10", func(b *testing.B) {
		X, _ := lcgBlobs(5000, 784, 10, 3)
		Y := mat.NewDense(5000, 2, nil)
		Y.Copy(X.Slice(0, 5000, 0, 2))
		b.ReportAllocs()
		var v float64
		for b.Loop() {
			v, _ = metrics.Trustworthiness(X, Y, 10)
		}
		b.ReportMetric(v, "trustworthiness")
	})
}
