package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// param is one weight tensor of a network. Its tensor is bound into every
// graph built for the network, so the optimiser's in-place updates are seen
// by all of them.
type param struct {
	name   string
	shape  tensor.Shape
	t      *tensor.Dense
	grad   []float32 // ∂loss/∂param of the last training step
	frozen bool      // kept fixed by training (transfer learning)
	decay  bool      // under the L2 penalty (dense weights, not biases)
}

func newParam(name string, shape ...int) *param {
	t := tensor.New(tensor.WithShape(shape...), tensor.Of(tensor.Float32))
	return &param{name: name, shape: tensor.Shape(shape).Clone(), t: t, grad: make([]float32, t.Size())}
}

func (p *param) data() []float32 { return p.t.Data().([]float32) }

// initUniform fills p with U(-bound, bound) from rng.
func (p *param) initUniform(rng *rand.Rand, bound float64) {
	d := p.data()
	for i := range d {
		d[i] = float32((2*rng.Float64() - 1) * bound)
	}
}

type layerKind uint8

const (
	layerConv layerKind = iota
	layerPool
	layerUpsample
	layerDense
	layerDropout
)

// layer is one stage of a sequential network. For pool, upsample and
// dropout layers, g.cin is the channel count and g.h×g.w the input size; a
// dense layer maps g.cin·g.h·g.w inputs (its input flattened) to g.cout
// units, its output being cout×1×1.
type layer struct {
	kind layerKind
	g    convGeom
	act  activation
	w, b *param
	rate float64 // dropout probability
}

// outShape is the (c, h, w) a layer produces.
func (l layer) outShape() (c, h, w int) {
	switch l.kind {
	case layerPool:
		return l.g.cin, l.g.h / 2, l.g.w / 2
	case layerUpsample:
		return l.g.cin, 2 * l.g.h, 2 * l.g.w
	case layerDropout:
		return l.g.cin, l.g.h, l.g.w
	case layerDense:
		return l.g.cout, 1, 1
	}
	return l.g.cout, l.g.h, l.g.w
}

// lossKind is the training loss of a network.
type lossKind uint8

const (
	// lossReconstruct is the MSE of the output against the input (autoencoder).
	lossReconstruct lossKind = iota
	// lossMSE is the MSE of the output against the targets.
	lossMSE
	// lossSoftmaxCE is softmax + cross-entropy on the output logits.
	lossSoftmaxCE
	// lossSigmoidBCE is sigmoid + binary cross-entropy on the output logits.
	lossSigmoidBCE
)

// seqNet is a sequential network on c×h×w inputs (an MLP's d features are
// d×1×1).
type seqNet struct {
	c, h, w int
	layers  []layer
	params  []*param
	loss    lossKind
	seed    uint64 // dropout masks
}

// outDim is the number of values the network produces per sample.
func (n *seqNet) outDim() int {
	c, h, w := n.shapeAfter(len(n.layers))
	return c * h * w
}

// addDense appends a dense layer from the current shape to out units. With
// glorot, weights and biases are U(±√(6/(fan_in+fan_out))) as in
// scikit-learn's MLP (Glorot & Bengio 2010); otherwise U(±1/√fan_in) as
// PyTorch's nn.Linear.
func (n *seqNet) addDense(name string, out int, act activation, glorot bool, rng *rand.Rand) {
	c, h, w := n.shapeAfter(len(n.layers))
	in := c * h * w
	wp := newParam(name+".weight", in, out)
	bp := newParam(name+".bias", out)
	wp.decay = true
	bound := 1 / math.Sqrt(float64(in))
	if glorot {
		bound = math.Sqrt(6 / float64(in+out))
	}
	wp.initUniform(rng, bound)
	bp.initUniform(rng, bound)
	n.layers = append(n.layers, layer{kind: layerDense, g: convGeom{cin: c, cout: out, h: h, w: w}, act: act, w: wp, b: bp})
	n.params = append(n.params, wp, bp)
}

