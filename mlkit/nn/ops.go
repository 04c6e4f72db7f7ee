package nn

import (
	"fmt"
	"hash"
	"hash/fnv"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The kit's gorgonia Ops for the hot layers of the convolutional networks.
// Each forward Op implements gorgonia.SDOp: its SymDiff adds gradient Ops to
// the graph, which the TapeMachine runs like any other node. Unlike
// gorgonia's stock conv (im2col + reshapes + transposes), max-pool and
// upsample (one At/SetAt per element), these work on the flat float32
// backing arrays, reuse their output and scratch buffers across steps and
// split the batch over the cores (kernels.go).
//
// Each Op instance owns its output tensor, so an Op value must be used in
// one node of one graph only; the builders below create a fresh Op per node.

var (
	_ G.SDOp = (*convOp)(nil)
	_ G.SDOp = (*maxPoolOp)(nil)
	_ G.SDOp = (*upsampleOp)(nil)
	_ G.SDOp = (*mseOp)(nil)
)

// opCommon holds what all the kit's Ops share: no extern calls, no
// in-place overwrite, results returned by value (the buffer is the Op's).
type opCommon struct{}

func (opCommon) ReturnsPtr() bool     { return false }
func (opCommon) CallsExtern() bool    { return false }
func (opCommon) OverwritesInput() int { return -1 }

func hashOf(s fmt.Stringer) uint32 {
	h := fnv.New32a()
	fmt.Fprint(h, s.String())
	return h.Sum32()
}

func tensorType(dims int) G.TensorType {
	return G.TensorType{Dims: dims, Of: hm.TypeVariable('a')}
}

// floats returns the float32 backing array of a tensor value.
func floats(op fmt.Stringer, v G.Value, want tensor.Shape) ([]float32, error) {
	t, ok := v.(*tensor.Dense)
	if !ok {
		return nil, fmt.Errorf("nn: %v: input is a %T, want a *tensor.Dense", op, v)
	}
	d, ok := t.Data().([]float32)
	if !ok {
		return nil, fmt.Errorf("nn: %v: input has dtype %v, want float32", op, t.Dtype())
	}
	if want != nil && !t.Shape().Eq(want) {
		return nil, fmt.Errorf("nn: %v: input has shape %v, want %v", op, t.Shape(), want)
	}
	return d, nil
}

// buffer is an Op's output tensor, allocated on first use.
type buffer struct{ t *tensor.Dense }

func (b *buffer) get(shape tensor.Shape) (*tensor.Dense, []float32) {
	if b.t == nil || !b.t.Shape().Eq(shape) {
		b.t = tensor.New(tensor.WithShape(shape.Clone()...), tensor.Of(tensor.Float32))
	}
	return b.t, b.t.Data().([]float32)
}

// ---- convolution ----

// convOp computes act(conv2d(x, w) + b) for a stride-1 "same" convolution.
// Inputs: x (n, cin, h, w), w (cout, cin, k, k), b (cout).
type convOp struct {
	opCommon
	g         convGeom
	n         int
	act       activation
	inputGrad bool // false for a first layer, whose input needs no gradient
	scratch   convScratch
	out       buffer
}

func newConvOp(g convGeom, n int, act activation, inputGrad bool) *convOp {
	return &convOp{g: g, n: n, act: act, inputGrad: inputGrad}
}

func (op *convOp) xShape() tensor.Shape { return tensor.Shape{op.n, op.g.cin, op.g.h, op.g.w} }
func (op *convOp) yShape() tensor.Shape { return tensor.Shape{op.n, op.g.cout, op.g.h, op.g.w} }
func (op *convOp) wShape() tensor.Shape {
	return tensor.Shape{op.g.cout, op.g.cin, op.g.k, op.g.k}
}

func (op *convOp) Arity() int { return 3 }
func (op *convOp) Type() hm.Type {
	return hm.NewFnType(tensorType(4), tensorType(4), tensorType(1), tensorType(4))
}
func (op *convOp) InferShape(...G.DimSizer) (tensor.Shape, error) { return op.yShape(), nil }
func (op *convOp) String() string {
	return fmt.Sprintf("KitConv2d{n=%d,%d→%d,%d×%d,k=%d,%v}", op.n, op.g.cin, op.g.cout, op.g.h, op.g.w, op.g.k, op.act)
}
func (op *convOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *convOp) Hashcode() uint32      { return hashOf(op) }

func (op *convOp) Do(in ...G.Value) (G.Value, error) {
	x, err := floats(op, in[0], op.xShape())
	if err != nil {
		return nil, err
	}
	w, err := floats(op, in[1], op.wShape())
	if err != nil {
		return nil, err
	}
	b, err := floats(op, in[2], tensor.Shape{op.g.cout})
	if err != nil {
		return nil, err
	}
	t, y := op.out.get(op.yShape())
	convForward(op.g, op.n, x, w, b, y, op.act, &op.scratch)
	return t, nil
}

func (op *convOp) DiffWRT(int) []bool { return []bool{op.inputGrad, true, true} }

func (op *convOp) SymDiff(inputs G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	x, w := inputs[0], inputs[1]
	dz, err := G.ApplyOp(&actGradOp{act: op.act, shape: op.yShape()}, output, grad)
	if err != nil {
		return nil, err
	}
	var dx *G.Node
	if op.inputGrad {
		if dx, err = G.ApplyOp(&convDataGradOp{g: op.g, n: op.n}, dz, w); err != nil {
			return nil, err
		}
	}
	dw, err := G.ApplyOp(&convWeightGradOp{g: op.g, n: op.n}, x, dz)
	if err != nil {
		return nil, err
	}
	db, err := G.ApplyOp(&biasGradOp{n: op.n, c: op.g.cout, hw: op.g.hw()}, dz)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx, dw, db}, nil
}

