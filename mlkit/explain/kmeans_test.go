package explain

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
)

// tolExact bounds the rounding of an exact decomposition on standardised
// data (sums of 13 terms of size ~10): the 1e-10.
const tolExact = 1e-10

func TestKMeansDecompositionSumsToModelDistances(t *testing.T) {
	X, _, _ := wineStd(t)
	m, err := cluster.KMeans{K: 4, Seed: 3, Progress: silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	dist, err := m.Transform(X)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := X.Dims()
	worst, worstModel := 0.0, 0.0
	for a := 0; a < 4; a++ {
		for b := 0; b < 4; b++ {
			if a == b {
				continue
			}
			r, err := KMeansPair(m.Centroids, a, b)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := r.ExplainRows(X)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < n; i++ {
				p, err := r.Explain(X.RawRowView(i))
				if err != nil {
					t.Fatal(err)
				}
				var s float64
				for j, v := range p.Contributions {
					s += v
					if v != rows.At(i, j) {
						t.Fatalf("ExplainRows and Explain differ at %d,%d", i, j)
					}
				}
				worst = math.Max(worst, math.Abs(s-p.Diff))
				// The model's own distances (Transform).
				da, db := dist.At(i, a), dist.At(i, b)
				worstModel = math.Max(worstModel, math.Abs(p.Diff-(da*da-db*db)))
				// The hyperplane form gives the same number.
				if h := 2 * (mat.Dot(mat.NewVecDense(len(r.W), r.W), X.RowView(i)) - r.Offset); math.Abs(h-p.Diff) > tolExact {
					t.Fatalf("2(W·x−Offset)=%v, Diff=%v", h, p.Diff)
				}
				if m.Labels[i] == a && p.Side != a && p.Diff > tolExact {
					t.Fatalf("row %d is labelled %d but the rule puts it on %d's side (Diff=%v)", i, a, b, p.Diff)
				}
				if math.Abs(p.Margin*2*r.NormW-p.Diff) > tolExact {
					t.Fatalf("Margin=%v inconsistent with Diff=%v", p.Margin, p.Diff)
				}
			}
		}
	}
	t.Logf("max |Σ contributions − Diff| = %.2g; max |Diff − (d_a²−d_b²) from Transform| = %.2g", worst, worstModel)
	if worst > tolExact || worstModel > tolExact {
		t.Fatalf("decomposition off: %.3g, against the model %.3g", worst, worstModel)
	}
}

func TestExplainKMeansCluster(t *testing.T) {
	X, _, names := wineStd(t)
	m, err := cluster.KMeans{K: 3, Seed: 1, Progress: silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	for a := 0; a < 3; a++ {
		c, err := ExplainKMeansCluster(m.Centroids, X, m.Labels, a)
		if err != nil {
			t.Fatal(err)
		}
		// The neighbour is the nearest other centroid.
		for o := 0; o < 3; o++ {
			if o == a || o == c.Rule.B {
				continue
			}
			r, _ := KMeansPair(m.Centroids, a, o)
			if r.NormW < c.Rule.NormW {
				t.Fatalf("cluster %d: neighbour %d is farther than %d", a, c.Rule.B, o)
			}
		}
		// Members sit on a's side on average: the mean contributions sum to
		// the mean Diff, which is negative; with the members' mean equal to
		// μ_a (a fitted k-means), each mean contribution is −W_j² ≤ 0.
		var s float64
		for j, v := range c.MeanContribution {
			s += v
			if c.MeanAbsContribution[j] < math.Abs(v)-1e-12 {
				t.Fatalf("mean |c| < |mean c| for feature %d", j)
			}
		}
		if s >= 0 {
			t.Fatalf("cluster %d: mean Diff %v, want < 0", a, s)
		}
		top := c.Ranking[:3]
		t.Logf("cluster %d (%d members) vs %d: top features %s, %s, %s", a, c.Members, c.Rule.B, names[top[0]], names[top[1]], names[top[2]])
		for k := 1; k < len(c.Ranking); k++ {
			if c.MeanAbsContribution[c.Ranking[k]] > c.MeanAbsContribution[c.Ranking[k-1]] {
				t.Fatal("Ranking is not by decreasing mean |contribution|")
			}
		}
	}
}

func TestRepresentatives(t *testing.T) {
	X := mat.NewDense(5, 2, []float64{0, 0, 10, 10, 1, 1, 9, 9, 0.2, 0.1})
	C := mat.NewDense(2, 2, []float64{0.3, 0.3, 9.6, 9.6})
	idx, err := Representatives(C, X)
	if err != nil || idx[0] != 4 || idx[1] != 1 {
		t.Fatalf("Representatives = %v, %v; want [4 1]", idx, err)
	}
	if _, err := Representatives(C, mat.NewDense(2, 3, nil)); err == nil {
		t.Fatal("X with 3 columns accepted")
	}
}
