package explain

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// Explain explains the model's probability of class at the point x (class
// PredictedClass: the class the model predicts at x). model must have a
// PredictProba method (ProbaModel; wrap a function with ProbaFunc): LIME
// needs probabilities, as lime does.
func (e *LIMEExplainer) Explain(model any, x []float64, class int) (*LIMEExplanation, error) {
	const where = "explain: LIMEExplainer.Explain"
	pm, ok := model.(ProbaModel)
	if !ok || model == nil {
		return nil, check.Errorf(where, check.ErrValue, "model %T has no PredictProba method: LIME explains class probabilities", model)
	}
	if err := checkRow(where, "x", x, e.d); err != nil {
		return nil, err
	}
	if class < PredictedClass {
		return nil, check.Errorf(where, check.ErrValue, "class=%d, want a class index >= 0 or PredictedClass", class)
	}
	ns, d := e.cfg.NumSamples, e.d
	rng := randx.New(e.cfg.Seed)
	inverse := mat.NewDense(ns, d, nil) // what the model sees
	rep := mat.NewDense(ns, d, nil)     // what the local model is fitted on
	inverse.SetRow(0, x)
	var lower, upper []float64
	switch e.cfg.Discretizer {
	case Quartile:
		lower, upper = make([]float64, d), make([]float64, d)
		xb := make([]int, d)
		for j, v := range x {
			xb[j] = searchLeft(e.edges[j], v)
			lower[j], upper[j] = math.Inf(-1), math.Inf(1)
			if xb[j] > 0 {
				lower[j] = e.edges[j][xb[j]-1]
			}
			if xb[j] < len(e.edges[j]) {
				upper[j] = e.edges[j][xb[j]]
			}
			rep.Set(0, j, 1)
		}
		for i := 1; i < ns; i++ {
			in, r := inverse.RawRowView(i), rep.RawRowView(i)
			for j := 0; j < d; j++ {
				b := e.sampleBin(rng, j)
				if b == xb[j] {
					r[j] = 1
				}
				in[j] = e.undiscretize(rng, j, b)
			}
		}
	case Continuous:
		for j, v := range x {
			rep.Set(0, j, (v-e.mean[j])/e.scale[j])
		}
		for i := 1; i < ns; i++ {
			in, r := inverse.RawRowView(i), rep.RawRowView(i)
			for j := 0; j < d; j++ {
				z := rng.NormFloat64()
				in[j] = z*e.scale[j] + e.mean[j]
				r[j] = (in[j] - e.mean[j]) / e.scale[j]
			}
		}
	}
	proba, err := pm.PredictProba(inverse)
	if err != nil {
		return nil, err
	}
	if proba == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "model.PredictProba returned nil")
	}
	pr, pc := proba.Dims()
	if pr != ns {
		return nil, check.Errorf(where, check.ErrShape, "model.PredictProba returned %d rows for %d samples", pr, ns)
	}
	if err := check.Matrix(where, "model.PredictProba(samples)", proba); err != nil {
		return nil, err
	}
	if class == PredictedClass {
		class = 0
		for c := 1; c < pc; c++ {
			if proba.At(0, c) > proba.At(0, class) {
				class = c
			}
		}
	}
	if class >= pc {
		return nil, check.Errorf(where, check.ErrValue, "class=%d, the model gives %d class probabilities", class, pc)
	}
	y := mat.Col(nil, class, proba)
	w := make([]float64, ns)
	for i := range w {
		var d2 float64
		r0, r := rep.RawRowView(0), rep.RawRowView(i)
		for j := range r {
			d2 += (r[j] - r0[j]) * (r[j] - r0[j])
		}
		w[i] = math.Sqrt(math.Exp(-d2 / (e.width * e.width)))
	}
	used := e.selectFeatures(rep, y, w)
	fit := weightedRidge(rep, used, y, w, 1)
	out := &LIMEExplanation{Class: class, Weights: make([]float64, d), Intercept: fit.intercept,
		Score: fit.score(rep, used, y, w), Prediction: y[0], Lower: lower, Upper: upper}
	out.LocalPrediction = fit.intercept
	for k, j := range used {
		out.Weights[j] = fit.coef[k]
		out.LocalPrediction += fit.coef[k] * rep.At(0, j)
	}
	for _, j := range Ranking(out.Weights) {
		if contains(used, j) {
			out.Features = append(out.Features, j)
		}
	}
	return out, nil
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// selectFeatures is lime's feature_selection.
func (e *LIMEExplainer) selectFeatures(rep *mat.Dense, y, w []float64) []int {
	_, d := rep.Dims()
	all := make([]int, d)
	for j := range all {
		all[j] = j
	}
	switch e.selectMethod {
	case AllFeatures:
		return all
	case HighestWeights:
		fit := weightedRidge(rep, all, y, w, 0.01)
		v := make([]float64, d)
		for j := range v {
			v[j] = fit.coef[j] * rep.At(0, j)
		}
		return Ranking(v)[:e.numFeatures]
	}
	var used []int
	for len(used) < e.numFeatures {
		best, bestScore := -1, math.Inf(-1)
		for j := 0; j < d; j++ {
			if contains(used, j) {
				continue
			}
			cols := append(append([]int(nil), used...), j)
			s := weightedRidge(rep, cols, y, w, 0).score(rep, cols, y, w)
			if best < 0 || s > bestScore {
				best, bestScore = j, s
			}
		}
		used = append(used, best)
	}
	return used
}

