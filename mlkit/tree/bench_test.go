package tree

import (
	"fmt"
	"syscall"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/embed"
)

func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func mnistOrSkip(b *testing.B) (*mat.Dense, []int) {
	mn, err := data.LoadMNIST()
	if err != nil {
		b.Skip("MNIST not available:", err)
	}
	return mn.Train.Dense(), mn.TrainLabels
}

// benchTree fits DecisionTree{MaxDepth: 10} on X and reports the training
// accuracy (the quality scikit-learn's twin prints) and the tree's size.
func benchTree(b *testing.B, X *mat.Dense, y []int) {
	b.ReportAllocs()
	var m *DecisionTreeModel
	c0 := cpuTime()
	for b.Loop() {
		var err error
		if m, err = (DecisionTree{MaxDepth: 10}).Fit(X, y); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-c0)/float64(b.N)/1e9, "cpu-s/op")
	acc, err := m.Score(X, y)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(acc, "training_accuracy")
	b.ReportMetric(float64(m.Leaves()), "leaves")
}

// BenchmarkSideBySideTreeMNIST is the Go twin of scripts/bench.d/tree_mnist.py:
// DecisionTreeClassifier(max_depth=10) on MNIST train (60,000×784,
// pixels/255); quality is the training accuracy.
func BenchmarkSideBySideTreeMNIST(b *testing.B) {
	X, y := mnistOrSkip(b)
	benchTree(b, X, y)
}

// BenchmarkSideBySideTreePCA50 is the twin of tree_pca50.py: the same tree
// on the exact PCA(50) projection of MNIST train (the projection is not
// timed).
func BenchmarkSideBySideTreePCA50(b *testing.B) {
	X, y := mnistOrSkip(b)
	_, Z, err := embed.PCA{Components: 50}.FitTransform(X)
	if err != nil {
		b.Fatal(err)
	}
	benchTree(b, Z, y)
}

// BenchmarkFit times trees on seeded MNIST-like data (a quarter non-zero).
func BenchmarkFit(b *testing.B) {
	for _, sz := range []struct{ n, d, depth int }{{20000, 784, 10}, {5000, 50, 0}} {
		b.Run(fmt.Sprintf("n=%d,d=%d,depth=%d", sz.n, sz.d, sz.depth), func(b *testing.B) {
			X := mat.NewDense(sz.n, sz.d, nil)
			y := make([]int, sz.n)
			state := uint64(1)
			raw := X.RawMatrix().Data
			for i := range raw {
				state = state*6364136223846793005 + 1442695040888963407
				if state>>60 < 4 {
					raw[i] = float64(state>>11>>45) / 255
				}
			}
			for i := range y {
				y[i] = int(raw[i*sz.d+sz.d/2]*10+raw[i*sz.d+sz.d/3]*3) % 10
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := (DecisionTree{MaxDepth: sz.depth}).Fit(X, y); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
