package explain_test

import (
	"fmt"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/explain"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/tree"
)

// The exact k-means rule as one importance per feature, against a
// surrogate tree's importances, over three k-means seeds.
func ExampleOverSeeds() {
	tab, _ := data.Wine()
	sc, _ := data.StandardScaler{}.Fit(tab.X)
	X, _ := sc.Transform(tab.X)
	s, _ := explain.OverSeeds([]uint64{1, 2, 3}, []string{"tree fidelity", "Spearman", "top-3"}, func(seed uint64) ([]float64, error) {
		km, err := cluster.KMeans{K: 3, Seed: seed, Progress: progress.Silent}.Fit(X)
		if err != nil {
			return nil, err
		}
		exact, err := explain.KMeansImportance(km.Centroids, X, km.Labels)
		if err != nil {
			return nil, err
		}
		t, err := tree.DecisionTree{MaxDepth: 3}.Fit(X, km.Labels)
		if err != nil {
			return nil, err
		}
		pred, _ := t.Predict(X)
		fid, _ := metrics.Accuracy(km.Labels, pred)
		ag, err := explain.Agree(exact, t.FeatureImportances(), 3)
		return []float64{fid, ag.Spearman, ag.TopK}, err
	})
	fmt.Print(s)
	// Output:
	//                  mean ± sd      [    min,     max]  over 3 seeds
	// tree fidelity    0.978 ± 0.000   [  0.978,   0.978]
	// Spearman         0.460 ± 0.000   [  0.460,   0.460]
	// top-3            0.333 ± 0.000   [  0.333,   0.333]
}
