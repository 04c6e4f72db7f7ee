package cluster

import (
	"context"
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"gonum.org/v1/gonum/mat"
)

// What a notebook asks of a mixture beside its fit: where EM started, how
// many parameters a setting needs before anything is fitted, and how sure
// the fitted mixture is of each sample.

// StartLabels returns the hard labelling that run run (0-based, below NInit)
// of Fit on X starts EM from: the one-start k-means partition that
// scikit-learn's init_params='kmeans' uses, drawn from the same seeded
// stream as Fit's. Comparing it with the fitted model's Predict shows how far
// EM moved from its start (a mixture that stops after two iterations is that
// k-means partition). Init must be InitKMeans (InitRandom starts from random
// responsibilities, not from labels).
func (g GMM) StartLabels(X *mat.Dense, run int) ([]int, error) {
	const where = "cluster: GMM.StartLabels"
	if X == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "X is nil")
	}
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, err
	}
	if err := check.Magnitude(where, "X", X); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	cfg, err := g.resolve(where, n)
	if err != nil {
		return nil, err
	}
	if cfg.init != InitKMeans {
		return nil, check.Errorf(where, check.ErrValue, "Init=%v starts from random responsibilities, want InitKMeans", cfg.init)
	}
	if run < 0 || run >= cfg.nInit {
		return nil, check.Errorf(where, check.ErrValue, "run=%d, want 0 ≤ run < NInit=%d", run, cfg.nInit)
	}
	// Fit draws the k-means seed as the first number of run's stream.
	rng := randx.Stream(g.Seed, uint64(run))
	return gmmKMeansLabels(context.Background(), gmmRowMajor(X), n, d, cfg.k, rng.Uint64())
}

// NumParams returns the number of free parameters of a mixture of g's K
// components and covariance structure in d dimensions — K−1 weights, K·d
// means, and K·d(d+1)/2 (Full), d(d+1)/2 (Tied), K·d (Diag) or K (Spherical)
// covariance entries — what GMMModel.NumParams reports after a fit, known
// before fitting (to weigh it against the samples at hand).
func (g GMM) NumParams(d int) (int, error) {
	const where = "cluster: GMM.NumParams"
	k := g.K
	if k < 0 {
		return 0, check.Errorf(where, check.ErrValue, "K=%d, want K >= 1 (0 means 1)", k)
	}
	if k == 0 {
		k = 1
	}
	if d < 1 {
		return 0, check.Errorf(where, check.ErrValue, "d=%d, want d >= 1", d)
	}
	var cov float64
	kf, df := float64(k), float64(d)
	switch g.Covariance {
	case Full:
		cov = kf * df * (df + 1) / 2
	case Tied:
		cov = df * (df + 1) / 2
	case Diag:
		cov = kf * df
	case Spherical:
		cov = kf
	default:
		return 0, check.Errorf(where, check.ErrValue, "Covariance=%v, want Full, Tied, Diag or Spherical", g.Covariance)
	}
	total := cov + kf*df + kf - 1
	if total > 1<<53 {
		return 0, check.Errorf(where, check.ErrValue, "K=%d, d=%d need %.3g parameters, more than 2^53", k, d, total)
	}
	return int(total), nil
}

// MaxProba returns, for each row of X, its largest posterior probability
// under the mixture (the maximum of the row of PredictProba): near 1 the
// "soft" assignment is in fact hard.
func (m *GMMModel) MaxProba(X *mat.Dense) ([]float64, error) {
	P, err := m.PredictProba(X)
	if err != nil {
		return nil, err
	}
	n, _ := P.Dims()
	out := make([]float64, n)
	for i := range out {
		out[i] = rowMax(P.RawRowView(i))
	}
	return out, nil
}

// PredictMax returns Predict(X) and MaxProba(X) from one pass over X: the
// log-probabilities of every row under every component, which both need,
// are the bulk of the work (with full covariances in d dimensions, n·K·d²
// operations), so asking for the two separately costs twice as much.
func (m *GMMModel) PredictMax(X *mat.Dense) (labels []int, maxProba []float64, err error) {
	lp, n, err := m.weighted("cluster: GMMModel.PredictMax", X)
	if err != nil {
		return nil, nil, err
	}
	k := m.p.k
	labels = make([]int, n)
	for i := range labels {
		row := lp[i*k : (i+1)*k]
		for c, v := range row {
			if v > row[labels[i]] {
				labels[i] = c
			}
		}
	}
	gmmLogSumExp(lp, n, k, nil, true)
	maxProba = make([]float64, n)
	for i := range maxProba {
		maxProba[i] = rowMax(lp[i*k : (i+1)*k])
	}
	return labels, maxProba, nil
}

// rowMax is the largest value of row, as math.Max folds it.
func rowMax(row []float64) float64 {
	v := math.Inf(-1)
	for _, p := range row {
		v = math.Max(v, p)
	}
	return v
}
