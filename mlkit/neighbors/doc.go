// Package neighbors holds exact k-nearest-neighbour search and the
// k-nearest-neighbour classifier.
//
// KNN.Search finds, for each query row, the K nearest data rows in Euclidean
// distance by brute force written as matrix products: squared distances
// ‖q‖² + ‖x‖² − 2·q·x for a block of 128 queries against blocks of 2048 data
// rows (BLAS; OpenBLAS with the build tag openblas), blocks of queries in
// parallel, a bounded heap per query. The survivors' distances are then
// recomputed directly, so reported distances have no cancellation error, and
// ties are broken by the smaller data index, so results do not depend on
// GOMAXPROCS. This suits medium dimension d and n up to some hundred
// thousand rows. For low dimension a KDTree answers the same queries, plus
// radius queries (the ε-regions of DBSCAN); KNN's Algorithm field picks it
// automatically for d ≤ 3.
//
//	nb, err := neighbors.KNN{K: 10}.Search(Xtrain, Xquery)
//	nb.Indices[i], nb.Distances[i] // query i's neighbours, nearest first
//
// KNNClassifier votes among the K nearest training rows, uniformly or by
// inverse distance, as scikit-learn's KNeighborsClassifier:
//
//	m, err := neighbors.KNNClassifier{K: 5}.Fit(Xtrain, ytrain)
//	pred, err := m.Predict(Xtest)
//
//	tree, err := neighbors.NewKDTree(X2d)
//	region, err := tree.Radius(X2d, 0.5) // every row's neighbours within 0.5
//
// References:
//   - J. L. Bentley (1975), "Multidimensional binary search trees used for
//     associative searching", Communications of the ACM 18(9), 509–517;
//     J. H. Friedman, J. L. Bentley and R. A. Finkel (1977), "An algorithm
//     for finding best matches in logarithmic expected time", ACM TOMS 3(3),
//     209–226 (median splits on the widest coordinate, bounds-based pruning).
//   - T. M. Cover and P. E. Hart (1967), "Nearest neighbor pattern
//     classification", IEEE Transactions on Information Theory 13(1), 21–27.
//   - Distances through the Gram matrix: the "expanded" Euclidean distance of
//     scikit-learn's sklearn.metrics.pairwise.euclidean_distances.
package neighbors
