package metrics_test

import (
	"fmt"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
)

// Every external score of a partition in one call, and the contingency
// table ordered so that each class's matched cluster sits on the diagonal.
func ExampleExternal() {
	truth := []int{0, 0, 0, 1, 1, 1, 2, 2, 2}
	pred := []int{1, 1, 1, 2, 2, 0, 0, 0, 0}
	s, _ := metrics.External(truth, pred)
	fmt.Printf("ARI %.3f, matched accuracy %.3f, purity %.3f\n", s.ARI, s.MatchedAccuracy, s.Purity)
	tab, _ := metrics.AlignedContingency(truth, pred)
	fmt.Println(tab.ColNames())
	fmt.Println(tab.Counts.RawMatrix().Data)
	// Output:
	// ARI 0.643, matched accuracy 0.889, purity 0.889
	// [c1→0 c2→1 c0→2]
	// [3 0 0 0 2 1 0 0 3]
}
