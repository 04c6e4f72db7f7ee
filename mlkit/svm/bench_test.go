package svm

import (
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/embed"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/accel"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// mnistPCA50 returns PCA-50 (exact solver, fitted on the training part) of
// the first 10,000 MNIST training digits and of the 10,000 test digits, as
// scripts/bench.d/svc.py prepares them outside the timing.
func mnistPCA50(b *testing.B) (Xtr, Xte *mat.Dense, ytr, yte []int) {
	mn, err := data.LoadMNIST()
	if err != nil {
		b.Skip("MNIST not available:", err)
	}
	const n = 10000
	Xall := mn.Train.Dense()
	Xtr10k := mat.DenseCopyOf(Xall.Slice(0, n, 0, Xall.RawMatrix().Cols))
	pca, Ztr, err := embed.PCA{Components: 50}.FitTransform(Xtr10k)
	if err != nil {
		b.Fatal(err)
	}
	Zte, err := pca.Transform(mn.Test.Dense())
	if err != nil {
		b.Fatal(err)
	}
	return Ztr, Zte, mn.TrainLabels[:n], mn.TestLabels
}

func accuracy(pred, y []int) float64 {
	ok := 0
	for i := range y {
		if pred[i] == y[i] {
			ok++
		}
	}
	return float64(ok) / float64(len(y))
}

// BenchmarkSideBySideSVC is the Go twin of scripts/bench.d/svc.py: SVC RBF,
// C=10, gamma scale, fit on PCA-50 of the first 10,000 MNIST training digits,
// then predict the 10,000 test digits; the op is fit + predict (fit-s and
// predict-s split it), quality the test accuracy.
func BenchmarkSideBySideSVC(b *testing.B) {
	Xtr, Xte, ytr, yte := mnistPCA50(b)
	b.Logf("BLAS: %s", accel.Name)
	var acc float64
	var nSV int
	var fitS, predS time.Duration
	for b.Loop() {
		t0 := time.Now()
		m, err := SVC{C: 10, Progress: progress.Silent}.Fit(Xtr, ytr)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		pred, err := m.Predict(Xte)
		if err != nil {
			b.Fatal(err)
		}
		fitS, predS = t1.Sub(t0), time.Since(t1)
		acc, nSV = accuracy(pred, yte), len(m.SupportIndices)
	}
	b.ReportMetric(acc, "test-accuracy")
	b.ReportMetric(float64(nSV), "n-support")
	b.ReportMetric(fitS.Seconds(), "fit-s")
	b.ReportMetric(predS.Seconds(), "predict-s")
}

// BenchmarkSideBySideSVCProba is the Go twin of scripts/bench.d/svc_proba.py:
// the same fit with Probability (five internal folds per pair for Platt's
// sigmoid); the op is the fit alone, quality the accuracy of the argmax of
// PredictProba on the test digits (computed outside the timing).
func BenchmarkSideBySideSVCProba(b *testing.B) {
	Xtr, Xte, ytr, yte := mnistPCA50(b)
	b.Logf("BLAS: %s", accel.Name)
	var m *SVCModel
	for b.Loop() {
		var err error
		m, err = SVC{C: 10, Probability: true, Progress: progress.Silent}.Fit(Xtr, ytr)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	_, labels, err := m.PredictProbaConsistent(Xte)
	if err != nil {
		b.Fatal(err)
	}
	pred, err := m.Predict(Xte)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(accuracy(labels, yte), "test-accuracy")
	b.ReportMetric(accuracy(pred, yte), "predict-accuracy")
	b.ReportMetric(float64(len(m.SupportIndices)), "n-support")
}
