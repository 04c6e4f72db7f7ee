package linear

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// LogisticRegression is L2-penalised logistic regression fitted by L-BFGS,
// the objective and defaults of scikit-learn 1.2's
// LogisticRegression(solver="lbfgs", multi_class="auto"):
//
//	minimise Σ_i ℓ(y_i, W·x_i + b) + ‖W‖²/(2C)
//
// summed (not averaged) over samples, with the intercept b always fitted and
// never penalised. With three or more classes ℓ is the multinomial (softmax)
// cross-entropy and W has one row per class; with two classes ℓ is the binary
// logistic loss and W has a single row (scikit-learn's choice for
// multi_class="auto"), whose positive side is the larger label.
//
// The zero value is usable: C = 1, MaxIter = 100, Tol = 1e-4.
type LogisticRegression struct {
	// C is the inverse regularisation strength (> 0); 0 means 1.0.
	C float64
	// MaxIter caps the L-BFGS iterations; 0 means 100 (scikit-learn's
	// default), negative is an error.
	MaxIter int
	// Tol stops the fit when every component of the gradient is at most Tol
	// in absolute value (scipy's pgtol, which scikit-learn sets to tol); 0
	// means 1e-4, negative is an error. Unlike scipy, no relative-decrease test stops the fit
	// early, so a small Tol reaches the optimum to high accuracy.
	Tol float64
	// Progress receives one update per iteration (nil: progress.Auto).
	Progress progress.Reporter
}

// LogisticModel is the former name of LogisticRegressionModel.
//
// Deprecated: use LogisticRegressionModel; this alias goes in the next release.
type LogisticModel = LogisticRegressionModel

// LogisticRegressionModel is a fitted logistic regression.
type LogisticRegressionModel struct {
	// Classes are the distinct labels seen in Fit, sorted; column j of
	// PredictProba is the probability of Classes[j].
	Classes []int
	// Coef holds the coefficients: len(Classes)×d for three or more classes,
	// 1×d for two (the score of Classes[1] against Classes[0]).
	Coef *mat.Dense
	// Intercept has one entry per row of Coef. With three or more classes
	// the intercepts are shifted to sum to zero: the softmax does not change
	// under a common shift, and scikit-learn's lbfgs, started at zero, keeps
	// that sum at zero too.
	Intercept []float64
	// Objective is the penalised loss at the returned coefficients.
	Objective float64
	// Iterations is the number of L-BFGS iterations run.
	Iterations int
	// Converged reports whether the gradient reached Tol before MaxIter.
	Converged bool

	evals int // loss-and-gradient evaluations, for benchmarks
}

const logisticWhere = "linear: LogisticRegression.Fit"

func (e LogisticRegression) withDefaults() (LogisticRegression, error) {
	if e.C == 0 {
		e.C = 1
	}
	if err := check.Positive(logisticWhere, "C", e.C); err != nil {
		return e, err
	}
	var err error
	if e.MaxIter, err = check.MaxIter(logisticWhere, e.MaxIter, 100); err != nil {
		return e, err
	}
	if e.Tol, err = check.Tol(logisticWhere, e.Tol, 1e-4); err != nil {
		return e, err
	}
	return e, nil
}

// Fit fits the model to X (n×d) and labels y (n non-negative ids; at least
// two distinct). It is FitContext with context.Background().
func (e LogisticRegression) Fit(X *mat.Dense, y []int) (*LogisticRegressionModel, error) {
	return e.FitContext(context.Background(), X, y)
}

// FitContext is Fit stopping between iterations when ctx is done.
func (e LogisticRegression) FitContext(ctx context.Context, X *mat.Dense, y []int) (*LogisticRegressionModel, error) {
	e, err := e.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := checkX(logisticWhere, X); err != nil {
		return nil, err
	}
	// The penalty ‖W‖²/(2C) is not scale invariant: at 1e±300 the loss
	// overflows or every coefficient is penalised to zero. Say so.
	if err := check.Range(logisticWhere, "X", X); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	classes, idx, err := encodeLabels(logisticWhere, y, n)
	if err != nil {
		return nil, err
	}
	if len(classes) < 2 {
		return nil, check.Errorf(logisticWhere, check.ErrValue,
			"y has one class (label %d); logistic regression needs at least two", classes[0])
	}

	loss := newLogLoss(X, idx, len(classes), e.C)
	theta := make([]float64, loss.nParams())
	rep := progress.For(e.Progress)
	rep.Start("LogisticRegression", e.MaxIter)
	res, err := lbfgs(ctx, loss.eval, theta, e.MaxIter, e.Tol, func(it int, f float64) {
		rep.Update(it, progress.Metric{Name: "loss", Value: f})
	})
	if err != nil {
		rep.Finish("cancelled")
		return nil, fmt.Errorf("%s: %w", logisticWhere, err)
	}
	rep.Finish(fmt.Sprintf("LogisticRegression: %d iterations, loss %.6g, converged %v", res.Iterations, res.F, res.Converged))

	rows := loss.rows
	m := &LogisticRegressionModel{
		Classes:    classes,
		Coef:       mat.NewDense(rows, d, slices.Clone(theta[:rows*d])),
		Intercept:  slices.Clone(theta[rows*d:]),
		Objective:  res.F,
		Iterations: res.Iterations,
		Converged:  res.Converged,
		evals:      res.Evals,
	}
	if rows > 1 {
		mean := 0.0
		for _, v := range m.Intercept {
			mean += v
		}
		mean /= float64(rows)
		for k := range m.Intercept {
			m.Intercept[k] -= mean
		}
	}
	return m, nil
}