func (n *seqNet) addDropout(rate float64) {
	c, h, w := n.shapeAfter(len(n.layers))
	n.layers = append(n.layers, layer{kind: layerDropout, g: convGeom{cin: c, cout: c, h: h, w: w}, rate: rate})
}

// trainable are the params training updates.
func (n *seqNet) trainable() []*param {
	var ps []*param
	for _, p := range n.params {
		if !p.frozen {
			ps = append(ps, p)
		}
	}
	return ps
}

// addConv appends a convolution, initialised like PyTorch's nn.Conv2d
// (kaiming_uniform with a=√5, i.e. U(±1/√fan_in) for weights and biases;
// He et al. 2015 with the gain PyTorch chose), drawing from rng.
func (n *seqNet) addConv(name string, cin, cout, k, h, w int, act activation, rng *rand.Rand) {
	wp := newParam(name+".weight", cout, cin, k, k)
	bp := newParam(name+".bias", cout)
	bound := 1 / math.Sqrt(float64(cin*k*k))
	wp.initUniform(rng, bound)
	bp.initUniform(rng, bound)
	n.layers = append(n.layers, layer{kind: layerConv, g: convGeom{cin: cin, cout: cout, h: h, w: w, k: k}, act: act, w: wp, b: bp})
	n.params = append(n.params, wp, bp)
}

func (n *seqNet) addPool(c, h, w int) {
	n.layers = append(n.layers, layer{kind: layerPool, g: convGeom{cin: c, cout: c, h: h, w: w}})
}

func (n *seqNet) addUpsample(c, h, w int) {
	n.layers = append(n.layers, layer{kind: layerUpsample, g: convGeom{cin: c, cout: c, h: h, w: w}})
}

// shapeAfter is the (c, h, w) after the first k layers.
func (n *seqNet) shapeAfter(k int) (c, h, w int) {
	c, h, w = n.c, n.h, n.w
	for _, l := range n.layers[:k] {
		c, h, w = l.outShape()
	}
	return
}

// engine selects the gorgonia Ops a graph is built from.
type engine uint8

const (
	// engineKit uses the kit's Ops (ops.go).
	engineKit engine = iota
	// engineStock uses gorgonia's own Conv2d, MaxPool2D, Upsample2D and
	// elementwise ops; kept to measure the difference (BenchmarkTrainStep).
	engineStock
)

func (e engine) String() string {
	if e == engineStock {
		return "gorgonia"
	}
	return "kit"
}

// graphRun is a compiled graph for a fixed batch size: the first upTo
// layers, and with train, the loss and its gradient with respect to the
// trainable params.
type graphRun struct {
	g      *G.ExprGraph
	x      *tensor.Dense // input; the batch is copied into its backing array
	y      *tensor.Dense // targets of a supervised loss (nil otherwise)
	out    *G.Node
	loss   *G.Node
	pnodes []*G.Node
	params []*param
	vm     G.VM
}

