// Package calibrate turns classifier scores into probabilities: Platt's
// sigmoid and isotonic calibration fitted on (scores, labels), and
// CalibratedClassifier, which wraps a kit classifier with a score (SVC,
// logistic regression, k-NN) and calibrates it through stratified k-fold or
// leave-one-out cross-validation, as scikit-learn 1.2's
// CalibratedClassifierCV.
//
//	m, _ := calibrate.Sigmoid{}.Fit(decision, y)    // y in {0, 1}
//	p := m.Predict(decisionTest)                     // P(y = 1)
//
//	cc := calibrate.CalibratedClassifier{
//		Base:   calibrate.Logistic{LogisticRegression: linear.LogisticRegression{C: 10}},
//		Method: calibrate.SigmoidMethod,
//		CV:     calibrate.LeaveOneOut,
//	}
//	model, _ := cc.Fit(X, y)
//	P, _ := model.PredictProba(Xtest)
//
// A base enters through the small Estimator interface (fit → Scorer, whose
// Scores are the decision function, or the probability of the second class
// for two classes); Logistic, KNN and SVC adapt the kit's classifiers, and
// Wrap adapts any classifier whose model has DecisionFunction or
// PredictProba, returning an error that names a base without scores.
//
// # References
//
// Sigmoid: J. C. Platt, "Probabilistic outputs for support vector machines
// and comparisons to regularized likelihood methods", Advances in Large
// Margin Classifiers (1999), section 2.2 (the smoothed targets); solved by
// Newton's method with backtracking as H.-T. Lin, C.-J. Lin, R. C. Weng, "A
// note on Platt's probabilistic outputs for support vector machines",
// Machine Learning 68 (2007) 267–276, algorithm 1.
//
// Isotonic: B. Zadrozny, C. Elkan, "Transforming classifier scores into
// accurate multiclass probability estimates", KDD 2002, section 3 (and the
// one-vs-rest normalisation of section 5); pool adjacent violators: M. Ayer
// et al., "An empirical distribution function for sampling with incomplete
// information", Ann. Math. Statist. 26 (1955) 641–647.
//
// Cross-validated calibration and its ensemble: A. Niculescu-Mizil,
// R. Caruana, "Predicting good probabilities with supervised learning",
// ICML 2005, section 3; scikit-learn's CalibratedClassifierCV (ensemble=True
// is PerFold, ensemble=False is Pooled).
package calibrate