// checkX is check.Matrix, also catching a nil *mat.Dense (which is not a
// nil mat.Matrix interface).
func checkX(where string, X *mat.Dense) error {
	if X == nil {
		return check.Errorf(where, check.ErrEmpty, "X is nil")
	}
	return check.Matrix(where, "X", X)
}

// checkCols is check.Cols with the nil *mat.Dense check.
func checkCols(where string, X *mat.Dense, d int) error {
	if X == nil {
		return check.Errorf(where, check.ErrEmpty, "X is nil")
	}
	return check.Cols(where, "X", X, d)
}

// encodeLabels checks y and maps it to indices into the sorted distinct labels.
func encodeLabels(where string, y []int, n int) (classes, idx []int, err error) {
	if _, _, err := check.Labels(where, "y", y, n); err != nil {
		return nil, nil, err
	}
	classes = slices.Clone(y)
	slices.Sort(classes)
	classes = slices.Compact(classes)
	pos := make(map[int]int, len(classes))
	for i, c := range classes {
		pos[c] = i
	}
	idx = make([]int, len(y))
	for i, v := range y {
		idx[i] = pos[v]
	}
	return classes, idx, nil
}

// DecisionFunction returns the scores X·Coefᵀ + Intercept: n×len(Classes)
// for three or more classes, n×1 for two (positive favours Classes[1]).
func (m *LogisticRegressionModel) DecisionFunction(X *mat.Dense) (*mat.Dense, error) {
	Z, err := m.checkedScores("linear: LogisticRegressionModel.DecisionFunction", X)
	if err != nil {
		return nil, err
	}
	return Z, nil
}

// checkedScores validates X against the model and returns its scores, with
// an error naming X's magnitude when they overflow.
func (m *LogisticRegressionModel) checkedScores(where string, X *mat.Dense) (*mat.Dense, error) {
	if m == nil || m.Coef == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "the model is nil or has no Coef")
	}
	_, d := m.Coef.Dims()
	if err := checkCols(where, X, d); err != nil {
		return nil, err
	}
	Z := m.scores(X)
	if !check.Finite(Z.RawMatrix().Data) {
		return nil, check.Errorf(where, check.ErrNaN, "the scores X·Coefᵀ overflow float64 (X reaches %.3g); scale X as the training data was", check.MaxAbs(X))
	}
	return Z, nil
}

func (m *LogisticRegressionModel) scores(X *mat.Dense) *mat.Dense {
	n, _ := X.Dims()
	rows, _ := m.Coef.Dims()
	Z := mat.NewDense(n, rows, nil)
	Z.Mul(X, m.Coef.T())
	raw := Z.RawMatrix()
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+rows]
		for k := range row {
			row[k] += m.Intercept[k]
		}
	}
	return Z
}

// PredictProba returns the n×len(Classes) class probabilities (rows sum to
// one): the softmax of the scores, or [1−σ(z), σ(z)] for two classes.
func (m *LogisticRegressionModel) PredictProba(X *mat.Dense) (*mat.Dense, error) {
	Z, err := m.checkedScores("linear: LogisticRegressionModel.PredictProba", X)
	if err != nil {
		return nil, err
	}
	n, rows := Z.Dims()
	K := len(m.Classes)
	P := mat.NewDense(n, K, nil)
	for i := 0; i < n; i++ {
		z := Z.RawRowView(i)
		p := P.RawRowView(i)
		if rows == 1 {
			p[1] = sigmoid(z[0])
			p[0] = sigmoid(-z[0])
			continue
		}
		mx := math.Inf(-1)
		for _, v := range z {
			mx = max(mx, v)
		}
		s := 0.0
		for k, v := range z {
			p[k] = math.Exp(v - mx)
			s += p[k]
		}
		for k := range p {
			p[k] /= s
		}
	}
	return P, nil
}

// Predict returns the most probable class label of each row (ties go to the
// first class, as numpy's argmax).
func (m *LogisticRegressionModel) Predict(X *mat.Dense) ([]int, error) {
	Z, err := m.checkedScores("linear: LogisticRegressionModel.Predict", X)
	if err != nil {
		return nil, err
	}
	n, rows := Z.Dims()
	out := make([]int, n)
	for i := 0; i < n; i++ {
		z := Z.RawRowView(i)
		if rows == 1 {
			if z[0] > 0 {
				out[i] = m.Classes[1]
			} else {
				out[i] = m.Classes[0]
			}
			continue
		}
		best := 0
		for k, v := range z {
			if v > z[best] {
				best = k
			}
		}
		out[i] = m.Classes[best]
	}
	return out, nil
}

// Score returns the mean accuracy of Predict(X) against y.
func (m *LogisticRegressionModel) Score(X *mat.Dense, y []int) (float64, error) {
	pred, err := m.Predict(X)
	if err != nil {
		return 0, err
	}
	if len(y) != len(pred) {
		return 0, check.Errorf("linear: LogisticRegressionModel.Score", check.ErrShape, "y has %d labels, want %d (one per row)", len(y), len(pred))
	}
	ok := 0
	for i, v := range y {
		if pred[i] == v {
			ok++
		}
	}
	return float64(ok) / float64(len(y)), nil
}
