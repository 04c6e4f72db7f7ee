// Package clusterindex computes the internal cluster indices — silhouette,
// Davies–Bouldin, Calinski–Harabasz — and the label encoding they start
// from, on data already checked. Package metrics is their public face: it
// checks its arguments and calls this package, where the definitions and
// references are documented. probe.KSweep scores about a hundred partitions
// of one X; it checks X once and scores each partition here, so that the
// checks and the largest-magnitude scan of X are not repeated for every fit.
//
//	D := clusterindex.Prepare(X) // X already passed check.Matrix
//	g, err := D.Group("metrics: DaviesBouldin", labels)
//	db := g.DaviesBouldin()
//
// The code and its numbers are those of metrics (which holds the reference
// tests against scikit-learn 1.2); nothing here depends on GOMAXPROCS.
package clusterindex
