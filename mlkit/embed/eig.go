package embed

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/mat"
)

// fullEigMaxDim is the size up to which topEigSym uses the complete
// symmetric eigensolver (Dsyev). Above it, and when few pairs are wanted,
// the implicit QL sweep that accumulates all d eigenvectors (O(d³) of plane
// rotations, 1.4 s at d=784 in pure Go) dominates, so only the wanted
// eigenvectors are computed by inverse iteration on the tridiagonal form.
// A variable so tests can force either path.
var fullEigMaxDim = 200

// topEigSym returns the k largest eigenvalues of the symmetric d×d matrix
// held in the upper triangle of a (row-major, stride d; a is overwritten), in
// decreasing order, the corresponding orthonormal eigenvectors as the
// columns of a d×k matrix, and the sum of all d eigenvalues clamped at zero
// (used for the noise variance).
func topEigSym(a []float64, d, k int) (vals []float64, vecs *mat.Dense, all []float64) {
	var impl gonum.Implementation
	if d <= fullEigMaxDim || 3*k > d {
		w := make([]float64, d)
		work := make([]float64, 1)
		impl.Dsyev(lapack.EVCompute, blas.Upper, d, a, d, w, work, -1)
		work = make([]float64, int(work[0]))
		impl.Dsyev(lapack.EVCompute, blas.Upper, d, a, d, w, work, len(work))
		vals = make([]float64, k)
		vecs = mat.NewDense(d, k, nil)
		for j := 0; j < k; j++ {
			src := d - 1 - j
			vals[j] = w[src]
			for i := 0; i < d; i++ {
				vecs.Set(i, j, a[i*d+src])
			}
		}
		all = make([]float64, d)
		for j := range all {
			all[j] = w[d-1-j]
		}
		return vals, vecs, all
	}

	// Householder reduction to tridiagonal T = Qᵀ A Q (LAPACK dsytrd), all
	// eigenvalues of T by the root-free QR (dsterf), the k wanted
	// eigenvectors of T by inverse iteration (as LAPACK dstein), then V = Q Y.
	diag := make([]float64, d)
	off := make([]float64, d-1)
	tau := make([]float64, d-1)
	work := make([]float64, 1)
	impl.Dsytrd(blas.Upper, d, a, d, diag, off, tau, work, -1)
	work = make([]float64, int(work[0]))
	impl.Dsytrd(blas.Upper, d, a, d, diag, off, tau, work, len(work))

	w := append([]float64(nil), diag...)
	e := append([]float64(nil), off...)
	impl.Dsterf(d, w, e)
	sort.Float64s(w)
	all = make([]float64, d)
	for j := range all {
		all[j] = w[d-1-j]
	}
	vals = append([]float64(nil), all[:k]...)

	Y := tridiagInverseIteration(diag, off, vals)

	work = make([]float64, 1)
	impl.Dorgtr(blas.Upper, d, a, d, tau, work, -1)
	work = make([]float64, int(work[0]))
	impl.Dorgtr(blas.Upper, d, a, d, tau, work, len(work))
	Q := mat.NewDense(d, d, a)
	vecs = mat.NewDense(d, k, nil)
	vecs.Mul(Q, Y)
	return vals, vecs, all
}

