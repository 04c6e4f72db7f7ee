package metrics

import (
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// NoiseAsLabel returns a copy of labels in which every negative label (the
// noise of DBSCAN and of pairs.Linking, −1) becomes one label of its own,
// one more than the largest label (0 when all are noise), so that the
// external indices, which take non-negative labels, can score a density
// clustering with its noise: noise is then one more group, right when both
// labellings call the same points noise. The same label is the extra
// softmax output of a classifier trained to predict noise too.
func NoiseAsLabel(labels []int) []int {
	top := -1
	for _, v := range labels {
		top = max(top, v)
	}
	out := make([]int, len(labels))
	for i, v := range labels {
		if v < 0 {
			v = top + 1
		}
		out[i] = v
	}
	return out
}

// AdjustedRandIndexNoise is AdjustedRandIndex of two labellings that may mark
// noise with negative labels: each labelling's noise counts as one cluster
// of its own (NoiseAsLabel). This is how a density clustering is usually
// compared with another one (for example DBSCAN's labels of a field against a
// model's), since the noise points must agree too.
func AdjustedRandIndexNoise(truth, pred []int) (float64, error) {
	if err := check.SameLen("metrics: AdjustedRandIndexNoise", "truth", truth, "pred", pred); err != nil {
		return 0, err
	}
	return AdjustedRandIndex(NoiseAsLabel(truth), NoiseAsLabel(pred))
}

// LabelAsNoise returns a copy of labels in which label noise becomes −1:
// the inverse of NoiseAsLabel, for the predictions of a classifier whose
// extra class stood for noise (so that figures draw those points as noise).
func LabelAsNoise(labels []int, noise int) []int {
	out := make([]int, len(labels))
	for i, v := range labels {
		if v == noise {
			v = -1
		}
		out[i] = v
	}
	return out
}
