package metrics_test

import (
	"fmt"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
	"gonum.org/v1/gonum/mat"
)

// Cluster ids are arbitrary: AlignLabels finds the best one-to-one renaming
// and the matched accuracy; the chance-corrected indices need no renaming.
func Example() {
	truth := []int{0, 0, 0, 1, 1, 1, 2, 2, 2}
	clusters := []int{7, 7, 3, 3, 3, 3, 5, 5, 9} // cluster 9 is extra
	al, _ := metrics.AlignLabels(truth, clusters)
	fmt.Println("mapping 7→", al.Mapping[7], " 3→", al.Mapping[3], " 5→", al.Mapping[5], " 9→", al.Mapping[9])
	fmt.Printf("matched accuracy %.4f\n", al.Accuracy)
	fmt.Println("relabelled", al.Apply(clusters))
	ari, _ := metrics.AdjustedRandIndex(truth, clusters)
	ami, _ := metrics.AdjustedMutualInfo(truth, clusters)
	h, c, v, _ := metrics.VMeasure(truth, clusters)
	fmt.Printf("ARI %.4f  AMI %.4f  homogeneity %.4f  completeness %.4f  V %.4f\n", ari, ami, h, c, v)
	// (scikit-learn 1.2.1 gives the same ARI, AMI and V-measure.)
	// Output:
	// mapping 7→ 0  3→ 1  5→ 2  9→ -1
	// matched accuracy 0.7778
	// relabelled [0 0 1 1 1 1 2 2 -1]
	// ARI 0.4615  AMI 0.5298  homogeneity 0.7725  completeness 0.6667  V 0.7157
}

func ExampleContingency() {
	ct, _ := metrics.Contingency([]int{0, 0, 4, 4, 4}, []int{2, 2, 2, 8, 8})
	fmt.Println("classes", ct.RowIDs, "clusters", ct.ColIDs)
	fmt.Println(mat.Formatted(ct.Counts))
	// Output:
	// classes [0 4] clusters [2 8]
	// ⎡2  0⎤
	// ⎣1  2⎦
}

func ExampleSilhouette() {
	X := mat.NewDense(6, 2, []float64{
		0, 0, 0, 1, 1, 0, // a tight group
		10, 10, 10, 11, 11, 10, // another one far away
	})
	labels := []int{0, 0, 0, 1, 1, 1}
	s, _ := metrics.Silhouette(X, labels)
	db, _ := metrics.DaviesBouldin(X, labels)
	ch, _ := metrics.CalinskiHarabasz(X, labels)
	fmt.Printf("silhouette %.4f  Davies-Bouldin %.4f  Calinski-Harabasz %.1f\n", s, db, ch)
	// Output:
	// silhouette 0.9196  Davies-Bouldin 0.0925  Calinski-Harabasz 450.0
}

func ExamplePrecisionRecallF1() {
	truth := []int{0, 0, 1, 1, 1, 2}
	pred := []int{0, 1, 1, 1, 2, 2}
	r, _ := metrics.PrecisionRecallF1(truth, pred)
	fmt.Print(r)
	// Output:
	//               precision    recall  f1-score   support
	//
	//            0       1.00      0.50      0.67         2
	//            1       0.67      0.67      0.67         3
	//            2       0.50      1.00      0.67         1
	//
	//     accuracy                           0.67         6
	//    macro avg       0.72      0.72      0.67         6
	// weighted avg       0.75      0.67      0.67         6
}

func ExampleLogLoss() {
	truth := []int{0, 1, 1}
	proba := mat.NewDense(3, 2, []float64{0.9, 0.1, 0.2, 0.8, 0.6, 0.4})
	ll, _ := metrics.LogLoss(truth, proba)
	br, _ := metrics.BrierScore(truth, proba)
	ece, _ := metrics.ECE(truth, proba, 10)
	auc, _ := metrics.ROCAUC(truth, mat.Col(nil, 1, proba))
	fmt.Printf("log-loss %.4f  Brier %.4f  ECE %.4f  AUC %.4f\n", ll, br, ece, auc)
	// Output:
	// log-loss 0.4149  Brier 0.2733  ECE 0.3000  AUC 1.0000
}
