package nn

import (
	"fmt"
	"hash"
	"math"
	"math/rand/v2"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// The classifiers' losses and dropout as the kit's gorgonia Ops. The losses
// take the output layer's logits and fuse the link function (softmax,
// sigmoid) into the loss, whose gradient is then simply (p − y)/n, and
// whose value is computed without overflow (log-sum-exp, softplus).

var (
	_ G.SDOp = (*softmaxCEOp)(nil)
	_ G.SDOp = (*sigmoidBCEOp)(nil)
	_ G.SDOp = (*dropoutOp)(nil)
)

// ---- softmax cross-entropy ----

// softmaxCEOp computes −(1/n) Σ_i Σ_j y_ij log softmax(z_i)_j for logits z
// and targets y of shape (n, k) (one-hot rows for class labels). It keeps
// the probabilities for its gradient Op.
type softmaxCEOp struct {
	opCommon
	shape tensor.Shape
	prob  []float32
	part  []float64
}

func (op *softmaxCEOp) Arity() int { return 2 }
func (op *softmaxCEOp) Type() hm.Type {
	return hm.NewFnType(tensorType(2), tensorType(2), hm.TypeVariable('a'))
}
func (op *softmaxCEOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.ScalarShape(), nil
}
func (op *softmaxCEOp) String() string        { return fmt.Sprintf("KitSoftmaxCE{%v}", op.shape) }
func (op *softmaxCEOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *softmaxCEOp) Hashcode() uint32      { return hashOf(op) }
func (op *softmaxCEOp) Do(in ...G.Value) (G.Value, error) {
	z, err := floats(op, in[0], op.shape)
	if err != nil {
		return nil, err
	}
	y, err := floats(op, in[1], op.shape)
	if err != nil {
		return nil, err
	}
	if len(op.prob) != len(z) {
		op.prob = make([]float32, len(z))
	}
	n, k := op.shape[0], op.shape[1]
	return G.NewF32(float32(softmaxCE(n, k, z, y, op.prob, &op.part))), nil
}

// softmaxCE writes the softmax of each row of z into prob and returns the
// mean cross-entropy against y, summed in float64 per chunk, in chunk order.
func softmaxCE(n, k int, z, y, prob []float32, part *[]float64) float64 {
	if len(*part) < numChunks(n) {
		*part = make([]float64, numChunks(n))
	}
	p := *part
	parallelChunks(n, func(c, lo, hi int) {
		var s float64
		for i := lo; i < hi; i++ {
			zi, yi, pi := z[i*k:(i+1)*k], y[i*k:(i+1)*k], prob[i*k:(i+1)*k]
			m := zi[0]
			for _, v := range zi[1:] {
				m = max(m, v)
			}
			var sum float64
			for j, v := range zi {
				e := expNeg(float64(v - m))
				pi[j] = float32(e)
				sum += e
			}
			lse := float64(m) + math.Log(sum)
			inv := 1 / sum
			for j, v := range zi {
				pi[j] = float32(float64(pi[j]) * inv)
				if yi[j] != 0 {
					s += float64(yi[j]) * (lse - float64(v))
				}
			}
		}
		p[c] = s
	})
	var s float64
	for _, v := range p[:numChunks(n)] {
		s += v
	}
	return s / float64(n)
}

func (op *softmaxCEOp) DiffWRT(int) []bool { return []bool{true, false} }
func (op *softmaxCEOp) SymDiff(inputs G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	// output orders the gradient after the forward pass, whose
	// probabilities it reads.
	dz, err := G.ApplyOp(&softmaxCEGradOp{fwd: op}, output, inputs[1], grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dz, nil}, nil
}

// softmaxCEGradOp computes ∂/∂z = g·(p·Σ_j y_ij − y)/n.
type softmaxCEGradOp struct {
	opCommon
	fwd *softmaxCEOp
	out buffer
}

func (op *softmaxCEGradOp) Arity() int { return 3 }
func (op *softmaxCEGradOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(a, tensorType(2), a, tensorType(2))
}
func (op *softmaxCEGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) { return op.fwd.shape, nil }
func (op *softmaxCEGradOp) String() string {
	return fmt.Sprintf("KitSoftmaxCEGrad{%v}", op.fwd.shape)
}
func (op *softmaxCEGradOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *softmaxCEGradOp) Hashcode() uint32      { return hashOf(op) }
func (op *softmaxCEGradOp) Do(in ...G.Value) (G.Value, error) {
	y, err := floats(op, in[1], op.fwd.shape)
	if err != nil {
		return nil, err
	}
	g, err := scalarGrad(op, in[2])
	if err != nil {
		return nil, err
	}
	n, k := op.fwd.shape[0], op.fwd.shape[1]
	t, dz := op.out.get(op.fwd.shape)
	scale := g / float32(n)
	prob := op.fwd.prob
	parallelChunks(n, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			var sy float32
			for _, v := range y[i*k : (i+1)*k] {
				sy += v
			}
			for j := i * k; j < (i+1)*k; j++ {
				dz[j] = scale * (prob[j]*sy - y[j])
			}
		}
	})
	return t, nil
}

