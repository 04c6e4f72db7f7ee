package explain

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/linear"
)

func wineKMeans(t *testing.T) (*mat.Dense, *cluster.KMeansModel, []string) {
	t.Helper()
	X, _, names := wineStd(t)
	km, err := cluster.KMeans{K: 3, Seed: 1, Progress: silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	return X, km, names
}

func TestExplainKMeansClustersMatchesOne(t *testing.T) {
	X, km, names := wineKMeans(t)
	cs, err := ExplainKMeansClusters(km.Centroids, X, km.Labels)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 3 {
		t.Fatalf("%d clusters, want 3", len(cs))
	}
	for a, c := range cs {
		one, err := ExplainKMeansCluster(km.Centroids, X, km.Labels, a)
		if err != nil {
			t.Fatal(err)
		}
		if c.Rule.B != one.Rule.B || c.Members != one.Members || c.Ranking[0] != one.Ranking[0] {
			t.Errorf("cluster %d differs from ExplainKMeansCluster", a)
		}
		if &cs.Normals()[a][0] != &c.Rule.W[0] {
			t.Errorf("Normals()[%d] is not the rule's W", a)
		}
	}
	d := cs.Describe(names, 2)
	if strings.Count(d, "\n") != 3 || !strings.Contains(d, names[cs[0].Ranking[0]]) {
		t.Errorf("Describe:\n%s", d)
	}
	if got := cs.Pairs()[0]; got != "0 vs "+string(rune('0'+cs[0].Rule.B)) {
		t.Errorf("Pairs()[0] = %q", got)
	}
}

// KMeansImportance is the mean over rows of |ExplainRows| against each
// row's nearest other centroid, and does not depend on how clusters are
// numbered.
func TestKMeansImportance(t *testing.T) {
	X, km, _ := wineKMeans(t)
	got, err := KMeansImportance(km.Centroids, X, km.Labels)
	if err != nil {
		t.Fatal(err)
	}
	n, d := X.Dims()
	want := make([]float64, d)
	for i := 0; i < n; i++ {
		a := km.Labels[i]
		dist, _ := km.Transform(X.Slice(i, i+1, 0, d).(*mat.Dense))
		b, best := -1, math.Inf(1)
		for c := 0; c < 3; c++ {
			if c != a && dist.At(0, c) < best {
				b, best = c, dist.At(0, c)
			}
		}
		r, _ := KMeansPair(km.Centroids, a, b)
		p, _ := r.Explain(X.RawRowView(i))
		for j, v := range p.Contributions {
			want[j] += math.Abs(v) / float64(n)
		}
	}
	for j := range want {
		if math.Abs(got[j]-want[j]) > 1e-12*math.Max(1, want[j]) {
			t.Errorf("feature %d: %v, want %v", j, got[j], want[j])
		}
	}
	// Renumber the clusters 0→2, 1→0, 2→1.
	perm := []int{2, 0, 1}
	C := mat.NewDense(3, d, nil)
	lab := make([]int, n)
	for c := 0; c < 3; c++ {
		C.SetRow(perm[c], km.Centroids.RawRowView(c))
	}
	for i, l := range km.Labels {
		lab[i] = perm[l]
	}
	again, _ := KMeansImportance(C, X, lab)
	for j := range got {
		if math.Abs(again[j]-got[j]) > 1e-12*math.Max(1, got[j]) {
			t.Errorf("renumbered: feature %d %v, want %v", j, again[j], got[j])
		}
	}
}

func TestBorderMember(t *testing.T) {
	X, km, _ := wineKMeans(t)
	c, _ := ExplainKMeansCluster(km.Centroids, X, km.Labels, 0)
	i, err := BorderMember(c.Rule, X, km.Labels)
	if err != nil {
		t.Fatal(err)
	}
	if km.Labels[i] != 0 {
		t.Fatalf("row %d is in cluster %d, want 0", i, km.Labels[i])
	}
	pi, _ := c.Rule.Explain(X.RawRowView(i))
	for r, l := range km.Labels {
		if l != 0 {
			continue
		}
		p, _ := c.Rule.Explain(X.RawRowView(r))
		if math.Abs(p.Margin) < math.Abs(pi.Margin)-1e-12 {
			t.Fatalf("row %d has margin %v, nearer than the border member's %v", r, p.Margin, pi.Margin)
		}
	}
}

func TestAgree(t *testing.T) {
	a, err := Agree([]float64{3, -2, 1, 0}, []float64{30, 20, -10, 0}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if a.Spearman != 1 || a.TopK != 1 {
		t.Errorf("same magnitudes in the same order: %v", a)
	}
	a, _ = Agree([]float64{4, 3, 2, 1}, []float64{1, 2, 3, 4}, 2)
	if a.Spearman != -1 || a.TopK != 0 {
		t.Errorf("reversed: %v", a)
	}
}

// On a logistic model of the cluster labels, LIME's weights at each
// representative are compared with the exact contributions there.
func TestLIMEAtRepresentatives(t *testing.T) {
	X, km, names := wineKMeans(t)
	m, err := linear.LogisticRegression{C: 0.1, Progress: silent}.Fit(X, km.Labels)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := LIME{Seed: 1, NumSamples: 1000}.Fit(X)
	lc, err := LIMEAtRepresentatives(e, m, km.Centroids, X, 3)
	if err != nil {
		t.Fatal(err)
	}
	reps, _ := Representatives(km.Centroids, X)
	var mean float64
	for a, p := range lc.Points {
		if p.Row != reps[a] || p.Cluster != a || p.LIME.Class != a {
			t.Errorf("cluster %d: row %d class %d, want row %d class %d", a, p.Row, p.LIME.Class, reps[a], a)
		}
		if p.Agreement.Spearman < -1 || p.Agreement.Spearman > 1 || p.Agreement.TopK < 0 || p.Agreement.TopK > 1 {
			t.Errorf("cluster %d: agreement out of range %v", a, p.Agreement)
		}
		mean += p.Agreement.TopK / 3
	}
	if math.Abs(mean-lc.MeanTopK) > 1e-15 {
		t.Errorf("MeanTopK %v, want %v", lc.MeanTopK, mean)
	}
	// The representatives sit deep inside their clusters, where a handful of
	// features with large centroid gaps decide: LIME finds most of them.
	if lc.MeanTopK < 0.5 {
		t.Errorf("mean top-3 overlap %.2f, want ≥ 0.5:\n%s", lc.MeanTopK, lc.Describe(names, 3))
	}
	if d := lc.Describe(names, 3); strings.Count(d, "\n") != 9 {
		t.Errorf("Describe:\n%s", d)
	}
}

func TestOverSeeds(t *testing.T) {
	s, err := OverSeeds([]uint64{1, 2, 3, 4}, []string{"seed", "const"}, func(seed uint64) ([]float64, error) {
		return []float64{float64(seed), 7}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.Mean[0] != 2.5 || s.Min[0] != 1 || s.Max[0] != 4 || math.Abs(s.Std[0]-math.Sqrt(1.25)) > 1e-15 {
		t.Errorf("seed column: mean %v sd %v [%v, %v]", s.Mean[0], s.Std[0], s.Min[0], s.Max[0])
	}
	if s.Std[1] != 0 || s.Mean[1] != 7 {
		t.Errorf("constant column: %v ± %v", s.Mean[1], s.Std[1])
	}
	if c := s.Col("seed"); len(c) != 4 || c[3] != 4 || s.Col("none") != nil || s.At("const") != 1 {
		t.Errorf("Col/At: %v %d", c, s.At("const"))
	}
	if !strings.Contains(s.String(), "2.500 ± 1.118") {
		t.Errorf("String:\n%s", s)
	}
}

func TestCompareBadInput(t *testing.T) {
	X, km, _ := wineKMeans(t)
	c, _ := ExplainKMeansCluster(km.Centroids, X, km.Labels, 0)
	e, _ := LIME{Seed: 1}.Fit(X)
	one := km.Centroids.Slice(0, 1, 0, 13).(*mat.Dense)
	short := km.Labels[:10]
	bad := append([]int(nil), km.Labels...)
	bad[0] = 5
	runBad(t, []badCase{
		{"clusters: nil centroids", func() error { _, err := ExplainKMeansClusters(nil, X, km.Labels); return err }, mlkit.ErrEmpty, "centroids"},
		{"clusters: short labels", func() error { _, err := ExplainKMeansClusters(km.Centroids, X, short); return err }, mlkit.ErrShape, "labels"},
		{"gmm clusters: nil model", func() error { _, err := ExplainGMMClusters(nil, X, km.Labels); return err }, mlkit.ErrEmpty, "m "},
		{"importance: one centroid", func() error { _, err := KMeansImportance(one, X, km.Labels); return err }, mlkit.ErrValue, "centroids"},
		{"importance: label beyond K", func() error { _, err := KMeansImportance(km.Centroids, X, bad); return err }, mlkit.ErrValue, "labels"},
		{"importance: wrong columns", func() error {
			_, err := KMeansImportance(km.Centroids, X.Slice(0, 178, 0, 5).(*mat.Dense), km.Labels)
			return err
		}, mlkit.ErrShape, "X"},
		{"border: nil rule", func() error { _, err := BorderMember(nil, X, km.Labels); return err }, mlkit.ErrEmpty, "rule"},
		{"border: short labels", func() error { _, err := BorderMember(c.Rule, X, short); return err }, mlkit.ErrShape, "labels"},
		{"agree: lengths", func() error { _, err := Agree([]float64{1, 2}, []float64{1, 2, 3}, 1); return err }, mlkit.ErrShape, "a has 2"},
		{"agree: k", func() error { _, err := Agree([]float64{1, 2}, []float64{1, 2}, 3); return err }, mlkit.ErrValue, "k=3"},
		{"lime reps: nil explainer", func() error { _, err := LIMEAtRepresentatives(nil, nil, km.Centroids, X, 3); return err }, mlkit.ErrEmpty, "e is nil"},
		{"lime reps: one centroid", func() error { _, err := LIMEAtRepresentatives(e, nil, one, X, 3); return err }, mlkit.ErrValue, "centroids"},
		{"seeds: none", func() error {
			_, err := OverSeeds(nil, nil, func(uint64) ([]float64, error) { return nil, nil })
			return err
		}, mlkit.ErrEmpty, "seeds"},
		{"seeds: nil f", func() error { _, err := OverSeeds([]uint64{1}, nil, nil); return err }, mlkit.ErrEmpty, "f is nil"},
		{"seeds: names", func() error {
			_, err := OverSeeds([]uint64{1}, []string{"a"}, func(uint64) ([]float64, error) { return []float64{1, 2}, nil })
			return err
		}, mlkit.ErrShape, "2 values for 1 names"},
		{"seeds: NaN", func() error {
			_, err := OverSeeds([]uint64{1}, nil, func(uint64) ([]float64, error) { return []float64{math.NaN()}, nil })
			return err
		}, mlkit.ErrNaN, "f(1)"},
	})
}

func TestProfileDescribe(t *testing.T) {
	X, km, names := wineKMeans(t)
	p, err := CentroidProfile(X, km.Labels)
	if err != nil {
		t.Fatal(err)
	}
	d := p.Describe(names, 2)
	top, _ := p.Top(0, 1)
	if strings.Count(d, "\n") != 3 || !strings.Contains(d, names[top[0]]+" d=") {
		t.Errorf("Describe:\n%s", d)
	}
}

func TestRelative(t *testing.T) {
	got := Relative([]float64{2, -4, 1})
	if got[0] != 0.5 || got[1] != -1 || got[2] != 0.25 {
		t.Errorf("Relative = %v", got)
	}
	if z := Relative([]float64{0, 0}); z[0] != 0 || z[1] != 0 {
		t.Errorf("Relative of zeros = %v", z)
	}
}
