package cluster

import (
	"bytes"
	"encoding/gob"
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// gmmWire is what a GMMModel stores: the fitted parameters exactly as
// Predict and Score use them (the low-rank factors and log-determinants
// included), so a model read back predicts the same bits. The exported
// matrices are views of these slices and are rebuilt, not stored twice.
type gmmWire struct {
	Cov                   CovarianceType
	K, D                  int
	Weights, Means        []float64
	Covs, PrecChol        []float64
	LogDet                []float64
	Reg                   float64
	LowRank               []gmmLowRankWire
	LowerBound            float64
	Converged             bool
	Iterations            int
	NumSamples            int
	FormatVersion         int
	HasLowRank            bool
	LowRankPresentPerComp []bool
	Warnings              []string
}

type gmmLowRankWire struct {
	R    int
	A, L []float64
}

const gmmWireVersion = 1

// GobEncode stores the model for encoding/gob (and so memo).
func (m *GMMModel) GobEncode() ([]byte, error) {
	if err := m.ready("cluster: GMMModel.GobEncode"); err != nil {
		return nil, err
	}
	p := m.p
	w := gmmWire{
		Cov: p.cov, K: p.k, D: p.d, Weights: p.weights, Means: p.means,
		Covs: p.covs, PrecChol: p.precChol, LogDet: p.logDet, Reg: p.reg,
		LowerBound: m.LowerBound, Converged: m.Converged, Iterations: m.Iterations,
		NumSamples: m.NumSamples, FormatVersion: gmmWireVersion, Warnings: m.Warnings,
	}
	if p.lowRank != nil {
		w.HasLowRank = true
		w.LowRank = make([]gmmLowRankWire, p.k)
		w.LowRankPresentPerComp = make([]bool, p.k)
		for c, lr := range p.lowRank {
			if lr != nil {
				w.LowRank[c] = gmmLowRankWire{R: lr.r, A: lr.a, L: lr.l}
				w.LowRankPresentPerComp[c] = true
			}
		}
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&w); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// GobDecode restores a model stored by GobEncode, checking the sizes against
// each other before using them.
func (m *GMMModel) GobDecode(b []byte) error {
	const where = "cluster: GMMModel.GobDecode"
	var w gmmWire
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&w); err != nil {
		return check.Errorf(where, check.ErrFile, "%v", err)
	}
	if w.FormatVersion != gmmWireVersion {
		return check.Errorf(where, check.ErrFile, "format version %d, want %d", w.FormatVersion, gmmWireVersion)
	}
	k, d := w.K, w.D
	if k < 1 || d < 1 || k > len(w.Means) || d > len(w.Means) || k*d != len(w.Means) || len(w.Weights) != k || len(w.LogDet) != k {
		return check.Errorf(where, check.ErrFile, "K=%d, d=%d do not match %d weights, %d means, %d log-determinants", k, d, len(w.Weights), len(w.Means), len(w.LogDet))
	}
	var nCov int
	switch w.Cov {
	case Full:
		nCov = k * d * d
	case Tied:
		nCov = d * d
	case Diag:
		nCov = k * d
	case Spherical:
		nCov = k
	default:
		return check.Errorf(where, check.ErrFile, "covariance type %d", int(w.Cov))
	}
	if d > 0 && (w.Cov == Full || w.Cov == Tied) && d > math.MaxInt32/d {
		return check.Errorf(where, check.ErrFile, "d=%d is too large", d)
	}
	if len(w.Covs) != nCov || len(w.PrecChol) != nCov {
		return check.Errorf(where, check.ErrFile, "%v covariance with K=%d, d=%d needs %d values, got %d covariances and %d factors", w.Cov, k, d, nCov, len(w.Covs), len(w.PrecChol))
	}
	p := &gmmParams{cov: w.Cov, k: k, d: d, weights: w.Weights, means: w.Means,
		covs: w.Covs, precChol: w.PrecChol, logDet: w.LogDet, reg: w.Reg}
	if w.HasLowRank {
		if len(w.LowRank) != k || len(w.LowRankPresentPerComp) != k {
			return check.Errorf(where, check.ErrFile, "%d low-rank factors for K=%d", len(w.LowRank), k)
		}
		p.lowRank = make([]*gmmLowRank, k)
		for c, lw := range w.LowRank {
			if !w.LowRankPresentPerComp[c] {
				continue
			}
			if lw.R < 1 || lw.R > d || len(lw.A) != lw.R*d || len(lw.L) != lw.R*lw.R {
				return check.Errorf(where, check.ErrFile, "low-rank factor %d has rank %d with %d and %d values", c, lw.R, len(lw.A), len(lw.L))
			}
			p.lowRank[c] = &gmmLowRank{r: lw.R, a: lw.A, l: lw.L}
		}
	}
	if w.NumSamples < 1 {
		return check.Errorf(where, check.ErrFile, "NumSamples=%d", w.NumSamples)
	}
	*m = *newGMMModel(p, w.NumSamples)
	m.LowerBound, m.Converged, m.Iterations, m.Warnings = w.LowerBound, w.Converged, w.Iterations, w.Warnings
	return nil
}

// ready reports a model that was not made by Fit or GobDecode (a zero
// GMMModel has no parameters to predict with).
func (m *GMMModel) ready(where string) error {
	if m == nil || m.p == nil {
		return check.Errorf(where, check.ErrEmpty, "the model is nil or was not made by GMM.Fit")
	}
	return nil
}