// buildGraph compiles the network's first upTo layers for batches of n.
// Dropout layers are part of training graphs only.
func (n *seqNet) buildGraph(batch, upTo int, train bool, eng engine) (*graphRun, error) {
	g := G.NewGraph()
	xt := tensor.New(tensor.WithShape(batch, n.c, n.h, n.w), tensor.Of(tensor.Float32))
	x := G.NewTensor(g, tensor.Float32, 4, G.WithShape(batch, n.c, n.h, n.w), G.WithValue(xt), G.WithName("x"))
	run := &graphRun{g: g, x: xt}
	cur := x
	var err error
	trainableBefore := false // a trainable param feeds this layer's input
	for i, l := range n.layers[:upTo] {
		switch l.kind {
		case layerConv, layerDense:
			dims := 4
			if l.kind == layerDense {
				dims = 2
			}
			w := G.NewTensor(g, tensor.Float32, dims, G.WithShape(l.w.shape...), G.WithValue(l.w.t), G.WithName(l.w.name))
			b := G.NewTensor(g, tensor.Float32, 1, G.WithShape(l.b.shape...), G.WithValue(l.b.t), G.WithName(l.b.name))
			for _, pn := range []struct {
				node *G.Node
				p    *param
			}{{w, l.w}, {b, l.b}} {
				if !pn.p.frozen {
					run.pnodes = append(run.pnodes, pn.node)
					run.params = append(run.params, pn.p)
				}
			}
			switch {
			case l.kind == layerConv && eng == engineKit:
				cur, err = G.ApplyOp(newConvOp(l.g, batch, l.act, trainableBefore), cur, w, b)
			case l.kind == layerConv:
				cur, err = stockConv(cur, w, b, l)
			case eng == engineKit:
				cur, err = G.ApplyOp(&denseOp{g: denseGeom{n: batch, in: l.g.inSize(), out: l.g.cout}, xDims: cur.Dims(), act: l.act, inputGrad: trainableBefore}, cur, w, b)
			default:
				cur, err = stockDense(cur, w, b, l, batch)
			}
			trainableBefore = trainableBefore || !l.w.frozen || !l.b.frozen
		case layerPool:
			if eng == engineKit {
				cur, err = G.ApplyOp(&maxPoolOp{n: batch, c: l.g.cin, h: l.g.h, w: l.g.w}, cur)
			} else {
				cur, err = G.MaxPool2D(cur, tensor.Shape{2, 2}, []int{0, 0}, []int{2, 2})
			}
		case layerUpsample:
			if eng == engineKit {
				cur, err = G.ApplyOp(&upsampleOp{n: batch, c: l.g.cin, h: l.g.h, w: l.g.w}, cur)
			} else {
				cur, err = G.Upsample2D(cur, 2)
			}
		case layerDropout:
			if train && l.rate > 0 {
				cur, err = G.ApplyOp(newDropoutOp(cur.Shape(), l.rate, n.seed, i), cur)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("nn: building layer %d: %w", i, err)
		}
	}
	run.out = cur
	if !train {
		run.vm = G.NewTapeMachine(g)
		return run, nil
	}
	if len(run.pnodes) == 0 {
		return nil, fmt.Errorf("nn: every weight is frozen: nothing to train")
	}
	target := x
	if n.loss != lossReconstruct {
		k := cur.Shape().TotalSize() / batch
		run.y = tensor.New(tensor.WithShape(batch, k), tensor.Of(tensor.Float32))
		target = G.NewTensor(g, tensor.Float32, 2, G.WithShape(batch, k), G.WithValue(run.y), G.WithName("y"))
		if cur.Dims() != 2 {
			if cur, err = G.Reshape(cur, tensor.Shape{batch, k}); err != nil {
				return nil, fmt.Errorf("nn: building the loss: %w", err)
			}
		}
	}
	switch {
	case eng == engineKit && n.loss == lossSoftmaxCE:
		run.loss, err = G.ApplyOp(&softmaxCEOp{shape: cur.Shape().Clone()}, cur, target)
	case eng == engineKit && n.loss == lossSigmoidBCE:
		run.loss, err = G.ApplyOp(&sigmoidBCEOp{shape: cur.Shape().Clone()}, cur, target)
	case eng == engineKit:
		run.loss, err = G.ApplyOp(&mseOp{shape: cur.Shape().Clone()}, cur, target)
	default:
		run.loss, err = stockLoss(n.loss, cur, target, batch)
	}
	if err != nil {
		return nil, fmt.Errorf("nn: building the loss: %w", err)
	}
	if _, err = G.Grad(run.loss, run.pnodes...); err != nil {
		return nil, fmt.Errorf("nn: differentiating the loss: %w", err)
	}
	run.vm = G.NewTapeMachine(g, G.BindDualValues(run.pnodes...))
	return run, nil
}

// stockDense is gorgonia's own matrix product, bias and activation.
func stockDense(x, w, b *G.Node, l layer, batch int) (*G.Node, error) {
	var err error
	if x.Dims() != 2 {
		if x, err = G.Reshape(x, tensor.Shape{batch, l.g.inSize()}); err != nil {
			return nil, err
		}
	}
	y, err := G.Mul(x, w)
	if err != nil {
		return nil, err
	}
	if y, err = G.BroadcastAdd(y, b, nil, []byte{0}); err != nil {
		return nil, err
	}
	switch l.act {
	case actReLU:
		return G.Rectify(y)
	case actSigmoid:
		return G.Sigmoid(y)
	}
	return y, nil
}

// stockLoss is the loss from gorgonia's own elementwise ops.
func stockLoss(kind lossKind, out, target *G.Node, batch int) (*G.Node, error) {
	switch kind {
	case lossSoftmaxCE:
		sm, err := G.SoftMax(out)
		if err != nil {
			return nil, err
		}
		lg, err := G.Log(sm)
		if err != nil {
			return nil, err
		}
		p, err := G.HadamardProd(lg, target)
		if err != nil {
			return nil, err
		}
		s, err := G.Sum(p)
		if err != nil {
			return nil, err
		}
		return G.Div(s, G.NewConstant(float32(-batch)))
	case lossSigmoidBCE:
		return nil, fmt.Errorf("nn: no stock sigmoid cross-entropy")
	}
	d, err := G.Sub(out, target)
	if err != nil {
		return nil, err
	}
	sq, err := G.Square(d)
	if err != nil {
		return nil, err
	}
	return G.Mean(sq)
}

// stockConv is gorgonia's own convolution, bias and activation.
func stockConv(x, w, b *G.Node, l layer) (*G.Node, error) {
	k := l.g.k
	y, err := G.Conv2d(x, w, tensor.Shape{k, k}, []int{k / 2, k / 2}, []int{1, 1}, []int{1, 1})
	if err != nil {
		return nil, err
	}
	b4, err := G.Reshape(b, tensor.Shape{1, l.g.cout, 1, 1})
	if err != nil {
		return nil, err
	}
	if y, err = G.BroadcastAdd(y, b4, nil, []byte{0, 2, 3}); err != nil {
		return nil, err
	}
	switch l.act {
	case actReLU:
		return G.Rectify(y)
	case actSigmoid:
		return G.Sigmoid(y)
	}
	return y, nil
}

// step copies batch into the input, runs the graph and, for a training
// graph, copies the parameter gradients into the params and returns the
// loss. The graph's output stays readable with output until the next step.
func (r *graphRun) step(batch []float32) (float64, error) { return r.stepXY(batch, nil) }

// stepXY is step with the targets of a supervised loss.
func (r *graphRun) stepXY(batch, targets []float32) (float64, error) {
	copy(r.x.Data().([]float32), batch)
	if r.y != nil {
		copy(r.y.Data().([]float32), targets)
	}
	defer r.vm.Reset()
	if err := r.vm.RunAll(); err != nil {
		return 0, err
	}
	if r.loss == nil {
		return 0, nil
	}
	for i, pn := range r.pnodes {
		gv, err := pn.Grad()
		if err != nil {
			return 0, fmt.Errorf("nn: gradient of %s: %w", r.params[i].name, err)
		}
		gt, ok := gv.(*tensor.Dense)
		if !ok {
			return 0, fmt.Errorf("nn: gradient of %s is a %T", r.params[i].name, gv)
		}
		gd := gt.Data().([]float32)
		copy(r.params[i].grad, gd)
		clear(gd) // the machine accumulates into the dual value
	}
	return scalarOf(r.loss.Value())
}

// output returns the flat float32 output of the last step.
func (r *graphRun) output() []float32 {
	return r.out.Value().Data().([]float32)
}

func scalarOf(v G.Value) (float64, error) {
	switch s := v.(type) {
	case *G.F32:
		return float64(*s), nil
	case *G.F64:
		return float64(*s), nil
	case *tensor.Dense:
		switch d := s.Data().(type) {
		case float32:
			return float64(d), nil
		case []float32:
			if len(d) == 1 {
				return float64(d[0]), nil
			}
		}
	}
	return 0, fmt.Errorf("nn: loss is a %T, want a scalar", v)
}
