package nn

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
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

// gemm is the small matrix product the convolutions need. The pure-Go
// version calls gonum's assembly axpy and dot kernels serially (the kernels
// are already parallel over the batch, and gonum's Sgemm would start
// goroutines per 64×64 block); with the tag openblas, cblas_sgemm.
type gemmer interface {
	// nn computes c (m×n) += a (m×k) · b (k×n), all row-major, contiguous.
	nn(m, n, k int, a, b, c []float32)
	// nt computes c (m×n) += a (m×k) · bᵀ where b is n×k.
	nt(m, n, k int, a, b, c []float32)
}

var gemm gemmer = goGemm{}

type goGemm struct{}

var gimpl gonum.Implementation

func (goGemm) nn(m, n, k int, a, b, c []float32) {
	for i := 0; i < m; i++ {
		ci := c[i*n : (i+1)*n]
		ai := a[i*k : (i+1)*k]
		for l, alpha := range ai {
			gimpl.Saxpy(n, alpha, b[l*n:(l+1)*n], 1, ci, 1)
		}
	}
}

func (goGemm) nt(m, n, k int, a, b, c []float32) {
	for i := 0; i < m; i++ {
		ai := a[i*k : (i+1)*k]
		ci := c[i*n : (i+1)*n]
		for j := range ci {
			ci[j] += gimpl.Sdot(k, ai, 1, b[j*k:(j+1)*k], 1)
		}
	}
}

// blasGemm adapts a BLAS implementation (OpenBLAS under the tag openblas).
type blasGemm struct{ impl blas.Float32 }

func (g blasGemm) nn(m, n, k int, a, b, c []float32) {
	g.impl.Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 1, c, n)
}

func (g blasGemm) nt(m, n, k int, a, b, c []float32) {
	g.impl.Sgemm(blas.NoTrans, blas.Trans, m, n, k, 1, a, k, b, k, 1, c, n)
}

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

// im2col writes the (cin·k·k) × (h·w) patch matrix of one image x (cin×h×w)
// into cols: row (ci, ky, kx) is channel ci shifted by (ky-p, kx-p) with
// zero padding, so the convolution is one matrix product (Chellapilla et al.
// 2006, "High performance convolutional neural networks for document
// processing").
func im2col(g convGeom, x, cols []float32) {
	p := g.k / 2
	h, w := g.h, g.w
	r := 0
	for ci := 0; ci < g.cin; ci++ {
		src := x[ci*h*w : (ci+1)*h*w]
		for ky := 0; ky < g.k; ky++ {
			dy := ky - p
			for kx := 0; kx < g.k; kx++ {
				dx := kx - p
				row := cols[r*h*w : (r+1)*h*w]
				r++
				// valid output columns: 0 <= x+dx < w
				x0, x1 := max(0, -dx), min(w, w-dx)
				for y := 0; y < h; y++ {
					dst := row[y*w : (y+1)*w]
					sy := y + dy
					if sy < 0 || sy >= h || x0 >= x1 {
						clear(dst)
						continue
					}
					clear(dst[:x0])
					copy(dst[x0:x1], src[sy*w+x0+dx:sy*w+x1+dx])
					clear(dst[x1:])
				}
			}
		}
	}
}

// convScratch is the per-chunk working memory of a convolution kernel.
type convScratch struct {
	cols [][]float32 // per chunk: colRows × hw
	part [][]float32 // per chunk: partial weight (and bias) gradient
}

func (s *convScratch) ensure(chunks, colsLen, partLen int) {
	if len(s.cols) < chunks || (chunks > 0 && len(s.cols[0]) < colsLen) {
		s.cols = make([][]float32, chunks)
		for i := range s.cols {
			s.cols[i] = make([]float32, colsLen)
		}
	}
	if partLen > 0 && (len(s.part) < chunks || len(s.part[0]) < partLen) {
		s.part = make([][]float32, chunks)
		for i := range s.part {
			s.part[i] = make([]float32, partLen)
		}
	}
}

