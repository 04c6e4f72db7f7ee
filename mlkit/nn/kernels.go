package nn

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas/gonum"
)

// The float32 kernels behind the kit's gorgonia Ops. Tensors are NCHW and
// contiguous. Work is split over the batch into chunks whose boundaries
// depend only on the batch size (never on GOMAXPROCS), and every reduction
// over samples (weight and bias gradients) sums per-chunk partials in chunk
// order, so results are bit-identical at any GOMAXPROCS.

// maxChunks bounds the number of batch chunks of a parallel kernel. Eight
// chunks keep two to eight cores busy with little imbalance while keeping
// the per-chunk gradient buffers small.
const maxChunks = 8

// numChunks is the number of chunks a batch of n samples is split into.
func numChunks(n int) int { return min(n, maxChunks) }

// chunkRange is the half-open sample range of chunk c of n samples.
func chunkRange(n, c int) (lo, hi int) {
	k := numChunks(n)
	return c * n / k, (c + 1) * n / k
}

// parallelChunks runs fn for every chunk of n samples on up to GOMAXPROCS
// goroutines. Which goroutine runs a chunk does not affect the result.
func parallelChunks(n int, fn func(c, lo, hi int)) {
	k := numChunks(n)
	workers := min(runtime.GOMAXPROCS(0), k)
	if workers <= 1 {
		for c := 0; c < k; c++ {
			lo, hi := chunkRange(n, c)
			fn(c, lo, hi)
		}
		return
	}
	var next atomic.Int32
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c := int(next.Add(1) - 1)
				if c >= k {
					return
				}
				lo, hi := chunkRange(n, c)
				fn(c, lo, hi)
			}
		}()
	}
	wg.Wait()
}

// gonum's assembly axpy and dot kernels (SSE on amd64) do the arithmetic
// of the convolutions; called serially, since the kernels are already
// parallel over the batch.
var gimpl gonum.Implementation

// activation is the nonlinearity fused into a convolution.
type activation uint8

const (
	actNone activation = iota
	actReLU
	actSigmoid
)

func (a activation) String() string {
	switch a {
	case actReLU:
		return "relu"
	case actSigmoid:
		return "sigmoid"
	}
	return "linear"
}

// convGeom describes a stride-1 "same" convolution (odd kernel k, padding
// k/2) from cin to cout channels on h×w images.
type convGeom struct {
	cin, cout, h, w, k int
}

func (g convGeom) hw() int      { return g.h * g.w }
func (g convGeom) colRows() int { return g.cin * g.k * g.k }
func (g convGeom) inSize() int  { return g.cin * g.h * g.w }
func (g convGeom) outSize() int { return g.cout * g.h * g.w }

// The convolutions avoid im2col altogether. Each input channel is copied
// once into a zero-padded plane of (h+2p) rows of W2 = w+2p columns, and
// the output is computed on the same row width ("wide" layout: columns w to
// W2-1 of each row are scratch). In that layout, kernel tap (ky, kx) reads
// the padded plane shifted by ky*W2+kx, so every tap is one axpy of length
// L = (h-1)*W2 + w over contiguous memory (forward and input gradient), or
// one dot product (weight gradient) — the same arithmetic as im2col + GEMM
// (Chellapilla et al. 2006) without materialising the k²-times larger
// patch matrix.

func (g convGeom) pad() int     { return g.k / 2 }
func (g convGeom) wideW() int   { return g.w + 2*g.pad() }
func (g convGeom) padSize() int { return (g.h + 2*g.pad()) * g.wideW() } // one padded plane
func (g convGeom) span() int    { return (g.h-1)*g.wideW() + g.w }       // L

// padPlanes copies c planes of h×w from src into the interiors of the
// padded planes dst (whose borders are zero and stay so).
func padPlanes(g convGeom, c int, src, dst []float32) {
	p, W2, ps := g.pad(), g.wideW(), g.padSize()
	for ci := 0; ci < c; ci++ {
		s := src[ci*g.h*g.w : (ci+1)*g.h*g.w]
		d := dst[ci*ps : (ci+1)*ps]
		for y := 0; y < g.h; y++ {
			copy(d[(y+p)*W2+p:(y+p)*W2+p+g.w], s[y*g.w:(y+1)*g.w])
		}
	}
}

