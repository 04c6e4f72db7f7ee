package nn

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

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

// benchField draws n points of the benchmark field of experiment 03
// without its noise: 50 Gaussian blobs of standard deviation 0.5 with
// centres uniform in [0, 100]², each point in a blob chosen uniformly. The
// numbers come from fieldUniforms, which scripts/bench.d/mlp.py computes
// the same way in numpy, so both sides of the bench fit the same points
// (centres from stream 0 of the seed; the caller's stream for the points,
// three uniforms each: the blob, then a Box–Muller pair).
func benchField(n int, seed, stream uint64) (*mat.Dense, []int) {
	const blobs, side, sd = 50, 100.0, 0.5
	centers := fieldUniforms(seed, 0, 2*blobs)
	u := fieldUniforms(seed, stream, 3*n)
	X := mat.NewDense(n, 2, nil)
	y := make([]int, n)
	for i := range n {
		b := int(u[3*i] * blobs)
		r := math.Sqrt(-2 * math.Log(1-u[3*i+1]))
		th := 2 * math.Pi * u[3*i+2]
		X.Set(i, 0, side*centers[2*b]+sd*r*math.Cos(th))
		X.Set(i, 1, side*centers[2*b+1]+sd*r*math.Sin(th))
		y[i] = b
	}
	return X, y
}

// fieldUniforms returns n uniforms in [0, 1): value k is SplitMix64's
// finaliser (Steele et al. 2014) of ((seed·1000 + stream)·2⁴⁰ + k + 1)·φ,
// φ = 0x9E3779B97F4A7C15, keeping the top 53 bits — a counter-based
// generator simple enough to repeat exactly in numpy.
func fieldUniforms(seed, stream uint64, n int) []float64 {
	base := (seed*1000 + stream) << 40
	u := make([]float64, n)
	for k := range u {
		z := (base + uint64(k) + 1) * 0x9E3779B97F4A7C15
		z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
		z = (z ^ z>>27) * 0x94D049BB133111EB
		z ^= z >> 31
		u[k] = float64(z>>11) / (1 << 53)
	}
	return u
}

// BenchmarkMLPStep times one Adam step of the MLP of the side-by-side
// bench (2 → 64 → 64 → 50, batch 200) with the kit's fused dense and loss
// Ops and with gorgonia's stock Mul, BroadcastAdd, Rectify, SoftMax and Log.
func BenchmarkMLPStep(b *testing.B) {
	const batch = 200
	X, y := benchField(batch, 1, 1)
	x, _ := float32Rows("bench", "X", X)
	idx := make([]int32, batch)
	order := make([]int, batch)
	for i := range idx {
		idx[i], order[i] = int32(y[i]), i
	}
	for _, eng := range []engine{engineKit, engineStock} {
		b.Run(fmt.Sprintf("ops=%v,batch=%d", eng, batch), func(b *testing.B) {
			core := newMLPCore(MLP{Hidden: []int{64, 64}, L2: 1e-4}, 2, 50, 64)
			core.eng = eng
			tr := &supTrainer{s: core, d: &supData{x: x, n: batch, classes: idx}}
			opt := newAdam(core.net.params, 1e-3)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tr.trainStep(order); err != nil {
					b.Fatal(err)
				}
				opt.step(core.net.params)
			}
		})
	}
}

// BenchmarkSideBySideMLP is the Go twin of scripts/bench.d/mlp.py: an MLP
// with two hidden layers of 64 (ReLU, softmax, L2 1e-4), 20 epochs, batch
// 200, Adam 1e-3, on 200,000 standardised points of the benchmark field
// without noise (50 blobs); training time only (standardising and scoring
// outside the timer); it reports the accuracy on 50,000 more points of the
// same blobs.
func BenchmarkSideBySideMLP(b *testing.B) {
	X, y := benchField(200_000, 1, 1)
	Xt, yt := benchField(50_000, 1, 2)
	sc, err := data.StandardScaler{}.Fit(X)
	if err != nil {
		b.Fatal(err)
	}
	X, _ = sc.Transform(X)
	Xt, _ = sc.Transform(Xt)
	var m *MLPModel
	for b.Loop() {
		m, err = MLP{Hidden: []int{64, 64}, Seed: 1, Train: TrainConfig{Epochs: 20, BatchSize: 200, LearningRate: 1e-3, Seed: 1, Progress: progress.Silent}}.Fit(X, y)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	pred, err := m.Predict(Xt)
	if err != nil {
		b.Fatal(err)
	}
	correct := 0
	for i := range yt {
		if pred[i] == yt[i] {
			correct++
		}
	}
	b.ReportMetric(float64(correct)/float64(len(yt)), "test_accuracy")
	b.ReportMetric(m.History.TrainLoss[len(m.History.TrainLoss)-1], "train_loss")
}

// BenchmarkSideBySideCNN is the Go twin of scripts/bench.d/cnn_torch.py: the
// digit classifier conv 1→16 (3×3, pad 1) + ReLU, max-pool, conv 16→32 +
// ReLU, max-pool, dense 128 + ReLU, softmax 10 (nn.CNN's zero value), one
// epoch on the first 10,000 MNIST training images, batch 128, Adam 1e-3;
// training time only. It reports the training throughput and the accuracy
// on the 10,000 test images.
func BenchmarkSideBySideCNN(b *testing.B) {
	mn, err := data.LoadMNIST()
	if err != nil {
		b.Skip("MNIST not available:", err)
	}
	train, labels := mn.Train.Slice(0, 10000), mn.TrainLabels[:10000]
	var m *CNNModel
	for b.Loop() {
		m, err = CNN{Seed: 1, Train: TrainConfig{Epochs: 1, BatchSize: 128, LearningRate: 1e-3, Seed: 1, Progress: progress.Silent}}.FitClassifier(train, labels)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	pred, err := m.PredictClass(mn.Test)
	if err != nil {
		b.Fatal(err)
	}
	correct := 0
	for i, p := range pred {
		if p == mn.TestLabels[i] {
			correct++
		}
	}
	b.ReportMetric(float64(train.N*b.N)/b.Elapsed().Seconds(), "images/s")
	b.ReportMetric(float64(correct)/float64(len(pred)), "test_accuracy")
}

// BenchmarkCNNStep times one Adam step of the side-by-side CNN (nn.CNN's
// zero value on 28×28 digits) on a batch of 128, with the kit's Ops and
// with gorgonia's stock conv, max-pool, Mul, BroadcastAdd, SoftMax and Log.
func BenchmarkCNNStep(b *testing.B) {
	const batch = 128
	im := benchImages(batch, 1)
	classes := make([]int32, batch)
	order := make([]int, batch)
	for i := range order {
		classes[i], order[i] = int32(i%10), i
	}
	for _, eng := range []engine{engineKit, engineStock} {
		b.Run(fmt.Sprintf("ops=%v,batch=%d", eng, batch), func(b *testing.B) {
			cfg, err := CNN{Seed: 1}.withDefaults("bench", true)
			if err != nil {
				b.Fatal(err)
			}
			core, _ := newCNNCore(cfg, 1, 28, 28, 10, 16*28*28, nil)
			core.eng = eng
			tr := &supTrainer{s: core, d: &supData{x: im.Pix, n: batch, classes: classes}}
			opt := newAdam(core.net.params, 1e-3)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tr.trainStep(order); err != nil {
					b.Fatal(err)
				}
				opt.step(core.net.params)
			}
			b.ReportMetric(float64(batch*b.N)/b.Elapsed().Seconds(), "images/s")
		})
	}
}
