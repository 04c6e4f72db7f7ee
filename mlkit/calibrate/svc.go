package calibrate

import (
	"encoding/gob"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/svm"
)

// SVC calibrates a support vector classifier's decision function — the
// signed distance to the hyperplane for two classes, scikit-learn's
// one-vs-rest transform for more — instead of its internal Platt
// probabilities (leave SVC.Probability off: it would fit five more SVMs
// per fold for nothing).
type SVC struct{ svm.SVC }

// FitScorer fits the SVM.
func (e SVC) FitScorer(X *mat.Dense, y []int) (Scorer, error) {
	m, err := e.SVC.Fit(X, y)
	if err != nil {
		return nil, err
	}
	return SVCScorer{m}, nil
}

// SVCScorer scores with SVCModel.DecisionFunction.
type SVCScorer struct{ Model *svm.SVCModel }

// Scores is the decision function.
func (s SVCScorer) Scores(X *mat.Dense) (*mat.Dense, error) { return s.Model.DecisionFunction(X) }

// Classes are the model's labels.
func (s SVCScorer) Classes() []int { return s.Model.Classes }

func init() {
	gob.Register(SVCScorer{})
}