// ---- sigmoid binary cross-entropy ----

// sigmoidBCEOp computes the mean over all elements of
// −y log σ(z) − (1−y) log(1−σ(z)) = max(z,0) − z·y + log(1+e^−|z|).
type sigmoidBCEOp struct {
	opCommon
	shape tensor.Shape
	part  []float64
}

func (op *sigmoidBCEOp) Arity() int { return 2 }
func (op *sigmoidBCEOp) Type() hm.Type {
	return hm.NewFnType(tensorType(2), tensorType(2), hm.TypeVariable('a'))
}
func (op *sigmoidBCEOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.ScalarShape(), nil
}
func (op *sigmoidBCEOp) String() string        { return fmt.Sprintf("KitSigmoidBCE{%v}", op.shape) }
func (op *sigmoidBCEOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *sigmoidBCEOp) Hashcode() uint32      { return hashOf(op) }
func (op *sigmoidBCEOp) Do(in ...G.Value) (G.Value, error) {
	z, err := floats(op, in[0], op.shape)
	if err != nil {
		return nil, err
	}
	y, err := floats(op, in[1], op.shape)
	if err != nil {
		return nil, err
	}
	return G.NewF32(float32(sigmoidBCE(z, y, &op.part))), nil
}

// sigmoidBCE is the mean binary cross-entropy of logits z against y.
func sigmoidBCE(z, y []float32, part *[]float64) float64 {
	n := len(z)
	if len(*part) < numChunks(n) {
		*part = make([]float64, numChunks(n))
	}
	p := *part
	parallelChunks(n, func(c, lo, hi int) {
		var s float64
		for j := lo; j < hi; j++ {
			v := float64(z[j])
			s += max(v, 0) - v*float64(y[j]) + math.Log1p(math.Exp(-math.Abs(v)))
		}
		p[c] = s
	})
	var s float64
	for _, v := range p[:numChunks(n)] {
		s += v
	}
	return s / float64(n)
}

func (op *sigmoidBCEOp) DiffWRT(int) []bool { return []bool{true, false} }
func (op *sigmoidBCEOp) SymDiff(inputs G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	dz, err := G.ApplyOp(&sigmoidBCEGradOp{shape: op.shape}, inputs[0], inputs[1], grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dz, nil}, nil
}

// sigmoidBCEGradOp computes ∂/∂z = g·(σ(z) − y)/N.
type sigmoidBCEGradOp struct {
	opCommon
	shape tensor.Shape
	out   buffer
}

func (op *sigmoidBCEGradOp) Arity() int { return 3 }
func (op *sigmoidBCEGradOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(tensorType(2), tensorType(2), a, tensorType(2))
}
func (op *sigmoidBCEGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) { return op.shape, nil }
func (op *sigmoidBCEGradOp) String() string {
	return fmt.Sprintf("KitSigmoidBCEGrad{%v}", op.shape)
}
func (op *sigmoidBCEGradOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *sigmoidBCEGradOp) Hashcode() uint32      { return hashOf(op) }
func (op *sigmoidBCEGradOp) Do(in ...G.Value) (G.Value, error) {
	z, err := floats(op, in[0], op.shape)
	if err != nil {
		return nil, err
	}
	y, err := floats(op, in[1], op.shape)
	if err != nil {
		return nil, err
	}
	g, err := scalarGrad(op, in[2])
	if err != nil {
		return nil, err
	}
	t, dz := op.out.get(op.shape)
	scale := g / float32(len(z))
	for j, v := range z {
		dz[j] = scale * (sigmoid32(v) - y[j])
	}
	return t, nil
}

func sigmoid32(v float32) float32 { return float32(1 / (1 + math.Exp(-float64(v)))) }

// ---- dropout ----