// convScratch is the per-chunk working memory of a convolution kernel.
type convScratch struct {
	padded [][]float32 // per chunk: cin padded planes
	wide   [][]float32 // per chunk: cout planes in the wide layout
	part   [][]float32 // per chunk: partial weight gradient
	bias   [][]float32 // one buffer: cout rows of L bias values
}

func grow(bufs *[][]float32, chunks, n int) {
	if len(*bufs) < chunks || len((*bufs)[0]) < n {
		*bufs = make([][]float32, chunks)
		for i := range *bufs {
			(*bufs)[i] = make([]float32, n)
		}
	}
}

// convForward computes y = act(conv(x, wt) + b) for n images. wt is
// cout × cin × k × k (PyTorch's OIHW layout).
func convForward(g convGeom, n int, x, wt, b, y []float32, act activation, s *convScratch) {
	W2, ps, L, kk := g.wideW(), g.padSize(), g.span(), g.k*g.k
	hw := g.hw()
	grow(&s.padded, numChunks(n), g.cin*ps)
	grow(&s.wide, numChunks(n), g.h*W2)
	// Rows of bias values, copied (memmove) into the accumulator of each
	// output channel: a scalar fill loop cost as much as a third of the
	// taps of a one-channel convolution.
	grow(&s.bias, 1, g.cout*L)
	for co := 0; co < g.cout; co++ {
		row := s.bias[0][co*L : (co+1)*L]
		for j := range row {
			row[j] = b[co]
		}
	}
	parallelChunks(n, func(c, lo, hi int) {
		xp := s.padded[c][:g.cin*ps]
		ow := s.wide[c][:g.h*W2]
		for i := lo; i < hi; i++ {
			padPlanes(g, g.cin, x[i*g.inSize():(i+1)*g.inSize()], xp)
			yi := y[i*g.outSize() : (i+1)*g.outSize()]
			for co := 0; co < g.cout; co++ {
				copy(ow[:L], s.bias[0][co*L:(co+1)*L])
				for ci := 0; ci < g.cin; ci++ {
					plane := xp[ci*ps : (ci+1)*ps]
					taps := wt[(co*g.cin+ci)*kk : (co*g.cin+ci+1)*kk]
					for ky := 0; ky < g.k; ky++ {
						for kx := 0; kx < g.k; kx++ {
							off := ky*W2 + kx
							gimpl.Saxpy(L, taps[ky*g.k+kx], plane[off:off+L], 1, ow[:L], 1)
						}
					}
				}
				out := yi[co*hw : (co+1)*hw]
				for yy := 0; yy < g.h; yy++ {
					copy(out[yy*g.w:(yy+1)*g.w], ow[yy*W2:yy*W2+g.w])
				}
				applyAct(act, out)
			}
		}
	})
}

func applyAct(act activation, v []float32) {
	switch act {
	case actReLU:
		// Branch-free on the bits (signs are unpredictable): clear the
		// value when its sign bit is set; -0 becomes +0.
		for j, e := range v {
			b := math.Float32bits(e)
			v[j] = math.Float32frombits(b &^ uint32(int32(b)>>31))
		}
	case actSigmoid:
		for j, e := range v {
			v[j] = float32(1 / (1 + math.Exp(-float64(e))))
		}
	}
}

// actBackward computes dz = dy ⊙ act'(z) from the activation's output y.
func actBackward(act activation, y, dy, dz []float32) {
	n := len(y)
	const block = 4096
	parallelChunks((n+block-1)/block, func(_, lo, hi int) {
		lo, hi = lo*block, min(hi*block, n)
		y, dy, dz := y[lo:hi], dy[lo:hi], dz[lo:hi]
		switch act {
		case actReLU:
			dz := dz[:len(y)]
			dy := dy[:len(y)]
			for j, v := range y {
				// ReLU's output is > 0 exactly where its input was, and is
				// +0 elsewhere: keep dy where the bits are non-zero,
				// without a branch (b|-b has its sign bit set iff b != 0).
				b := math.Float32bits(v)
				mask := uint32(int32(b|-b) >> 31)
				dz[j] = math.Float32frombits(math.Float32bits(dy[j]) & mask)
			}
		case actSigmoid:
			for j, v := range y {
				dz[j] = dy[j] * v * (1 - v)
			}
		default:
			copy(dz, dy)
		}
	})
}