// actGradOp computes dz = dy ⊙ act'(·) from the activation's output y.
type actGradOp struct {
	opCommon
	act   activation
	shape tensor.Shape
	out   buffer
}

func (op *actGradOp) Arity() int { return 2 }
func (op *actGradOp) Type() hm.Type {
	d := op.shape.Dims()
	return hm.NewFnType(tensorType(d), tensorType(d), tensorType(d))
}
func (op *actGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) { return op.shape, nil }
func (op *actGradOp) String() string                                 { return fmt.Sprintf("KitActGrad{%v,%v}", op.act, op.shape) }
func (op *actGradOp) WriteHash(h hash.Hash)                          { fmt.Fprint(h, op.String()) }
func (op *actGradOp) Hashcode() uint32                               { return hashOf(op) }
func (op *actGradOp) Do(in ...G.Value) (G.Value, error) {
	y, err := floats(op, in[0], op.shape)
	if err != nil {
		return nil, err
	}
	dy, err := floats(op, in[1], op.shape)
	if err != nil {
		return nil, err
	}
	t, dz := op.out.get(op.shape)
	actBackward(op.act, y, dy, dz)
	return t, nil
}

// convDataGradOp computes dx from dz and w: a convolution of dz with the
// flipped, transposed kernel (see flipTranspose).
type convDataGradOp struct {
	opCommon
	g       convGeom
	n       int
	wflip   []float32
	zeros   []float32
	scratch convScratch
	out     buffer
}

func (op *convDataGradOp) Arity() int { return 2 }
func (op *convDataGradOp) Type() hm.Type {
	return hm.NewFnType(tensorType(4), tensorType(4), tensorType(4))
}
func (op *convDataGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{op.n, op.g.cin, op.g.h, op.g.w}, nil
}
func (op *convDataGradOp) String() string {
	return fmt.Sprintf("KitConv2dDataGrad{n=%d,%d→%d,%d×%d,k=%d}", op.n, op.g.cin, op.g.cout, op.g.h, op.g.w, op.g.k)
}
func (op *convDataGradOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *convDataGradOp) Hashcode() uint32      { return hashOf(op) }
func (op *convDataGradOp) Do(in ...G.Value) (G.Value, error) {
	g := op.g
	dz, err := floats(op, in[0], tensor.Shape{op.n, g.cout, g.h, g.w})
	if err != nil {
		return nil, err
	}
	w, err := floats(op, in[1], tensor.Shape{g.cout, g.cin, g.k, g.k})
	if err != nil {
		return nil, err
	}
	if op.wflip == nil {
		op.wflip = make([]float32, len(w))
		op.zeros = make([]float32, g.cin)
	}
	flipTranspose(g, w, op.wflip)
	shape, _ := op.InferShape()
	t, dx := op.out.get(shape)
	back := convGeom{cin: g.cout, cout: g.cin, h: g.h, w: g.w, k: g.k}
	convForward(back, op.n, dz, op.wflip, op.zeros, dx, actNone, &op.scratch)
	return t, nil
}