// tridiagInverseIteration returns, as the columns of a d×k matrix, unit
// eigenvectors of the symmetric tridiagonal matrix with diagonal diag and
// off-diagonal off for the eigenvalues vals (decreasing). It follows LAPACK's
// dstein: eigenvalues closer than a small tolerance are separated, and the
// iterates of eigenvalues in one cluster (gaps below 1e-3·‖T‖₁) are
// re-orthogonalised against the earlier vectors of that cluster.
func tridiagInverseIteration(diag, off, vals []float64) *mat.Dense {
	d, k := len(diag), len(vals)
	norm := 0.0
	for i := 0; i < d; i++ {
		s := math.Abs(diag[i])
		if i > 0 {
			s += math.Abs(off[i-1])
		}
		if i < d-1 {
			s += math.Abs(off[i])
		}
		norm = math.Max(norm, s)
	}
	if norm == 0 {
		norm = 1
	}
	eps := 0x1p-52
	ortol := 1e-3 * norm
	pertol := 10 * eps * norm
	Y := mat.NewDense(d, k, nil)
	cols := make([][]float64, k)
	x := make([]float64, d)
	// Scratch for the LU with partial pivoting of T - λI: l (multipliers),
	// u0, u1, u2 (diagonal and two superdiagonals), piv (row swapped).
	l := make([]float64, d)
	u0 := make([]float64, d)
	u1 := make([]float64, d)
	u2 := make([]float64, d)
	piv := make([]bool, d)
	seed := uint64(0x2545f4914f6cdd1d)
	clusterStart := 0
	prev := math.Inf(1)
	for j := 0; j < k; j++ {
		lam := vals[j]
		if j > 0 {
			if prev-lam > ortol {
				clusterStart = j
			}
			if prev-lam < pertol {
				lam = prev - pertol
			}
		}
		prev = lam
		// LU factorisation of T - λI with partial pivoting (LAPACK dlagtf).
		for i := 0; i < d; i++ {
			u0[i] = diag[i] - lam
		}
		for i := 0; i < d-1; i++ {
			u1[i] = off[i]
			u2[i] = 0
		}
		for i := 0; i < d-1; i++ {
			sub := off[i]
			if math.Abs(u0[i]) >= math.Abs(sub) {
				piv[i] = false
				if u0[i] == 0 {
					u0[i] = pertol
				}
				l[i] = sub / u0[i]
				u0[i+1] -= l[i] * u1[i]
			} else {
				// Swap rows i and i+1, then eliminate: row i becomes
				// (off[i], T[i+1,i+1]-λ, T[i+1,i+2]) and the old row i,
				// minus l times it, becomes row i+1.
				piv[i] = true
				a0, a1 := u0[i], u1[i]
				b1, b2 := u0[i+1], 0.0
				if i+1 < d-1 {
					b2 = u1[i+1]
				}
				l[i] = a0 / sub
				u0[i], u1[i], u2[i] = sub, b1, b2
				u0[i+1] = a1 - l[i]*b1
				if i+1 < d-1 {
					u1[i+1] = -l[i] * b2
				}
			}
		}
		if u0[d-1] == 0 {
			u0[d-1] = pertol
		}
		// Start vector: deterministic pseudo-random entries.
		for i := range x {
			seed ^= seed << 13
			seed ^= seed >> 7
			seed ^= seed << 17
			x[i] = float64(seed>>11)/float64(1<<53) - 0.5
		}
		for it := 0; it < 5; it++ {
			// Apply the row interchanges and L⁻¹, then solve with U.
			for i := 0; i < d-1; i++ {
				if piv[i] {
					x[i], x[i+1] = x[i+1], x[i]
				}
				x[i+1] -= l[i] * x[i]
			}
			for i := d - 1; i >= 0; i-- {
				s := x[i]
				if i+1 < d {
					s -= u1[i] * x[i+1]
				}
				if i+2 < d {
					s -= u2[i] * x[i+2]
				}
				x[i] = s / u0[i]
			}
			for c := clusterStart; c < j; c++ {
				dot := blas64.Dot(blas64.Vector{N: d, Inc: 1, Data: x}, blas64.Vector{N: d, Inc: 1, Data: cols[c]})
				for i := range x {
					x[i] -= dot * cols[c][i]
				}
			}
			nrm := 0.0
			for _, v := range x {
				nrm = math.Hypot(nrm, v)
			}
			for i := range x {
				x[i] /= nrm
			}
			// Converged once the solve amplifies by ≥ 1/(√d·eps·‖T‖)
			// (dstein's test); two extra sweeps make the vector exact to
			// rounding without a stopping test that could differ by platform.
			if it >= 2 && nrm*math.Sqrt(float64(d))*eps*norm >= 1 {
				break
			}
		}
		col := append([]float64(nil), x...)
		cols[j] = col
		for i := 0; i < d; i++ {
			Y.Set(i, j, col[i])
		}
	}
	return Y
}
