// Package probe asks "do these features carry the labels?" and sets the
// answer beside what a clustering of the same features found.
//
// A probe is a simple classifier trained on fixed features (Alain & Bengio
// 2016): if a linear model reads the classes off the features with high
// accuracy, the information is there and linearly accessible, whatever a
// clustering of the same features scored. Linear runs multinomial logistic
// regression (mlkit/linear), KNN a k-nearest-neighbour vote
// (mlkit/neighbors); both are scored by stratified k-fold cross-validation
// (data.StratifiedKFold) and, when a held-out set is given, on it. By default
// features are standardised with the statistics of each training part.
//
//	r, err := probe.Linear(codes, labels, probe.Config{Seed: 1})
//	fmt.Println(r) // linear (C=1): 5-fold CV accuracy 0.9712 ± 0.0040
//
// Compare puts clusterings computed by the caller (k-means, GMM, ...) beside
// the probes, with ARI, NMI and Hungarian-matched accuracy for each
// clustering (mlkit/metrics) and cross-validated accuracy for each probe:
//
//	tab, err := probe.Compare(codes, labels,
//		probe.Clustering{Name: "GMM full", Labels: gmmLabels},
//		probe.Clustering{Name: "k-means", Labels: kmLabels})
//	fmt.Print(tab)                 // aligned text; tab.HTML() for a notebook
//	clusterAcc, probeAcc := tab.Best()
//
// References:
//   - G. Alain and Y. Bengio (2016), "Understanding intermediate layers using
//     linear classifier probes", arXiv:1610.01644.
//   - T. M. Cover and P. E. Hart (1967), "Nearest neighbor pattern
//     classification", IEEE Transactions on Information Theory 13(1), 21–27.
//   - Stratified k-fold cross-validation: R. Kohavi (1995), "A study of
//     cross-validation and bootstrap for accuracy estimation and model
//     selection", IJCAI, §3.
package probe
