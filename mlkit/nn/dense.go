package nn

import (
	"fmt"
	"hash"

	"github.com/chewxy/hm"
	"gonum.org/v1/gonum/blas"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The kit's fused dense layer: y = act(x·W + b) in one Op, with its gradient
// Ops. gorgonia's stock ops would run a matrix product, a broadcast add
// (which allocates its result and the broadcast pattern each step) and an
// activation, then on the way back as many again plus transposes; on the
// small layers of an MLP (64 units, batch 200) their bookkeeping costs more
// than the arithmetic (BenchmarkMLPStep measures both).
//
// Weights are stored in × out, so the forward product and both gradients are
// single GEMMs on contiguous rows: y = x·W, dx = dz·Wᵀ, dW = xᵀ·dz.

var (
	_ G.SDOp = (*denseOp)(nil)
)

// sgemm is the float32 matrix product of the dense Ops: gonum's assembly
// kernels, or OpenBLAS (on one thread) with the tag openblas.
var sgemm blas.Float32Level3 = gimpl

// denseGeom is a dense layer from in to out units on batches of n.
type denseGeom struct {
	n, in, out int
}

// denseOp computes act(x·W + b). Inputs: x (n, …) with in values per
// sample (a 4-D image batch is read as flat rows), W (in, out), b (out).
type denseOp struct {
	opCommon
	g         denseGeom
	xDims     int
	act       activation
	inputGrad bool
	out       buffer
}

func (op *denseOp) Arity() int { return 3 }
func (op *denseOp) Type() hm.Type {
	return hm.NewFnType(tensorType(op.xDims), tensorType(2), tensorType(1), tensorType(2))
}
func (op *denseOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{op.g.n, op.g.out}, nil
}
func (op *denseOp) String() string {
	return fmt.Sprintf("KitDense{n=%d,%d→%d,%v}", op.g.n, op.g.in, op.g.out, op.act)
}
func (op *denseOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *denseOp) Hashcode() uint32      { return hashOf(op) }

func (op *denseOp) Do(in ...G.Value) (G.Value, error) {
	g := op.g
	x, err := floats(op, in[0], nil)
	if err != nil {
		return nil, err
	}
	if len(x) != g.n*g.in {
		return nil, fmt.Errorf("nn: %v: input has %d values, want %d", op, len(x), g.n*g.in)
	}
	w, err := floats(op, in[1], tensor.Shape{g.in, g.out})
	if err != nil {
		return nil, err
	}
	b, err := floats(op, in[2], tensor.Shape{g.out})
	if err != nil {
		return nil, err
	}
	t, y := op.out.get(tensor.Shape{g.n, g.out})
	denseForward(g, x, w, b, y, op.act)
	return t, nil
}

func (op *denseOp) DiffWRT(int) []bool { return []bool{op.inputGrad, true, true} }

func (op *denseOp) SymDiff(inputs G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	x, w := inputs[0], inputs[1]
	dz, err := G.ApplyOp(&actGradOp{act: op.act, shape: tensor.Shape{op.g.n, op.g.out}}, output, grad)
	if err != nil {
		return nil, err
	}
	var dx *G.Node
	if op.inputGrad {
		if dx, err = G.ApplyOp(&denseDataGradOp{g: op.g, xShape: x.Shape().Clone()}, dz, w); err != nil {
			return nil, err
		}
	}
	dw, err := G.ApplyOp(&denseWeightGradOp{g: op.g, xDims: op.xDims}, x, dz)
	if err != nil {
		return nil, err
	}
	db, err := G.ApplyOp(&denseBiasGradOp{g: op.g}, dz)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx, dw, db}, nil
}

// denseDataGradOp computes dx = dz·Wᵀ, shaped like the layer's input.
type denseDataGradOp struct {
	opCommon
	g      denseGeom
	xShape tensor.Shape
	out    buffer
}

func (op *denseDataGradOp) Arity() int { return 2 }
func (op *denseDataGradOp) Type() hm.Type {
	return hm.NewFnType(tensorType(2), tensorType(2), tensorType(op.xShape.Dims()))
}
func (op *denseDataGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) { return op.xShape, nil }
func (op *denseDataGradOp) String() string {
	return fmt.Sprintf("KitDenseDataGrad{n=%d,%d→%d,%v}", op.g.n, op.g.in, op.g.out, op.xShape)
}
func (op *denseDataGradOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *denseDataGradOp) Hashcode() uint32      { return hashOf(op) }
func (op *denseDataGradOp) Do(in ...G.Value) (G.Value, error) {
	g := op.g
	dz, err := floats(op, in[0], tensor.Shape{g.n, g.out})
	if err != nil {
		return nil, err
	}
	w, err := floats(op, in[1], tensor.Shape{g.in, g.out})
	if err != nil {
		return nil, err
	}
	t, dx := op.out.get(op.xShape)
	parallelChunks(g.n, func(_, lo, hi int) {
		sgemm.Sgemm(blas.NoTrans, blas.Trans, hi-lo, g.in, g.out, 1, dz[lo*g.out:hi*g.out], g.out, w, g.out, 0, dx[lo*g.in:hi*g.in], g.in)
	})
	return t, nil
}

