package nn

import (
	"fmt"
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// Gradient checks: every Op's symbolic gradient (through gorgonia.Grad and
// the TapeMachine, as in training) against central finite differences of a
// float32 loss. Tolerances: with eps = 1e-2 the truncation error of a
// central difference on these smooth functions is O(eps²) ≈ 1e-4 relative,
// and float32 rounding of the loss (~1e-7 relative, divided by 2·eps) adds
// about 1e-5; |numeric − analytic| ≤ gradAbsTol + gradRelTol·|analytic|
// leaves a margin of ten over both.
const (
	gradEps    = 1e-2
	gradAbsTol = 2e-3
	gradRelTol = 2e-2
)

func randTensor(seed uint64, scale float64, shape ...int) *tensor.Dense {
	rng := randx.New(seed)
	t := tensor.New(tensor.WithShape(shape...), tensor.Of(tensor.Float32))
	for i, d := 0, t.Data().([]float32); i < len(d); i++ {
		d[i] = float32((2*rng.Float64() - 1) * scale)
	}
	return t
}

// checkGrad builds loss = mse(op(inputs), target) with build (or takes
// build's node as the loss when it is a scalar), and compares the gradient
// of every input in wrt with finite differences.
func checkGrad(t *testing.T, name string, inputs []*tensor.Dense, wrt []int, build func(g *G.ExprGraph, in []*G.Node) (*G.Node, error)) {
	t.Helper()
	g := G.NewGraph()
	nodes := make([]*G.Node, len(inputs))
	for i, v := range inputs {
		// Named: gorgonia merges unnamed input nodes of equal type and shape.
		nodes[i] = G.NewTensor(g, tensor.Float32, v.Dims(), G.WithShape(v.Shape()...), G.WithValue(v), G.WithName(fmt.Sprintf("in%d", i)))
	}
	out, err := build(g, nodes)
	if err != nil {
		t.Fatalf("%s: build: %v", name, err)
	}
	loss := out
	if !out.Shape().IsScalar() {
		target := randTensor(99, 1, out.Shape()...)
		tn := G.NewTensor(g, tensor.Float32, target.Dims(), G.WithShape(target.Shape()...), G.WithValue(target), G.WithName("target"))
		if loss, err = G.ApplyOp(&mseOp{shape: out.Shape().Clone()}, out, tn); err != nil {
			t.Fatal(err)
		}
	}
	var wn []*G.Node
	for _, i := range wrt {
		wn = append(wn, nodes[i])
	}
	if _, err := G.Grad(loss, wn...); err != nil {
		t.Fatalf("%s: Grad: %v", name, err)
	}
	vm := G.NewTapeMachine(g, G.BindDualValues(wn...))
	defer vm.Close()
	eval := func() float64 {
		if err := vm.RunAll(); err != nil {
			t.Fatal(err)
		}
		defer vm.Reset()
		v, err := scalarOf(loss.Value())
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	eval()
	analytic := make([][]float32, len(wn))
	for k, n := range wn {
		gv, err := n.Grad()
		if err != nil {
			t.Fatal(err)
		}
		analytic[k] = append([]float32(nil), gv.Data().([]float32)...)
	}
	worst := 0.0
	for k, i := range wrt {
		d := inputs[i].Data().([]float32)
		for j := range d {
			orig := d[j]
			d[j] = orig + gradEps
			up := eval()
			d[j] = orig - gradEps
			down := eval()
			d[j] = orig
			num := (up - down) / (2 * gradEps)
			a := float64(analytic[k][j])
			diff := math.Abs(num - a)
			if diff > gradAbsTol+gradRelTol*math.Abs(a) {
				t.Errorf("%s: input %d element %d: analytic %.6g, numeric %.6g", name, i, j, a, num)
			}
			worst = max(worst, diff/(gradAbsTol+gradRelTol*math.Abs(a)))
		}
	}
	t.Logf("%s: worst error %.3g of the tolerance", name, worst)
}

func TestOpGradients(t *testing.T) {
	const n, cin, cout, h, w = 2, 2, 3, 4, 6
	for _, tc := range []struct {
		name string
		k    int
		act  activation
	}{
		{"conv3/linear", 3, actNone},
		{"conv3/sigmoid", 3, actSigmoid},
		{"conv1/linear", 1, actNone},
		{"conv5/sigmoid", 5, actSigmoid},
	} {
		g := convGeom{cin: cin, cout: cout, h: h, w: w, k: tc.k}
		x := randTensor(1, 1, n, cin, h, w)
		wt := randTensor(2, 0.5, cout, cin, tc.k, tc.k)
		b := randTensor(3, 0.5, cout)
		checkGrad(t, tc.name, []*tensor.Dense{x, wt, b}, []int{0, 1, 2}, func(_ *G.ExprGraph, in []*G.Node) (*G.Node, error) {
			return G.ApplyOp(newConvOp(g, n, tc.act, true), in[0], in[1], in[2])
		})
	}
	// ReLU: pre-activations are kept away from the kink by a large bias of
	// either sign (|z| ≥ 0.5 > the perturbation's effect).
	{
		g := convGeom{cin: 1, cout: 2, h: 4, w: 4, k: 3}
		x := randTensor(4, 0.1, n, 1, 4, 4)
		wt := randTensor(5, 0.1, 2, 1, 3, 3)
		b := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{1, -1}))
		checkGrad(t, "conv3/relu", []*tensor.Dense{x, wt, b}, []int{0, 1, 2}, func(_ *G.ExprGraph, in []*G.Node) (*G.Node, error) {
			return G.ApplyOp(newConvOp(g, n, actReLU, true), in[0], in[1], in[2])
		})
	}
	// Max-pool: distinct values at least 0.05 apart so that ±eps never
	// changes which input is the maximum... with eps = 1e-2 they must be
	// more than 2·eps apart, so use a permutation of multiples of 0.05.
	{
		x := tensor.New(tensor.WithShape(n, cin, h, w), tensor.Of(tensor.Float32))
		perm := randx.New(6).Perm(n * cin * h * w)
		for i, p := range perm {
			x.Data().([]float32)[i] = 0.05 * float32(p)
		}
		checkGrad(t, "maxpool2", []*tensor.Dense{x}, []int{0}, func(_ *G.ExprGraph, in []*G.Node) (*G.Node, error) {
			return G.ApplyOp(&maxPoolOp{n: n, c: cin, h: h, w: w}, in[0])
		})
	}
	{
		x := randTensor(7, 1, n, cin, 3, 2)
		checkGrad(t, "upsample2", []*tensor.Dense{x}, []int{0}, func(_ *G.ExprGraph, in []*G.Node) (*G.Node, error) {
			return G.ApplyOp(&upsampleOp{n: n, c: cin, h: 3, w: 2}, in[0])
		})
	}
	// mse alone (checkGrad's loss applied to the identity).
	{
		x := randTensor(8, 1, n, cin, h, w)
		checkGrad(t, "mse", []*tensor.Dense{x}, []int{0}, func(_ *G.ExprGraph, in []*G.Node) (*G.Node, error) {
			return in[0], nil
		})
	}
}

