package calibrate

import (
	"encoding/gob"
	"fmt"
	"reflect"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/linear"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/neighbors"
)

// Estimator is a classifier to calibrate: its hyperparameters, fitted by
// FitScorer into something that scores rows. The kit's classifiers satisfy
// it through the adapters Logistic, KNN and SVC, or any of them through
// Wrap.
type Estimator interface {
	FitScorer(X *mat.Dense, y []int) (Scorer, error)
}

// Scorer is a fitted classifier's score: for two classes an n×1 matrix
// whose larger values favour Classes()[1] (a decision function, or the
// probability of Classes()[1]); for K ≥ 3 classes n×K, one column per class
// in the order of Classes(). Classes are the sorted labels it was fitted on.
type Scorer interface {
	Scores(X *mat.Dense) (*mat.Dense, error)
	Classes() []int
}

// Logistic calibrates a logistic regression's decision function.
type Logistic struct{ linear.LogisticRegression }

// FitScorer fits the regression.
func (e Logistic) FitScorer(X *mat.Dense, y []int) (Scorer, error) {
	m, err := e.LogisticRegression.Fit(X, y)
	if err != nil {
		return nil, err
	}
	return LogisticScorer{m}, nil
}

// LogisticScorer scores with LogisticRegressionModel.DecisionFunction.
type LogisticScorer struct {
	Model *linear.LogisticRegressionModel
}

// Scores is the decision function.
func (s LogisticScorer) Scores(X *mat.Dense) (*mat.Dense, error) { return s.Model.DecisionFunction(X) }

// Classes are the model's labels.
func (s LogisticScorer) Classes() []int { return s.Model.Classes }

// KNN calibrates a k-NN classifier's vote shares (it has no decision
// function; scikit-learn calibrates predict_proba then).
type KNN struct{ neighbors.KNNClassifier }

// FitScorer fits the classifier.
func (e KNN) FitScorer(X *mat.Dense, y []int) (Scorer, error) {
	m, err := e.KNNClassifier.Fit(X, y)
	if err != nil {
		return nil, err
	}
	return KNNScorer{m}, nil
}

// KNNScorer scores with KNNClassifierModel.PredictProba (for two classes
// the share of Classes[1]). A fitted k-NN keeps unexported search
// structures, so a model holding it does not gob-encode.
type KNNScorer struct{ Model *neighbors.KNNClassifierModel }

// Scores are the vote shares.
func (s KNNScorer) Scores(X *mat.Dense) (*mat.Dense, error) {
	P, err := s.Model.PredictProba(X)
	if err != nil || len(s.Model.Classes) != 2 {
		return P, err
	}
	n, _ := P.Dims()
	return mat.DenseCopyOf(P.Slice(0, n, 1, 2)), nil
}

// Classes are the model's labels.
func (s KNNScorer) Classes() []int { return s.Model.Classes }

func init() {
	gob.Register(LogisticScorer{})
}

var (
	denseType = reflect.TypeOf((*mat.Dense)(nil))
	intsType  = reflect.TypeOf([]int(nil))
	errorType = reflect.TypeOf((*error)(nil)).Elem()
)

// Wrap adapts any classifier of the kit — a value with a method
// Fit(*mat.Dense, []int) (*M, error) whose model M has a Classes []int
// field and a DecisionFunction or PredictProba method
// (func(*mat.Dense) (*mat.Dense, error)) — preferring the decision
// function, as scikit-learn does. It returns an error naming the type when
// est has no such Fit or its model no scores.
func Wrap(est any) (Estimator, error) {
	const where = "calibrate: Wrap"
	if est == nil {
		return nil, check.Errorf(where, check.ErrValue, "est is nil")
	}
	if e, ok := est.(Estimator); ok {
		return e, nil
	}
	v := reflect.ValueOf(est)
	fit := v.MethodByName("Fit")
	if !fit.IsValid() || fit.Type().NumIn() != 2 || fit.Type().In(0) != denseType || fit.Type().In(1) != intsType ||
		fit.Type().NumOut() != 2 || fit.Type().Out(1) != errorType {
		return nil, check.Errorf(where, check.ErrValue, "%T has no method Fit(*mat.Dense, []int) (model, error): not a classifier", est)
	}
	model := fit.Type().Out(0)
	method := ""
	for _, name := range []string{"DecisionFunction", "PredictProba"} {
		if mt, ok := model.MethodByName(name); ok && mt.Type.NumIn() == 2 && mt.Type.In(1) == denseType &&
			mt.Type.NumOut() == 2 && mt.Type.Out(0) == denseType && mt.Type.Out(1) == errorType {
			method = name
			break
		}
	}
	if method == "" {
		return nil, check.Errorf(where, check.ErrValue, "%T's model %v has no DecisionFunction or PredictProba: a base without scores cannot be calibrated", est, model)
	}
	st := model
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if f, ok := st.FieldByName("Classes"); st.Kind() != reflect.Struct || !ok || f.Type != intsType {
		return nil, check.Errorf(where, check.ErrValue, "%T's model %v has no Classes []int field", est, model)
	}
	return wrapped{fit: fit, method: method, name: fmt.Sprintf("%T", est)}, nil
}

type wrapped struct {
	fit    reflect.Value
	method string
	name   string
}

func (w wrapped) FitScorer(X *mat.Dense, y []int) (Scorer, error) {
	out := w.fit.Call([]reflect.Value{reflect.ValueOf(X), reflect.ValueOf(y)})
	if err, _ := out[1].Interface().(error); err != nil {
		return nil, err
	}
	m := out[0]
	if m.Kind() == reflect.Pointer && m.IsNil() {
		return nil, check.Errorf("calibrate: "+w.name, check.ErrValue, "Fit returned a nil model")
	}
	return &WrappedScorer{Model: m.Interface(), Method: w.method}, nil
}

// WrappedScorer is the Scorer of a Wrap-ped classifier: Model is the fitted
// model, Method the name of its score method. To gob-encode a calibrated
// model holding one, gob.Register the model's type.
type WrappedScorer struct {
	Model  any
	Method string
}

// Scores calls the model's score method; with two classes and
// PredictProba, it keeps the column of Classes[1].
func (s *WrappedScorer) Scores(X *mat.Dense) (*mat.Dense, error) {
	out := reflect.ValueOf(s.Model).MethodByName(s.Method).Call([]reflect.Value{reflect.ValueOf(X)})
	if err, _ := out[1].Interface().(error); err != nil {
		return nil, err
	}
	S, _ := out[0].Interface().(*mat.Dense)
	if S == nil {
		return nil, nil
	}
	if n, c := S.Dims(); c == 2 && len(s.Classes()) == 2 {
		return mat.DenseCopyOf(S.Slice(0, n, 1, 2)), nil
	}
	return S, nil
}

// Classes reads the model's Classes field.
func (s *WrappedScorer) Classes() []int {
	v := reflect.ValueOf(s.Model)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	c, _ := v.FieldByName("Classes").Interface().([]int)
	return c
}
