package nn

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// TrainConfig holds the settings of a training run: the Train field of
// every network of the package (ConvAutoencoder, MLP, CNN) and the argument
// of TrainMore. The zero value means the documented defaults.
type TrainConfig struct {
	// Epochs is the number of passes over the training data (default 10).
	Epochs int
	// BatchSize is the number of samples per Adam step (default 128 for
	// the image networks, 200 for MLP, as scikit-learn's MLPClassifier).
	// The last batch of an epoch holds the remainder.
	BatchSize int
	// LearningRate is Adam's step size α (default 1e-3; β₁=0.9, β₂=0.999,
	// ε=1e-8 as in Kingma & Ba 2015, Algorithm 1).
	LearningRate float64
	// Seed fixes the order of the minibatches (and the held-out part of
	// ValidationFraction, and dropout masks).
	Seed uint64
	// Validation, for the autoencoder, are images scored after every epoch
	// (History.ValLoss).
	Validation *data.Images
	// ValidationFraction, in [0, 1), holds out that fraction of the
	// training samples (a seeded draw) to score after every epoch, as
	// scikit-learn's validation_fraction; 0 means none.
	ValidationFraction float64
	// Patience, with validation data, stops training when the validation
	// loss has not improved for Patience epochs, and restores the weights
	// of the best epoch. 0 means no early stop.
	Patience int
	// Progress receives per-batch and per-epoch updates with the loss
	// (nil: progress.Auto()).
	Progress progress.Reporter
}

// StopReason says why a training run ended (History.Stop).
type StopReason uint8

const (
	// MaxEpochs: all Epochs ran.
	MaxEpochs StopReason = iota
	// EarlyStop: the validation loss stopped improving for Patience epochs;
	// the model holds the weights of the best epoch.
	EarlyStop
	// Cancelled: the context was done; the model holds the weights of the
	// last completed step.
	Cancelled
)

// String returns "max_epochs", "early_stop" or "cancelled".
func (s StopReason) String() string {
	switch s {
	case MaxEpochs:
		return "max_epochs"
	case EarlyStop:
		return "early_stop"
	case Cancelled:
		return "cancelled"
	}
	return fmt.Sprintf("StopReason(%d)", uint8(s))
}

// History is the record of a model's training. TrainMore appends to it.
type History struct {
	// TrainLoss is the mean training loss of each epoch (averaged over its
	// batches, weighted by batch size, as the weights moved).
	TrainLoss []float64
	// ValLoss is the validation loss after each epoch (empty without
	// validation data).
	ValLoss []float64
	// Epochs is the number of completed epochs.
	Epochs int
	// Iterations is the number of Adam steps (minibatches) taken.
	Iterations int
	// BestEpoch is the 1-based epoch whose weights the model holds after an
	// early stop (0 otherwise).
	BestEpoch int
	// Stop says why the last run ended.
	Stop StopReason
	// Converged is true when the last run ended by early stopping: the
	// validation loss had stopped improving (a network trained for a fixed
	// number of epochs is never known to have converged).
	Converged bool
}

func (c TrainConfig) withDefaults(where string, batch int) (TrainConfig, error) {
	if c.Epochs == 0 {
		c.Epochs = 10
	}
	if c.BatchSize == 0 {
		c.BatchSize = batch
	}
	if c.LearningRate == 0 {
		c.LearningRate = 1e-3
	}
	if c.Epochs < 0 || c.Epochs > maxEpochs {
		return c, check.Errorf(where, check.ErrValue, "Epochs=%d, want 1 to %d", c.Epochs, maxEpochs)
	}
	if c.BatchSize < 0 || c.BatchSize > maxBatch {
		return c, check.Errorf(where, check.ErrValue, "BatchSize=%d, want 1 to %d", c.BatchSize, maxBatch)
	}
	if err := check.Positive(where, "LearningRate", c.LearningRate); err != nil {
		return c, err
	}
	if !(c.ValidationFraction >= 0 && c.ValidationFraction < 1) {
		return c, check.Errorf(where, check.ErrValue, "ValidationFraction=%v, want a value in [0, 1)", c.ValidationFraction)
	}
	if c.Patience < 0 {
		return c, check.Errorf(where, check.ErrValue, "Patience=%d, want >= 0", c.Patience)
	}
	return c, nil
}

