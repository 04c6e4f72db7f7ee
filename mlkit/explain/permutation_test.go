package explain

import (
	"encoding/json"
	"math"
	"os"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
)

// reference is testdata/reference.json, written by testdata/make_reference.py
// with scikit-learn 1.2.1.
type reference struct {
	Repeats      int         `json:"repeats"`
	XTest        [][]float64 `json:"X_test"`
	YTest        []int       `json:"y_test"`
	Coef         [][]float64 `json:"coef"`
	Intercept    []float64   `json:"intercept"`
	Baseline     float64     `json:"baseline"`
	Permutations [][]int     `json:"permutations"`
	Mean         []float64   `json:"importances_mean"`
	Std          []float64   `json:"importances_std"`
	Importances  [][]float64 `json:"importances"`
	ProfileZ     [][]float64 `json:"profile_z"`
	ProfileD     [][]float64 `json:"profile_cohen_d"`
}

func loadReference(t testing.TB) *reference {
	t.Helper()
	var r reference
	readJSON(t, &r)
	return &r
}

func readJSON(t testing.TB, v any) {
	t.Helper()
	raw, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}

// linearRule predicts the argmax of X·Wᵀ + b: scikit-learn's
// LogisticRegression.predict with its fitted coef_ and intercept_, so that a
// test exercises only the permutation logic.
type linearRule struct {
	W *mat.Dense
	B []float64
}

func (m linearRule) Predict(X *mat.Dense) ([]int, error) {
	n, _ := X.Dims()
	k, _ := m.W.Dims()
	out := make([]int, n)
	for i := 0; i < n; i++ {
		best, bestS := 0, math.Inf(-1)
		for c := 0; c < k; c++ {
			s := m.B[c]
			for j, v := range X.RawRowView(i) {
				s += v * m.W.At(c, j)
			}
			if s > bestS {
				best, bestS = c, s
			}
		}
		out[i] = best
	}
	return out, nil
}

func dense(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		m.SetRow(i, r)
	}
	return m
}

// tolPerm: the drops are differences of accuracies (multiples of 1/89); only
// the mean's and std's summation order can differ from numpy's pairwise sums.
const tolPerm = 1e-12

func TestPermutationImportanceMatchesSklearn(t *testing.T) {
	ref := loadReference(t)
	X := dense(ref.XTest)
	model := linearRule{W: dense(ref.Coef), B: ref.Intercept}
	imp, err := PermutationImportance(model, X, ref.YTest, Permutation{
		Scorer: metrics.Accuracy, Repeats: ref.Repeats, Permutations: ref.Permutations})
	if err != nil {
		t.Fatal(err)
	}
	if imp.Baseline != ref.Baseline {
		t.Fatalf("baseline %v, scikit-learn %v", imp.Baseline, ref.Baseline)
	}
	worst := 0.0
	for j := range ref.Mean {
		worst = math.Max(worst, math.Abs(imp.Mean[j]-ref.Mean[j]))
		worst = math.Max(worst, math.Abs(imp.Std[j]-ref.Std[j]))
		for r := range ref.Importances[j] {
			worst = math.Max(worst, math.Abs(imp.Drops.At(j, r)-ref.Importances[j][r]))
		}
	}
	t.Logf("max deviation from scikit-learn's importances (mean, std, drops): %.2g", worst)
	if worst > tolPerm {
		t.Fatalf("deviation %.3g > %g", worst, tolPerm)
	}
}

// TestPermutationImportanceSeeded: with its own shuffles the importances are
// statistically equal to scikit-learn's: each mean within 4 standard errors
// of the two runs combined (plus one accuracy step), and deterministic for a
// seed at any GOMAXPROCS.
func TestPermutationImportanceSeeded(t *testing.T) {
	ref := loadReference(t)
	X := dense(ref.XTest)
	model := linearRule{W: dense(ref.Coef), B: ref.Intercept}
	opt := Permutation{Scorer: metrics.Accuracy, Repeats: 50, Seed: 7}
	imp, err := PermutationImportance(model, X, ref.YTest, opt)
	if err != nil {
		t.Fatal(err)
	}
	step := 1 / float64(len(ref.YTest))
	for j := range ref.Mean {
		se := math.Sqrt(imp.Std[j]*imp.Std[j]/50 + ref.Std[j]*ref.Std[j]/float64(ref.Repeats))
		if d := math.Abs(imp.Mean[j] - ref.Mean[j]); d > 4*se+step {
			t.Errorf("feature %d: mean %v, scikit-learn %v (se %v)", j, imp.Mean[j], ref.Mean[j], se)
		}
	}
	prev := runtime.GOMAXPROCS(1)
	one, err := PermutationImportance(model, X, ref.YTest, opt)
	runtime.GOMAXPROCS(prev)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(one.Drops, imp.Drops) {
		t.Fatal("GOMAXPROCS 1 and N give different drops")
	}
}
