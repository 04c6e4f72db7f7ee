// Package embed maps data to fewer dimensions: principal component analysis
// (exact and randomized), multidimensional scaling (classical and SMACOF)
// and t-SNE (exact and Barnes–Hut), for looking at high-dimensional data and
// for compressing it before other estimators.
package embed
