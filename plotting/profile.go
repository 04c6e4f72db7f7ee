package plotting

import (
	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
)

// ProfileHeatmap draws a cluster profile — a K×d matrix of per-cluster,
// per-feature values such as explain.Profile's Z (standardised centroids) or
// Contrast (Cohen's d) — as a heatmap with one row per feature, named on
// the left where long names stay horizontal and readable, and one column per
// cluster. The Diverging colormap is centred on zero (red above the data's
// mean, blue below); cells are annotated with one decimal when there are at
// most 400 of them. clusterNames or featureNames may be nil (indices).
func ProfileHeatmap(profile *mat.Dense, clusterNames, featureNames []string, title string) (*plot.Plot, error) {
	const where = "ProfileHeatmap"
	k, d, err := checkMatrix(where, "profile", profile)
	if err != nil {
		return nil, err
	}
	if clusterNames != nil && len(clusterNames) != k {
		return nil, errorf(where, mlkit.ErrShape, "clusterNames has %d names for the %d rows (clusters) of profile", len(clusterNames), k)
	}
	if featureNames != nil && len(featureNames) != d {
		return nil, errorf(where, mlkit.ErrShape, "featureNames has %d names for the %d columns (features) of profile", len(featureNames), d)
	}
	T := mat.DenseCopyOf(profile.T())
	return Heatmap(T, featureNames, clusterNames, HeatmapOptions{
		Title: title, Colormap: Diverging, Annotate: k*d <= 400, Format: "%.1f"})
}