// denseWeightGradOp computes dW = xᵀ·dz, summing per-chunk partials in
// chunk order (deterministic at any GOMAXPROCS).
type denseWeightGradOp struct {
	opCommon
	g     denseGeom
	xDims int
	part  [][]float32
	out   buffer
}

func (op *denseWeightGradOp) Arity() int { return 2 }
func (op *denseWeightGradOp) Type() hm.Type {
	return hm.NewFnType(tensorType(op.xDims), tensorType(2), tensorType(2))
}
func (op *denseWeightGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{op.g.in, op.g.out}, nil
}
func (op *denseWeightGradOp) String() string {
	return fmt.Sprintf("KitDenseWeightGrad{n=%d,%d→%d}", op.g.n, op.g.in, op.g.out)
}
func (op *denseWeightGradOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *denseWeightGradOp) Hashcode() uint32      { return hashOf(op) }
func (op *denseWeightGradOp) Do(in ...G.Value) (G.Value, error) {
	g := op.g
	x, err := floats(op, in[0], nil)
	if err != nil {
		return nil, err
	}
	if len(x) != g.n*g.in {
		return nil, fmt.Errorf("nn: %v: input has %d values, want %d", op, len(x), g.n*g.in)
	}
	dz, err := floats(op, in[1], tensor.Shape{g.n, g.out})
	if err != nil {
		return nil, err
	}
	t, dw := op.out.get(tensor.Shape{g.in, g.out})
	chunks := numChunks(g.n)
	grow(&op.part, chunks, g.in*g.out)
	parallelChunks(g.n, func(c, lo, hi int) {
		sgemm.Sgemm(blas.Trans, blas.NoTrans, g.in, g.out, hi-lo, 1, x[lo*g.in:hi*g.in], g.in, dz[lo*g.out:hi*g.out], g.out, 0, op.part[c][:g.in*g.out], g.out)
	})
	reduceChunks(op.part, chunks, dw)
	return t, nil
}

// denseBiasGradOp computes db = Σ_i dz[i, :].
type denseBiasGradOp struct {
	opCommon
	g    denseGeom
	part [][]float32
	out  buffer
}

func (op *denseBiasGradOp) Arity() int    { return 1 }
func (op *denseBiasGradOp) Type() hm.Type { return hm.NewFnType(tensorType(2), tensorType(1)) }
func (op *denseBiasGradOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{op.g.out}, nil
}
func (op *denseBiasGradOp) String() string {
	return fmt.Sprintf("KitDenseBiasGrad{n=%d,%d}", op.g.n, op.g.out)
}
func (op *denseBiasGradOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *denseBiasGradOp) Hashcode() uint32      { return hashOf(op) }
func (op *denseBiasGradOp) Do(in ...G.Value) (G.Value, error) {
	g := op.g
	dz, err := floats(op, in[0], tensor.Shape{g.n, g.out})
	if err != nil {
		return nil, err
	}
	t, db := op.out.get(tensor.Shape{g.out})
	chunks := numChunks(g.n)
	grow(&op.part, chunks, g.out)
	parallelChunks(g.n, func(c, lo, hi int) {
		p := op.part[c][:g.out]
		clear(p)
		for i := lo; i < hi; i++ {
			gimpl.Saxpy(g.out, 1, dz[i*g.out:(i+1)*g.out], 1, p, 1)
		}
	})
	reduceChunks(op.part, chunks, db)
	return t, nil
}

// denseForward computes y = act(x·W + b) over batch chunks: each chunk's
// rows start as copies of b and receive one GEMM.
func denseForward(g denseGeom, x, w, b, y []float32, act activation) {
	parallelChunks(g.n, func(_, lo, hi int) {
		yc := y[lo*g.out : hi*g.out]
		for i := 0; i < hi-lo; i++ {
			copy(yc[i*g.out:(i+1)*g.out], b)
		}
		sgemm.Sgemm(blas.NoTrans, blas.NoTrans, hi-lo, g.out, g.in, 1, x[lo*g.in:hi*g.in], g.in, w, g.out, 1, yc, g.out)
		applyAct(act, yc)
	})
}
