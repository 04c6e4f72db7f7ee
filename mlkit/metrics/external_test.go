package metrics_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
)

// Expected values: scikit-learn 1.2.1 adjusted_rand_score,
// normalized_mutual_info_score, adjusted_mutual_info_score,
// homogeneity_completeness_v_measure, fowlkes_mallows_score,
// contingency_matrix; purity from the contingency matrix; matched accuracy
// from scipy.optimize.linear_sum_assignment (testdata/make_reference.py).
func TestExternalReference(t *testing.T) {
	for _, c := range loadRef(t).External {
		t.Run(c.Name, func(t *testing.T) {
			f := func(name string, fn func([]int, []int) (float64, error), want float64) {
				got, err := fn(c.Truth, c.Pred)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				near(t, name, got, want, tolExact)
			}
			f("ARI", metrics.AdjustedRandIndex, c.ARI)
			f("NMI", metrics.NormalizedMutualInfo, c.NMI)
			f("AMI", metrics.AdjustedMutualInfo, c.AMI)
			f("FM", metrics.FowlkesMallows, c.FM)
			f("Purity", metrics.Purity, c.Purity)
			h, cm, v, err := metrics.VMeasure(c.Truth, c.Pred)
			if err != nil {
				t.Fatal(err)
			}
			near(t, "homogeneity", h, c.Homogeneity, tolExact)
			near(t, "completeness", cm, c.Completeness, tolExact)
			near(t, "v", v, c.V, tolExact)

			al, err := metrics.AlignLabels(c.Truth, c.Pred)
			if err != nil {
				t.Fatal(err)
			}
			near(t, "matched accuracy", al.Accuracy, c.Hungarian, tolExact)
			// The mapping must be one to one and reproduce the accuracy.
			seen := map[int]bool{}
			for _, cls := range al.Mapping {
				if cls >= 0 && seen[cls] {
					t.Errorf("class %d matched twice in %v", cls, al.Mapping)
				}
				seen[cls] = true
			}
			acc, _ := metrics.Accuracy(c.Truth, clip(al.Apply(c.Pred)))
			if al.Accuracy != acc {
				t.Errorf("Apply gives accuracy %v, Alignment.Accuracy %v", acc, al.Accuracy)
			}

			ct, err := metrics.Contingency(c.Truth, c.Pred)
			if err != nil {
				t.Fatal(err)
			}
			r, k := ct.Counts.Dims()
			if r != len(c.Contingency) || k != len(c.Contingency[0]) {
				t.Fatalf("contingency %d×%d, want %d×%d", r, k, len(c.Contingency), len(c.Contingency[0]))
			}
			for i := range r {
				for j := range k {
					if ct.Counts.At(i, j) != c.Contingency[i][j] {
						t.Errorf("contingency[%d,%d]=%v, want %v", i, j, ct.Counts.At(i, j), c.Contingency[i][j])
					}
				}
			}
			if !equalInts(ct.RowIDs, c.RowIDs) || !equalInts(ct.ColIDs, c.ColIDs) {
				t.Errorf("ids %v %v, want %v %v", ct.RowIDs, ct.ColIDs, c.RowIDs, c.ColIDs)
			}
		})
	}
}