// convWeightGradOp computes dw, the correlation of dz with x.
type convWeightGradOp struct {
	opCommon
	g       convGeom
	n       int
	scratch convScratch
	out     buffer
}

func (op *convWeightGradOp) Arity() int { return 2 }
func (op *convWeightGradOp) Type() hm.Type {
	return hm.NewFnType(tensorType(4), tensorType(4), tensorType(4))
}
func (op *convWeightGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{op.g.cout, op.g.cin, op.g.k, op.g.k}, nil
}
func (op *convWeightGradOp) String() string {
	return fmt.Sprintf("KitConv2dWeightGrad{n=%d,%d→%d,%d×%d,k=%d}", op.n, op.g.cin, op.g.cout, op.g.h, op.g.w, op.g.k)
}
func (op *convWeightGradOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *convWeightGradOp) Hashcode() uint32      { return hashOf(op) }
func (op *convWeightGradOp) Do(in ...G.Value) (G.Value, error) {
	g := op.g
	x, err := floats(op, in[0], tensor.Shape{op.n, g.cin, g.h, g.w})
	if err != nil {
		return nil, err
	}
	dz, err := floats(op, in[1], tensor.Shape{op.n, g.cout, g.h, g.w})
	if err != nil {
		return nil, err
	}
	shape, _ := op.InferShape()
	t, dw := op.out.get(shape)
	convWeightGrad(g, op.n, x, dz, dw, &op.scratch)
	return t, nil
}

// biasGradOp sums dz over the batch and the pixels of each channel.
type biasGradOp struct {
	opCommon
	n, c, hw int
	part     [][]float32
	out      buffer
}

func (op *biasGradOp) Arity() int                                     { return 1 }
func (op *biasGradOp) Type() hm.Type                                  { return hm.NewFnType(tensorType(4), tensorType(1)) }
func (op *biasGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) { return tensor.Shape{op.c}, nil }
func (op *biasGradOp) String() string {
	return fmt.Sprintf("KitBiasGrad{n=%d,c=%d,hw=%d}", op.n, op.c, op.hw)
}
func (op *biasGradOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *biasGradOp) Hashcode() uint32      { return hashOf(op) }
func (op *biasGradOp) Do(in ...G.Value) (G.Value, error) {
	dz, err := floats(op, in[0], nil)
	if err != nil {
		return nil, err
	}
	if len(dz) != op.n*op.c*op.hw {
		return nil, fmt.Errorf("nn: %v: input has %d values, want %d", op, len(dz), op.n*op.c*op.hw)
	}
	t, db := op.out.get(tensor.Shape{op.c})
	biasGrad(op.n, op.c, op.hw, dz, db, &op.part)
	return t, nil
}

// ---- 2×2 max-pool ----

// maxPoolOp is a 2×2, stride-2 max-pool. It keeps the argmax of every
// output for its gradient Op (as gorgonia's own maxPoolOp keeps its mask).
type maxPoolOp struct {
	opCommon
	n, c, h, w int
	arg        []int32
	out        buffer
}

func (op *maxPoolOp) Arity() int    { return 1 }
func (op *maxPoolOp) Type() hm.Type { return hm.NewFnType(tensorType(4), tensorType(4)) }
func (op *maxPoolOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{op.n, op.c, op.h / 2, op.w / 2}, nil
}
func (op *maxPoolOp) String() string {
	return fmt.Sprintf("KitMaxPool2{n=%d,c=%d,%d×%d}", op.n, op.c, op.h, op.w)
}
func (op *maxPoolOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *maxPoolOp) Hashcode() uint32      { return hashOf(op) }
func (op *maxPoolOp) Do(in ...G.Value) (G.Value, error) {
	x, err := floats(op, in[0], tensor.Shape{op.n, op.c, op.h, op.w})
	if err != nil {
		return nil, err
	}
	shape, _ := op.InferShape()
	t, y := op.out.get(shape)
	if len(op.arg) != len(y) {
		op.arg = make([]int32, len(y))
	}
	maxPool2(op.n, op.c, op.h, op.w, x, y, op.arg)
	return t, nil
}
func (op *maxPoolOp) DiffWRT(int) []bool { return []bool{true} }
func (op *maxPoolOp) SymDiff(inputs G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	// output is an input of the gradient Op only to order it after the
	// forward pass, whose argmax it reads.
	dx, err := G.ApplyOp(&maxPoolGradOp{fwd: op}, output, grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx}, nil
}

