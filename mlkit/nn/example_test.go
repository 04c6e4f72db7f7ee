package nn_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/nn"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// The wide and compact codes of experiment 01 on 28×28 MNIST-sized images.
func ExampleConvAutoencoder() {
	wide, _ := nn.ConvAutoencoder{Seed: 1}.Build(1, 28, 28)
	compact, _ := nn.ConvAutoencoder{LatentChannels: 4, Pools: 2, Seed: 1}.Build(1, 28, 28)
	fmt.Println(wide)
	fmt.Println(compact)
	_, err := nn.ConvAutoencoder{}.Build(1, 27, 27)
	fmt.Println(err)
	// Output:
	// ConvAutoencoder 1×28×28 → 8×14×14 (1568) → 1×28×28, 2633 weights
	// ConvAutoencoder 1×28×28 → 4×7×7 (196) → 1×28×28, 1477 weights
	// nn: ConvAutoencoder.Build: images of 27×27 cannot be pooled 1 times: h and w must be divisible by 2^Pools=2: shape mismatch
}

// Training on a few seeded 12×12 images: the reconstruction error falls.
func ExampleConvAutoencoder_Fit() {
	rng := rand.New(rand.NewPCG(1, 2))
	pix := make([]float32, 32*12*12)
	for i := range pix {
		// blurry blobs: a smooth function of the position plus a little noise
		x, y := i%12, i/12%12
		pix[i] = float32(0.5+0.4*float64((x/4+y/4+i/144)%3-1)) + float32(0.05*rng.Float64())
	}
	images, _ := data.NewImages(32, 1, 12, 12, pix)
	ae, err := nn.ConvAutoencoder{Seed: 1, Train: nn.TrainConfig{
		Epochs: 15, BatchSize: 16, LearningRate: 5e-3, Seed: 1, Progress: progress.Silent}}.Fit(images)
	if err != nil {
		fmt.Println(err)
		return
	}
	codes, _ := ae.Encode(images)
	rows, cols := codes.Dims()
	hist := ae.History
	first, last := hist.TrainLoss[0], hist.TrainLoss[len(hist.TrainLoss)-1]
	fmt.Printf("%d epochs, %d steps (%v); codes %d×%d\n", hist.Epochs, hist.Iterations, hist.Stop, rows, cols)
	fmt.Printf("loss fell by more than half: %v\n", last < first/2)
	// Output:
	// 15 epochs, 30 steps (max_epochs); codes 32×288
	// loss fell by more than half: true
}

// An MLP classifier on four well separated blobs.
func ExampleMLP() {
	X, y, _ := data.Blobs{N: 400, Centers: 4, Spread: 0.5, Seed: 6}.Generate()
	m, err := nn.MLP{Hidden: []int{16}, Seed: 1, Train: nn.TrainConfig{
		Epochs: 20, BatchSize: 32, LearningRate: 1e-2, Seed: 1, Progress: progress.Silent}}.Fit(X, y)
	if err != nil {
		fmt.Println(err)
		return
	}
	pred, _ := m.Predict(X)
	correct := 0
	for i := range y {
		if pred[i] == y[i] {
			correct++
		}
	}
	fmt.Println(m)
	fmt.Printf("classes %v, training accuracy %.2f after %d epochs (%v)\n", m.Classes, float64(correct)/float64(len(y)), m.History.Epochs, m.History.Stop)
	_, err = nn.MLP{Hidden: []int{16, 0}}.Fit(X, y)
	fmt.Println(err)
	// Output:
	// MLP 2 → 16 → 4 (ReLU, softmax), 116 weights
	// classes [0 1 2 3], training accuracy 1.00 after 20 epochs (max_epochs)
	// nn: MLP.Fit: Hidden[1]=0, want 1 to 67108864 hidden units: invalid value
}

// bands returns n seeded 8×8 images, each with a vertical band at one of
// four positions (the label) whose brightness in [0.2, 0.9] is the target.
func bands(n int) (*data.Images, []int, []float64) {
	rng := rand.New(rand.NewPCG(3, 4))
	pix := make([]float32, n*64)
	labels, targets := make([]int, n), make([]float64, n)
	for i := range n {
		labels[i], targets[i] = rng.IntN(4), 0.2+0.7*rng.Float64()
		for p := range 64 {
			pix[i*64+p] = float32(0.3 * rng.Float64())
			if p%8/2 == labels[i] {
				pix[i*64+p] = float32(targets[i])
			}
		}
	}
	images, _ := data.NewImages(n, 1, 8, 8, pix)
	return images, labels, targets
}

// A CNN classifier of band positions (weights counted by hand: conv
// 4·9+4, conv 8·4·9+8, dense 32·16+16, output 16·4+4 = 932), then transfer: its body, frozen,
// under a new head that regresses the bands' brightness.
func ExampleCNN() {
	images, labels, targets := bands(64)
	train := nn.TrainConfig{Epochs: 20, BatchSize: 16, LearningRate: 1e-2, Progress: progress.Silent}
	small := []nn.ConvBlock{{Channels: 4, Pool: true}, {Channels: 8, Pool: true}}
	cls, err := nn.CNN{Blocks: small, Dense: []int{16}, Seed: 1, Train: train}.FitClassifier(images, labels)
	if err != nil {
		fmt.Println(err)
		return
	}
	pred, _ := cls.PredictClass(images)
	correct := 0
	for i := range pred {
		if pred[i] == labels[i] {
			correct++
		}
	}
	fmt.Println(cls)
	fmt.Printf("training accuracy above 0.9: %v\n", float64(correct)/64 > 0.9)

	reg, err := nn.CNN{Body: cls.Body(), FreezeBody: true, Dense: []int{8}, Output: nn.Sigmoid, Seed: 1, Train: train}.FitRegressor(images, targets)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(reg)
	h := reg.History
	fmt.Printf("head's loss fell: %v\n", h.TrainLoss[h.Epochs-1] < h.TrainLoss[0])
	// Output:
	// CNN 1×8×8: conv 1→4, pool, conv 4→8, pool, dense 16, softmax 4; 932 weights
	// training accuracy above 0.9: true
	// CNN 1×8×8: conv 1→4, pool (frozen), conv 4→8, pool (frozen), dense 8, sigmoid 1; 609 weights
	// head's loss fell: true
}
