package nn

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// benchImages returns n seeded random images of 1×28×28 with MNIST-like
// sparsity (most pixels 0).
func benchImages(n int, seed uint64) *data.Images {
	rng := randx.New(seed)
	pix := make([]float32, n*28*28)
	for i := range pix {
		if rng.Float64() < 0.2 {
			pix[i] = float32(rng.Float64())
		}
	}
	return &data.Images{N: n, C: 1, H: 28, W: 28, Pix: pix}
}

// BenchmarkTrainStep times one Adam step of the default autoencoder on a
// batch of 128 28×28 images, with the kit's Ops and with gorgonia's stock
// conv, max-pool and upsample.
func BenchmarkTrainStep(b *testing.B) {
	const batch = 128
	im := benchImages(batch, 1)
	for _, eng := range []engine{engineKit, engineStock} {
		b.Run(fmt.Sprintf("ops=%v,batch=%d", eng, batch), func(b *testing.B) {
			m, err := ConvAutoencoder{Seed: 1}.Build(1, 28, 28)
			if err != nil {
				b.Fatal(err)
			}
			m.eng = eng
			tr := &aeTrainer{m: m, images: im}
			opt := newAdam(m.net.params, 1e-3)
			idx := make([]int, batch)
			for i := range idx {
				idx[i] = i
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tr.trainStep(idx); err != nil {
					b.Fatal(err)
				}
				opt.step(m.net.params)
			}
			b.ReportMetric(float64(batch*b.N)/b.Elapsed().Seconds(), "images/s")
		})
	}
}

// benchImagesShape returns n seeded random images of c×h×w in [0,1).
func benchImagesShape(n, c, h, w int, seed uint64) *data.Images {
	rng := randx.New(seed)
	pix := make([]float32, n*c*h*w)
	for i := range pix {
		pix[i] = float32(rng.Float64())
	}
	return &data.Images{N: n, C: c, H: h, W: w, Pix: pix}
}

// BenchmarkSideBySideConvAE is the Go twin of scripts/bench.d/convae_torch.py:
// one epoch of the default autoencoder (code 8×14×14) on the first 10,000
// MNIST training images, batch 128, Adam 1e-3. It reports the training
// throughput and the test MSE per pixel on the first 2,000 test images.
func BenchmarkSideBySideConvAE(b *testing.B) {
	mn, err := data.LoadMNIST()
	if err != nil {
		b.Skip("MNIST not available:", err)
	}
	train, test := mn.Train.Slice(0, 10000), mn.Test.Slice(0, 2000)
	var secs, mse float64
	for b.Loop() {
		// Building the network stays outside the timer (as the PyTorch
		// twin builds its model before timing).
		m, err := ConvAutoencoder{Seed: 1}.Build(1, 28, 28)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := m.TrainMore(context.Background(), train, TrainConfig{Epochs: 1, Seed: 1, Progress: progress.Silent}); err != nil {
			b.Fatal(err)
		}
		secs += time.Since(start).Seconds()
		if mse, err = m.MSE(test); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(train.N*b.N)/secs, "images/s")
	b.ReportMetric(mse, "test_mse")
}
