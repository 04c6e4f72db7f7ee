package explain_test

import (
	"fmt"
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/explain"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/linear"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
	"gonum.org/v1/gonum/mat"
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

// The GMM's log posterior ratio between two components, split over the
// features (diagonal covariance: an exact per-feature decomposition).
func ExampleGMMPair() {
	tab, _ := data.Wine()
	sc, _ := data.StandardScaler{}.Fit(tab.X)
	X, _ := sc.Transform(tab.X)
	m, _ := cluster.GMM{K: 3, Covariance: cluster.Diag, Seed: 2, Progress: progress.Silent}.Fit(X)

	r, _ := explain.GMMPair(m, 0, 2)
	p, _ := r.Explain(X.RawRowView(0))
	proba, _ := m.PredictProba(X.Slice(0, 1, 0, 13).(*mat.Dense))
	fmt.Printf("log p(0|x)/p(2|x) = %.4f (model: %.4f), constant %.3f\n",
		p.LogRatio, math.Log(proba.At(0, 0))-math.Log(proba.At(0, 2)), p.Constant)
	for _, j := range explain.Ranking(p.Terms)[:3] {
		fmt.Printf("  %-15s %+.3f\n", tab.FeatureNames[j], p.Terms[j])
	}
	// Output:
	// log p(0|x)/p(2|x) = 29.4067 (model: 29.4067), constant 1.615
	//   alcohol         +7.628
	//   color_intensity +7.435
	//   proline         +7.154
}

// Centroid profiles: the features that set each wine class apart.
func ExampleCentroidProfile() {
	tab, _ := data.Wine()
	p, _ := explain.CentroidProfile(tab.X, tab.Y)
	for c, label := range p.Clusters {
		top, _ := p.Top(label, 2)
		fmt.Printf("class %d (%d wines): %s d=%+.2f, %s d=%+.2f\n", label, p.Counts[c],
			tab.FeatureNames[top[0]], p.Contrast.At(c, top[0]), tab.FeatureNames[top[1]], p.Contrast.At(c, top[1]))
	}
	// Output:
	// class 0 (59 wines): proline d=+3.11, flavanoids d=+1.93
	// class 1 (71 wines): alcohol d=-2.15, color_intensity d=-1.96
	// class 2 (48 wines): od280/od315_of_diluted_wines d=-2.95, flavanoids d=-2.63
}