// clip turns the -1 of unmatched clusters into an id no class uses, so
// Accuracy (which rejects negative labels) counts them as wrong.
func clip(y []int) []int {
	out := make([]int, len(y))
	for i, v := range y {
		if v < 0 {
			v = 1 << 30
		}
		out[i] = v
	}
	return out
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Invariants: renaming clusters changes nothing; ARI, NMI, AMI, FM and v are
// symmetric in their arguments; homogeneity and completeness swap.
func TestExternalInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 500
	truth := make([]int, n)
	pred := make([]int, n)
	for i := range truth {
		truth[i] = rng.IntN(6)
		pred[i] = truth[i]
		if rng.Float64() < 0.3 {
			pred[i] = rng.IntN(8)
		}
	}
	perm := []int{50, 3, 17, 9, 1000, 2}
	renamed := make([]int, n)
	for i, v := range truth {
		renamed[i] = perm[v]
	}
	for name, fn := range map[string]func([]int, []int) (float64, error){
		"ARI": metrics.AdjustedRandIndex, "NMI": metrics.NormalizedMutualInfo,
		"AMI": metrics.AdjustedMutualInfo, "FM": metrics.FowlkesMallows,
	} {
		same, _ := fn(truth, renamed)
		near(t, name+" of a renaming", same, 1, tolExact)
		ab, _ := fn(truth, pred)
		ba, _ := fn(pred, truth)
		near(t, name+" symmetry", ab, ba, tolExact)
	}
	h1, c1, v1, _ := metrics.VMeasure(truth, pred)
	h2, c2, v2, _ := metrics.VMeasure(pred, truth)
	near(t, "homogeneity↔completeness", h1, c2, tolExact)
	near(t, "completeness↔homogeneity", c1, h2, tolExact)
	near(t, "v symmetry", v1, v2, tolExact)
	al, _ := metrics.AlignLabels(truth, renamed)
	if al.Accuracy != 1 {
		t.Errorf("AlignLabels of a renaming: accuracy %v, want 1", al.Accuracy)
	}
	for i, v := range al.Apply(renamed) {
		if v != truth[i] {
			t.Fatalf("Apply(renamed)[%d]=%d, want %d", i, v, truth[i])
		}
	}
}

// Hungarian against brute force over all injections on small random tables.
func TestAlignLabelsBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 200 {
		nc, nk := 1+rng.IntN(5), 1+rng.IntN(5)
		n := 5 + rng.IntN(40)
		truth, pred := make([]int, n), make([]int, n)
		for i := range truth {
			truth[i], pred[i] = rng.IntN(nc), rng.IntN(nk)
		}
		al, err := metrics.AlignLabels(truth, pred)
		if err != nil {
			t.Fatal(err)
		}
		ct, _ := metrics.Contingency(truth, pred)
		best := bruteMatch(ct.Counts.RawMatrix().Data, len(ct.RowIDs), len(ct.ColIDs))
		near(t, "trial accuracy", al.Accuracy, best/float64(n), tolExact)
		if t.Failed() {
			t.Fatalf("trial %d: truth %v pred %v", trial, truth, pred)
		}
	}
}

func bruteMatch(c []float64, r, k int) float64 {
	usedCol := make([]bool, k)
	var rec func(i int) float64
	rec = func(i int) float64 {
		if i == r {
			return 0
		}
		best := rec(i + 1) // class i left unmatched
		for j := range k {
			if !usedCol[j] {
				usedCol[j] = true
				best = max(best, c[i*k+j]+rec(i+1))
				usedCol[j] = false
			}
		}
		return best
	}
	return rec(0)
}

func TestExternalErrors(t *testing.T) {
	fns := map[string]func([]int, []int) (float64, error){
		"ARI": metrics.AdjustedRandIndex, "NMI": metrics.NormalizedMutualInfo,
		"AMI": metrics.AdjustedMutualInfo, "FM": metrics.FowlkesMallows, "Purity": metrics.Purity,
		"VMeasure": func(a, b []int) (float64, error) { _, _, v, err := metrics.VMeasure(a, b); return v, err },
		"AlignLabels": func(a, b []int) (float64, error) {
			al, err := metrics.AlignLabels(a, b)
			if err != nil {
				return 0, err
			}
			return al.Accuracy, nil
		},
		"Contingency": func(a, b []int) (float64, error) { _, err := metrics.Contingency(a, b); return 0, err },
	}
	cases := []struct {
		name        string
		truth, pred []int
		want        error
	}{
		{"empty", nil, nil, check.ErrEmpty},
		{"lengths", []int{0, 1}, []int{0}, check.ErrShape},
		{"negative truth", []int{0, -1}, []int{0, 1}, check.ErrValue},
		{"negative pred", []int{0, 1}, []int{-3, 1}, check.ErrValue},
	}
	for name, fn := range fns {
		for _, c := range cases {
			_, err := fn(c.truth, c.pred)
			if !errors.Is(err, c.want) {
				t.Errorf("%s(%s): err %v, want %v", name, c.name, err, c.want)
			}
		}
	}
}
