package explain

import (
	"slices"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/linear"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
)

// BenchmarkSideBySidePermutationImportance is the Go twin of
// scripts/bench.d/permutation_importance.py: permutation importance with 10
// repeats of scikit-learn's logistic model on the test half of standardised
// wine (89×13, testdata/reference.json), predicting with linear.LogisticRegressionModel.
// It applies scikit-learn's own permutations, so the quality, the largest
// mean importance, is the reference's.
func BenchmarkSideBySidePermutationImportance(b *testing.B) {
	ref := loadReference(b)
	X := dense(ref.XTest)
	m := &linear.LogisticRegressionModel{Classes: []int{0, 1, 2}, Coef: dense(ref.Coef), Intercept: ref.Intercept}
	b.ReportAllocs()
	var imp *Importance
	for b.Loop() {
		var err error
		imp, err = PermutationImportance(m, X, ref.YTest, Permutation{Scorer: metrics.Accuracy, Repeats: 10, Permutations: ref.Permutations})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(slices.Max(imp.Mean), "top_importance")
}
