package metrics

import (
	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/vec"
)

const trustBlock = 256 // rows per BLAS call

// Trustworthiness measures how far an embedding Y keeps the neighbourhoods
// of X (Venna & Kaski 2001, eq. 2; the form of
// sklearn.manifold.trustworthiness with the Euclidean metric):
//
//	T(k) = 1 − 2/(n k (2n − 3k − 1)) Σ_i Σ_{j ∈ N_k^Y(i)} max(0, r(i, j) − k)
//
// where N_k^Y(i) are the k nearest neighbours of i in Y and r(i, j) is the
// rank of j among i's neighbours in X (1 = nearest). 1 means no embedded
// neighbour is an intruder. k must satisfy 1 ≤ k < n/2, as sklearn requires.
// Ranks in X are counted (the number of samples strictly closer, plus one),
// so exact ties in X take the smallest rank, where sklearn's unstable
// argsort picks an arbitrary order.
func Trustworthiness(X, Y *mat.Dense, k int) (float64, error) {
	const where = "metrics: Trustworthiness"
	if err := checkDense(where, "X", X); err != nil {
		return 0, err
	}
	if err := checkDense(where, "Y", Y); err != nil {
		return 0, err
	}
	n, d := X.Dims()
	ny, _ := Y.Dims()
	if ny != n {
		return 0, check.Errorf(where, check.ErrShape, "Y has %d rows and X %d, want one embedded row per sample", ny, n)
	}
	if k < 1 || float64(k) >= float64(n)/2 {
		return 0, check.Errorf(where, check.ErrValue, "k=%d, want 1 ≤ k < n/2 = %v", k, float64(n)/2)
	}
	// Ranks do not change when X or Y is scaled: data whose squared
	// distances would overflow or underflow are scaled by a power of two.
	X, Y = pow2Scaled(X), pow2Scaled(Y)
	normX := vec.RowSqNorms(X)
	perRow := make([]int64, n)
	G := mat.NewDense(min(trustBlock, n), n, nil)
	for r0 := 0; r0 < n; r0 += trustBlock {
		r1 := min(r0+trustBlock, n)
		g := G.Slice(0, r1-r0, 0, n).(*mat.Dense)
		// One BLAS call per block from this goroutine (BLAS threads itself);
		// squared distances as sklearn's euclidean_distances forms them
		// (‖a‖² + ‖b‖² − 2a·b), so near-ties order the same way.
		g.Mul(X.Slice(r0, r1, 0, d), X.T())
		par.For(r1-r0, func(r int) {
			i := r0 + r
			row := g.RawRowView(r)
			for l, v := range row {
				row[l] = max(normX[i]+normX[l]-2*v, 0)
			}
			perRow[i] = trustRow(Y, i, k, row)
		})
	}
	var t int64
	for _, v := range perRow {
		t += v
	}
	return 1 - float64(t)*(2/(float64(n*k)*(2*float64(n)-3*float64(k)-1))), nil
}

// trustRow returns Σ_{j ∈ N_k^Y(i)} max(0, r(i, j) − k) for sample i, given
// its squared distances in X (dX).
func trustRow(Y *mat.Dense, i, k int, dX []float64) int64 {
	n := len(dX)
	// k nearest neighbours of i in Y (self excluded), kept sorted.
	nbr := make([]int, 0, k)
	nbd := make([]float64, 0, k)
	yi := Y.RawRowView(i)
	for l := range n {
		if l == i {
			continue
		}
		var s float64
		for j, v := range Y.RawRowView(l) {
			dv := yi[j] - v
			s += dv * dv
		}
		if len(nbd) == k && s >= nbd[k-1] {
			continue
		}
		if len(nbd) < k {
			nbd, nbr = append(nbd, 0), append(nbr, 0)
		}
		p := len(nbd) - 1
		for p > 0 && nbd[p-1] > s {
			nbd[p], nbr[p] = nbd[p-1], nbr[p-1]
			p--
		}
		nbd[p], nbr[p] = s, l
	}
	var t int64
	for _, j := range nbr {
		dj := dX[j]
		rank := 1
		for l, v := range dX {
			if v < dj && l != i {
				rank++
			}
		}
		if rank > k {
			t += int64(rank - k)
		}
	}
	return t
}

// pow2Scaled returns X, or a copy scaled by a power of two when its squared
// distances would leave float64's normal range (see check.Pow2Scale).
func pow2Scaled(X *mat.Dense) *mat.Dense {
	_, d := X.Dims()
	s := check.Pow2Scale(check.MaxAbs(X), d)
	if s == 1 {
		return X
	}
	var out mat.Dense
	out.Scale(s, X)
	return &out
}
