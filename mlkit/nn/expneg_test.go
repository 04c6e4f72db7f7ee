package nn

import (
	"math"
	"testing"
)

// TestExpNeg compares the softmax's exponential with math.Exp over its
// domain (x ≤ 0) to 4e-16 relative: it must not be the reason two
// implementations' losses differ.
func TestExpNeg(t *testing.T) {
	worst := 0.0
	for i := 0; i <= 2_000_000; i++ {
		x := -745 * float64(i) / 2_000_000
		want, got := math.Exp(x), expNeg(x)
		if want < 1e-300 {
			if got > 1e-290 {
				t.Fatalf("expNeg(%v) = %v, want %v", x, got, want)
			}
			continue
		}
		worst = max(worst, math.Abs(got-want)/want)
	}
	if worst > 4e-16 {
		t.Errorf("worst relative error %.3g", worst)
	}
	t.Logf("worst relative error %.3g", worst)
}