// flipTranspose returns the weights of the convolution that maps output
// gradients back to input gradients: for a stride-1 "same" convolution,
// dx = conv(dz, w') with w'[ci][co][ky][kx] = w[co][ci][k-1-ky][k-1-kx].
// This avoids col2im altogether.
func flipTranspose(g convGeom, wt, dst []float32) {
	k := g.k
	kk := k * k
	for co := 0; co < g.cout; co++ {
		for ci := 0; ci < g.cin; ci++ {
			src := wt[(co*g.cin+ci)*kk : (co*g.cin+ci+1)*kk]
			d := dst[(ci*g.cout+co)*kk : (ci*g.cout+co+1)*kk]
			for j := 0; j < kk; j++ {
				d[j] = src[kk-1-j]
			}
		}
	}
}

// convWeightGrad computes dw[co,ci,ky,kx] = Σ_i Σ_p dz_i[co,p] ·
// x_i[ci, p+(ky-p, kx-p)] over the n images.
func convWeightGrad(g convGeom, n int, x, dz, dw []float32, s *convScratch) {
	W2, ps, L, kk, hw := g.wideW(), g.padSize(), g.span(), g.k*g.k, g.hw()
	wlen := g.cout * g.cin * kk
	chunks := numChunks(n)
	grow(&s.padded, chunks, g.cin*ps)
	grow(&s.wide, chunks, g.cout*g.h*W2) // scratch columns stay zero
	grow(&s.part, chunks, wlen)
	parallelChunks(n, func(c, lo, hi int) {
		xp := s.padded[c][:g.cin*ps]
		dzw := s.wide[c][:g.cout*g.h*W2]
		pw := s.part[c][:wlen]
		clear(pw)
		for i := lo; i < hi; i++ {
			padPlanes(g, g.cin, x[i*g.inSize():(i+1)*g.inSize()], xp)
			dzi := dz[i*g.outSize() : (i+1)*g.outSize()]
			for co := 0; co < g.cout; co++ {
				for yy := 0; yy < g.h; yy++ {
					copy(dzw[co*g.h*W2+yy*W2:co*g.h*W2+yy*W2+g.w], dzi[co*hw+yy*g.w:co*hw+(yy+1)*g.w])
				}
			}
			for co := 0; co < g.cout; co++ {
				d := dzw[co*g.h*W2 : co*g.h*W2+L]
				for ci := 0; ci < g.cin; ci++ {
					plane := xp[ci*ps : (ci+1)*ps]
					taps := pw[(co*g.cin+ci)*kk : (co*g.cin+ci+1)*kk]
					for ky := 0; ky < g.k; ky++ {
						for kx := 0; kx < g.k; kx++ {
							off := ky*W2 + kx
							taps[ky*g.k+kx] += gimpl.Sdot(L, d, 1, plane[off:off+L], 1)
						}
					}
				}
			}
		}
	})
	reduceChunks(s.part, chunks, dw[:wlen])
}

// reduceChunks sums the chunk partials into dst in chunk order.
func reduceChunks(part [][]float32, chunks int, dst []float32) {
	copy(dst, part[0][:len(dst)])
	for c := 1; c < chunks; c++ {
		for j, v := range part[c][:len(dst)] {
			dst[j] += v
		}
	}
}

// biasGrad computes db[co] = Σ_i Σ_p dz[i, co, p] over n images of c
// channels of hw pixels.
func biasGrad(n, c, hw int, dz, db []float32, part *[][]float32) {
	chunks := numChunks(n)
	if len(*part) < chunks || len((*part)[0]) < c {
		*part = make([][]float32, chunks)
		for i := range *part {
			(*part)[i] = make([]float32, c)
		}
	}
	parallelChunks(n, func(ch, lo, hi int) {
		pb := (*part)[ch][:c]
		clear(pb)
		for i := lo; i < hi; i++ {
			for co := 0; co < c; co++ {
				pb[co] += sum32(dz[(i*c+co)*hw : (i*c+co+1)*hw])
			}
		}
	})
	reduceChunks(*part, chunks, db[:c])
}

// orderKey maps a float32 to an int64 that orders like the float (for
// finite values; -0 ranks just below +0), so that comparisons can become
// arithmetic.
func orderKey(v float32) int64 {
	b := int32(math.Float32bits(v))
	return int64(b ^ (b>>31)&0x7fffffff)
}

