package memo

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// BenchmarkGetDense reads back a kept data set shaped like the notebooks'
// (a matrix of pixels and its labels): the cost every later cell pays.
func BenchmarkGetDense(b *testing.B) {
	type set struct {
		X *mat.Dense
		Y []int
	}
	const d = 784
	for _, mb := range []int{1, 100} {
		n := mb << 20 / (8 * d)
		b.Run(fmt.Sprintf("MB=%d,n=%d,d=%d", mb, n, d), func(b *testing.B) {
			b.Setenv("MLKIT_MEMO_DIR", b.TempDir())
			rng := rand.New(rand.NewPCG(1, 2))
			x := make([]float64, n*d)
			for i := range x {
				x[i] = rng.Float64()
			}
			y := make([]int, n)
			for i := range y {
				y[i] = rng.IntN(10)
			}
			v := set{mat.NewDense(n, d, x), y}
			id := Key("bench", mb)
			if _, err := Get(id, func() (set, error) { return v, nil }); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(8 * n * d))
			for b.Loop() {
				got, err := Get(id, func() (set, error) { b.Fatal("computed anew"); return set{}, nil })
				if err != nil || got.X == nil {
					b.Fatal(err)
				}
			}
		})
	}
}
