// Package svm is C-support vector classification as libsvm and
// scikit-learn's SVC do it: the same solver, the same one-vs-one layout, the
// same conventions for DualCoef, Intercept and the decision function, so that
// a model fitted here matches scikit-learn 1.2.1's support vectors and
// decision values (to about 1e-13 on the reference sets in testdata/).
//
//	m, err := svm.SVC{C: 10, Probability: true, Seed: 1}.Fit(Xtrain, ytrain)
//	labels, err := m.Predict(Xtest)
//	scores, err := m.DecisionFunction(Xtest) // n×1 (two classes) or n×K
//	P, err := m.PredictProba(Xtest)          // n×K, rows sum to 1
//
// # Solver
//
// Each pair of classes (i, j), i < j in sorted label order, is a binary
// problem with class i as +1, solved by sequential minimal optimisation with
// the second-order working-set selection of Fan, Chen and Lin (2005), the
// shrinking heuristic and gradient reconstruction of libsvm (Chang and Lin
// 2011, §4–5), and an LRU cache of kernel rows bounded by CacheMB. The
// solver is a statement-by-statement port of libsvm's Solver, including its
// float32 kernel cache, so its iterates — and hence which samples end up as
// support vectors — follow libsvm's. Kernel rows are computed a segment at a
// time as one BLAS matrix-vector product against a contiguous copy of the
// pair's rows (RBF from precomputed squared norms), and predictions as one
// GEMM per block of 128 rows against all support vectors. The pairs (and the
// folds of Probability) run in parallel through internal/par, each writing
// its own slot, so results do not depend on GOMAXPROCS.
//
// # Probabilities, and why their argmax can disagree with Predict
//
// With Probability set, Fit runs libsvm's internal 5-fold cross-validation
// per pair, fits Platt's sigmoid P(i | f) = 1/(1+exp(A·f+B)) to the
// held-out decision values with the Newton method of Lin, Lin and Weng
// (2007), and PredictProba couples the K(K−1)/2 pairwise probabilities by
// method 2 of Wu, Lin and Weng (2004). Predict instead counts each pair's
// vote at f = 0. The sigmoid's ½ point is −B/A, not 0 (B is fitted on
// cross-validated values, which are less confident than the final model's),
// and the coupling weighs all pairs where the vote counts wins, so for
// samples near a boundary the two can name different classes: on the MNIST
// bench (PCA-50 of 10,000 training digits, 10,000 test digits) scikit-learn's
// predict reaches 0.9709 and the argmax of its predict_proba 0.9714 (here
// 0.9709 and 0.9718: the same votes, other internal folds); on a few samples
// per class they disagree often. PredictProbaConsistent returns the probabilities together with
// their own argmax labels, for reports that must not contradict themselves.
// The internal folds are drawn from Seed (randx), not from libsvm's rand(),
// so ProbA and ProbB agree with scikit-learn's only statistically; PlattFit
// itself reproduces libsvm's sigmoid_train to rounding.
//
// Unlike libsvm, Probability with a class of fewer than 5 members is an
// error unless AllowSmallClasses is set: some internal training folds then
// lack that class, and libsvm gives their held-out samples decision values
// of ±1, which the sigmoid fits as if they were data.
//
// # References
//
//   - C. Cortes and V. Vapnik, "Support-vector networks", Machine Learning
//     20 (1995) 273–297 (the soft-margin dual solved here).
//   - J. C. Platt, "Fast training of support vector machines using
//     sequential minimal optimization", in Advances in Kernel Methods, MIT
//     Press (1998) (SMO).
//   - R.-E. Fan, P.-H. Chen and C.-J. Lin, "Working set selection using
//     second order information for training support vector machines", JMLR
//     6 (2005) 1889–1918, §3 WSS 3 (selectWorkingSet).
//   - C.-C. Chang and C.-J. Lin, "LIBSVM: a library for support vector
//     machines", ACM TIST 2(3) 27 (2011), §4.1 (stopping, ρ), §5.1
//     (shrinking, caching), §7 (one-vs-one), §8 (probabilities); the code
//     ported is svm.cpp of github.com/cjlin1/libsvm.
//   - J. C. Platt, "Probabilistic outputs for support vector machines and
//     comparisons to regularized likelihood methods", in Advances in Large
//     Margin Classifiers, MIT Press (2000).
//   - H.-T. Lin, C.-J. Lin and R. C. Weng, "A note on Platt's probabilistic
//     outputs for support vector machines", Machine Learning 68 (2007)
//     267–276, Algorithm 1 (PlattFit).
//   - T.-F. Wu, C.-J. Lin and R. C. Weng, "Probability estimates for
//     multi-class classification by pairwise coupling", JMLR 5 (2004)
//     975–1005, §4 method 2 (coupleProbabilities).
//   - scikit-learn's sklearn/svm/_base.py (sign flip of the binary case,
//     gamma='scale') and sklearn/utils/multiclass.py _ovr_decision_function
//     (DecisionFunction's one-vs-rest shape).
package svm
