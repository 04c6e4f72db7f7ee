package data_test

import (
	"fmt"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
)

func ExampleIris() {
	t, err := data.Iris()
	if err != nil {
		panic(err)
	}
	r, c := t.X.Dims()
	fmt.Println(r, c, t.ClassNames)
	fmt.Println(t.FeatureNames[0], t.X.At(0, 0))
	// Output:
	// 150 4 [setosa versicolor virginica]
	// sepal length (cm) 5.1
}

func ExampleBlobs() {
	X, y, err := data.Blobs{N: 8, Centers: 2, Seed: 1}.Generate()
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.3f %.3f label %d\n", X.At(0, 0), X.At(0, 1), y[0])
	fmt.Println(y)
	// Output:
	// 5.822 -0.416 label 1
	// [1 0 0 1 0 0 1 1]
}

func ExampleTrainTestSplit() {
	t, _ := data.Wine()
	Xtr, Xte, ytr, yte, err := data.TrainTestSplit(t.X, t.Y, 0.25, 1)
	if err != nil {
		panic(err)
	}
	rtr, _ := Xtr.Dims()
	rte, _ := Xte.Dims()
	fmt.Println(rtr, rte, len(ytr), len(yte))
	// Output:
	// 133 45 133 45
}

func ExampleStratifiedKFold() {
	t, _ := data.Iris()
	folds, err := data.StratifiedKFold(t.Y, 5, 1)
	if err != nil {
		panic(err)
	}
	for _, f := range folds {
		fmt.Print(len(f.Train), "/", len(f.Test), " ")
	}
	fmt.Println()
	// Output:
	// 120/30 120/30 120/30 120/30 120/30
}

func ExampleStandardScaler() {
	t, _ := data.Iris()
	s, err := data.StandardScaler{}.Fit(t.X)
	if err != nil {
		panic(err)
	}
	Z, _ := s.Transform(t.X)
	fmt.Printf("mean %.4f scale %.4f z[0,0] %.4f\n", s.Mean[0], s.Scale[0], Z.At(0, 0))
	// Output:
	// mean 5.8433 scale 0.8253 z[0,0] -0.9007
}

func ExampleImages_Downsample() {
	// One 1×4×4 image with values 0..15, averaged over 2×2 areas.
	pix := make([]float32, 16)
	for i := range pix {
		pix[i] = float32(i)
	}
	im, _ := data.NewImages(1, 1, 4, 4, pix)
	small, err := im.Downsample(2, 2)
	if err != nil {
		panic(err)
	}
	fmt.Println(small.Pix)
	// Output:
	// [2.5 4.5 10.5 12.5]
}

func ExampleLoadMNIST() {
	mn, err := data.LoadMNIST() // shared and read-only: copy before changing
	if err != nil {
		fmt.Println(err)
		return
	}
	small, _ := mn.Train.Slice(0, 1000).Downsample(13, 13)
	X := small.Dense() // 1000 × 169
	r, c := X.Dims()
	fmt.Println(mn.Train.N, mn.Test.N, r, c, mn.TrainLabels[:5])
}
