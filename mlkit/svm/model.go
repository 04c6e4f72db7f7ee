package svm

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
)

// SVCModel is a fitted SVC, laid out as scikit-learn's SVC attributes.
//
// Pairs of classes are ordered (0,1), (0,2), …, (0,K−1), (1,2), …, by index
// into Classes. For K > 2 the decision value of pair (i, j) is positive for
// Classes[i] (libsvm's orientation); for K = 2 it is positive for Classes[1]
// (scikit-learn flips the binary case, and DualCoef and Intercept with it).
type SVCModel struct {
	// Classes are the sorted distinct labels seen by Fit.
	Classes []int
	// SupportIndices are the rows of the training X that are support
	// vectors, grouped by class (in Classes order), rows ascending within a
	// class (scikit-learn's support_).
	SupportIndices []int
	// SupportVectors holds those rows (nSV×d).
	SupportVectors *mat.Dense
	// DualCoef is (K−1)×nSV, libsvm's sv_coef layout (scikit-learn's
	// dual_coef_): for pair (i, j), the coefficients y·α of class i's
	// support vectors are in row j−1 and those of class j's in row i.
	DualCoef *mat.Dense
	// Intercept holds one constant per pair (scikit-learn's intercept_):
	// −ρ of libsvm for K > 2, +ρ for K = 2.
	Intercept []float64
	// NSupport counts the support vectors of each class.
	NSupport []int
	// ProbA and ProbB are Platt's sigmoid per pair, P(class i) =
	// 1/(1+exp(A·f+B)) with f libsvm's decision value of pair (i, j) (positive
	// for class i also when K = 2); set only when fitted with Probability.
	ProbA, ProbB []float64
	// Kernel, Gamma (resolved), Degree and Coef0 define the kernel.
	Kernel Kernel
	Gamma  float64
	Degree int
	Coef0  float64
	// NFeatures is the number of columns of the training X.
	NFeatures int
	// Iterations sums the SMO iterations over the pairs; Converged is false
	// when some pair stopped at MaxIter.
	Iterations int
	Converged  bool
}

func (m *SVCModel) params() kernelParams {
	return kernelParams{kind: m.Kernel, gamma: m.Gamma, degree: m.Degree, coef0: m.Coef0}
}

// predictBlock is the number of rows of X whose kernel values are computed
// together: one GEMM of blockRows×d by d×nSV per block.
const predictBlock = 128

// decisionBlocked returns, for each row x of X and column p of W,
// Σ_s W[s,p] K(x, sv_s) + intercept[p], block by block of rows (used for the
// held-out folds of Probability, which already run in parallel).
func decisionBlocked(kp kernelParams, X, sv, W *mat.Dense, intercept []float64) *mat.Dense {
	n, d := X.Dims()
	nPairs := len(intercept)
	out := mat.NewDense(n, nPairs, nil)
	if sv == nil {
		for i := range n {
			out.SetRow(i, intercept)
		}
		return out
	}
	nSV, _ := sv.Dims()
	svRaw := sv.RawMatrix()
	sqSV := rowSquares(svRaw, nSV, d)
	xRaw := X.RawMatrix()
	oRaw := out.RawMatrix()
	wRaw := W.RawMatrix()
	nBlocks := (n + predictBlock - 1) / predictBlock
	work := func(b int) {
		r0, r1 := b*predictBlock, min(n, (b+1)*predictBlock)
		rows := r1 - r0
		xb := blas64.General{Rows: rows, Cols: d, Stride: xRaw.Stride, Data: xRaw.Data[r0*xRaw.Stride:]}
		kb := kernelBlock(kp, xb, svRaw, sqSV, make([]float64, rows*nSV))
		ob := blas64.General{Rows: rows, Cols: nPairs, Stride: oRaw.Stride, Data: oRaw.Data[r0*oRaw.Stride:]}
		for r := range rows {
			copy(ob.Data[r*ob.Stride:r*ob.Stride+nPairs], intercept)
		}
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1,
			blas64.General{Rows: rows, Cols: nSV, Stride: nSV, Data: kb}, wRaw, 1, ob)
	}
	for b := range nBlocks {
		work(b)
	}
	return out
}

