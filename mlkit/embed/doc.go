// Package embed maps data to fewer dimensions, to look at it or to compress
// it before other estimators: principal component analysis (exact and
// randomized), multidimensional scaling (classical and SMACOF) and t-SNE
// (exact and Barnes–Hut). Each follows scikit-learn 1.2's definitions, so
// numbers can be compared with it (tests check them against values it
// computed, kept in testdata/).
//
// Usage:
//
//	pca, Z, err := embed.PCA{Components: 50}.FitTransform(X) // X: n×d; Z: n×50 scores
//	ts, err := embed.TSNE{Seed: 1}.Fit(Z)                     // ts.Embedding: n×2
//	md, err := embed.MDS{}.Fit(X)                             // classical scaling, n×2
//	sm, err := embed.MDS{Method: embed.SMACOF, Seed: 1}.Fit(X) // metric SMACOF
//
// The three share one shape: FitTransform returns (model, embedding, error);
// the iterative ones (SMACOF, t-SNE) take MaxIter and Tol (0 means the
// default, negative is an error) and report Iterations and Converged; every
// Fit has a FitContext that honours a context, and a Progress field. Choices
// of algorithm are typed values: PCA's Solver (SolverFull, SolverRandomized,
// SolverAuto), MDS's Method (Classical, SMACOF), t-SNE's Method (Auto, Exact,
// BarnesHut) and Init (InitPCA, InitRandom).
//
// # PCA
//
// PCA centres X and keeps the k directions of largest variance (Pearson
// 1901, "On lines and planes of closest fit to systems of points in
// space"; Jolliffe 2002, Principal Component Analysis, ch. 1–3). The exact
// solver takes the thin SVD of the centred data for small inputs and, for
// n ≫ d, the eigendecomposition of the d×d scatter matrix (one BLAS pass
// over the data; Householder tridiagonalisation, then inverse iteration for
// only the k wanted eigenvectors, as LAPACK's dsyevx); inputs that are
// mostly exact zeros (MNIST pixels) accumulate that matrix over the
// non-zero entries only. The randomized
// solver is Halko, Martinsson & Tropp 2011 ("Finding structure with
// randomness", SIAM Review 53(2), Algorithm 4.4 with LU renormalisation),
// as scikit-learn's randomized_svd: 10 oversamples and 7 power iterations
// (4 when k ≥ 0.1·min(n, d)); when n ≫ d it runs on the scatter matrix,
// which spans the same subspaces at a fraction of the passes over the
// data. Signs follow scikit-learn's svd_flip.
//
// # MDS
//
// Classical scaling (Torgerson 1952, "Multidimensional scaling: I. Theory
// and method", Psychometrika 17; Gower 1966) takes the top eigenvectors of
// the double-centred squared distances. Metric SMACOF (de Leeuw 1977,
// "Applications of convex analysis to multidimensional scaling"; Borg &
// Groenen 2005, Modern Multidimensional Scaling, ch. 8) minimises the raw
// stress by Guttman transforms from several random starts.
//
// # t-SNE
//
// t-SNE (van der Maaten & Hinton 2008, "Visualizing data using t-SNE",
// JMLR 9) calibrates Gaussian neighbour probabilities to a perplexity,
// then moves a low-dimensional Student-t configuration to minimise
// KL(P‖Q), with scikit-learn's schedule: 250 steps with P exaggerated ×12
// and momentum 0.5, then momentum 0.8, per-parameter gains, learning rate
// max(n/12/4, 50) (Belkina et al. 2019). Barnes–Hut (van der Maaten 2014,
// "Accelerating t-SNE using tree-based algorithms", JMLR 15, §4) keeps P
// on the 3·perplexity nearest neighbours and approximates the repulsion
// with a quadtree, here walked once per group of up to 32 nearby points
// (Barnes 1990, "A modified tree code", J. Comput. Phys. 87) with the θ
// test taken at the group's bounding box, so each point's approximation is
// at least as accurate as its own walk would give. Unlike scikit-learn,
// the test measures a cell by the extent of the points in it rather than
// by its side (tighter once early exaggeration has clustered them); the
// KL divergence and trustworthiness reached stay those of scikit-learn
// (see the tests). Forces are computed in
// parallel per point and reduced in index order: results do not depend on
// GOMAXPROCS.
//
// Errors wrap the sentinels of package mlkit (ErrEmpty, ErrShape,
// ErrNaN, ErrValue) and name the argument and its value.
package embed
