package nn

import (
	"math"
	"slices"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestDenseOpGradients checks the fused dense Op (on 2-D and on 4-D image
// inputs, each activation), the two classification losses and dropout
// against finite differences (tolerances in gradcheck_test.go).
func TestDenseOpGradients(t *testing.T) {
	const n, in, out = 5, 6, 4
	for _, tc := range []struct {
		name string
		act  activation
	}{{"dense/linear", actNone}, {"dense/sigmoid", actSigmoid}} {
		x := randTensor(1, 1, n, in)
		w := randTensor(2, 0.5, in, out)
		b := randTensor(3, 0.5, out)
		checkGrad(t, tc.name, []*tensor.Dense{x, w, b}, []int{0, 1, 2}, func(_ *G.ExprGraph, nodes []*G.Node) (*G.Node, error) {
			return G.ApplyOp(&denseOp{g: denseGeom{n, in, out}, xDims: 2, act: tc.act, inputGrad: true}, nodes[0], nodes[1], nodes[2])
		})
	}
	{
		// ReLU away from the kink: biases of ±1 dominate small inputs.
		x := randTensor(4, 0.1, n, 2, 1, 3) // an image batch read as rows of 6
		w := randTensor(5, 0.1, in, out)
		b := tensor.New(tensor.WithShape(out), tensor.WithBacking([]float32{1, -1, 1, -1}))
		checkGrad(t, "dense/relu/4-D input", []*tensor.Dense{x, w, b}, []int{0, 1, 2}, func(_ *G.ExprGraph, nodes []*G.Node) (*G.Node, error) {
			return G.ApplyOp(&denseOp{g: denseGeom{n, in, out}, xDims: 4, act: actReLU, inputGrad: true}, nodes[0], nodes[1], nodes[2])
		})
	}
	{
		z := randTensor(6, 2, n, out)
		y := oneHot(n, out, []int{0, 3, 1, 1, 2})
		checkGrad(t, "softmax cross-entropy", []*tensor.Dense{z, y}, []int{0}, func(_ *G.ExprGraph, nodes []*G.Node) (*G.Node, error) {
			return G.ApplyOp(&softmaxCEOp{shape: tensor.Shape{n, out}}, nodes[0], nodes[1])
		})
		soft := randTensor(7, 0.5, n, out) // soft targets, some negative: the general gradient p·Σy − y
		checkGrad(t, "softmax cross-entropy, soft targets", []*tensor.Dense{z, soft}, []int{0}, func(_ *G.ExprGraph, nodes []*G.Node) (*G.Node, error) {
			return G.ApplyOp(&softmaxCEOp{shape: tensor.Shape{n, out}}, nodes[0], nodes[1])
		})
	}
	{
		z := randTensor(8, 3, n, 1)
		y := tensor.New(tensor.WithShape(n, 1), tensor.WithBacking([]float32{0, 1, 0.3, 1, 0.9}))
		checkGrad(t, "sigmoid binary cross-entropy", []*tensor.Dense{z, y}, []int{0}, func(_ *G.ExprGraph, nodes []*G.Node) (*G.Node, error) {
			return G.ApplyOp(&sigmoidBCEOp{shape: tensor.Shape{n, 1}}, nodes[0], nodes[1])
		})
	}
	{
		x := randTensor(9, 1, n, out)
		op := newDropoutOp(tensor.Shape{n, out}, 0.5, 1, 3)
		op.fixed = true
		checkGrad(t, "dropout", []*tensor.Dense{x}, []int{0}, func(_ *G.ExprGraph, nodes []*G.Node) (*G.Node, error) {
			return G.ApplyOp(op, nodes[0])
		})
		zeros := 0
		for _, v := range op.mask {
			if v == 0 {
				zeros++
			} else if v != 2 {
				t.Errorf("dropout mask value %v, want 0 or 1/(1-0.5) = 2", v)
			}
		}
		if zeros == 0 || zeros == len(op.mask) {
			t.Errorf("dropout dropped %d of %d", zeros, len(op.mask))
		}
	}
}

func oneHot(n, k int, labels []int) *tensor.Dense {
	d := make([]float32, n*k)
	for i, c := range labels {
		d[i*k+c] = 1
	}
	return tensor.New(tensor.WithShape(n, k), tensor.WithBacking(d))
}

// TestMLPMatchesStock runs the same MLP and batch through the kit's fused
// dense and softmax cross-entropy Ops and through gorgonia's Mul,
// BroadcastAdd, Rectify, SoftMax, Log: losses and gradients agree to
// float32 rounding.
func TestMLPMatchesStock(t *testing.T) {
	const batch, d, k = 7, 3, 4
	x := randTensor(1, 1, batch, d).Data().([]float32)
	y := oneHot(batch, k, []int{0, 1, 2, 3, 0, 1, 2}).Data().([]float32)
	var losses []float64
	var grads [][][]float32
	for _, eng := range []engine{engineKit, engineStock} {
		core := newMLPCore(MLP{Hidden: []int{5, 6}, L2: 1e-4, Seed: 3}, d, k, 6)
		r, err := core.net.buildGraph(batch, len(core.net.layers), true, eng)
		if err != nil {
			t.Fatal(err)
		}
		loss, err := r.stepXY(x, y)
		if err != nil {
			t.Fatal(err)
		}
		losses = append(losses, loss)
		var g [][]float32
		for _, p := range core.net.params {
			g = append(g, slices.Clone(p.grad))
		}
		grads = append(grads, g)
	}
	if math.Abs(losses[0]-losses[1]) > 1e-6*losses[1] {
		t.Errorf("loss: kit %v, gorgonia %v", losses[0], losses[1])
	}
	for p := range grads[0] {
		for j, a := range grads[0][p] {
			b := grads[1][p][j]
			if math.Abs(float64(a-b)) > 1e-6+1e-5*math.Abs(float64(b)) {
				t.Errorf("param %d[%d]: kit %v, gorgonia %v", p, j, a, b)
			}
		}
	}
}

// TestMLPNetworkGradient checks the gradient of a tiny MLP's training loss
// (cross-entropy through two ReLU layers, with the L2 penalty the trainer
// adds) with respect to every weight, through the graph Fit uses.
func TestMLPNetworkGradient(t *testing.T) {
	const n, d, k = 6, 3, 3
	core := newMLPCore(MLP{Hidden: []int{4, 5}, L2: 0.1, Seed: 2}, d, k, 5)
	// Hidden biases of 1 and weights of at most 0.1 keep every ReLU's input
	// above 0.5 at these inputs (|x| < 1), far from the kink for eps.
	for _, p := range core.net.params[:4] {
		for i := range p.data() {
			if p.decay {
				p.data()[i] *= 0.1
			} else {
				p.data()[i] = 1
			}
		}
	}
	data := &supData{x: randTensor(3, 1, n, d).Data().([]float32), n: n, classes: []int32{0, 1, 2, 2, 1, 0}}
	tr := &supTrainer{s: core, d: data}
	idx := []int{0, 1, 2, 3, 4, 5}
	if _, err := tr.trainStep(idx); err != nil {
		t.Fatal(err)
	}
	// eps 1e-3 rather than gradEps: the softmax's curvature makes the
	// central difference's truncation error ~1% at 1e-2; float32 rounding of
	// the loss (~1e-7) then costs ~5e-5, a tenth of the tolerance.
	const eps = 1e-3
	worst := 0.0
	for _, p := range core.net.params {
		analytic := slices.Clone(p.grad)
		w := p.data()
		for j := range w {
			orig := w[j]
			w[j] = orig + eps
			up, _ := tr.trainStep(idx)
			w[j] = orig - eps
			down, _ := tr.trainStep(idx)
			w[j] = orig
			num := (up - down) / (2 * eps)
			a := float64(analytic[j])
			tol := 5e-4 + gradRelTol*math.Abs(a)
			if diff := math.Abs(num - a); diff > tol {
				t.Errorf("%s[%d]: analytic %.6g, numeric %.6g", p.name, j, a, num)
			} else {
				worst = max(worst, diff/tol)
			}
		}
	}
	t.Logf("worst error %.3g of the tolerance", worst)
}
