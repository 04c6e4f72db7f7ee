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
// most 400 of them. Names left nil are indices.
func ProfileHeatmap(profile *mat.Dense, opts ProfileOptions) (*plot.Plot, error) {
	clusterNames, featureNames, title := opts.ClusterNames, opts.FeatureNames, opts.Title
	const where = "ProfileHeatmap"
	k, d, err := checkMatrix(where, "profile", profile)
	if err != nil {
		return nil, err
	}
	if clusterNames != nil && len(clusterNames) != k {
		return nil, errorf(where, mlkit.ErrShape, "ClusterNames has %d names for the %d rows (clusters) of profile", len(clusterNames), k)
	}
	if featureNames != nil && len(featureNames) != d {
		return nil, errorf(where, mlkit.ErrShape, "FeatureNames has %d names for the %d columns (features) of profile", len(featureNames), d)
	}
	T := mat.DenseCopyOf(profile.T())
	return Heatmap(T, featureNames, clusterNames, HeatmapOptions{
		Title: title, Colormap: Diverging, Annotate: k*d <= 400, Format: "%.1f"})
}

// ProfileOptions configures ProfileHeatmap.
type ProfileOptions struct {
	// ClusterNames name the rows of the profile (the columns of the figure),
	// FeatureNames its columns (the figure's rows); nil means indices.
	ClusterNames, FeatureNames []string
	// Title goes above the figure.
	Title string
}
