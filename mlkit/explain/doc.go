// Package explain reads explanations of clusterings and classifiers: first
// from the model's own decision rule, then from model-agnostic surrogates
// whose fidelity must be reported.
//
// Exact rules of the clustering itself:
//
//   - KMeansPair: k-means assigns a point to the nearer of two centroids μ_a,
//     μ_b, so the boundary is the hyperplane W·x = Offset with W = μ_b − μ_a;
//     ‖x − μ_a‖² − ‖x − μ_b‖² = Σ_j [(x_j − μ_aj)² − (x_j − μ_bj)²] splits
//     exactly over the features (Lloyd 1982; MacQueen 1967).
//     ExplainKMeansCluster ranks the features that separate a cluster from
//     its nearest neighbour over the cluster's members.
//   - GMMPair: the log posterior ratio log p(a|x) − log p(b|x) of a Gaussian
//     mixture as a constant (log weights, log-determinants) plus one term per
//     coordinate: the features for diagonal and spherical covariance, the
//     whitened coordinates of component a for full and tied covariance
//     (Bishop 2006, "Pattern Recognition and Machine Learning", §4.2 and §9.2).
//     ExplainGMMCluster averages the terms over a component's members
//     against its runner-up component.
//   - CentroidProfile: the cluster means as z-scores and the one-vs-rest
//     standardised mean difference, Cohen's d with the pooled standard
//     deviation (Cohen 1988, "Statistical Power Analysis for the Behavioral
//     Sciences", §2.2).
//
// Surrogates and model-agnostic measures:
//
//   - PermutationImportance: the drop of a score when one feature is
//     shuffled (Breiman 2001, "Random forests", Machine Learning 45, §10;
//     Fisher, Rudin & Dominici 2019 "All models are wrong, but many are
//     useful", JMLR 20), as scikit-learn's permutation_importance, which it
//     reproduces exactly given the same permutations.
//   - LIME: a weighted linear model fitted on perturbed samples around one
//     point (Ribeiro, Singh & Guestrin 2016, "Why should I trust you?
//     Explaining the predictions of any classifier", KDD, §3), as the lime
//     package's LimeTabularExplainer does it by default: quartile bins of the
//     training data, samples drawn bin by bin from the training frequencies
//     and a truncated normal within each bin, the binary "same bin as the
//     point" representation, the kernel √exp(−D²/width²) with width 0.75·√d,
//     'auto' feature selection and a weighted ridge fit (alpha 1). The
//     binary representation cannot express variation within a bin, so even
//     on a logistic model lime's score stays near 0.6; the Continuous
//     discretizer (lime's discretize_continuous=False) reaches 0.99 there.
//   - Representatives: the point nearest each centroid, where a local
//     explanation of a surrogate is read.
//   - Fidelity and FidelityByDepth: how often a surrogate (a tree of depth d,
//     an SVM) agrees with the cluster labels it imitates.
//   - Spearman and TopKOverlap: agreement of two importance vectors (rank
//     correlation, share of the top k features in common); Agree gives both.
//
// For comparing the two, and for notebook cells: ExplainKMeansClusters and
// ExplainGMMClusters read every cluster (Describe prints one line each);
// KMeansImportance summarises the exact k-means terms over all points as one
// importance per feature; BorderMember finds the member nearest a boundary;
// LIMEAtRepresentatives sets LIME's weights at each cluster's representative
// beside the exact terms there; OverSeeds repeats a measurement over seeds
// and reports each quantity's mean, spread and range.
//
// Usage:
//
//	km, _ := cluster.KMeans{K: 3, Seed: 1}.Fit(X)
//	c, _ := explain.ExplainKMeansCluster(km.Centroids, X, km.Labels, 0)
//	fmt.Println(c.Rule.B, c.Ranking[:3]) // nearest cluster, top features
//	p, _ := c.Rule.Explain(X.RawRowView(i)) // one member: Σ p.Contributions = p.Diff
package explain
