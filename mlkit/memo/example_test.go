package memo_test

import (
	"fmt"
	"os"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/memo"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// A notebook cell fits once; later cells (later programs, in GoNB) read the
// model back. Changing K, the Seed or X would fit anew: the key is computed
// from them.
func ExampleFit() {
	dir, _ := os.MkdirTemp("", "memo-example")
	defer os.RemoveAll(dir)
	os.Setenv("MLKIT_MEMO_DIR", dir)

	X := mat.NewDense(6, 1, []float64{0, 0.1, 0.2, 5, 5.1, 5.2})
	km := cluster.KMeans{K: 2, Seed: 1, Progress: progress.Silent}
	a, _ := memo.Fit("ex", km, X) // computed
	b, _ := memo.Fit("ex", km, X) // read back
	fmt.Println(a.Inertia == b.Inertia, a != b)

	// Any value: a key from everything the computation reads.
	n := 3
	sq, _ := memo.Get(memo.Key("ex", "squares", n), func() ([]int, error) {
		out := make([]int, n)
		for i := range out {
			out[i] = i * i
		}
		return out, nil
	})
	fmt.Println(sq)
	// Output:
	// true true
	// [0 1 4]
}
