package cluster

import (
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// BenchmarkSideBySideSOM is the Go twin of scripts/bench.d/som.py: a 20×20
// rectangular map (σ = 3, η = 0.5, asymptotic decay, Gaussian neighbourhood,
// PCA initialisation) trained with 10⁵ single-sample updates on 10⁵ points
// of 2-D Gaussian blobs (10 centres in [−10, 10]², standard deviation 1;
// data.Blobs here, scikit-learn's make_blobs there: the same distribution,
// not the same draws). The time is the training alone; quality is the
// quantization error on the training points (the topographic error too).
func BenchmarkSideBySideSOM(b *testing.B) {
	X, _, err := data.Blobs{N: 100_000, D: 2, Centers: 10, Seed: 0}.Generate()
	if err != nil {
		b.Fatal(err)
	}
	var m *SOMModel
	for b.Loop() {
		if m, err = (SOM{Rows: 20, Cols: 20, Sigma: 3, LearningRate: 0.5, Iterations: 100_000, Seed: 1, Progress: progress.Silent}).Fit(X); err != nil {
			b.Fatal(err)
		}
	}
	qe, err := m.QuantizationError(X)
	if err != nil {
		b.Fatal(err)
	}
	te, err := m.TopographicError(X)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(qe, "quantization-error")
	b.ReportMetric(te, "topographic-error")
}
