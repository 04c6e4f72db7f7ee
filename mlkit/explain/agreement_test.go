package explain

import (
	"encoding/json"
	"math"
	"os"
	"testing"
)

func TestSpearmanMatchesScipy(t *testing.T) {
	raw, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		A   []float64 `json:"spearman_a"`
		B   []float64 `json:"spearman_b"`
		Rho float64   `json:"spearman_rho"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	rho, err := Spearman(ref.A, ref.B)
	if err != nil {
		t.Fatal(err)
	}
	// scipy.stats.spearmanr 0.5618997059516708 (testdata/make_reference.py).
	if math.Abs(rho-ref.Rho) > 1e-14 {
		t.Fatalf("rho=%v, scipy %v", rho, ref.Rho)
	}
	if r, _ := Spearman([]float64{1, 2, 3}, []float64{3, 2, 1}); r != -1 {
		t.Fatalf("reversed order: rho=%v, want -1", r)
	}
}

func TestTopKOverlapAndFidelity(t *testing.T) {
	a := []float64{0.9, -0.1, 0.5, 0.05, -0.7}
	b := []float64{0.2, 0.8, -0.6, 0.0, 0.1}
	// top-2 of |a|: {0, 4}; of |b|: {1, 2}; top-3: {0,4,2} and {1,2,0}.
	for k, want := range map[int]float64{2: 0, 3: 2.0 / 3, 5: 1} {
		got, err := TopKOverlap(a, b, k)
		if err != nil || math.Abs(got-want) > 1e-15 {
			t.Fatalf("k=%d: %v, %v; want %v", k, got, err, want)
		}
	}
	f, err := Fidelity([]int{0, 1, 1, 2}, []int{0, 1, 2, 2})
	if err != nil || f != 0.75 {
		t.Fatalf("Fidelity=%v, %v", f, err)
	}
	truth := []int{0, 0, 1, 1}
	fs, err := FidelityByDepth(truth, []int{1, 2}, func(d int) ([]int, error) {
		if d == 1 {
			return []int{0, 0, 0, 1}, nil
		}
		return truth, nil
	})
	if err != nil || fs[0] != 0.75 || fs[1] != 1 {
		t.Fatalf("FidelityByDepth=%v, %v", fs, err)
	}
}
