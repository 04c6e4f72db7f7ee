package plotting

import (
	"strconv"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/plot"
)

// FidelityCurves plots the fidelity of surrogates (the share of points on
// which they agree with the cluster labels) against the depth or size of
// the surrogate, one named curve per surrogate or data set, on a y axis
// from 0 to 1. Every curve has one value per entry of depths.
func FidelityCurves(depths []int, fidelity [][]float64, opts FidelityOptions) (*plot.Plot, error) {
	names, title := opts.Names, opts.Title
	const where = "FidelityCurves"
	if len(depths) == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "depths is empty")
	}
	if len(fidelity) == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "fidelity is empty")
	}
	if names != nil && len(names) != len(fidelity) {
		return nil, errorf(where, mlkit.ErrShape, "opts.Names has %d names for %d curves", len(names), len(fidelity))
	}
	x := make([]float64, len(depths))
	for i, d := range depths {
		x[i] = float64(d)
	}
	series := make([]Series, len(fidelity))
	for i, f := range fidelity {
		name := "fidelity[" + strconv.Itoa(i) + "]"
		if len(f) != len(depths) {
			return nil, errorf(where, mlkit.ErrShape, "%s has %d values for %d depths", name, len(f), len(depths))
		}
		if err := checkFloats(where, name, f); err != nil {
			return nil, err
		}
		for j, v := range f {
			if v < 0 || v > 1 {
				return nil, errorf(where, mlkit.ErrValue, "%s[%d]=%v, want a share in [0,1]", name, j, v)
			}
		}
		series[i] = Series{X: x, Y: f}
		if names != nil {
			series[i].Name = names[i]
		}
	}
	p, err := Lines(series, LineOptions{Title: title, XLabel: "depth", YLabel: "fidelity", Points: true})
	if err != nil {
		return nil, err
	}
	p.Y.Min, p.Y.Max = 0, 1
	return p, nil
}

// FidelityOptions configures FidelityCurves.
type FidelityOptions struct {
	// Names name the curves (nil: numbered).
	Names []string
	// Title goes above the figure.
	Title string
}
