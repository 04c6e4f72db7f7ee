package cluster

import (
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// GroupUnits labels each sample with the group of its unit, group[unit[i]]:
// the second level of a two-level clustering (Vesanto & Alhoniemi 2000,
// "Clustering of the self-organizing map", IEEE Transactions on Neural
// Networks 11(3), 586–600). The units of a self-organizing map (unit[i] =
// SOMModel.BMU of sample i), or the centroids of a fine k-means, are
// clustered themselves (group[u], for example k-means on SOMModel.Weights),
// and every sample takes its unit's cluster. A negative group (a unit left
// out, as noise) passes through.
func GroupUnits(unit, group []int) ([]int, error) {
	const where = "cluster: GroupUnits"
	if len(unit) == 0 {
		return nil, check.Errorf(where, check.ErrEmpty, "unit is empty")
	}
	if len(group) == 0 {
		return nil, check.Errorf(where, check.ErrEmpty, "group is empty, want one entry per unit")
	}
	out := make([]int, len(unit))
	for i, u := range unit {
		if u < 0 || u >= len(group) {
			return nil, check.Errorf(where, check.ErrValue, "unit[%d]=%d, want a unit in [0, %d) (len(group))", i, u, len(group))
		}
		out[i] = group[u]
	}
	return out, nil
}
