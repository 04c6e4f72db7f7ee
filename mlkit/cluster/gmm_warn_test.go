package cluster

import (
	"bytes"
	"encoding/gob"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// gmmBlobs is two well-separated 2-D blobs of 40 rows each, times scale.
func gmmBlobs(scale float64) *mat.Dense {
	X := mat.NewDense(80, 2, nil)
	for i := range 80 {
		c := float64(i / 40 * 10)
		X.Set(i, 0, scale*(c+float64(i%7)*0.3))
		X.Set(i, 1, scale*(c+float64(i%5)*0.4))
	}
	return X
}

// A GMM on data whose variances RegCovar swamps (values near 1e-300, or
// constant features) fits without error but says so in Warnings, as
// k-means does for its degenerate fits; ordinary data gives none, and the
// warnings survive gob.
func TestGMMWarnsWhenRegCovarDominates(t *testing.T) {
	for _, c := range []struct {
		name string
		X    *mat.Dense
		g    GMM
		warn bool
	}{
		{"blobs", gmmBlobs(1), GMM{K: 2, Seed: 1}, false},
		{"blobs ×1e-300", gmmBlobs(1e-300), GMM{K: 2, Seed: 1}, true},
		{"blobs ×1e-4 (variance 1e-7 < RegCovar 1e-6)", gmmBlobs(1e-4), GMM{K: 2, Seed: 1}, true},
		{"blobs ×1e-4, RegCovar 1e-12", gmmBlobs(1e-4), GMM{K: 2, Seed: 1, RegCovar: 1e-12}, false},
		{"constant rows", mat.NewDense(10, 2, slices.Repeat([]float64{3, 4}, 10)), GMM{K: 1, Covariance: Diag}, true},
	} {
		m, err := c.g.Fit(c.X)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		got := len(m.Warnings) > 0
		if got != c.warn || got && !strings.Contains(m.Warnings[0], "RegCovar") {
			t.Errorf("%s: Warnings %q, want a RegCovar warning: %v", c.name, m.Warnings, c.warn)
		}
		if !c.warn {
			continue
		}
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(m); err != nil {
			t.Fatalf("%s: gob: %v", c.name, err)
		}
		var back GMMModel
		if err := gob.NewDecoder(&buf).Decode(&back); err != nil {
			t.Fatalf("%s: gob: %v", c.name, err)
		}
		if !slices.Equal(back.Warnings, m.Warnings) {
			t.Errorf("%s: Warnings after gob %q, want %q", c.name, back.Warnings, m.Warnings)
		}
	}
}