// maxPool2 computes the 2×2, stride-2 max-pool of n×c images of h×w (h, w
// even) and records for each output the index of its maximum inside the
// input (the first one on ties), for the backward pass. The selection is
// branch-free: which of four values is largest is unpredictable, and
// mispredicted branches cost more than the arithmetic.
func maxPool2(n, c, h, w int, x, y []float32, arg []int32) {
	oh, ow := h/2, w/2
	parallelChunks(n*c, func(_, lo, hi int) {
		for pl := lo; pl < hi; pl++ {
			in := x[pl*h*w : (pl+1)*h*w]
			out := y[pl*oh*ow : (pl+1)*oh*ow]
			am := arg[pl*oh*ow : (pl+1)*oh*ow]
			for i := 0; i < oh; i++ {
				r0 := in[2*i*w : (2*i+1)*w]
				r1 := in[(2*i+1)*w : (2*i+2)*w]
				o := out[i*ow : (i+1)*ow]
				a := am[i*ow : (i+1)*ow]
				for j := range o {
					// best-so-far key k and index ix; m is all ones when
					// the candidate is strictly larger.
					k, ix := orderKey(r0[2*j]), int64(2*i*w+2*j)
					k1, i1 := orderKey(r0[2*j+1]), ix+1
					m := (k - k1) >> 63
					k, ix = k^((k^k1)&m), ix^((ix^i1)&m)
					k2, i2 := orderKey(r1[2*j]), int64((2*i+1)*w+2*j)
					m = (k - k2) >> 63
					k, ix = k^((k^k2)&m), ix^((ix^i2)&m)
					k3, i3 := orderKey(r1[2*j+1]), i2+1
					m = (k - k3) >> 63
					ix = ix ^ ((ix ^ i3) & m)
					a[j] = int32(ix)
					o[j] = in[ix]
				}
			}
		}
	})
}

// maxPool2Backward routes each output gradient to its input's argmax.
func maxPool2Backward(n, c, h, w int, dy []float32, arg []int32, dx []float32) {
	oh, ow := h/2, w/2
	parallelChunks(n*c, func(_, lo, hi int) {
		for pl := lo; pl < hi; pl++ {
			d := dx[pl*h*w : (pl+1)*h*w]
			clear(d)
			g := dy[pl*oh*ow : (pl+1)*oh*ow]
			am := arg[pl*oh*ow : (pl+1)*oh*ow]
			for j, v := range g {
				d[am[j]] += v
			}
		}
	})
}

// upsample2 repeats every pixel of n×c images of h×w into a 2×2 block.
func upsample2(n, c, h, w int, x, y []float32) {
	W := 2 * w
	parallelChunks(n*c, func(_, lo, hi int) {
		for pl := lo; pl < hi; pl++ {
			in := x[pl*h*w : (pl+1)*h*w]
			out := y[pl*4*h*w : (pl+1)*4*h*w]
			for i := 0; i < h; i++ {
				src := in[i*w : (i+1)*w]
				r0 := out[2*i*W : (2*i+1)*W]
				for j, v := range src {
					r0[2*j] = v
					r0[2*j+1] = v
				}
				copy(out[(2*i+1)*W:(2*i+2)*W], r0)
			}
		}
	})
}

// upsample2Backward sums each 2×2 block of the output gradient.
func upsample2Backward(n, c, h, w int, dy, dx []float32) {
	W := 2 * w
	parallelChunks(n*c, func(_, lo, hi int) {
		for pl := lo; pl < hi; pl++ {
			g := dy[pl*4*h*w : (pl+1)*4*h*w]
			d := dx[pl*h*w : (pl+1)*h*w]
			for i := 0; i < h; i++ {
				r0 := g[2*i*W : (2*i+1)*W]
				r1 := g[(2*i+1)*W : (2*i+2)*W]
				for j := 0; j < w; j++ {
					d[i*w+j] = (r0[2*j] + r0[2*j+1]) + (r1[2*j] + r1[2*j+1])
				}
			}
		}
	})
}

// ones is a row of ones for sums by dot product (gonum's assembly Sdot).
var ones = func() []float32 {
	o := make([]float32, 4096)
	for i := range o {
		o[i] = 1
	}
	return o
}()

// sum32 returns the sum of v.
func sum32(v []float32) float32 {
	var s float32
	for len(v) > 0 {
		k := min(len(v), len(ones))
		s += gimpl.Sdot(k, v[:k], 1, ones[:k], 1)
		v = v[k:]
	}
	return s
}
