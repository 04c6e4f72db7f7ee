package nn

import (
	"context"
	"math"
	"sync"
)

// supNet is the trained core that MLPModel and CNNModel share: a sequential
// network with a supervised loss, its compiled graphs, and the
// shared-loop trainer that feeds it minibatches of samples and targets.
type supNet struct {
	net     *seqNet
	largest int     // the most values a layer produces per sample
	l2      float64 // L2 penalty on dense weights (scikit-learn's alpha)
	eng     engine

	mu     sync.Mutex
	graphs map[graphKey]*graphRun
}

// supEvalCap is the largest evaluation batch of a supervised network: small
// networks (an MLP on a few features) evaluate in large batches, since a
// graph step has a fixed cost.
const supEvalCap = 4096

func (s *supNet) evalBatch() int {
	return max(1, min(supEvalCap, maxBatchValues/64/max(1, s.largest)))
}

// graph returns the compiled graph for a batch size, building it once.
func (s *supNet) graph(batch, upTo int, train bool) (*graphRun, error) {
	if s.graphs == nil {
		s.graphs = map[graphKey]*graphRun{}
	}
	k := graphKey{batch, upTo, train}
	if r, ok := s.graphs[k]; ok {
		return r, nil
	}
	r, err := s.net.buildGraph(batch, upTo, train, s.eng)
	if err != nil {
		return nil, err
	}
	if len(s.graphs) >= maxGraphs {
		for key := range s.graphs {
			if key.batch != s.evalBatch() && !key.train {
				delete(s.graphs, key)
			}
		}
	}
	s.graphs[k] = r
	return r, nil
}

func (s *supNet) sampleSize() int { return s.net.c * s.net.h * s.net.w }

// forward runs the first upTo layers over n samples of x in batches and
// calls emit with each batch's offset, size and output. The caller holds mu.
func (s *supNet) forward(x []float32, n, upTo int, emit func(from, cnt int, out []float32)) error {
	size := s.sampleSize()
	eb := s.evalBatch()
	for from := 0; from < n; from += eb {
		cnt := min(eb, n-from)
		r, err := s.graph(cnt, upTo, false)
		if err != nil {
			return err
		}
		if _, err := r.step(x[from*size : (from+cnt)*size]); err != nil {
			return err
		}
		emit(from, cnt, r.output())
	}
	return nil
}

// outputs returns the network's outputs (logits for the softmax and binary
// heads) for n samples, n × outDim.
func (s *supNet) outputs(x []float32, n int) ([]float32, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.net.outDim()
	out := make([]float32, n*k)
	err := s.forward(x, n, len(s.net.layers), func(from, cnt int, o []float32) {
		copy(out[from*k:], o[:cnt*k])
	})
	return out, err
}

// supData is a supervised training set: n samples of x, with class indices
// (classification, one-hot targets) or target rows (regression).
type supData struct {
	x       []float32
	n       int
	classes []int32   // class index per sample, or nil
	targets []float32 // n × outDim, or nil
}

