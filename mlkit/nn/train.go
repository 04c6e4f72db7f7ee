package nn

import (
	"context"
	"fmt"
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// TrainConfig holds the settings of a training run. The zero value means
// the documented defaults.
type TrainConfig struct {
	// Epochs is the number of passes over the training images (default 10).
	Epochs int
	// BatchSize is the number of images per Adam step (default 128). The
	// last batch of an epoch holds the remainder.
	BatchSize int
	// LearningRate is Adam's step size α (default 1e-3; β₁=0.9, β₂=0.999,
	// ε=1e-8 as in Kingma & Ba 2015, Algorithm 1).
	LearningRate float64
	// Seed fixes the order of the minibatches.
	Seed uint64
	// Progress receives per-batch and per-epoch updates with the loss
	// (nil: progress.Auto()).
	Progress progress.Reporter
	// Validation, if set, is scored after every epoch (History.ValLoss).
	Validation *data.Images
	// Patience, with Validation, stops training when the validation loss
	// has not improved for Patience epochs, and restores the weights of the
	// best epoch. 0 means no early stop.
	Patience int
	// Context, if set, cancels training between batches.
	Context context.Context
}

// Reasons training stopped (History.Stopped).
const (
	StopEpochs    = "epochs"     // all Epochs ran
	StopEarly     = "early-stop" // validation loss stopped improving (Patience)
	StopCancelled = "cancelled"  // the Context was done
)

// History is the record of a training run.
type History struct {
	// TrainLoss is the mean training loss of each epoch (averaged over its
	// batches, weighted by batch size, as the weights moved).
	TrainLoss []float64
	// ValLoss is the loss on TrainConfig.Validation after each epoch (empty
	// without validation data).
	ValLoss []float64
	// Epochs is the number of completed epochs.
	Epochs int
	// BestEpoch is the 1-based epoch whose weights the model holds after an
	// early stop (0 otherwise).
	BestEpoch int
	// Stopped says why training ended: StopEpochs, StopEarly or
	// StopCancelled.
	Stopped string
}

func (c TrainConfig) withDefaults(where string) (TrainConfig, error) {
	if c.Epochs == 0 {
		c.Epochs = 10
	}
	if c.BatchSize == 0 {
		c.BatchSize = 128
	}
	if c.LearningRate == 0 {
		c.LearningRate = 1e-3
	}
	if c.Context == nil {
		c.Context = context.Background()
	}
	if c.Epochs < 0 {
		return c, check.Errorf(where, check.ErrValue, "Epochs=%d, want > 0", c.Epochs)
	}
	if c.BatchSize < 0 {
		return c, check.Errorf(where, check.ErrValue, "BatchSize=%d, want > 0", c.BatchSize)
	}
	if err := check.Positive(where, "LearningRate", c.LearningRate); err != nil {
		return c, err
	}
	if c.Patience < 0 {
		return c, check.Errorf(where, check.ErrValue, "Patience=%d, want >= 0", c.Patience)
	}
	return c, nil
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
// between batches.
func train(where, task string, t trainable, cfg TrainConfig) (*History, error) {
	ps := t.params()
	opt := newAdam(ps, cfg.LearningRate)
	rng := randx.New(cfg.Seed)
	n := t.numTrain()
	bs := min(cfg.BatchSize, n)
	perEpoch := (n + bs - 1) / bs
	rep := progress.For(cfg.Progress)
	rep.Start(task, cfg.Epochs*perEpoch)
	h := &History{Stopped: StopEpochs}
	best := math.Inf(1)
	var bestW [][]float32
	wait := 0
	step := 0
	finish := func() {
		summary := fmt.Sprintf("%d epochs, loss %.5g", h.Epochs, last(h.TrainLoss))
		if len(h.ValLoss) > 0 {
			summary += fmt.Sprintf(", validation loss %.5g", last(h.ValLoss))
		}
		if h.Stopped != StopEpochs {
			summary += " (" + h.Stopped + ")"
		}
		rep.Finish(summary)
	}
	for epoch := 0; epoch < cfg.Epochs; epoch++ {
		order := rng.Perm(n)
		var sum float64
		for b := 0; b < perEpoch; b++ {
			if err := cfg.Context.Err(); err != nil {
				h.Stopped = StopCancelled
				finish()
				return h, fmt.Errorf("%s: stopped in epoch %d: %w", where, epoch+1, err)
			}
			idx := order[b*bs : min(n, (b+1)*bs)]
			loss, err := t.trainStep(idx)
			if err != nil {
				finish()
				return h, fmt.Errorf("%s: %w", where, err)
			}
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				finish()
				return h, check.Errorf(where, check.ErrNaN, "the loss became %v in epoch %d; lower LearningRate", loss, epoch+1)
			}
			opt.step(ps)
			sum += loss * float64(len(idx))
			step++
			rep.Update(step, progress.Metric{Name: "loss", Value: loss})
		}
		h.TrainLoss = append(h.TrainLoss, sum/float64(n))
		h.Epochs = epoch + 1
		metrics := []progress.Metric{{Name: "epoch_loss", Value: last(h.TrainLoss)}}
		vl, ok, err := t.valLoss()
		if err != nil {
			finish()
			return h, fmt.Errorf("%s: validation: %w", where, err)
		}
		if ok {
			h.ValLoss = append(h.ValLoss, vl)
			metrics = append(metrics, progress.Metric{Name: "val_loss", Value: vl})
		}
		rep.Update(step, metrics...)
		if ok && cfg.Patience > 0 {
			if vl < best {
				best, wait, h.BestEpoch = vl, 0, epoch+1
				bestW = snapshot(ps, bestW)
			} else if wait++; wait >= cfg.Patience {
				restore(ps, bestW)
				h.Stopped = StopEarly
				break
			}
		}
	}
	if h.Stopped != StopEarly {
		h.BestEpoch = 0
	}
	finish()
	return h, nil
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
