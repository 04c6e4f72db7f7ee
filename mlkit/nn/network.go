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
	name  string
	shape tensor.Shape
	t     *tensor.Dense
	grad  []float32 // ∂loss/∂param of the last training step
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
)

// layer is one stage of a sequential convolutional network. For pool and
// upsample layers, g.cin is the channel count and g.h×g.w the input size.
type layer struct {
	kind layerKind
	g    convGeom
	act  activation
	w, b *param
}

// outShape is the (c, h, w) a layer produces.
func (l layer) outShape() (c, h, w int) {
	switch l.kind {
	case layerPool:
		return l.g.cin, l.g.h / 2, l.g.w / 2
	case layerUpsample:
		return l.g.cin, 2 * l.g.h, 2 * l.g.w
	}
	return l.g.cout, l.g.h, l.g.w
}

// seqNet is a sequential convolutional network on c×h×w images.
type seqNet struct {
	c, h, w int
	layers  []layer
	params  []*param
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
// layers, and with train, the MSE loss against the input and its gradient.
type graphRun struct {
	g      *G.ExprGraph
	x      *tensor.Dense // input; the batch is copied into its backing array
	out    *G.Node
	loss   *G.Node
	pnodes []*G.Node
	params []*param
	vm     G.VM
}

// buildGraph compiles the network's first upTo layers for batches of n.
func (n *seqNet) buildGraph(batch, upTo int, train bool, eng engine) (*graphRun, error) {
	g := G.NewGraph()
	xt := tensor.New(tensor.WithShape(batch, n.c, n.h, n.w), tensor.Of(tensor.Float32))
	x := G.NewTensor(g, tensor.Float32, 4, G.WithShape(batch, n.c, n.h, n.w), G.WithValue(xt), G.WithName("x"))
	run := &graphRun{g: g, x: xt}
	cur := x
	var err error
	for i, l := range n.layers[:upTo] {
		switch l.kind {
		case layerConv:
			w := G.NewTensor(g, tensor.Float32, 4, G.WithShape(l.w.shape...), G.WithValue(l.w.t), G.WithName(l.w.name))
			b := G.NewTensor(g, tensor.Float32, 1, G.WithShape(l.b.shape...), G.WithValue(l.b.t), G.WithName(l.b.name))
			run.pnodes = append(run.pnodes, w, b)
			run.params = append(run.params, l.w, l.b)
			if eng == engineKit {
				cur, err = G.ApplyOp(newConvOp(l.g, batch, l.act, i > 0), cur, w, b)
			} else {
				cur, err = stockConv(cur, w, b, l)
			}
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
	if eng == engineKit {
		run.loss, err = G.ApplyOp(&mseOp{shape: tensor.Shape{batch, n.c, n.h, n.w}}, cur, x)
	} else {
		var d, sq *G.Node
		if d, err = G.Sub(cur, x); err == nil {
			if sq, err = G.Square(d); err == nil {
				run.loss, err = G.Mean(sq)
			}
		}
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
func (r *graphRun) step(batch []float32) (float64, error) {
	copy(r.x.Data().([]float32), batch)
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
