package probe

import (
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// parallelSticks: two long, thin Gaussians side by side (x spread 10, y at
// ±1 with spread 0.3). The classes are linearly separable along y, but
// k-means with K=2 cuts along x, the direction of largest spread.
func parallelSticks(n int, seed uint64) (*mat.Dense, []int) {
	rng := randx.New(seed)
	X := mat.NewDense(n, 2, nil)
	y := make([]int, n)
	for i := range n {
		y[i] = i % 2
		X.Set(i, 0, 10*rng.NormFloat64())
		X.Set(i, 1, float64(2*y[i]-1)+0.3*rng.NormFloat64())
	}
	return X, y
}

func kmeansLabels(t *testing.T, X *mat.Dense, k int) []int {
	t.Helper()
	m, err := cluster.KMeans{K: k, Seed: 1, Progress: progress.Silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	return m.Labels
}

func TestCompareBlobs(t *testing.T) {
	// Well separated blobs: clusters are the classes, so clustering and
	// probes both score about 1.
	const tol = 0.02
	X, y, err := data.Blobs{N: 300, D: 4, Centers: 3, Spread: 0.5, Seed: 3}.Generate()
	if err != nil {
		t.Fatal(err)
	}
	tab, err := CompareWith(Config{Progress: progress.Silent}, X, y, Clustering{"k-means", kmeansLabels(t, X, 3)})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + tab.String())
	c, p := tab.Best()
	if c < 1-tol || p < 1-tol {
		t.Fatalf("matched accuracy %v, probe accuracy %v, want both ≈ 1", c, p)
	}
	if r := tab.Rows[0]; r.Kind != KindClustering || r.ARI < 1-2*tol || r.NMI < 1-2*tol || !math.IsNaN(r.Accuracy) {
		t.Fatalf("clustering row %+v", r)
	}
}

func TestCompareSticks(t *testing.T) {
	// Separable but not clustered: the probes read the classes (≈ 1), the
	// clustering does not (≈ 0.5, chance for two balanced classes).
	X, y := parallelSticks(400, 5)
	tab, err := CompareWith(Config{Progress: progress.Silent}, X, y, Clustering{"k-means", kmeansLabels(t, X, 2)})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + tab.String())
	c, p := tab.Best()
	if p < 0.99 {
		t.Errorf("probe accuracy %v, want ≥ 0.99", p)
	}
	if c > 0.7 {
		t.Errorf("clustering matched accuracy %v, want near 0.5", c)
	}
	if lin := tab.Rows[1]; lin.Kind != KindProbe || !strings.HasPrefix(lin.Name, "linear") || lin.Accuracy < 0.99 {
		t.Errorf("linear probe row %+v", lin)
	}
	if r := tab.Rows[0]; math.Abs(r.ARI) > 0.1 {
		t.Errorf("k-means ARI %v, want ≈ 0", r.ARI)
	}
}

func TestLinearTestSetAndDeterminism(t *testing.T) {
	X, y := parallelSticks(300, 9)
	Xt, yt := parallelSticks(100, 10)
	cfg := Config{Seed: 4, Test: Xt, TestLabels: yt, Progress: progress.Silent}
	run := func(procs int) (*Result, *Result) {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		a, err := Linear(X, y, cfg)
		if err != nil {
			t.Fatal(err)
		}
		b, err := KNN(X, y, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return a, b
	}
	a1, b1 := run(1)
	a4, b4 := run(4)
	if !slices.Equal(a1.FoldAccuracies, a4.FoldAccuracies) || a1.TestAccuracy != a4.TestAccuracy ||
		!slices.Equal(b1.FoldAccuracies, b4.FoldAccuracies) || b1.TestAccuracy != b4.TestAccuracy {
		t.Fatalf("GOMAXPROCS changes results: %v / %v, %v / %v", a1, a4, b1, b4)
	}
	if len(a1.FoldAccuracies) != 5 || a1.TestAccuracy < 0.99 || b1.TestAccuracy < 0.95 {
		t.Fatalf("linear %v; kNN %v", a1, b1)
	}
	if s := a1.String(); !strings.Contains(s, "5-fold CV accuracy") || !strings.Contains(s, "test accuracy") {
		t.Fatalf("String() = %q", s)
	}
	// Without a test set, TestAccuracy is NaN and String omits it.
	r, err := KNN(X, y, Config{Folds: 3, Raw: true, K: 3, Progress: progress.Silent})
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(r.TestAccuracy) || strings.Contains(r.String(), "test") || r.Name != "kNN (K=3)" {
		t.Fatalf("%v", r)
	}
}

func TestTableFormats(t *testing.T) {
	nan := math.NaN()
	tab := &Table{Rows: []Row{
		{Kind: KindClustering, Name: "GMM full <reg 0.01>", ARI: 0.25, NMI: 0.4, MatchedAccuracy: 0.5, Accuracy: nan, Std: nan, TestAccuracy: nan},
		{Kind: KindProbe, Name: "linear (C=1)", ARI: nan, NMI: nan, MatchedAccuracy: nan, Accuracy: 0.97, Std: 0.01, TestAccuracy: 0.96},
	}}
	s := tab.String()
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) != 4 || !strings.Contains(lines[3], "0.970 ± 0.010") || !strings.Contains(lines[2], "0.500") {
		t.Fatalf("String():\n%s", s)
	}
	h := tab.HTML()
	if !strings.Contains(h, "GMM full &lt;reg 0.01&gt;") || strings.Count(h, "<tr>") != 3 {
		t.Fatalf("HTML(): %s", h)
	}
	if c, p := tab.Best(); c != 0.5 || p != 0.97 {
		t.Fatalf("Best() = %v, %v", c, p)
	}
}

func TestErrors(t *testing.T) {
	X, y := parallelSticks(20, 1)
	quiet := Config{Progress: progress.Silent}
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"nil", func() error { _, err := Linear(nil, y, quiet); return err }(), check.ErrEmpty},
		{"labels short", func() error { _, err := Linear(X, y[:5], quiet); return err }(), check.ErrShape},
		{"folds 1", func() error { _, err := KNN(X, y, Config{Folds: 1}); return err }(), check.ErrValue},
		{"folds > class size", func() error { _, err := Linear(X, y, Config{Folds: 11}); return err }(), check.ErrValue},
		{"test cols", func() error {
			_, err := Linear(X, y, Config{Test: mat.NewDense(2, 3, nil), TestLabels: []int{0, 1}})
			return err
		}(), check.ErrShape},
		{"test labels", func() error {
			_, err := Linear(X, y, Config{Test: mat.NewDense(2, 2, nil), TestLabels: []int{0}})
			return err
		}(), check.ErrShape},
		{"test nil", func() error { _, err := Linear(X, y, Config{TestLabels: []int{0}}); return err }(), check.ErrEmpty},
		{"clustering length", func() error { _, err := Compare(X, y, Clustering{"c", []int{0, 1}}); return err }(), check.ErrShape},
	}
	for _, c := range cases {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, c.err, c.want)
		}
	}
}
