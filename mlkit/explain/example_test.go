package explain_test

import (
	"fmt"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/explain"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/linear"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// The exact k-means rule: what separates a wine cluster from its nearest
// neighbour, for the whole cluster and for one member.
func ExampleExplainKMeansCluster() {
	tab, _ := data.Wine()
	sc, _ := data.StandardScaler{}.Fit(tab.X)
	X, _ := sc.Transform(tab.X)
	km, _ := cluster.KMeans{K: 3, Seed: 1, Progress: progress.Silent}.Fit(X)

	c, _ := explain.ExplainKMeansCluster(km.Centroids, X, km.Labels, 2)
	fmt.Printf("cluster 2 (%d wines) against cluster %d\n", c.Members, c.Rule.B)
	for _, j := range c.Ranking[:3] {
		fmt.Printf("  %-28s mean contribution %6.2f\n", tab.FeatureNames[j], c.MeanContribution[j])
	}
	for i, l := range km.Labels {
		if l == 2 {
			p, _ := c.Rule.Explain(X.RawRowView(i))
			sum := 0.0
			for _, v := range p.Contributions {
				sum += v
			}
			fmt.Printf("wine %d: margin %.3f, contributions sum to the distance difference: %t\n",
				i, p.Margin, fmt.Sprintf("%.9f", sum) == fmt.Sprintf("%.9f", p.Diff))
			break
		}
	}
	// Output:
	// cluster 2 (51 wines) against cluster 1
	//   color_intensity              mean contribution  -3.40
	//   hue                          mean contribution  -2.65
	//   od280/od315_of_diluted_wines mean contribution  -2.44
	// wine 61: margin -0.108, contributions sum to the distance difference: true
}

// Permutation importance of a logistic model on wine, scored by accuracy.
func ExamplePermutationImportance() {
	tab, _ := data.Wine()
	sc, _ := data.StandardScaler{}.Fit(tab.X)
	X, _ := sc.Transform(tab.X)
	m, _ := linear.LogisticRegression{C: 0.05, Progress: progress.Silent}.Fit(X, tab.Y)
	imp, _ := explain.PermutationImportance(m, X, tab.Y, explain.Permutation{
		Scorer: metrics.Accuracy, Repeats: 10, Seed: 1})
	fmt.Printf("baseline accuracy %.3f\n", imp.Baseline)
	for _, j := range explain.Ranking(imp.Mean)[:3] {
		fmt.Printf("  %-28s %.3f ± %.3f\n", tab.FeatureNames[j], imp.Mean[j], imp.Std[j])
	}
	// Output:
	// baseline accuracy 0.994
	//   proline                      0.058 ± 0.013
	//   alcohol                      0.058 ± 0.015
	//   color_intensity              0.030 ± 0.010
}

// LIME around one wine, for the class a logistic model predicts there.
func ExampleLIME() {
	tab, _ := data.Wine()
	sc, _ := data.StandardScaler{}.Fit(tab.X)
	X, _ := sc.Transform(tab.X)
	m, _ := linear.LogisticRegression{C: 0.05, Progress: progress.Silent}.Fit(X, tab.Y)

	lime, _ := explain.LIME{Seed: 1}.Fit(X)
	ex, _ := lime.Explain(m, X.RawRowView(0), explain.PredictedClass)
	fmt.Printf("class %d: model %.3f, local model %.3f, score %.2f\n", ex.Class, ex.Prediction, ex.LocalPrediction, ex.Score)
	for _, j := range ex.Features[:3] {
		fmt.Printf("  %5.2f < %-17s <= %5.2f  weight %+.3f\n", ex.Lower[j], tab.FeatureNames[j], ex.Upper[j], ex.Weights[j])
	}
	// Output:
	// class 0: model 0.968, local model 1.067, score 0.53
	//    0.76 < proline           <=  +Inf  weight +0.277
	//    0.84 < alcohol           <=  +Inf  weight +0.215
	//    -Inf < alcalinity_of_ash <= -0.69  weight +0.153
}