type maxPoolGradOp struct {
	opCommon
	fwd *maxPoolOp
	out buffer
}

func (op *maxPoolGradOp) Arity() int { return 2 }
func (op *maxPoolGradOp) Type() hm.Type {
	return hm.NewFnType(tensorType(4), tensorType(4), tensorType(4))
}
func (op *maxPoolGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	f := op.fwd
	return tensor.Shape{f.n, f.c, f.h, f.w}, nil
}
func (op *maxPoolGradOp) String() string {
	return "KitMaxPool2Grad" + op.fwd.String()[len("KitMaxPool2"):]
}
func (op *maxPoolGradOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *maxPoolGradOp) Hashcode() uint32      { return hashOf(op) }
func (op *maxPoolGradOp) Do(in ...G.Value) (G.Value, error) {
	f := op.fwd
	dy, err := floats(op, in[1], tensor.Shape{f.n, f.c, f.h / 2, f.w / 2})
	if err != nil {
		return nil, err
	}
	shape, _ := op.InferShape()
	t, dx := op.out.get(shape)
	maxPool2Backward(f.n, f.c, f.h, f.w, dy, f.arg, dx)
	return t, nil
}

// ---- nearest 2× upsample ----

type upsampleOp struct {
	opCommon
	n, c, h, w int
	out        buffer
}

func (op *upsampleOp) Arity() int    { return 1 }
func (op *upsampleOp) Type() hm.Type { return hm.NewFnType(tensorType(4), tensorType(4)) }
func (op *upsampleOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{op.n, op.c, 2 * op.h, 2 * op.w}, nil
}
func (op *upsampleOp) String() string {
	return fmt.Sprintf("KitUpsample2{n=%d,c=%d,%d×%d}", op.n, op.c, op.h, op.w)
}
func (op *upsampleOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *upsampleOp) Hashcode() uint32      { return hashOf(op) }
func (op *upsampleOp) Do(in ...G.Value) (G.Value, error) {
	x, err := floats(op, in[0], tensor.Shape{op.n, op.c, op.h, op.w})
	if err != nil {
		return nil, err
	}
	shape, _ := op.InferShape()
	t, y := op.out.get(shape)
	upsample2(op.n, op.c, op.h, op.w, x, y)
	return t, nil
}
func (op *upsampleOp) DiffWRT(int) []bool { return []bool{true} }
func (op *upsampleOp) SymDiff(inputs G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	dx, err := G.ApplyOp(&upsampleGradOp{fwd: op}, grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx}, nil
}

type upsampleGradOp struct {
	opCommon
	fwd *upsampleOp
	out buffer
}

func (op *upsampleGradOp) Arity() int    { return 1 }
func (op *upsampleGradOp) Type() hm.Type { return hm.NewFnType(tensorType(4), tensorType(4)) }
func (op *upsampleGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	f := op.fwd
	return tensor.Shape{f.n, f.c, f.h, f.w}, nil
}
func (op *upsampleGradOp) String() string {
	return "KitUpsample2Grad" + op.fwd.String()[len("KitUpsample2"):]
}
func (op *upsampleGradOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *upsampleGradOp) Hashcode() uint32      { return hashOf(op) }
func (op *upsampleGradOp) Do(in ...G.Value) (G.Value, error) {
	f := op.fwd
	dy, err := floats(op, in[0], tensor.Shape{f.n, f.c, 2 * f.h, 2 * f.w})
	if err != nil {
		return nil, err
	}
	shape, _ := op.InferShape()
	t, dx := op.out.get(shape)
	upsample2Backward(f.n, f.c, f.h, f.w, dy, dx)
	return t, nil
}

// ---- mean squared error ----

