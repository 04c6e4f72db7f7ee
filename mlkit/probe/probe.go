package probe

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/linear"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/neighbors"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// Config sets up a probe. The zero value means: 5 stratified folds, seed 0,
// features standardised on each training part, C = 1 and 100 L-BFGS
// iterations for the linear probe, K = 5 for the k-NN probe, no test set.
type Config struct {
	// Folds is the number of stratified cross-validation folds (≥ 2); 0
	// means 5. Every class needs at least Folds samples.
	Folds int
	// Seed shuffles the fold assignment.
	Seed uint64
	// Test and TestLabels are an optional held-out set: the probe is then
	// also fitted on all the training features and scored on it.
	Test       *mat.Dense
	TestLabels []int
	// Raw turns standardisation off. By default (false) every feature is
	// standardised to zero mean and unit variance with statistics of the
	// training part only (data.StandardScaler), the usual practice before a
	// linear probe; it also puts features on one scale for k-NN distances.
	// Standardising makes mostly-zero inputs such as raw pixels dense, so
	// the linear probe no longer gets linear's sparse kernel and runs
	// slower on them.
	Raw bool
	// C is the linear probe's inverse L2 strength (linear.LogisticRegression);
	// 0 means 1.
	C float64
	// MaxIter caps the linear probe's L-BFGS iterations; 0 means 100.
	MaxIter int
	// K is the k-NN probe's number of neighbours; 0 means 5.
	K int
	// Progress receives one update per fitted fold (nil: progress.Auto).
	Progress progress.Reporter
}

// Result is a probe's score: cross-validated accuracy, and test accuracy when
// a test set was given.
type Result struct {
	// Name says which probe ran, e.g. "linear (C=1)" or "kNN (K=5)".
	Name string
	// FoldAccuracies holds the accuracy on each fold's held-out part.
	FoldAccuracies []float64
	// Mean and Std summarise FoldAccuracies (Std with divisor Folds, as
	// numpy's std of scikit-learn's cross_val_score).
	Mean, Std float64
	// TestAccuracy is the accuracy on Config.Test of the probe fitted on all
	// training features; NaN without a test set.
	TestAccuracy float64
}

// String prints the result on one line.
func (r *Result) String() string {
	s := fmt.Sprintf("%s: %d-fold CV accuracy %.4f ± %.4f", r.Name, len(r.FoldAccuracies), r.Mean, r.Std)
	if !math.IsNaN(r.TestAccuracy) {
		s += fmt.Sprintf(", test accuracy %.4f", r.TestAccuracy)
	}
	return s
}

// classifier fits on training features and returns a predictor.
type classifier func(X *mat.Dense, y []int) (func(*mat.Dense) ([]int, error), error)

// Linear asks whether a linear classifier can read the labels off the
// features (Alain & Bengio 2016): multinomial logistic regression
// (linear.LogisticRegression, L2 penalty C) scored by stratified k-fold
// cross-validation, and on Config.Test when given.
func Linear(features *mat.Dense, labels []int, cfg Config) (*Result, error) {
	return LinearContext(context.Background(), features, labels, cfg)
}

// LinearContext is Linear stopping between folds (and between L-BFGS
// iterations) when ctx is done; the error then wraps ctx.Err().
func LinearContext(ctx context.Context, features *mat.Dense, labels []int, cfg Config) (*Result, error) {
	c := cfg.C
	if c == 0 {
		c = 1
	}
	lr := linear.LogisticRegression{C: c, MaxIter: cfg.MaxIter, Progress: progress.Silent}
	fit := func(X *mat.Dense, y []int) (func(*mat.Dense) ([]int, error), error) {
		m, err := lr.FitContext(ctx, X, y)
		if err != nil {
			return nil, err
		}
		return m.Predict, nil
	}
	return run(ctx, "probe: Linear", fmt.Sprintf("linear (C=%g)", c), features, labels, cfg, fit)
}

// KNN asks whether the labels are local in feature space: a K-nearest-
// neighbour classifier (neighbors.KNNClassifier, uniform votes; Cover & Hart
// 1967) scored like Linear.
func KNN(features *mat.Dense, labels []int, cfg Config) (*Result, error) {
	return KNNContext(context.Background(), features, labels, cfg)
}

// KNNContext is KNN stopping between folds when ctx is done; the error then
// wraps ctx.Err().
func KNNContext(ctx context.Context, features *mat.Dense, labels []int, cfg Config) (*Result, error) {
	k := cfg.K
	if k == 0 {
		k = 5
	}
	fit := func(X *mat.Dense, y []int) (func(*mat.Dense) ([]int, error), error) {
		m, err := neighbors.KNNClassifier{K: k}.Fit(X, y)
		if err != nil {
			return nil, err
		}
		return m.Predict, nil
	}
	return run(ctx, "probe: KNN", fmt.Sprintf("kNN (K=%d)", k), features, labels, cfg, fit)
}