// Limits on sizes, checked before anything is allocated so that a typo or a
// corrupted file gives an error rather than an out-of-memory kill.
const (
	maxEpochs = 1 << 20
	maxBatch  = 1 << 16
	// maxParams bounds a network's weights (512 MB of float32).
	maxParams = 1 << 27
	// maxActivations bounds the values one layer produces per sample.
	maxActivations = 1 << 26
	// maxBatchValues bounds the activations of one batch in one layer
	// (1 GiB of float32): BatchSize × the largest layer.
	maxBatchValues = 1 << 28
)

// mulCap multiplies non-negative sizes and reports whether the product stays
// within limit (no overflow on the way).
func mulCap(limit int, v ...int) (int, bool) {
	p := 1
	for _, x := range v {
		if x < 0 {
			return 0, false
		}
		if x != 0 && p > limit/x {
			return 0, false
		}
		p *= x
	}
	return p, p <= limit
}

// splitValidation draws the held-out samples of ValidationFraction: the last
// ⌈f·n⌉ of a permutation seeded by seed. Both parts are sorted, so training
// order depends only on the training loop's own permutation.
func splitValidation(n int, f float64, seed uint64) (trainIdx, valIdx []int) {
	k := int(math.Ceil(f * float64(n)))
	if f == 0 || k == 0 {
		return nil, nil
	}
	k = min(k, n-1)
	perm := randx.Stream(seed, 0x76616c).Perm(n) // "val"
	trainIdx, valIdx = perm[:n-k], perm[n-k:]
	slices.Sort(trainIdx)
	slices.Sort(valIdx)
	return trainIdx, valIdx
}

// trainable is what the shared training loop needs from a network bound to
// its training data: every network of the package (the autoencoder now, the
// classifiers later) implements it, so minibatching, Adam, progress, early
// stopping and cancellation are written once.
type trainable interface {
	// params are the tensors Adam updates.
	params() []*param
	// numTrain is the number of training samples.
	numTrain() int
	// trainStep runs forward and backward on the training samples idx,
	// leaves ∂loss/∂p in every param's grad and returns the mean loss.
	trainStep(idx []int) (float64, error)
	// valLoss returns the mean validation loss; ok is false without
	// validation data.
	valLoss() (loss float64, ok bool, err error)
}

// adam is Kingma & Ba's optimiser (2015, Algorithm 1) on float32 params.
type adam struct {
	lr, b1, b2, eps float64
	t               int
	m, v            [][]float32
}

func newAdam(ps []*param, lr float64) *adam {
	a := &adam{lr: lr, b1: 0.9, b2: 0.999, eps: 1e-8}
	for _, p := range ps {
		a.m = append(a.m, make([]float32, len(p.grad)))
		a.v = append(a.v, make([]float32, len(p.grad)))
	}
	return a
}

func (a *adam) step(ps []*param) {
	a.t++
	// Bias corrections folded into the step size, as PyTorch does.
	c1 := 1 - math.Pow(a.b1, float64(a.t))
	c2 := 1 - math.Pow(a.b2, float64(a.t))
	stepSize := float32(a.lr / c1)
	sqrtC2 := float32(math.Sqrt(c2))
	b1, b2, eps := float32(a.b1), float32(a.b2), float32(a.eps)
	for k, p := range ps {
		w, g, m, v := p.data(), p.grad, a.m[k], a.v[k]
		for i, gi := range g {
			m[i] = b1*m[i] + (1-b1)*gi
			v[i] = b2*v[i] + (1-b2)*gi*gi
			denom := float32(math.Sqrt(float64(v[i])))/sqrtC2 + eps
			w[i] -= stepSize * m[i] / denom
		}
	}
}

