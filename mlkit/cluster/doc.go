// Package cluster groups samples without labels: k-means (k-means++
// seeding, several initialisations, Lloyd's and Elkan's iterations, and
// mini-batch k-means for large data), Gaussian mixtures, DBSCAN and
// self-organizing maps.
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
// # Gaussian mixtures
//
// GMM fits a mixture of K Gaussians by expectation–maximisation (Dempster,
// Laird & Rubin 1977; Bishop 2006, §9.2), as scikit-learn 1.2's
// GaussianMixture does: the E-step works in log space with the Cholesky
// factors of the precision matrices and a log-sum-exp over components, the
// M-step adds RegCovar to the diagonal of every covariance, and each of the
// NInit runs starts from a one-run k-means labelling (or random
// responsibilities) and stops when the mean log-likelihood gains less than
// Tol. Four covariance structures are offered: Full (one d×d matrix per
// component), Tied (one shared d×d matrix), Diag (one variance per feature
// and component) and Spherical (one variance per component). A fitted
// GMMModel gives hard labels (Predict), soft assignments (PredictProba), the
// log-likelihood (Score, ScoreSamples) and the information criteria BIC
// (Schwarz 1978) and AIC (Akaike 1974) for choosing K or the covariance type.
// NumParams, ParamsPerSample and Overparameterized say when a full covariance
// asks for more free parameters than the data can support. For speed, the
// E-step of Full is one triangular matrix product per component and block of
// rows, and a Full component backed by fewer samples than about 0.4·d (as
// with 1,500-dimensional codes) is evaluated through the Woodbury identity
// and the matrix determinant lemma on its rank-r scatter, so that no d×d
// factorisation is needed per iteration; results agree with the plain path
// to about 1e-12.
//
//	m, err := cluster.GMM{K: 10, Covariance: cluster.Diag, Seed: 1}.Fit(X)
//	labels, err := m.Predict(X)
//	bic, err := m.BIC(X)
//
// # DBSCAN
//
// DBSCAN (Ester, Kriegel, Sander & Xu 1996) with scikit-learn 1.2's
// definition: a row is core when at least MinSamples rows, itself included,
// lie within Eps (squared distance ≤ Eps², summed per feature as
// scikit-learn's KDTree does). Clusters are the components of the cores,
// numbered by their lowest core row; a border row joins the smallest-numbered
// cluster among its core neighbours, as scikit-learn's dbscan_inner does, so
// labels equal scikit-learn's exactly. Memory is O(n): a grid of cells of side
// Eps/√d in 1–3 dimensions (Gunawan 2013; Gan & Tao 2015), a k-d tree above.
//
//	m, err := cluster.DBSCAN{Eps: 0.3, MinSamples: 10}.Fit(X) // m.Labels (−1 noise), m.CoreIndices, m.NClusters
//
// # Self-organizing maps
//
// SOM trains a Kohonen map (Kohonen 1982) online as MiniSom does: samples in
// shuffled order, the best-matching unit by Euclidean distance, and every unit
// pulled towards the sample by η(t)·exp(−d²/(2σ(t)²)), d the distance between
// the units on the grid (rectangular, or hexagonal in MiniSom's offset
// coordinates); η and σ decay on the same schedule. A SOMModel gives each
// point's unit, the quantization and topographic errors, activation counts
// (a hit map) and the U-matrix (Ultsch & Siemon 1990). The units are a
// codebook laid on a grid, not clusters: groups of data show as basins of the
// U-matrix, and units between groups hold no points.
//
//	m, err := cluster.SOM{Rows: 20, Cols: 20, Topology: cluster.Hex, Seed: 1}.Fit(X)
//	U, err := m.UMatrix()
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
//   - M. Ester, H.-P. Kriegel, J. Sander, X. Xu, "A density-based algorithm
//     for discovering clusters in large spatial databases with noise",
//     KDD-96, 226–231 (DBSCAN).
//   - A. Gunawan, "A faster algorithm for DBSCAN", MSc thesis, TU Eindhoven
//     (2013); J. Gan and Y. Tao, "DBSCAN revisited", SIGMOD 2015, 519–530
//     (the grid).
//   - T. Kohonen, "Self-organized formation of topologically correct feature
//     maps", Biological Cybernetics 43 (1982) 59–69; G. Vettigli, MiniSom
//     (github.com/JustGlowing/minisom); A. Ultsch and H. P. Siemon (1990),
//     Kohonen's self organizing feature maps for exploratory data analysis
//     (the U-matrix).
//   - D. Sculley, "Web-scale k-means clustering", WWW 2010 (mini-batch
//     k-means, Algorithm 1, with scikit-learn's reassignment of small
//     clusters and its early stopping on the smoothed batch inertia).
//   - A. P. Dempster, N. M. Laird, D. B. Rubin (1977). Maximum likelihood from
//     incomplete data via the EM algorithm. J. R. Stat. Soc. B 39(1):1–38.
//   - C. M. Bishop (2006). Pattern Recognition and Machine Learning, §9.2
//     (mixtures of Gaussians, EM).
//   - G. Schwarz (1978). Estimating the dimension of a model. Ann. Stat.
//     6(2):461–464 (BIC).
//   - H. Akaike (1974). A new look at the statistical model identification.
//     IEEE Trans. Autom. Control 19(6):716–723 (AIC).
package cluster