type linearFit struct {
	coef      []float64
	intercept float64
}

// weightedRidge minimises Σ w_i (y_i − b − Σ_k β_k X[i, cols[k]])² + α‖β‖²
// as scikit-learn's Ridge with sample_weight: centre on the weighted means,
// solve the normal equations by Cholesky, and fall back to the minimum-norm
// least-squares solution (singular values above 1e-15) when they are
// singular, as its 'svd' solver does for alpha 0.
func weightedRidge(X *mat.Dense, cols []int, y, w []float64, alpha float64) linearFit {
	n := len(y)
	p := len(cols)
	var sw, ym float64
	xm := make([]float64, p)
	for i := 0; i < n; i++ {
		sw += w[i]
		ym += w[i] * y[i]
		row := X.RawRowView(i)
		for k, j := range cols {
			xm[k] += w[i] * row[j]
		}
	}
	ym /= sw
	for k := range xm {
		xm[k] /= sw
	}
	// Xs = √w·(X − x̄), ys = √w·(y − ȳ).
	Xs := mat.NewDense(n, p, nil)
	ys := mat.NewVecDense(n, nil)
	for i := 0; i < n; i++ {
		s := math.Sqrt(w[i])
		row, dst := X.RawRowView(i), Xs.RawRowView(i)
		for k, j := range cols {
			dst[k] = s * (row[j] - xm[k])
		}
		ys.SetVec(i, s*(y[i]-ym))
	}
	var A mat.SymDense
	A.SymOuterK(1, Xs.T())
	for k := 0; k < p; k++ {
		A.SetSym(k, k, A.At(k, k)+alpha)
	}
	var b mat.VecDense
	b.MulVec(Xs.T(), ys)
	coef := mat.NewVecDense(p, nil)
	var ch mat.Cholesky
	solved := false
	// A (near-)singular system, such as an unpenalised fit on two equal
	// columns, goes to the SVD as scikit-learn's LinAlgError fallback does.
	if ch.Factorize(&A) && ch.Cond() < 1e13 {
		solved = ch.SolveVecTo(coef, &b) == nil
	}
	if !solved {
		var svd mat.SVD
		if svd.Factorize(Xs, mat.SVDThin) {
			var u, v mat.Dense
			svd.UTo(&u)
			svd.VTo(&v)
			s := svd.Values(nil)
			for k, sv := range s {
				if sv <= 1e-15 {
					continue
				}
				// β += v_k·(s_k/(s_k²+α))·(u_kᵀ ys)
				f := sv / (sv*sv + alpha) * mat.Dot(u.ColView(k), ys)
				coef.AddScaledVec(coef, f, v.ColView(k))
			}
		}
	}
	out := linearFit{coef: make([]float64, p), intercept: ym}
	for k := range out.coef {
		out.coef[k] = coef.AtVec(k)
		out.intercept -= out.coef[k] * xm[k]
	}
	return out
}

// score is the weighted R² of scikit-learn's r2_score with sample_weight:
// 1 − Σw(y−ŷ)²/Σw(y−ȳ)², and 1 or 0 when the targets are constant.
func (f linearFit) score(X *mat.Dense, cols []int, y, w []float64) float64 {
	var sw, ym float64
	for i := range y {
		sw += w[i]
		ym += w[i] * y[i]
	}
	ym /= sw
	var num, den float64
	for i := range y {
		pred := f.intercept
		row := X.RawRowView(i)
		for k, j := range cols {
			pred += f.coef[k] * row[j]
		}
		num += w[i] * (y[i] - pred) * (y[i] - pred)
		den += w[i] * (y[i] - ym) * (y[i] - ym)
	}
	if den == 0 {
		if num == 0 {
			return 1
		}
		return 0
	}
	return 1 - num/den
}
