package claim_test

import (
	"os"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/claim"
)

func Example() {
	probe, clustering := 0.917, 0.584
	c := claim.New("01")
	c.Out = os.Stdout
	c.Greater(probe, clustering, 0.2, "the linear probe's accuracy", "the best clustering's matched accuracy")
	c.Between(clustering, 0.3, 0.8, "matched accuracy")
	c.Done()
	// Output:
	// 01: 2 of 2 claims hold
	// ✓ the linear probe's accuracy (0.917) exceeds the best clustering's matched accuracy (0.584) by more than 0.2
	// ✓ matched accuracy = 0.584, in [0.3, 0.8]
}
