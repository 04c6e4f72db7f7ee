package calibrate

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// Raw reads a fitted classifier's scores as probabilities with no
// calibration at all: the logistic function 1/(1+e^(−f)) of a two-class score
// f, the softmax of K one-vs-rest scores. It is what people do when they take
// the distance to an SVM's hyperplane "as a confidence", and it is here to be
// compared with calibrated probabilities, not used instead of them: the
// numbers keep the scores' ranking but their scale is whatever the fit
// (C, gamma) made it.
func Raw(s Scorer) Prober { return rawProber{s} }

type rawProber struct{ s Scorer }

func (r rawProber) PredictProba(X *mat.Dense) (*mat.Dense, error) {
	const where = "calibrate: Raw.PredictProba"
	if r.s == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "the scorer is nil")
	}
	S, err := r.s.Scores(X)
	if err != nil {
		return nil, err
	}
	n, k := S.Dims()
	if k == 1 {
		P := mat.NewDense(n, 2, nil)
		for i := range n {
			p := sigmoid(S.At(i, 0))
			P.Set(i, 0, 1-p)
			P.Set(i, 1, p)
		}
		return P, nil
	}
	P := mat.NewDense(n, k, nil)
	for i := range n {
		row := S.RawRowView(i)
		top := math.Inf(-1)
		for _, v := range row {
			top = max(top, v)
		}
		sum := 0.0
		for j, v := range row {
			e := math.Exp(v - top)
			P.Set(i, j, e)
			sum += e
		}
		for j := range k {
			P.Set(i, j, P.At(i, j)/sum)
		}
	}
	return P, nil
}

// sigmoid is 1/(1+e^(−f)) without overflow for large |f|.
func sigmoid(f float64) float64 {
	if f >= 0 {
		return 1 / (1 + math.Exp(-f))
	}
	e := math.Exp(f)
	return e / (1 + e)
}
