package metrics_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
)

// External must agree exactly with the single-index functions, which the
// reference test checks against scikit-learn 1.2.1; so each of its fields
// is checked on the reference cases against its function.
func TestExternalMatchesEachIndex(t *testing.T) {
	for _, c := range loadRef(t).External {
		s, err := metrics.External(c.Truth, c.Pred)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		one := func(fn func([]int, []int) (float64, error)) float64 {
			v, err := fn(c.Truth, c.Pred)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		h, cm, v, _ := metrics.VMeasure(c.Truth, c.Pred)
		a, _ := metrics.AlignLabels(c.Truth, c.Pred)
		for _, f := range []struct {
			name      string
			got, want float64
		}{
			{"ARI", s.ARI, one(metrics.AdjustedRandIndex)},
			{"AMI", s.AMI, one(metrics.AdjustedMutualInfo)},
			{"NMI", s.NMI, one(metrics.NormalizedMutualInfo)},
			{"FowlkesMallows", s.FowlkesMallows, one(metrics.FowlkesMallows)},
			{"Purity", s.Purity, one(metrics.Purity)},
			{"Homogeneity", s.Homogeneity, h},
			{"Completeness", s.Completeness, cm},
			{"VMeasure", s.VMeasure, v},
			{"MatchedAccuracy", s.MatchedAccuracy, a.Accuracy},
		} {
			if f.got != f.want && !(math.IsNaN(f.got) && math.IsNaN(f.want)) {
				t.Errorf("%s: %s = %v, want %v", c.Name, f.name, f.got, f.want)
			}
		}
		if s.Samples != len(c.Truth) {
			t.Errorf("%s: Samples = %d, want %d", c.Name, s.Samples, len(c.Truth))
		}
	}
}

func TestExternalTable(t *testing.T) {
	truth := []int{0, 0, 0, 1, 1, 1, 2, 2, 2}
	same, _ := metrics.External(truth, []int{5, 5, 5, 3, 3, 3, 4, 4, 4})
	if same.ARI != 1 || same.MatchedAccuracy != 1 || same.Clusters != 3 || same.Classes != 3 {
		t.Errorf("a renaming of the classes: %+v, want ARI 1, matched accuracy 1, 3 clusters", same)
	}
	one, _ := metrics.External(truth, make([]int, 9))
	if !strings.Contains(same.String(), "ARI 1.000") || !strings.Contains(one.String(), "(1 clusters, 3 classes, 9 samples)") {
		t.Errorf("String: %q / %q", same.String(), one.String())
	}
	tab := metrics.ExternalTable([]string{"renamed", "one cluster"}, []metrics.ExternalScores{same, one})
	lines := strings.Split(strings.TrimRight(tab, "\n"), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "renamed") || len(lines[1]) != len(lines[2]) {
		t.Errorf("ExternalTable:\n%s", tab)
	}
	h := metrics.ExternalHTML([]string{"renamed", "<one>"}, []metrics.ExternalScores{same, one})
	if !strings.Contains(h, "<b>1.000</b>") || !strings.Contains(h, "&lt;one&gt;") || strings.Count(h, "<tr>") != 3 {
		t.Errorf("ExternalHTML: %s", h)
	}
}

func TestExternalBadInput(t *testing.T) {
	for _, c := range []struct {
		name        string
		truth, pred []int
		sentinel    error
		msg         string
	}{
		{"empty", nil, nil, mlkit.ErrEmpty, "truth"},
		{"lengths", []int{0, 1}, []int{0}, mlkit.ErrShape, "pred"},
		{"negative", []int{0, -1}, []int{0, 1}, mlkit.ErrValue, "truth"},
	} {
		_, err := metrics.External(c.truth, c.pred)
		if !errors.Is(err, c.sentinel) || !strings.Contains(err.Error(), "metrics: External") || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: err = %v, want %v naming %s", c.name, err, c.sentinel, c.msg)
		}
		if _, err := metrics.AlignedContingency(c.truth, c.pred); !errors.Is(err, c.sentinel) {
			t.Errorf("%s: AlignedContingency err = %v, want %v", c.name, err, c.sentinel)
		}
	}
}

func TestAlignedContingency(t *testing.T) {
	truth := []int{0, 0, 0, 1, 1, 1, 2, 2, 2, 2}
	pred := []int{2, 2, 2, 0, 0, 1, 1, 1, 1, 7} // cluster 7 is left over
	tab, err := metrics.AlignedContingency(truth, pred)
	if err != nil {
		t.Fatal(err)
	}
	wantCols := []int{2, 0, 1, 7}
	wantCounts := [][]float64{{3, 0, 0, 0}, {0, 2, 1, 0}, {0, 0, 3, 1}}
	for j, c := range wantCols {
		if tab.ColIDs[j] != c {
			t.Fatalf("ColIDs = %v, want %v", tab.ColIDs, wantCols)
		}
		for i := range 3 {
			if tab.Counts.At(i, j) != wantCounts[i][j] {
				t.Errorf("Counts[%d][%d] = %v, want %v", i, j, tab.Counts.At(i, j), wantCounts[i][j])
			}
		}
	}
	if m := tab.Matched; m[0] != 0 || m[1] != 1 || m[2] != 2 || m[3] != -1 {
		t.Errorf("Matched = %v, want [0 1 2 -1]", m)
	}
	if got := strings.Join(tab.ColNames("zero", "one", "two"), " "); got != "c2→zero c0→one c1→two c7" {
		t.Errorf("ColNames = %q", got)
	}
	if got := strings.Join(tab.RowNames(), " "); got != "0 1 2" {
		t.Errorf("RowNames = %q", got)
	}
	// Cluster 1 holds one 1 and three 2s: matched to 2, share 3/4, the lowest.
	if col, maj := tab.Worst(); col != 2 || maj != 2 || tab.MatchedShare(col) != 0.75 {
		t.Errorf("Worst = column %d, majority %d (share %v), want column 2, class 2, 0.75", col, maj, tab.MatchedShare(col))
	}
	if tab.Alignment.ClusterOf(1) != 0 || tab.Alignment.ClusterOf(9) != -1 {
		t.Errorf("ClusterOf(1) = %d, ClusterOf(9) = %d, want 0 and -1", tab.Alignment.ClusterOf(1), tab.Alignment.ClusterOf(9))
	}
}