// fit trains the network on the samples of d at the indices trainIdx
// (nil: all), scoring those at valIdx after each epoch, and appends to h.
func (s *supNet) fit(ctx context.Context, where, task string, d *supData, trainIdx, valIdx []int, cfg TrainConfig, h *History) error {
	if ctx == nil {
		ctx = context.Background()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := &supTrainer{s: s, d: d, trainIdx: trainIdx, valIdx: valIdx}
	defer func() {
		for k := range s.graphs {
			if k.train {
				delete(s.graphs, k)
			}
		}
	}()
	return train(ctx, where, task, t, cfg, h)
}

// supTrainer binds a supNet to its training data for the shared loop.
type supTrainer struct {
	s                *supNet
	d                *supData
	trainIdx, valIdx []int
	bx, by           []float32
	part             []float64
	prob             []float32
}

func (t *supTrainer) params() []*param { return t.s.net.trainable() }
func (t *supTrainer) numTrain() int {
	if t.trainIdx != nil {
		return len(t.trainIdx)
	}
	return t.d.n
}

// gather copies the samples idx (mapped through via, if set) and their
// targets into the batch buffers.
func (t *supTrainer) gather(idx, via []int) (x, y []float32) {
	size, k := t.s.sampleSize(), t.s.net.outDim()
	if cap(t.bx) < len(idx)*size {
		t.bx = make([]float32, len(idx)*size)
	}
	if cap(t.by) < len(idx)*k {
		t.by = make([]float32, len(idx)*k)
	}
	x, y = t.bx[:len(idx)*size], t.by[:len(idx)*k]
	clear(y)
	for j, i := range idx {
		if via != nil {
			i = via[i]
		}
		copy(x[j*size:(j+1)*size], t.d.x[i*size:(i+1)*size])
		if t.d.classes != nil {
			y[j*k+int(t.d.classes[i])] = 1
		} else {
			copy(y[j*k:(j+1)*k], t.d.targets[i*k:(i+1)*k])
		}
	}
	return x, y
}

func (t *supTrainer) trainStep(idx []int) (float64, error) {
	r, err := t.s.graph(len(idx), len(t.s.net.layers), true)
	if err != nil {
		return 0, err
	}
	x, y := t.gather(idx, t.trainIdx)
	loss, err := r.stepXY(x, y)
	if err != nil || t.s.l2 == 0 {
		return loss, err
	}
	// L2 penalty α/(2·batch)·Σ‖W‖² on the dense weights, as
	// scikit-learn's MLP adds it to the loss and its gradient.
	scale := t.s.l2 / float64(len(idx))
	var sq float64
	for _, p := range t.s.net.params {
		if !p.decay || p.frozen {
			continue
		}
		w := p.data()
		for i, v := range w {
			sq += float64(v) * float64(v)
			p.grad[i] += float32(scale) * v
		}
	}
	return loss + 0.5*scale*sq, nil
}

func (t *supTrainer) valLoss() (float64, bool, error) {
	if len(t.valIdx) == 0 {
		return 0, false, nil
	}
	var sum float64
	eb := t.s.evalBatch()
	for from := 0; from < len(t.valIdx); from += eb {
		idx := make([]int, min(eb, len(t.valIdx)-from))
		for j := range idx {
			idx[j] = t.valIdx[from+j]
		}
		r, err := t.s.graph(len(idx), len(t.s.net.layers), false)
		if err != nil {
			return 0, false, err
		}
		x, y := t.gather(idx, nil)
		if _, err := r.step(x); err != nil {
			return 0, false, err
		}
		sum += t.lossOf(r.output()[:len(y)], y, len(idx)) * float64(len(idx))
	}
	return sum / float64(len(t.valIdx)), true, nil
}

// lossOf is the network's loss (without the L2 penalty) of outputs z
// against targets y for n samples.
func (t *supTrainer) lossOf(z, y []float32, n int) float64 {
	switch t.s.net.loss {
	case lossSoftmaxCE:
		if len(t.prob) < len(z) {
			t.prob = make([]float32, len(z))
		}
		return softmaxCE(n, len(z)/n, z, y, t.prob[:len(z)], &t.part)
	case lossSigmoidBCE:
		return sigmoidBCE(z, y, &t.part)
	}
	return meanSquaredDiff(z, y, &t.part)
}

// softmaxRows turns each row of k logits into probabilities, in float64.
func softmaxRows(z []float32, k int) []float64 {
	p := make([]float64, len(z))
	for i := 0; i < len(z); i += k {
		m := z[i]
		for _, v := range z[i : i+k] {
			m = max(m, v)
		}
		var s float64
		for j, v := range z[i : i+k] {
			p[i+j] = math.Exp(float64(v - m))
			s += p[i+j]
		}
		for j := range k {
			p[i+j] /= s
		}
	}
	return p
}