// TestNetworkGradient checks the gradient of the full training loss of a
// tiny autoencoder (every layer kind, both activations) with respect to
// every weight, through the same graph Train uses.
func TestNetworkGradient(t *testing.T) {
	m, err := ConvAutoencoder{Channels: []int{3}, LatentChannels: 2, Pools: 2, Seed: 3}.Build(1, 4, 4)
	if err != nil {
		t.Fatal(err)
	}
	im := benchImagesShape(3, 1, 4, 4, 11)
	r, err := m.net.buildGraph(im.N, len(m.net.layers), true, engineKit)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.step(im.Pix); err != nil {
		t.Fatal(err)
	}
	const eps = 1e-2 // see gradEps
	worst := 0.0
	for _, p := range m.net.params {
		analytic := append([]float32(nil), p.grad...)
		d := p.data()
		for j := range d {
			orig := d[j]
			d[j] = orig + eps
			up, _ := r.step(im.Pix)
			d[j] = orig - eps
			down, _ := r.step(im.Pix)
			d[j] = orig
			num := (up - down) / (2 * eps)
			a := float64(analytic[j])
			// The loss is ~0.1 here: float32 rounding makes ~1e-6 of noise.
			tol := 5e-4 + gradRelTol*math.Abs(a)
			if diff := math.Abs(num - a); diff > tol {
				t.Errorf("%s[%d]: analytic %.6g, numeric %.6g", p.name, j, a, num)
			} else {
				worst = max(worst, diff/tol)
			}
		}
	}
	t.Logf("worst error %.3g of the tolerance over %d weights", worst, m.NumParams())
}

// TestMaxPoolValues compares the branch-free max-pool with a plain one on
// values of both signs, zeros of both signs and ties (first index wins).
// It checks 3·2·3·4 windows of values drawn from a small set so that ties
// and ±0 occur often.
func TestMaxPoolValues(t *testing.T) {
	vals := []float32{-3, -0.5, 0, float32(math.Copysign(0, -1)), 0.25, 2, 2, -1e30, 1e30, 7}
	rng := randx.New(1)
	const n, c, h, w = 3, 2, 6, 8
	x := make([]float32, n*c*h*w)
	for i := range x {
		x[i] = vals[rng.IntN(len(vals))]
	}
	y := make([]float32, len(x)/4)
	arg := make([]int32, len(y))
	maxPool2(n, c, h, w, x, y, arg)
	for pl := 0; pl < n*c; pl++ {
		in := x[pl*h*w : (pl+1)*h*w]
		for i := 0; i < h/2; i++ {
			for j := 0; j < w/2; j++ {
				cand := []int{2*i*w + 2*j, 2*i*w + 2*j + 1, (2*i+1)*w + 2*j, (2*i+1)*w + 2*j + 1}
				best := cand[0]
				for _, k := range cand[1:] {
					// -0 ranks below +0 in the kernel (the gradient goes to
					// the +0; both are the same value).
					if in[k] > in[best] || (in[k] == in[best] && math.Signbit(float64(in[best])) && !math.Signbit(float64(in[k]))) {
						best = k
					}
				}
				o := pl*(h/2)*(w/2) + i*(w/2) + j
				if int(arg[o]) != best || y[o] != in[best] {
					t.Fatalf("plane %d window (%d,%d): got %v at %d, want %v at %d", pl, i, j, y[o], arg[o], in[best], best)
				}
			}
		}
	}
}
