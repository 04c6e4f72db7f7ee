// Package pairs clusters points by learning which nearby pairs belong
// together: a same-cluster classifier on features of particle pairs, trained
// on points already labelled by a density rule (DBSCAN), whose accepted
// links are closed transitively into clusters (experiment 03 (b)).
//
// A classifier with one softmax output per cluster learns where one field's
// clusters are; it has nothing to say about another field. The labels came
// from a local rule — points are in one cluster when a chain of dense
// neighbourhoods joins them — and a classifier of pairs on local features
// (distance, the density at both ends, shared neighbours) learns that rule,
// which carries over to any field of the same kind.
//
//	m, err := pairs.Linker{Query: pairs.Radius, R: eps, MinClusterSize: minSamples}.Fit(X, dbscanLabels)
//	res, err := m.Predict(Xnew)
//	res.Labels                       // cluster per point, −1 noise
//	res.PairsScored, res.AllPairs    // e.g. 1.7·10⁴ scored of 5·10⁵ possible
//	merged, err := res.WithLink(i, j) // one false link merges two clusters
//	bad, err := pairs.FalseMerges(res, truth)
//
// Only candidate pairs are scored: the K nearest neighbours of each point
// (KNN, the default) or the points within R (Radius), found with the k-d
// tree of package neighbors, so the work grows as n·K, not n(n−1)/2. The
// features are listed on Linker; they are standardised and fed to a
// classifier, by default linear.LogisticRegression, replaceable through
// Linker.Train by any classifier whose model has PredictProba. A pair is
// linked when its probability reaches Threshold, and the links are closed
// with union–find (Tarjan 1975): every connected component of at least
// MinClusterSize points is a cluster, smaller ones are noise.
//
// Transitive closure is unforgiving in one direction: a cluster is held
// together by many links, so a few missed links rarely split it, but a single
// false link between two clusters merges them (Linking.WithLink shows it).
// With the Radius query at DBSCAN's eps, the neighbourhood sizes are DBSCAN's
// own counts, and features 11–14 (the densest neighbour's density) tell its
// border points from its noise: in the tests the linker reproduces DBSCAN's
// partition of the training field exactly (ARI 1) and reaches ARI 0.98–0.995
// on new fields of blobs and 0.998 on a new particle field (data.ParticleField,
// 5,000 particles, 10 clusters). The KNN query needs no length scale and
// scores far fewer pairs (about 6n at K = 10, against some 100n for Radius at
// a particle field's eps), so it is the one for 10⁶ particles; it sees
// DBSCAN's rule less directly: ARI 0.999–1 on particle fields, 0.95–0.98 on
// Gaussian blobs whose tails DBSCAN cuts into noise.
//
// Memory: the neighbourhoods are kept as int32 indices (4 bytes per
// neighbour and point), links as 12 bytes each; no n×n structure exists.
//
// References:
//   - M. Ester, H.-P. Kriegel, J. Sander, X. Xu (1996), "A density-based
//     algorithm for discovering clusters in large spatial databases with
//     noise", KDD-96, 226–231 (the density rule the labels come from: core,
//     border and noise points).
//   - R. A. Jarvis, E. A. Patrick (1973), "Clustering using a similarity
//     measure based on shared near neighbors", IEEE Transactions on
//     Computers C-22(11), 1025–1034 (shared-neighbour features).
//   - R. E. Tarjan (1975), "Efficiency of a good but not linear set union
//     algorithm", Journal of the ACM 22(2), 215–225 (union–find).
//   - Pairwise same-cluster classification closed transitively is the
//     "edge classification" approach of particle tracking (for example
//     Farrell et al. 2018, "Novel deep learning methods for track
//     reconstruction", arXiv:1810.06111), here with a linear classifier.
package pairs
