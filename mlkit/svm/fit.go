package svm

import (
	"context"

	"gonum.org/v1/gonum/mat"
)

// subProblem copies the rows idx[k] of data (in that order) into a fresh l×d
// block the solver may permute, with labels and per-sample bounds.
func subProblem(data []float64, d int, idx []int, label func(k int) int8, ci, cj float64) ([]float64, []int8, []float64) {
	l := len(idx)
	x := make([]float64, l*d)
	y := make([]int8, l)
	c := make([]float64, l)
	for k, r := range idx {
		copy(x[k*d:(k+1)*d], data[r*d:(r+1)*d])
		y[k] = label(k)
		if y[k] > 0 {
			c[k] = ci
		} else {
			c[k] = cj
		}
	}
	return x, y, c
}

// trainBinary is libsvm's svm_train_one for C-SVC on the rows idx; class i
// (label +1) first, as svm_train lays out each pair.
func trainBinary(ctx context.Context, kp kernelParams, data []float64, d int, idx []int, label func(int) int8,
	ci, cj float64, cfg fitConfig, cacheBytes int) (solution, error) {
	x, y, c := subProblem(data, d, idx, label, ci, cj)
	q := newSVCQ(kp, x, d, append([]int8(nil), y...), cacheBytes)
	return solveCSVC(ctx, q, y, c, cfg.tol, cfg.shrinking, cfg.maxIter)
}

// cvFold trains on all but fold f of perm (positions into idx) and writes the
// held-out decision values into dec, as libsvm's svm_binary_svc_probability:
// folds are contiguous runs [f·l/5, (f+1)·l/5) of the shuffled order, and a
// training part missing a class gives its held-out samples ±1.
func cvFold(ctx context.Context, kp kernelParams, data []float64, d int, idx []int, label func(int) int8,
	ci, cj float64, cfg fitConfig, cacheBytes int, perm []int, f int, dec []float64) error {
	l := len(idx)
	begin, end := f*l/probFolds, (f+1)*l/probFolds
	trainPos := append(append([]int(nil), perm[:begin]...), perm[end:]...)
	pCount, nCount := 0, 0
	for _, k := range trainPos {
		if label(k) > 0 {
			pCount++
		} else {
			nCount++
		}
	}
	switch {
	case pCount == 0 && nCount == 0:
		for _, k := range perm[begin:end] {
			dec[k] = 0
		}
		return nil
	case nCount == 0:
		for _, k := range perm[begin:end] {
			dec[k] = 1
		}
		return nil
	case pCount == 0:
		for _, k := range perm[begin:end] {
			dec[k] = -1
		}
		return nil
	}
	sub := make([]int, len(trainPos))
	for t, k := range trainPos {
		sub[t] = idx[k]
	}
	subLabel := func(t int) int8 { return label(trainPos[t]) }
	sol, err := trainBinary(ctx, kp, data, d, sub, subLabel, ci, cj, cfg, cacheBytes)
	if err != nil {
		return err
	}
	// Decision values of the held-out rows from the fold model's support vectors.
	var svRows []int
	var coef []float64
	for t, a := range sol.alpha {
		if a != 0 {
			svRows = append(svRows, sub[t])
			coef = append(coef, a)
		}
	}
	held := perm[begin:end]
	if len(held) == 0 {
		return nil
	}
	heldRows := make([]int, len(held))
	for t, k := range held {
		heldRows[t] = idx[k]
	}
	sv := gatherRows(data, d, svRows)
	xs := gatherRows(data, d, heldRows)
	W := mat.NewDense(len(svRows), 1, coef)
	out := decisionBlocked(kp, xs, sv, W, []float64{-sol.rho})
	for t, k := range held {
		dec[k] = out.At(t, 0)
	}
	return nil
}

func gatherRows(data []float64, d int, rows []int) *mat.Dense {
	out := make([]float64, len(rows)*d)
	for t, r := range rows {
		copy(out[t*d:(t+1)*d], data[r*d:(r+1)*d])
	}
	if len(rows) == 0 {
		return nil
	}
	return mat.NewDense(len(rows), d, out)
}

// assemble builds the model as libsvm's svm_train does after the pairs are
// solved, then turns it into scikit-learn's public conventions.
func assemble(X *mat.Dense, kp kernelParams, classes []int, members [][]int, sol func(p int) solution) *SVCModel {
	K := len(classes)
	_, d := X.Dims()
	// nonzero[k][t]: member t of class k is a support vector of some pair.
	nonzero := make([][]bool, K)
	for k := range K {
		nonzero[k] = make([]bool, len(members[k]))
	}
	iters, converged := 0, true
	p := 0
	for i := range K {
		for j := i + 1; j < K; j++ {
			s := sol(p)
			iters += s.iter
			converged = converged && s.converged
			nI := len(members[i])
			for t, a := range s.alpha {
				if a != 0 {
					if t < nI {
						nonzero[i][t] = true
					} else {
						nonzero[j][t-nI] = true
					}
				}
			}
			p++
		}
	}
	nSupport := make([]int, K)
	start := make([]int, K+1)
	// pos[k][t] is the column of member t of class k among the support vectors.
	pos := make([][]int, K)
	var supp []int
	for k := range K {
		pos[k] = make([]int, len(members[k]))
		for t, nz := range nonzero[k] {
			pos[k][t] = -1
			if nz {
				pos[k][t] = len(supp)
				supp = append(supp, members[k][t])
				nSupport[k]++
			}
		}
		start[k+1] = len(supp)
	}
	nSV := len(supp)
	raw := X.RawMatrix()
	svData := make([]float64, nSV*d)
	for t, r := range supp {
		copy(svData[t*d:(t+1)*d], raw.Data[r*raw.Stride:r*raw.Stride+d])
	}
	var dual *mat.Dense
	if nSV > 0 {
		dual = mat.NewDense(K-1, nSV, nil)
	}
	nPairs := K * (K - 1) / 2
	intercept := make([]float64, nPairs)
	p = 0
	for i := range K {
		for j := i + 1; j < K; j++ {
			s := sol(p)
			nI := len(members[i])
			// libsvm: coefficients of class i's SVs in row j−1, of class j's in row i.
			for t, a := range s.alpha {
				if t < nI {
					if c := pos[i][t]; c >= 0 {
						dual.Set(j-1, c, a)
					}
				} else if c := pos[j][t-nI]; c >= 0 {
					dual.Set(i, c, a)
				}
			}
			intercept[p] = -s.rho
			p++
		}
	}
	if K == 2 {
		// scikit-learn flips the binary problem so that positive decision
		// values mean Classes[1].
		if dual != nil {
			dual.Scale(-1, dual)
		}
		intercept[0] = -intercept[0]
	}
	var sv *mat.Dense
	if nSV > 0 {
		sv = mat.NewDense(nSV, d, svData)
	}
	return &SVCModel{
		Classes:        append([]int(nil), classes...),
		SupportIndices: supp,
		SupportVectors: sv,
		DualCoef:       dual,
		Intercept:      intercept,
		NSupport:       nSupport,
		Kernel:         kp.kind,
		Gamma:          kp.gamma,
		Degree:         kp.degree,
		Coef0:          kp.coef0,
		NFeatures:      d,
		Iterations:     iters,
		Converged:      converged,
	}
}
