// Package cluster groups samples without labels: k-means (k-means++
// seeding, several initialisations, Lloyd's and Elkan's iterations, and
// mini-batch k-means for large data) and Gaussian mixtures.
//
// # K-means
//
// KMeans follows scikit-learn 1.2's KMeans: the zero value means K=8,
// NInit=10 runs from greedy k-means++ seeds, MaxIter=300, Tol=1e-4 relative
// to the mean per-feature variance, and the Lloyd algorithm. The run with the
// lowest inertia (sum of squared distances to the nearest centroid) is kept:
//
//	m, err := cluster.KMeans{K: 10, Seed: 1}.Fit(X) // X is n×d, rows are samples
//	if err != nil { ... }
//	m.Centroids   // K×d
//	m.Labels      // cluster of each row of X
//	labels, err := m.Predict(Xnew)
//
// Lloyd computes the n×K distances of each iteration as one matrix product
// per chunk of 256 rows (‖x‖² − 2x·c + ‖c‖², on data centred as
// scikit-learn does), so building with the tag openblas speeds it up; Elkan
// keeps triangle-inequality bounds and skips most distance computations once
// the centroids settle. Both run over the cores, and partial sums are reduced
// in a fixed order, so a Seed gives bit-identical models at any GOMAXPROCS.
// Clusters that lose all their samples are moved to the samples farthest from
// their centres, as in scikit-learn; when X has fewer distinct points than K
// the fit still succeeds and says so in KMeansModel.Warnings.
//
// MiniBatchKMeans runs Sculley's mini-batch updates on random batches and
// suits data too large for many full passes.
//
// # References
//
//   - S. P. Lloyd, "Least squares quantization in PCM", IEEE Trans.
//     Information Theory 28(2), 1982 (the batch iteration, Sec. II–III).
//   - D. Arthur and S. Vassilvitskii, "k-means++: the advantages of careful
//     seeding", SODA 2007 (D² seeding, Sec. 2.2; the greedy variant with
//     2+⌊ln K⌋ local trials is scikit-learn's _kmeans_plusplus).
//   - C. Elkan, "Using the triangle inequality to accelerate k-means",
//     ICML 2003 (Lemmas 1–2 and the algorithm of Sec. 3).
//   - D. Sculley, "Web-scale k-means clustering", WWW 2010 (mini-batch
//     k-means, Algorithm 1, with scikit-learn's reassignment of small
//     clusters and its early stopping on the smoothed batch inertia).
package cluster
