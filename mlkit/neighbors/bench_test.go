package neighbors

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

func BenchmarkSearch(b *testing.B) {
	for _, c := range []struct {
		n, q, d int
		alg     Algorithm
	}{{10000, 2000, 50, Brute}, {10000, 2000, 2, Brute}, {10000, 2000, 2, Tree}, {50000, 50000, 2, Tree}} {
		b.Run(fmt.Sprintf("n=%d,q=%d,d=%d,%v", c.n, c.q, c.d, c.alg), func(b *testing.B) {
			rng := randx.New(1)
			X := mat.NewDense(c.n, c.d, nil)
			for i := range X.RawMatrix().Data {
				X.RawMatrix().Data[i] = rng.NormFloat64()
			}
			Q := X.Slice(0, c.q, 0, c.d).(*mat.Dense)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := (KNN{K: 10, Algorithm: c.alg}).Search(X, Q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