// train is the one training loop of the package: seeded minibatch order,
// Adam, progress, early stopping on the validation loss, cancellation
// between batches. It appends the run to h. On cancellation the error wraps
// ctx.Err() and h.Stop is Cancelled; the weights are those of the last
// completed step.
func train(ctx context.Context, where, task string, t trainable, cfg TrainConfig, h *History) error {
	ps := t.params()
	opt := newAdam(ps, cfg.LearningRate)
	rng := randx.New(cfg.Seed)
	n := t.numTrain()
	bs := min(cfg.BatchSize, n)
	perEpoch := (n + bs - 1) / bs
	rep := progress.For(cfg.Progress)
	rep.Start(task, cfg.Epochs*perEpoch)
	h.Stop, h.BestEpoch, h.Converged = MaxEpochs, 0, false
	best := math.Inf(1)
	var bestW [][]float32
	wait := 0
	step := 0
	finish := func() {
		summary := fmt.Sprintf("%d epochs, loss %.5g", h.Epochs, last(h.TrainLoss))
		if len(h.ValLoss) > 0 {
			summary += fmt.Sprintf(", validation loss %.5g", last(h.ValLoss))
		}
		if h.Stop != MaxEpochs {
			summary += " (" + h.Stop.String() + ")"
		}
		rep.Finish(summary)
	}
	for epoch := 0; epoch < cfg.Epochs; epoch++ {
		order := rng.Perm(n)
		var sum float64
		for b := 0; b < perEpoch; b++ {
			if err := ctx.Err(); err != nil {
				h.Stop = Cancelled
				finish()
				return fmt.Errorf("%s: stopped in epoch %d: %w", where, epoch+1, err)
			}
			idx := order[b*bs : min(n, (b+1)*bs)]
			loss, err := t.trainStep(idx)
			if err != nil {
				finish()
				return fmt.Errorf("%s: %w", where, err)
			}
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				finish()
				return check.Errorf(where, check.ErrNaN, "the loss became %v in epoch %d, batch %d: lower LearningRate=%v, or rescale the inputs", loss, epoch+1, b+1, cfg.LearningRate)
			}
			opt.step(ps)
			sum += loss * float64(len(idx))
			step++
			h.Iterations++
			rep.Update(step, progress.Metric{Name: "loss", Value: loss})
		}
		h.TrainLoss = append(h.TrainLoss, sum/float64(n))
		h.Epochs++
		metrics := []progress.Metric{{Name: "epoch_loss", Value: last(h.TrainLoss)}}
		vl, ok, err := t.valLoss()
		if err != nil {
			finish()
			return fmt.Errorf("%s: validation: %w", where, err)
		}
		if ok {
			h.ValLoss = append(h.ValLoss, vl)
			metrics = append(metrics, progress.Metric{Name: "val_loss", Value: vl})
		}
		rep.Update(step, metrics...)
		if ok && cfg.Patience > 0 {
			if vl < best {
				best, wait, h.BestEpoch = vl, 0, h.Epochs
				bestW = snapshot(ps, bestW)
			} else if wait++; wait >= cfg.Patience {
				restore(ps, bestW)
				h.Stop, h.Converged = EarlyStop, true
				break
			}
		}
	}
	if h.Stop != EarlyStop {
		h.BestEpoch = 0
	}
	finish()
	return nil
}

func last(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	return v[len(v)-1]
}

func snapshot(ps []*param, dst [][]float32) [][]float32 {
	if dst == nil {
		dst = make([][]float32, len(ps))
		for i, p := range ps {
			dst[i] = make([]float32, len(p.grad))
		}
	}
	for i, p := range ps {
		copy(dst[i], p.data())
	}
	return dst
}

func restore(ps []*param, src [][]float32) {
	for i, p := range ps {
		copy(p.data(), src[i])
	}
}
