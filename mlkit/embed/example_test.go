package embed_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/embed"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// Points close to the line y = 2x: one component carries almost all the
// variance.
func ExamplePCA() {
	X := mat.NewDense(5, 2, []float64{
		0, 0.1,
		1, 1.9,
		2, 4.1,
		3, 5.9,
		4, 8.0,
	})
	m, err := embed.PCA{Components: 1}.Fit(X)
	if err != nil {
		panic(err)
	}
	fmt.Printf("axis: [%.3f %.3f]\n", m.Components.At(0, 0), m.Components.At(0, 1))
	fmt.Printf("explained variance ratio: %.4f\n", m.ExplainedVarianceRatio[0])
	Z, _ := m.Transform(X)
	fmt.Printf("first score: %.3f\n", Z.At(0, 0))
	// Output:
	// axis: [0.451 0.893]
	// explained variance ratio: 0.9999
	// first score: -4.383
}

// Classical MDS recovers a configuration from its distances alone (here the
// corners of a 3×4 rectangle), up to rotation and reflection.
func ExampleMDS() {
	D := mat.NewDense(4, 4, []float64{
		0, 3, 5, 4,
		3, 0, 4, 5,
		5, 4, 0, 3,
		4, 5, 3, 0,
	})
	m, err := embed.MDS{}.FitDissimilarity(D)
	if err != nil {
		panic(err)
	}
	fmt.Printf("eigenvalues: %.2f %.2f\n", m.Eigenvalues[0], m.Eigenvalues[1])
	fmt.Printf("stress below 1e-20: %v\n", m.Stress < 1e-20)
	// Output:
	// eigenvalues: 16.00 9.00
	// stress below 1e-20: true
}

// t-SNE separates two well-separated groups of points.
func ExampleTSNE() {
	X := mat.NewDense(40, 3, nil)
	for i := 0; i < 40; i++ {
		off := 0.0
		if i >= 20 {
			off = 10
		}
		X.SetRow(i, []float64{off + float64(i%5)*0.1, off + float64(i%7)*0.1, float64(i%3) * 0.1})
	}
	m, err := embed.TSNE{Perplexity: 5, Seed: 1, Progress: progress.Silent}.Fit(X)
	if err != nil {
		panic(err)
	}
	// Mean distance within and between the two groups in the embedding.
	within, between := 0.0, 0.0
	for i := 0; i < 40; i++ {
		for j := 0; j < 40; j++ {
			dx := m.Embedding.At(i, 0) - m.Embedding.At(j, 0)
			dy := m.Embedding.At(i, 1) - m.Embedding.At(j, 1)
			d := dx*dx + dy*dy
			if (i < 20) == (j < 20) {
				within += d
			} else {
				between += d
			}
		}
	}
	fmt.Println("method:", m.Method)
	fmt.Println("groups separated:", between/800 > 4*within/760)
	// Output:
	// method: exact
	// groups separated: true
}
