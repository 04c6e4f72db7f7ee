// Package sample draws, splits and re-balances training sets: SMOTE
// over-sampling, duplication, stratified tiny draws, leave-one-out and
// repeated stratified k-fold splits. It answers experiment 06's questions
// about tiny data: what duplicating a data set ×100 or synthesising
// minority rows does to a classifier's confidence.
//
//	idx, _ := sample.StratifiedSubsample(t.Y, 5, seed) // 5 rows per class
//	rest, _ := sample.Complement(len(t.Y), idx)        // score on the others
//	Xs, ys, _ := sample.SMOTE{K: 3, Seed: seed}.FitResample(X, y)
//	Xd, yd, _ := sample.Duplicate(X, y, 100)
//	folds, _ := sample.LeaveOneOut(len(y))
//
// Splits are data.Fold values, the type of data.StratifiedKFold, which
// RepeatedStratifiedKFold calls once per repetition.
//
// # References
//
// SMOTE: N. V. Chawla, K. W. Bowyer, L. O. Hall, W. P. Kegelmeyer, "SMOTE:
// Synthetic Minority Over-sampling Technique", JAIR 16 (2002) 321–357,
// section 4.2, in the form of imbalanced-learn 0.10 (G. Lemaître,
// F. Nogueira, C. K. Aridas, "Imbalanced-learn", JMLR 18 (2017) 1–5):
// sampling_strategy "auto", one uniform draw over (row, neighbour) pairs,
// neighbours found by package neighbors.
//
// Leave-one-out and repeated k-fold cross-validation: T. Hastie,
// R. Tibshirani, J. Friedman, The Elements of Statistical Learning, 2nd ed.
// (2009), section 7.10.
package sample