// convForward computes y = act(conv(x, wt) + b) for n images. wt is
// cout × (cin·k·k) (PyTorch's OIHW layout flattened).
func convForward(g convGeom, n int, x, wt, b, y []float32, act activation, s *convScratch) {
	hw, rows := g.hw(), g.colRows()
	s.ensure(numChunks(n), rows*hw, 0)
	parallelChunks(n, func(c, lo, hi int) {
		cols := s.cols[c][:rows*hw]
		for i := lo; i < hi; i++ {
			xi := x[i*g.inSize() : (i+1)*g.inSize()]
			yi := y[i*g.outSize() : (i+1)*g.outSize()]
			for co := 0; co < g.cout; co++ {
				bv := b[co]
				row := yi[co*hw : (co+1)*hw]
				for j := range row {
					row[j] = bv
				}
			}
			if g.k == 1 {
				gemm.nn(g.cout, hw, rows, wt, xi, yi)
			} else {
				im2col(g, xi, cols)
				gemm.nn(g.cout, hw, rows, wt, cols, yi)
			}
			applyAct(act, yi)
		}
	})
}

func applyAct(act activation, v []float32) {
	switch act {
	case actReLU:
		for j, e := range v {
			if e < 0 {
				v[j] = 0
			}
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
	parallelChunks(n/1024+1, func(_, lo, hi int) {
		lo, hi = lo*1024, min(hi*1024, n)
		switch act {
		case actReLU:
			for j := lo; j < hi; j++ {
				if y[j] > 0 {
					dz[j] = dy[j]
				} else {
					dz[j] = 0
				}
			}
		case actSigmoid:
			for j := lo; j < hi; j++ {
				dz[j] = dy[j] * y[j] * (1 - y[j])
			}
		default:
			copy(dz[lo:hi], dy[lo:hi])
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

// convWeightGrad computes dw = Σ_i dz_i · im2col(x_i)ᵀ over the n images;
// dw is cout × (cin·k·k).
func convWeightGrad(g convGeom, n int, x, dz, dw []float32, s *convScratch) {
	hw, rows := g.hw(), g.colRows()
	wlen := g.cout * rows
	chunks := numChunks(n)
	s.ensure(chunks, rows*hw, wlen)
	parallelChunks(n, func(c, lo, hi int) {
		cols := s.cols[c][:rows*hw]
		pw := s.part[c][:wlen]
		clear(pw)
		for i := lo; i < hi; i++ {
			xi := x[i*g.inSize() : (i+1)*g.inSize()]
			dzi := dz[i*g.outSize() : (i+1)*g.outSize()]
			if g.k == 1 {
				gemm.nt(g.cout, rows, hw, dzi, xi, pw)
			} else {
				im2col(g, xi, cols)
				gemm.nt(g.cout, rows, hw, dzi, cols, pw)
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
				var sum float32
				for _, v := range dz[(i*c+co)*hw : (i*c+co+1)*hw] {
					sum += v
				}
				pb[co] += sum
			}
		}
	})
	reduceChunks(*part, chunks, db[:c])
}

// maxPool2 computes the 2×2, stride-2 max-pool of n×c images of h×w (h, w
// even) and records for each output the index of its maximum inside the
// input, for the backward pass.
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
				for j := 0; j < ow; j++ {
					best, bi := r0[2*j], int32(2*i*w+2*j)
					if v := r0[2*j+1]; v > best {
						best, bi = v, int32(2*i*w+2*j+1)
					}
					if v := r1[2*j]; v > best {
						best, bi = v, int32((2*i+1)*w+2*j)
					}
					if v := r1[2*j+1]; v > best {
						best, bi = v, int32((2*i+1)*w+2*j+1)
					}
					out[i*ow+j] = best
					am[i*ow+j] = bi
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