func rowSquares(g blas64.General, rows, d int) []float64 {
	sq := make([]float64, rows)
	for i := range rows {
		s := 0.0
		for _, v := range g.Data[i*g.Stride : i*g.Stride+d] {
			s += v * v
		}
		sq[i] = s
	}
	return sq
}

func (m *SVCModel) check(where string, X *mat.Dense) error {
	if m == nil || len(m.Classes) < 2 || len(m.Intercept) != len(m.Classes)*(len(m.Classes)-1)/2 {
		return check.Errorf(where, check.ErrValue, "model is nil or incomplete")
	}
	if err := check.Cols(where, "X", X, m.NFeatures); err != nil {
		return err
	}
	raw := X.RawMatrix()
	for i := range raw.Rows {
		ss := 0.0
		for _, v := range raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols] {
			ss += v * v
		}
		if math.IsInf(ss, 0) {
			return check.Errorf(where, check.ErrValue, "X row %d has a squared norm that overflows; rescale X", i)
		}
	}
	return nil
}

// DecisionFunctionOvO returns the raw one-vs-one decision values, n×K(K−1)/2
// (scikit-learn's decision_function_shape='ovo'); see SVCModel for the
// orientation of each pair.
func (m *SVCModel) DecisionFunctionOvO(X *mat.Dense) (*mat.Dense, error) {
	if err := m.check("svm: SVCModel.DecisionFunctionOvO", X); err != nil {
		return nil, err
	}
	return m.ovo(X), nil
}

func (m *SVCModel) ovo(X *mat.Dense) *mat.Dense {
	n, d := X.Dims()
	K := len(m.Classes)
	nPairs := len(m.Intercept)
	out := mat.NewDense(n, nPairs, nil)
	nSV := len(m.SupportIndices)
	if nSV == 0 {
		for i := range n {
			out.SetRow(i, m.Intercept)
		}
		return out
	}
	kp := m.params()
	svRaw := m.SupportVectors.RawMatrix()
	sqSV := rowSquares(svRaw, nSV, d)
	dual := m.DualCoef.RawMatrix()
	start := make([]int, K+1)
	for k := range K {
		start[k+1] = start[k] + m.NSupport[k]
	}
	xRaw := X.RawMatrix()
	nBlocks := (n + predictBlock - 1) / predictBlock
	par.For(nBlocks, func(b int) {
		r0, r1 := b*predictBlock, min(n, (b+1)*predictBlock)
		rows := r1 - r0
		xb := blas64.General{Rows: rows, Cols: d, Stride: xRaw.Stride, Data: xRaw.Data[r0*xRaw.Stride:]}
		buf := blockBufs.Get().(*[]float64)
		defer blockBufs.Put(buf)
		if cap(*buf) < rows*nSV {
			*buf = make([]float64, predictBlock*nSV)
		}
		kb := kernelBlock(kp, xb, svRaw, sqSV, *buf)
		// part[k] = K(x, SVs of class k) · DualCoef[:, class k]ᵀ, rows×(K−1):
		// each pair reads two of these columns (libsvm's sv_coef layout), so
		// the work is (K−1)·nSV per row instead of K(K−1)/2·nSV.
		part := make([]float64, K*rows*(K-1))
		for k := range K {
			if start[k+1] == start[k] {
				continue
			}
			blas64.Gemm(blas.NoTrans, blas.Trans, 1,
				blas64.General{Rows: rows, Cols: start[k+1] - start[k], Stride: nSV, Data: kb[start[k]:]},
				blas64.General{Rows: K - 1, Cols: start[k+1] - start[k], Stride: dual.Stride, Data: dual.Data[start[k]:]},
				0, blas64.General{Rows: rows, Cols: K - 1, Stride: K - 1, Data: part[k*rows*(K-1):]})
		}
		for r := range rows {
			o := out.RawRowView(r0 + r)
			p := 0
			for i := range K {
				for j := i + 1; j < K; j++ {
					o[p] = part[(i*rows+r)*(K-1)+j-1] + part[(j*rows+r)*(K-1)+i] + m.Intercept[p]
					p++
				}
			}
		}
	})
	return out
}

