// Package linear holds linear models: multinomial and binary logistic
// regression with an L2 penalty, fitted by L-BFGS, and ridge regression.
//
// LogisticRegression minimises the objective of scikit-learn 1.2's
// LogisticRegression(solver="lbfgs") — the cross-entropy summed over samples
// plus ‖W‖²/(2C), intercept unpenalised — with the same defaults (C = 1,
// max_iter = 100, tol = 1e-4 on the largest gradient component). Two classes
// get the binary model with one coefficient row, as scikit-learn's
// multi_class="auto" does; three or more get the softmax model with one row
// per class.
//
//	m, err := linear.LogisticRegression{C: 1, MaxIter: 200}.Fit(Xtrain, ytrain)
//	pred, err := m.Predict(Xtest)
//	proba, err := m.PredictProba(Xtest) // columns follow m.Classes
//
// The loss and gradient are computed in fixed chunks of rows, each chunk's
// scores X·Wᵀ and gradient Rᵀ·X as matrix products (gonum BLAS, OpenBLAS
// with the build tag openblas), in parallel, and summed in chunk order, so a
// fit gives the same bits with any GOMAXPROCS.
//
// Ridge is closed-form ridge regression with an unpenalised intercept.
//
// References:
//   - L-BFGS: D. C. Liu and J. Nocedal (1989), "On the limited memory BFGS
//     method for large scale optimization", Mathematical Programming 45,
//     503–528; the two-loop recursion and the strong-Wolfe line search as in
//     J. Nocedal and S. J. Wright (2006), Numerical Optimization, 2nd ed.,
//     Algorithms 7.4, 3.5 and 3.6.
//   - Approximate Wolfe conditions near the optimum: W. W. Hager and H. Zhang
//     (2005), "A new conjugate gradient method with guaranteed descent and an
//     efficient line search", SIAM J. Optimization 16, §4.
//   - Multinomial logistic regression: C. M. Bishop (2006), Pattern
//     Recognition and Machine Learning, §4.3.4.
//   - Ridge regression: A. E. Hoerl and R. W. Kennard (1970), "Ridge
//     regression: biased estimation for nonorthogonal problems",
//     Technometrics 12, 55–67.
package linear
