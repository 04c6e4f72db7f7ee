package explain

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// Predictor is a fitted classifier (or clustering) that labels rows:
// cluster.KMeansModel, linear.LogisticRegressionModel, a tree or an SVM model.
type Predictor interface {
	Predict(X *mat.Dense) ([]int, error)
}

// Scorer scores predictions against the truth, higher is better, for
// example metrics.Accuracy.
type Scorer func(truth, pred []int) (float64, error)

// Permutation holds the settings of permutation importance. Scorer is
// required; the zero value of the other fields gives scikit-learn's defaults.
type Permutation struct {
	// Scorer scores the predictions against y (higher is better); required.
	Scorer Scorer
	// Repeats is the number of shuffles per feature; 0 means 5
	// (scikit-learn's n_repeats).
	Repeats int
	// Seed seeds the shuffles.
	Seed uint64
	// Permutations, when set, are the row orders to use instead of drawing
	// them from Seed: Repeats slices of n row indices, repeat r replacing
	// column j by X[Permutations[r][i], j]. As in scikit-learn, every
	// feature sees the same sequence of permutations. They let a test
	// reproduce scikit-learn's numbers exactly (testdata/make_reference.py).
	Permutations [][]int
}

// Importance is the result of permutation importance.
type Importance struct {
	// Baseline is the score on the unpermuted data.
	Baseline float64
	// Mean and Std are, per feature, the mean and the standard deviation
	// (ddof 0) of the score drops over the repeats (scikit-learn's
	// importances_mean and importances_std).
	Mean, Std []float64
	// Drops is d×Repeats: Baseline minus the score with feature j permuted,
	// for each repeat (scikit-learn's importances).
	Drops *mat.Dense
}

// PermutationImportance measures how much the score of model on (X, y)
// drops when the values of one feature are shuffled among the rows, which
// breaks the feature's link to the target while keeping its distribution
// (Breiman 2001, §10; scikit-learn's permutation_importance). Features are
// processed in parallel, so model.Predict must be safe for concurrent use
// (the kit's fitted models are).
func PermutationImportance(model Predictor, X *mat.Dense, y []int, opt Permutation) (*Importance, error) {
	const where = "explain: PermutationImportance"
	if model == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "model is nil")
	}
	if opt.Scorer == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "opt.Scorer is nil, want a score function such as metrics.Accuracy")
	}
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, err
	}
	n, _ := X.Dims()
	if len(y) != n {
		return nil, check.Errorf(where, check.ErrShape, "y has %d labels, want %d (one per row of X)", len(y), n)
	}
	score := func(Xp *mat.Dense) (float64, error) {
		pred, err := model.Predict(Xp)
		if err != nil {
			return 0, err
		}
		return opt.Scorer(y, pred)
	}
	return permutationImportance(where, score, X, opt)
}

// PermutationImportanceFunc is PermutationImportance for any score of the
// rows of X (higher is better), such as a regression model's R² against its
// targets or a log-likelihood; opt.Scorer is not used.
func PermutationImportanceFunc(score func(X *mat.Dense) (float64, error), X *mat.Dense, opt Permutation) (*Importance, error) {
	const where = "explain: PermutationImportanceFunc"
	if score == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "score is nil")
	}
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, err
	}
	return permutationImportance(where, score, X, opt)
}

func permutationImportance(where string, score func(*mat.Dense) (float64, error), X *mat.Dense, opt Permutation) (*Importance, error) {
	n, d := X.Dims()
	repeats := opt.Repeats
	if repeats == 0 {
		repeats = 5
		if opt.Permutations != nil {
			repeats = len(opt.Permutations)
		}
	}
	if repeats < 0 {
		return nil, check.Errorf(where, check.ErrValue, "opt.Repeats=%d, want >= 1 (0 means 5)", opt.Repeats)
	}
	perms := opt.Permutations
	if perms == nil {
		// One sequence of shuffles for all features, as scikit-learn (it
		// reseeds every column's RandomState with the same seed).
		rng := randx.New(opt.Seed)
		perms = make([][]int, repeats)
		for r := range perms {
			p := make([]int, n)
			for i := range p {
				p[i] = i
			}
			rng.Shuffle(n, func(a, b int) { p[a], p[b] = p[b], p[a] })
			perms[r] = p
		}
	} else if err := checkPerms(where, perms, repeats, n); err != nil {
		return nil, err
	}
	base, err := score(X)
	if err != nil {
		return nil, err
	}
	if math.IsNaN(base) || math.IsInf(base, 0) {
		return nil, check.Errorf(where, check.ErrNaN, "the score of the unpermuted X is %v, want a finite value", base)
	}
	imp := &Importance{Baseline: base, Mean: make([]float64, d), Std: make([]float64, d), Drops: mat.NewDense(d, repeats, nil)}
	errs := make([]error, d)
	par.For(d, func(j int) {
		Xp := mat.DenseCopyOf(X)
		col := mat.Col(nil, j, X)
		drops := imp.Drops.RawRowView(j)
		for r, p := range perms {
			for i, src := range p {
				Xp.Set(i, j, col[src])
			}
			s, err := score(Xp)
			if err != nil {
				errs[j] = err
				return
			}
			if math.IsNaN(s) || math.IsInf(s, 0) {
				errs[j] = check.Errorf(where, check.ErrNaN, "the score with feature %d permuted (repeat %d) is %v", j, r, s)
				return
			}
			drops[r] = base - s
		}
		var m float64
		for _, v := range drops {
			m += v
		}
		m /= float64(repeats)
		var ss float64
		for _, v := range drops {
			ss += (v - m) * (v - m)
		}
		imp.Mean[j], imp.Std[j] = m, math.Sqrt(ss/float64(repeats))
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return imp, nil
}

func checkPerms(where string, perms [][]int, repeats, n int) error {
	if len(perms) != repeats {
		return check.Errorf(where, check.ErrShape, "opt.Permutations has %d orders, want Repeats=%d", len(perms), repeats)
	}
	seen := make([]int, n)
	for r, p := range perms {
		if len(p) != n {
			return check.Errorf(where, check.ErrShape, "opt.Permutations[%d] has %d indices, want %d (one per row)", r, len(p), n)
		}
		for _, v := range p {
			if v < 0 || v >= n || seen[v] == r+1 {
				return check.Errorf(where, check.ErrValue, "opt.Permutations[%d] is not a permutation of 0..%d", r, n-1)
			}
			seen[v] = r + 1
		}
	}
	return nil
}
