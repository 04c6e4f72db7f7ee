// Package metrics scores clusterings, classifiers, regressions and
// embeddings, with the definitions (and corner cases) of scikit-learn 1.2.
//
// Labels are []int with any non-negative ids; gaps are allowed and ids of
// truth and pred need not correspond. Every function returns an error (wrapping
// one of the sentinels of mlkit/internal/check: ErrEmpty, ErrShape, ErrNaN,
// ErrValue) for empty input, mismatched lengths, negative labels or NaN/Inf.
//
//	ari, err := metrics.AdjustedRandIndex(truth, clusters)
//	al, err := metrics.AlignLabels(truth, clusters)   // Hungarian matching
//	fmt.Println(al.Accuracy)                          // matched accuracy
//
// # External cluster indices
//
// AdjustedRandIndex: Hubert & Arabie, "Comparing partitions", J. Classification
// 2 (1985), eq. 5, computed from the pair confusion counts.
// NormalizedMutualInfo and AdjustedMutualInfo: Vinh, Epps & Bailey, "Information
// theoretic measures for clusterings comparison", JMLR 11 (2010), tables 2–3 and
// eq. 24a for the exact expected mutual information; arithmetic-mean
// normalisation (sklearn's default).
// VMeasure: Rosenberg & Hirschberg, "V-Measure: A conditional entropy-based
// external cluster evaluation measure", EMNLP 2007, section 3 (beta = 1).
// FowlkesMallows: Fowlkes & Mallows, JASA 78 (1983). Purity: Manning, Raghavan
// & Schütze, Introduction to Information Retrieval (2008), section 16.3.
// AlignLabels: Kuhn, "The Hungarian method for the assignment problem", Naval
// Research Logistics Quarterly 2 (1955); Munkres, "Algorithms for the
// assignment and transportation problems", J. SIAM 5 (1957); implemented as the
// O(n³) shortest-augmenting-path variant with potentials.
package metrics
