package linear

import (
	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// Ridge is L2-penalised least squares, scikit-learn's Ridge:
//
//	minimise ‖y − X·w − b‖² + Alpha·‖w‖²
//
// with the intercept b fitted and not penalised. It is solved in closed
// form: centre X and y, then solve (XcᵀXc + Alpha·I)·w = Xcᵀyc by Cholesky,
// and b = ȳ − x̄·w (Hoerl & Kennard 1970, "Ridge regression: biased
// estimation for nonorthogonal problems", Technometrics 12).
//
// The zero value means Alpha = 1 (scikit-learn's default).
type Ridge struct {
	// Alpha is the penalty strength (≥ 0); 0 means 1.0. For ordinary least
	// squares use a tiny positive value such as 1e-12.
	Alpha float64
}

// RidgeModel is a fitted ridge regression.
type RidgeModel struct {
	// Coef has one weight per feature.
	Coef []float64
	// Intercept is the unpenalised offset.
	Intercept float64
}

const ridgeWhere = "linear: Ridge.Fit"

// Fit fits the model to X (n×d) and targets y (n values).
func (r Ridge) Fit(X *mat.Dense, y []float64) (*RidgeModel, error) {
	alpha := r.Alpha
	if alpha == 0 {
		alpha = 1
	}
	if err := check.Positive(ridgeWhere, "Alpha", alpha); err != nil {
		return nil, err
	}
	if err := checkX(ridgeWhere, X); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	if err := check.Floats(ridgeWhere, "y", y); err != nil {
		return nil, err
	}
	if len(y) != n {
		return nil, check.Errorf(ridgeWhere, check.ErrShape, "y has %d values, want %d (one per row)", len(y), n)
	}
	// XᵀX and the Alpha penalty are not scale invariant: at 1e±300 the
	// products overflow or vanish. Say so.
	if err := check.Range(ridgeWhere, "X", X); err != nil {
		return nil, err
	}
	if err := check.Range(ridgeWhere, "y", mat.NewDense(n, 1, y)); err != nil {
		return nil, err
	}
	xMean := make([]float64, d)
	for i := 0; i < n; i++ {
		axpy(1, X.RawRowView(i), xMean)
	}
	scale(1/float64(n), xMean)
	yMean := 0.0
	for _, v := range y {
		yMean += v
	}
	yMean /= float64(n)

	Xc := mat.NewDense(n, d, nil)
	yc := mat.NewVecDense(n, nil)
	for i := 0; i < n; i++ {
		row, src := Xc.RawRowView(i), X.RawRowView(i)
		for j := range row {
			row[j] = src[j] - xMean[j]
		}
		yc.SetVec(i, y[i]-yMean)
	}
	A := mat.NewSymDense(d, nil)
	A.SymRankK(A, 1, Xc.T())
	for j := 0; j < d; j++ {
		A.SetSym(j, j, A.At(j, j)+alpha)
	}
	var chol mat.Cholesky
	if !chol.Factorize(A) {
		return nil, check.Errorf(ridgeWhere, check.ErrValue,
			"XᵀX + Alpha·I is not positive definite with Alpha=%g (collinear features?); increase Alpha", alpha)
	}
	rhs := mat.NewVecDense(d, nil)
	rhs.MulVec(Xc.T(), yc)
	w := mat.NewVecDense(d, nil)
	if err := chol.SolveVecTo(w, rhs); err != nil {
		return nil, check.Errorf(ridgeWhere, check.ErrValue, "solve failed with Alpha=%g: %v", alpha, err)
	}
	m := &RidgeModel{Coef: make([]float64, d)}
	copy(m.Coef, w.RawVector().Data)
	m.Intercept = yMean - dot(xMean, m.Coef)
	return m, nil
}

// Predict returns X·Coef + Intercept.
func (m *RidgeModel) Predict(X *mat.Dense) ([]float64, error) {
	const where = "linear: RidgeModel.Predict"
	if m == nil || len(m.Coef) == 0 {
		return nil, check.Errorf(where, check.ErrEmpty, "the model is nil or has no Coef")
	}
	if err := checkCols(where, X, len(m.Coef)); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	out := make([]float64, n)
	for i := range out {
		out[i] = dot(X.RawRowView(i), m.Coef) + m.Intercept
	}
	if !check.Finite(out) {
		return nil, check.Errorf(where, check.ErrNaN, "X·Coef overflows float64 (X reaches %.3g)", check.MaxAbs(X))
	}
	return out, nil
}