// dropoutOp zeroes each input with probability rate and scales the others
// by 1/(1−rate) ("inverted" dropout, so that inference needs no scaling;
// Srivastava et al. 2014). Masks are drawn serially from a stream of the
// network's seed and the layer's index, so they do not depend on
// GOMAXPROCS.
type dropoutOp struct {
	opCommon
	shape tensor.Shape
	rate  float64
	layer int
	rng   *rand.Rand
	mask  []float32
	out   buffer
	fixed bool // tests: draw the mask once (finite differences need one function)
}

func newDropoutOp(shape tensor.Shape, rate float64, seed uint64, layer int) *dropoutOp {
	return &dropoutOp{shape: shape.Clone(), rate: rate, layer: layer, rng: randx.Stream(seed, 0x64726f70+uint64(layer))}
}

func (op *dropoutOp) Arity() int { return 1 }
func (op *dropoutOp) Type() hm.Type {
	return hm.NewFnType(tensorType(op.shape.Dims()), tensorType(op.shape.Dims()))
}
func (op *dropoutOp) InferShape(...G.DimSizer) (tensor.Shape, error) { return op.shape, nil }
func (op *dropoutOp) String() string {
	return fmt.Sprintf("KitDropout{%v,p=%v,layer=%d}", op.shape, op.rate, op.layer)
}
func (op *dropoutOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *dropoutOp) Hashcode() uint32      { return hashOf(op) }
func (op *dropoutOp) Do(in ...G.Value) (G.Value, error) {
	x, err := floats(op, in[0], op.shape)
	if err != nil {
		return nil, err
	}
	redraw := len(op.mask) != len(x) || !op.fixed
	if len(op.mask) != len(x) {
		op.mask = make([]float32, len(x))
	}
	keep := float32(1 / (1 - op.rate))
	for j := range op.mask {
		if !redraw {
			break
		}
		if op.rng.Float64() < op.rate {
			op.mask[j] = 0
		} else {
			op.mask[j] = keep
		}
	}
	t, y := op.out.get(op.shape)
	for j, v := range x {
		y[j] = v * op.mask[j]
	}
	return t, nil
}
func (op *dropoutOp) DiffWRT(int) []bool { return []bool{true} }
func (op *dropoutOp) SymDiff(inputs G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	dx, err := G.ApplyOp(&dropoutGradOp{fwd: op}, output, grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx}, nil
}

// dropoutGradOp computes dx = dy ⊙ mask of the forward pass.
type dropoutGradOp struct {
	opCommon
	fwd *dropoutOp
	out buffer
}

func (op *dropoutGradOp) Arity() int { return 2 }
func (op *dropoutGradOp) Type() hm.Type {
	d := op.fwd.shape.Dims()
	return hm.NewFnType(tensorType(d), tensorType(d), tensorType(d))
}
func (op *dropoutGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) { return op.fwd.shape, nil }
func (op *dropoutGradOp) String() string {
	return "KitDropoutGrad" + op.fwd.String()[len("KitDropout"):]
}
func (op *dropoutGradOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *dropoutGradOp) Hashcode() uint32      { return hashOf(op) }
func (op *dropoutGradOp) Do(in ...G.Value) (G.Value, error) {
	dy, err := floats(op, in[1], op.fwd.shape)
	if err != nil {
		return nil, err
	}
	t, dx := op.out.get(op.fwd.shape)
	for j, v := range dy {
		dx[j] = v * op.fwd.mask[j]
	}
	return t, nil
}

// expNeg is e^x for x ≤ 0 (softmax arguments after subtracting the row's
// maximum), to about 1e-15 relative: math.Exp's special cases and its
// function call were a third of a small MLP's training step. e^x =
// 2^k·e^r with k = round(x/ln 2) and |r| ≤ ln2/2, e^r by its Taylor
// polynomial of degree 13 (remainder below 1e-17).
func expNeg(x float64) float64 {
	if x < -700 {
		return 0
	}
	const ln2hi, ln2lo = 6.93147180369123816490e-01, 1.90821492927058770002e-10
	k := math.Floor(x*math.Log2E + 0.5)
	r := (x - k*ln2hi) - k*ln2lo
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720+r*(1.0/5040+
		r*(1.0/40320+r*(1.0/362880+r*(1.0/3628800+r*(1.0/39916800+r*(1.0/479001600+r*(1.0/6227020800)))))))))))))
	return p * math.Float64frombits(uint64(int64(k)+1023)<<52)
}
