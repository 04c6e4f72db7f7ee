package vec

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestKernels(t *testing.T) {
	a := []float64{1, 2, 3, 4, 5, 6, 7}
	b := []float64{7, 6, 5, 4, 3, 2, 1, 99} // longer: only len(a) is read
	if got := Dot(a, b); got != 84 {
		t.Errorf("Dot = %v, want 84", got)
	}
	if got := Dot4(a, b); got != 84 {
		t.Errorf("Dot4 = %v, want 84", got)
	}
	if got := SqDist(a, b); got != 112 {
		t.Errorf("SqDist = %v, want 112", got)
	}
	if got := SqDist4(a, b); got != 112 {
		t.Errorf("SqDist4 = %v, want 112", got)
	}
	X := mat.NewDense(2, 2, []float64{3, 4, 0, math.Sqrt(2)})
	if n := RowSqNorms(X); n[0] != 25 || math.Abs(n[1]-2) > 1e-15 {
		t.Errorf("RowSqNorms = %v, want [25 2]", n)
	}
	if Dot(nil, nil) != 0 || SqDist4(nil, nil) != 0 {
		t.Error("empty vectors: want 0")
	}
}