func run(ctx context.Context, where, name string, X *mat.Dense, y []int, cfg Config, fit classifier) (*Result, error) {
	if X == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "features is nil")
	}
	if err := check.Matrix(where, "features", X); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	if _, _, err := check.Labels(where, "labels", y, n); err != nil {
		return nil, err
	}
	folds := cfg.Folds
	if folds == 0 {
		folds = 5
	}
	if folds < 2 {
		return nil, check.Errorf(where, check.ErrValue, "Folds=%d, want ≥ 2 (0 means 5)", folds)
	}
	// Check the class sizes here so that the message names Folds, the
	// field the caller set (data.StratifiedKFold calls it k).
	counts := map[int]int{}
	for _, v := range y {
		counts[v]++
	}
	for c, m := range counts {
		if m < folds {
			return nil, check.Errorf(where, check.ErrValue, "Folds=%d exceeds the %d samples of class %d (every class needs at least Folds)", folds, m, c)
		}
	}
	hasTest := cfg.Test != nil || cfg.TestLabels != nil
	if hasTest {
		if cfg.Test == nil {
			return nil, check.Errorf(where, check.ErrEmpty, "Test is nil but TestLabels has %d labels", len(cfg.TestLabels))
		}
		if err := check.Cols(where, "Test", cfg.Test, d); err != nil {
			return nil, err
		}
		nt, _ := cfg.Test.Dims()
		if _, _, err := check.Labels(where, "TestLabels", cfg.TestLabels, nt); err != nil {
			return nil, err
		}
	}
	split, err := data.StratifiedKFold(y, folds, cfg.Seed)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}

	rep := progress.For(cfg.Progress)
	total := folds
	if hasTest {
		total++
	}
	rep.Start(name, total)
	res := &Result{Name: name, TestAccuracy: math.NaN()}
	for f, fold := range split {
		if err := ctx.Err(); err != nil {
			rep.Finish("cancelled")
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		Xtr, Xte := data.SubsetRows(X, fold.Train), data.SubsetRows(X, fold.Test)
		ytr, yte := pick(y, fold.Train), pick(y, fold.Test)
		acc, err := fitScore(Xtr, ytr, Xte, yte, cfg.Raw, fit)
		if err != nil {
			rep.Finish("failed")
			return nil, fmt.Errorf("%s: fold %d: %w", where, f, err)
		}
		res.FoldAccuracies = append(res.FoldAccuracies, acc)
		rep.Update(f+1, progress.Metric{Name: "accuracy", Value: acc})
	}
	for _, a := range res.FoldAccuracies {
		res.Mean += a
	}
	res.Mean /= float64(folds)
	for _, a := range res.FoldAccuracies {
		res.Std += (a - res.Mean) * (a - res.Mean)
	}
	res.Std = math.Sqrt(res.Std / float64(folds))
	if hasTest {
		if err := ctx.Err(); err != nil {
			rep.Finish("cancelled")
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		acc, err := fitScore(X, y, cfg.Test, cfg.TestLabels, cfg.Raw, fit)
		if err != nil {
			rep.Finish("failed")
			return nil, fmt.Errorf("%s: test set: %w", where, err)
		}
		res.TestAccuracy = acc
		rep.Update(total, progress.Metric{Name: "test accuracy", Value: acc})
	}
	rep.Finish(res.String())
	return res, nil
}

// fitScore standardises with training statistics (unless raw), fits, and
// returns the accuracy on the held-out part.
func fitScore(Xtr *mat.Dense, ytr []int, Xte *mat.Dense, yte []int, raw bool, fit classifier) (float64, error) {
	if !raw {
		sc, err := data.StandardScaler{}.Fit(Xtr)
		if err != nil {
			return 0, err
		}
		if Xtr, err = sc.Transform(Xtr); err != nil {
			return 0, err
		}
		if Xte, err = sc.Transform(Xte); err != nil {
			return 0, err
		}
	}
	predict, err := fit(Xtr, ytr)
	if err != nil {
		return 0, err
	}
	pred, err := predict(Xte)
	if err != nil {
		return 0, err
	}
	ok := 0
	for i, v := range yte {
		if pred[i] == v {
			ok++
		}
	}
	return float64(ok) / float64(len(yte)), nil
}

func pick(y []int, idx []int) []int {
	out := make([]int, len(idx))
	for i, j := range idx {
		out[i] = y[j]
	}
	return out
}
