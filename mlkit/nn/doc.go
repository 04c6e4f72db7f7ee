// Package nn holds the kit's neural networks — a convolutional autoencoder
// (Masci et al. 2011), a multilayer perceptron classifier (MLP, as
// scikit-learn's MLPClassifier) and a convolutional network (CNN) that
// classifies or regresses images and transfers its body to new tasks —
// trained by one shared training loop: seeded minibatches, Adam, live
// progress, early stopping on a validation loss, cancellation.
//
// Usage (a cell of experiment 01):
//
//	mn := must.M1(data.LoadMNIST())
//	ae := must.M1(nn.ConvAutoencoder{Seed: 1, Train: nn.TrainConfig{  // code 8×14×14 = 1,568
//		Epochs: 3, Seed: 1, Validation: mn.Test.Slice(5000, 5500)}}.Fit(mn.Train.Slice(0, 10000)))
//	fmt.Println(ae.History.TrainLoss, ae.History.Stop)  // per-epoch losses, nn.MaxEpochs
//	codes := must.M1(ae.Encode(mn.Test))       // *mat.Dense, one code per row
//	mse := must.M1(ae.MSE(mn.Test))            // reconstruction error per pixel
//	recon := must.M1(ae.Reconstruct(mn.Test))  // *data.Images
//	compact := nn.ConvAutoencoder{LatentChannels: 4, Pools: 2, Seed: 1} // code 4×7×7 = 196
//
// and of experiment 03 (X standardised coordinates, y cluster ids):
//
//	mlp := must.M1(nn.MLP{Hidden: []int{64, 64}, Seed: 1, Train: nn.TrainConfig{Epochs: 20}}.Fit(X, y))
//	pred := must.M1(mlp.Predict(Xtest))       // []int, labels of y
//	proba := must.M1(mlp.PredictProba(Xtest)) // *mat.Dense, column j is mlp.Classes[j]
//
// and of experiment 02 (a digit CNN, then its body frozen under a new head
// that regresses gray levels in [0, 1]):
//
//	digits := must.M1(nn.CNN{Seed: 1}.FitClassifier(mn.Train, mn.TrainLabels)) // conv 16, pool, conv 32, pool, dense 128, softmax
//	gray := must.M1(nn.CNN{Body: digits.Body(), FreezeBody: true, Dense: []int{32},
//		Output: nn.Sigmoid, Seed: 1}.FitRegressor(images, darkness))
//	pred := must.M1(gray.Predict(testImages)) // []float64 in (0, 1)
//
// A CNN's Output chooses its last layer and loss: Linear or Sigmoid with
// the mean squared error (FitRegressor), Softmax with the cross-entropy
// (FitClassifier), Binary — one logistic unit with the binary
// cross-entropy — for two classes or for targets in [0, 1] read as
// probabilities. Classifiers answer PredictClass and PredictProba,
// regressors (and Binary) Predict. Body returns the conv blocks with their
// weights (a plain value; Save/LoadBody), which a new CNN starts from;
// FreezeBody (or FreezeBlocks) keeps them fixed while the head trains,
// otherwise they are fine-tuned.
//
// Every network is a struct of hyperparameters whose Train field holds the
// training settings (TrainConfig); Fit (or FitContext, which stops between
// minibatches when its context is done) builds the network for the data and
// returns the trained model, whose History records the per-epoch losses,
// the Adam steps taken and why training stopped (a StopReason: MaxEpochs,
// EarlyStop, Cancelled); AutoencoderModel.TrainMore continues training. Models
// round-trip through Save/Load and encoding/gob (MarshalBinary, in the
// same versioned format) with bit-identical outputs.
//
// # Engine
//
// The networks are gorgonia (gorgonia.org/gorgonia) expression graphs run by
// its TapeMachine, with gradients from gorgonia's symbolic differentiation.
// The hot layers are the kit's own gorgonia Ops (ops.go): convolution with
// bias and a fused ReLU or sigmoid, 2×2 max-pool with argmax, nearest 2×
// upsample and the MSE loss, each with its gradient Ops. They work on the
// flat float32 arrays, reuse their buffers between steps, split the batch
// over the cores in chunks fixed by the batch size, and compute the
// convolutions without im2col (one axpy or dot product per kernel tap over
// zero-padded planes). On the default network, a training step of 128
// images takes 0.23 s with the kit's Ops and 3.1 s with gorgonia's stock
// conv, pool and upsample, which allocate 345 MB per step
// (BenchmarkTrainStep, measured side by side on a shared 2-core machine).
// Per core the kit's step costs about as much CPU as PyTorch 1.13's (about
// 1,900 images per CPU-second each, single-threaded). Gorgonia's
// TapeMachine itself costs little: its instructions and allocations are
// under 2% of a step's profile. No other package of the kit imports
// gorgonia, so the engine could be replaced.
//
// Dense layers are one fused Op (dense.go): act(x·W + b) by one matrix
// product per batch chunk (gonum's float32 GEMM; OpenBLAS with the tag
// openblas), with gradient Ops dx = dz·Wᵀ, dW = xᵀ·dz and the bias sum; the
// classifiers' losses fuse softmax or sigmoid into the cross-entropy, whose
// gradient is then (p − y)/n, and dropout is an Op with a seeded mask
// (losses.go). On the MLP of experiment 03 (2 → 64 → 64 → 50, batch 200) a
// training step cost about 0.9 ms of CPU with the kit's Ops against 2.9 ms
// with gorgonia's Mul, BroadcastAdd, Rectify, SoftMax and Log, which
// allocate 1 MB a step (BenchmarkMLPStep, one thread, CPU time on a loaded
// machine), and about 0.5 ms with OpenBLAS. A step of the side-by-side CNN
// on 128 digits costs about 75 ms of CPU (some 1,700 images per
// CPU-second, as PyTorch) against 170 ms with the stock ops, which allocate
// 130 MB a step (BenchmarkCNNStep, same conditions).
//
// # Determinism
//
// Initial weights come from the Seed field through the kit's seeded
// generator (gorgonia's initialisers seed from the clock), minibatch order
// from TrainConfig.Seed, and every reduction over the batch sums per-chunk
// partials in a fixed order: the same seeds give bit-identical weights at
// any GOMAXPROCS.
//
// The autoencoder's and the CNN's weights are initialised as PyTorch's
// nn.Conv2d and nn.Linear do: kaiming_uniform with a=√5, that is
// U(±1/√fan_in), for weights and biases (He et al. 2015, §2.2, with
// PyTorch's gain), so the Go and PyTorch twins of the side-by-side bench
// start from the same distribution; the MLP's as scikit-learn's
// MLPClassifier (Glorot uniform).
//
// # Files
//
// Save writes a versioned little-endian binary file (magic, version, kind,
// architecture, named tensors with shapes, float32 weights, the training
// history, CRC-32); LoadAutoencoder, LoadMLP, LoadCNN and LoadBody reject a
// corrupted, truncated, other-kind or mismatched file, or one whose sizes
// are absurd for its length, with an error wrapping mlkit.ErrFile that
// says which, before allocating.
//
// Built with the tag openblas, gorgonia's BLAS calls and the dense Ops'
// matrix products run on OpenBLAS (on one thread); the convolution Ops use
// gonum's assembly kernels either way.
//
// References:
//   - J. Masci, U. Meier, D. Cireşan, J. Schmidhuber (2011), Stacked
//     convolutional auto-encoders for hierarchical feature extraction,
//     ICANN, LNCS 6791 — the architecture (conv + max-pool encoder, §2–3).
//   - D. P. Kingma, J. Ba (2015), Adam: a method for stochastic
//     optimization, ICLR — Algorithm 1 (train.go).
//   - D. E. Rumelhart, G. E. Hinton, R. J. Williams (1986), Learning
//     representations by back-propagating errors, Nature 323 — the MLP and
//     its gradient (mlp.go, dense.go).
//   - X. Glorot, Y. Bengio (2010), Understanding the difficulty of training
//     deep feedforward neural networks, AISTATS — §4.2 initialisation of
//     the MLP, as scikit-learn.
//   - Y. LeCun, L. Bottou, Y. Bengio, P. Haffner (1998), Gradient-based
//     learning applied to document recognition, Proc. IEEE 86(11) — the
//     convolutional network (cnn.go).
//   - N. Srivastava, G. Hinton, A. Krizhevsky, I. Sutskever,
//     R. Salakhutdinov (2014), Dropout, JMLR 15 — inverted dropout
//     (losses.go).
//   - J. Yosinski, J. Clune, Y. Bengio, H. Lipson (2014), How transferable
//     are features in deep neural networks?, NeurIPS — frozen and
//     fine-tuned bodies (CNN.Body, FreezeBody).
//   - K. He, X. Zhang, S. Ren, J. Sun (2015), Delving deep into rectifiers,
//     ICCV — §2.2 initialisation (network.go).
//   - K. Chellapilla, S. Puri, P. Simard (2006), High performance
//     convolutional neural networks for document processing — convolution
//     as matrix products (kernels.go).
package nn
