package cluster_test

import (
	"fmt"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
)

// Six samples on four units, the units in two groups: each sample takes
// its unit's group.
func ExampleGroupUnits() {
	unit := []int{0, 1, 1, 2, 3, 3} // for example SOMModel.BMU of each sample
	group := []int{0, 0, 1, 1}      // for example k-means on SOMModel.Weights
	labels, _ := cluster.GroupUnits(unit, group)
	fmt.Println(labels)
	// Output:
	// [0 0 0 1 1 1]
}