// blockBufs recycles the kernel blocks of prediction: a fresh multi-megabyte
// block per 128 rows costs more in first-touch page faults than the GEMM
// that fills it.
var blockBufs = sync.Pool{New: func() any { return new([]float64) }}

// kernelBlock returns the rows×nSV kernel values between the rows of xb and
// the support vectors: one GEMM for the dot products, then the kernel's
// transform.
func kernelBlock(kp kernelParams, xb, sv blas64.General, sqSV []float64, kb []float64) []float64 {
	rows, d, nSV := xb.Rows, xb.Cols, sv.Rows
	kb = kb[:rows*nSV]
	blas64.Gemm(blas.NoTrans, blas.Trans, 1, xb, sv, 0,
		blas64.General{Rows: rows, Cols: nSV, Stride: nSV, Data: kb})
	if kp.kind != Linear {
		sqX := rowSquares(xb, rows, d)
		for r := range rows {
			kp.fromDots(kb[r*nSV:(r+1)*nSV], sqX[r], sqSV)
		}
	}
	return kb
}

// libsvmDec returns the decision values in libsvm's orientation (pair (i, j)
// positive for class i, also when K = 2).
func (m *SVCModel) libsvmDec(X *mat.Dense) *mat.Dense {
	dec := m.ovo(X)
	if len(m.Classes) == 2 {
		dec.Scale(-1, dec)
	}
	return dec
}

// DecisionFunction returns scikit-learn's default decision_function: n×1 for
// two classes (positive means Classes[1]); n×K for K > 2, the one-vs-rest
// transform of the one-vs-one values (sklearn.utils.multiclass.
// _ovr_decision_function): votes of each class plus its summed confidences
// squashed into (−1/3, 1/3), so that the argmax follows the votes and
// confidences only break ties.
func (m *SVCModel) DecisionFunction(X *mat.Dense) (*mat.Dense, error) {
	if err := m.check("svm: SVCModel.DecisionFunction", X); err != nil {
		return nil, err
	}
	dec := m.ovo(X)
	K := len(m.Classes)
	if K == 2 {
		return dec, nil
	}
	n, _ := X.Dims()
	out := mat.NewDense(n, K, nil)
	votes := make([]float64, K)
	conf := make([]float64, K)
	for r := range n {
		clear(votes)
		clear(conf)
		row := dec.RawRowView(r)
		p := 0
		for i := range K {
			for j := i + 1; j < K; j++ {
				conf[i] += row[p]
				conf[j] -= row[p]
				if row[p] < 0 {
					votes[j]++
				} else {
					votes[i]++
				}
				p++
			}
		}
		for k := range K {
			out.Set(r, k, votes[k]+conf[k]/(3*(math.Abs(conf[k])+1)))
		}
	}
	return out, nil
}

// Predict returns libsvm's one-vs-one vote: pair (i, j) votes for i when its
// decision value is > 0, else for j; the most votes wins, ties to the
// smaller class index.
func (m *SVCModel) Predict(X *mat.Dense) ([]int, error) {
	if err := m.check("svm: SVCModel.Predict", X); err != nil {
		return nil, err
	}
	dec := m.libsvmDec(X)
	n, _ := X.Dims()
	K := len(m.Classes)
	out := make([]int, n)
	votes := make([]int, K)
	for r := range n {
		clear(votes)
		row := dec.RawRowView(r)
		p := 0
		for i := range K {
			for j := i + 1; j < K; j++ {
				if row[p] > 0 {
					votes[i]++
				} else {
					votes[j]++
				}
				p++
			}
		}
		best := 0
		for k := 1; k < K; k++ {
			if votes[k] > votes[best] {
				best = k
			}
		}
		out[r] = m.Classes[best]
	}
	return out, nil
}
