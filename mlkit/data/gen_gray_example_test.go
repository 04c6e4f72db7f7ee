package data_test

import (
	"fmt"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
)

func ExampleGrayImages() {
	train, y, _ := data.GrayImages{N: 500, Seed: 1}.Generate()
	test, yte, _ := data.GrayImages{N: 200, Seed: 1, Split: data.GrayTest}.Generate()
	fmt.Printf("train %d×%d×%d, test %d images\n", train.N, train.H, train.W, test.N)
	fmt.Printf("first targets %.3f %.3f; first test target %.3f\n", y[0], y[1], yte[0])
	// Output:
	// train 500×28×28, test 200 images
	// first targets 0.258 0.839; first test target 0.273
}
