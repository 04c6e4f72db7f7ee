package linear

import (
	"fmt"
	"syscall"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/accel"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// BenchmarkSideBySideLogistic is the Go twin of scripts/bench.d/logistic.py:
// softmax regression on MNIST train (60000×784, pixels in [0,1]), C=1,
// MaxIter=200, scored by accuracy on the 10000 test images.
func BenchmarkSideBySideLogistic(b *testing.B) {
	mn, err := data.LoadMNIST()
	if err != nil {
		b.Skip("MNIST not available:", err)
	}
	Xtr, Xte := mn.Train.Dense(), mn.Test.Dense()
	b.Logf("BLAS: %s", accel.Name)
	b.ReportAllocs()
	c0 := cpuTime()
	var m *LogisticRegressionModel
	for b.Loop() {
		// Only the fit is timed, as in logistic.py; the test set is scored after.
		if m, err = (LogisticRegression{C: 1, MaxIter: 200, Progress: progress.Silent}).Fit(Xtr, mn.TrainLabels); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-c0)/float64(b.N)/1e9, "cpu-s/op")
	acc, err := m.Score(Xte, mn.TestLabels)
	if err != nil {
		b.Fatal(err)
	}
	iters, evals := m.Iterations, m.evals
	b.ReportMetric(acc, "test-accuracy")
	b.ReportMetric(float64(iters), "iterations")
	b.ReportMetric(float64(evals), "evaluations")
}

// BenchmarkLogisticLoss times one loss-and-gradient evaluation, the unit of
// work of every L-BFGS iteration.
func BenchmarkLogisticLoss(b *testing.B) {
	for _, sz := range []struct{ n, d, k int }{{60000, 784, 10}, {5000, 64, 10}} {
		b.Run(fmt.Sprintf("n=%d,d=%d,k=%d", sz.n, sz.d, sz.k), func(b *testing.B) {
			X := mat.NewDense(sz.n, sz.d, nil)
			y := make([]int, sz.n)
			state := uint64(1)
			raw := X.RawMatrix().Data
			for i := range raw {
				state = state*6364136223846793005 + 1442695040888963407
				if state>>60 < 4 { // ~25% non-zero, like MNIST pixels
					raw[i] = float64(state>>11) / float64(1<<53)
				}
			}
			for i := range y {
				y[i] = i % sz.k
			}
			for _, kernel := range []string{"sparse", "dense"} {
				b.Run(kernel, func(b *testing.B) {
					l := newLogLoss(X, y, sz.k, 1)
					if kernel == "dense" {
						l.sp = nil
					}
					theta := make([]float64, l.nParams())
					for i := range theta {
						theta[i] = 0.001 * float64(i%7)
					}
					grad := make([]float64, len(theta))
					b.ReportAllocs()
					c0 := cpuTime()
					for b.Loop() {
						l.eval(theta, grad)
					}
					b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op")
				})
			}
		})
	}
}

// cpuTime is the process's user+system CPU time in ns: on a shared machine
// it says more about the work done than the wall clock.
func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