// mseOp computes mean((a-b)²) over all elements as a float32 scalar, with
// the sum accumulated in float64 in fixed chunks (deterministic). a and b
// may have any rank (4 for images, 2 for regression targets).
type mseOp struct {
	opCommon
	shape tensor.Shape
	part  []float64
}

func (op *mseOp) Arity() int { return 2 }
func (op *mseOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	d := op.shape.Dims()
	return hm.NewFnType(tensorType(d), tensorType(d), a)
}
func (op *mseOp) InferShape(...G.DimSizer) (tensor.Shape, error) { return tensor.ScalarShape(), nil }
func (op *mseOp) String() string                                 { return fmt.Sprintf("KitMSE{%v}", op.shape) }
func (op *mseOp) WriteHash(h hash.Hash)                          { fmt.Fprint(h, op.String()) }
func (op *mseOp) Hashcode() uint32                               { return hashOf(op) }
func (op *mseOp) Do(in ...G.Value) (G.Value, error) {
	a, err := floats(op, in[0], op.shape)
	if err != nil {
		return nil, err
	}
	b, err := floats(op, in[1], op.shape)
	if err != nil {
		return nil, err
	}
	v := float32(meanSquaredDiff(a, b, &op.part))
	return G.NewF32(v), nil
}

func meanSquaredDiff(a, b []float32, part *[]float64) float64 {
	n := len(a)
	const block = 4096
	nb := (n + block - 1) / block
	if len(*part) < nb {
		*part = make([]float64, nb)
	}
	p := *part
	parallelChunks(nb, func(_, lo, hi int) {
		for blk := lo; blk < hi; blk++ {
			var s float64
			for j := blk * block; j < min(n, (blk+1)*block); j++ {
				d := float64(a[j]) - float64(b[j])
				s += d * d
			}
			p[blk] = s
		}
	})
	var s float64
	for _, v := range p[:nb] {
		s += v
	}
	return s / float64(n)
}

func (op *mseOp) DiffWRT(int) []bool { return []bool{true, false} }
func (op *mseOp) SymDiff(inputs G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	da, err := G.ApplyOp(&mseGradOp{shape: op.shape}, inputs[0], inputs[1], grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{da, nil}, nil
}

// mseGradOp computes ∂mse/∂a = 2(a-b)/n · g.
type mseGradOp struct {
	opCommon
	shape tensor.Shape
	out   buffer
}

func (op *mseGradOp) Arity() int { return 3 }
func (op *mseGradOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	d := op.shape.Dims()
	return hm.NewFnType(tensorType(d), tensorType(d), a, tensorType(d))
}
func (op *mseGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) { return op.shape, nil }
func (op *mseGradOp) String() string                                 { return fmt.Sprintf("KitMSEGrad{%v}", op.shape) }
func (op *mseGradOp) WriteHash(h hash.Hash)                          { fmt.Fprint(h, op.String()) }
func (op *mseGradOp) Hashcode() uint32                               { return hashOf(op) }
func (op *mseGradOp) Do(in ...G.Value) (G.Value, error) {
	a, err := floats(op, in[0], op.shape)
	if err != nil {
		return nil, err
	}
	b, err := floats(op, in[1], op.shape)
	if err != nil {
		return nil, err
	}
	g, err := scalarGrad(op, in[2])
	if err != nil {
		return nil, err
	}
	t, d := op.out.get(op.shape)
	scale := 2 * g / float32(len(a))
	n := len(a)
	parallelChunks(n/4096+1, func(_, lo, hi int) {
		for j := lo * 4096; j < min(n, hi*4096); j++ {
			d[j] = scale * (a[j] - b[j])
		}
	})
	return t, nil
}

// scalarGrad reads the float32 scalar gradient a loss Op receives.
func scalarGrad(op fmt.Stringer, v G.Value) (float32, error) {
	switch v := v.(type) {
	case *G.F32:
		return float32(*v), nil
	case *tensor.Dense:
		d, ok := v.Data().(float32)
		if !ok {
			return 0, fmt.Errorf("nn: %v: gradient has dtype %v, want float32", op, v.Dtype())
		}
		return d, nil
	}
	return 0, fmt.Errorf("nn: %v: gradient is a %T, want a float32 scalar", op, v)
}
