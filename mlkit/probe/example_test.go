package probe_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/probe"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// sticks: two long parallel lines of points, one per class. A clustering
// that cuts along the long axis (left half, right half) misses the classes;
// a linear probe finds them.
func sticks() (*mat.Dense, []int, []int) {
	const n = 200
	X := mat.NewDense(n, 2, nil)
	y := make([]int, n)
	leftRight := make([]int, n)
	for i := range n {
		y[i] = i % 2
		x := float64(i/2) - 50
		X.Set(i, 0, x)
		X.Set(i, 1, float64(2*y[i]-1)+0.01*float64(i%7))
		if x >= 0 {
			leftRight[i] = 1
		}
	}
	return X, y, leftRight
}

func ExampleLinear() {
	X, y, _ := sticks()
	r, err := probe.Linear(X, y, probe.Config{Seed: 1, Progress: progress.Silent})
	if err != nil {
		panic(err)
	}
	fmt.Println(r)
	// Output:
	// linear (C=1): 5-fold CV accuracy 1.0000 ± 0.0000
}

func ExampleCompare() {
	X, y, leftRight := sticks()
	tab, err := probe.CompareWith(probe.Config{Progress: progress.Silent}, X, y,
		probe.Clustering{Name: "left/right", Labels: leftRight})
	if err != nil {
		panic(err)
	}
	fmt.Print(tab)
	clustering, probeAcc := tab.Best()
	fmt.Printf("probe beats clustering: %v\n", probeAcc > clustering)
	// Output:
	// kind        name             ARI    NMI  matched acc.    CV accuracy  test acc.
	// -------------------------------------------------------------------------------
	// clustering  left/right    -0.005  0.000         0.500              —          —
	// probe       linear (C=1)       —      —             —  1.000 ± 0.000          —
	// probe       kNN (K=5)          —      —             —  1.000 ± 0.000          —
	// probe beats clustering: true
}
