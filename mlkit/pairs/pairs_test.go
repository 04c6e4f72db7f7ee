package pairs

import (
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/gobtest"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// field is two Gaussian blobs (data.Blobs, spread 0.5) plus 10 % uniform
// background over their bounding box (widened by the factor wide around its
// centre), labelled by density: DBSCAN with eps 0.3 and 8 samples, written
// out naively here (O(n²), fine for a test field) so that the test does not
// depend on another package's DBSCAN.
func field(t testing.TB, seed uint64, wide float64) (*mat.Dense, []int) {
	t.Helper()
	B, _, err := data.Blobs{N: 900, D: 2, Centers: 2, Spread: 0.5, Seed: seed}.Generate()
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := []float64{math.Inf(1), math.Inf(1)}, []float64{math.Inf(-1), math.Inf(-1)}
	for i := 0; i < 900; i++ {
		for j := 0; j < 2; j++ {
			lo[j], hi[j] = math.Min(lo[j], B.At(i, j)), math.Max(hi[j], B.At(i, j))
		}
	}
	for j := range lo {
		c, h := (lo[j]+hi[j])/2, (hi[j]-lo[j])/2*wide
		lo[j], hi[j] = c-h, c+h
	}
	rng := randx.Stream(seed, 99)
	X := mat.NewDense(1000, 2, nil)
	X.Slice(0, 900, 0, 2).(*mat.Dense).Copy(B)
	for i := 900; i < 1000; i++ {
		for j := 0; j < 2; j++ {
			X.Set(i, j, lo[j]+rng.Float64()*(hi[j]-lo[j]))
		}
	}
	return X, naiveDBSCAN(X, 0.3, 8)
}

func naiveDBSCAN(X *mat.Dense, eps float64, minSamples int) []int {
	n, _ := X.Dims()
	nb := make([][]int, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if math.Hypot(X.At(i, 0)-X.At(j, 0), X.At(i, 1)-X.At(j, 1)) <= eps {
				nb[i] = append(nb[i], j)
			}
		}
	}
	labels := make([]int, n)
	for i := range labels {
		labels[i] = -1
	}
	k := 0
	for i := 0; i < n; i++ {
		if labels[i] >= 0 || len(nb[i]) < minSamples {
			continue
		}
		labels[i] = k
		stack := []int{i}
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if len(nb[p]) < minSamples {
				continue
			}
			for _, q := range nb[p] {
				if labels[q] < 0 {
					labels[q] = k
					stack = append(stack, q)
				}
			}
		}
		k++
	}
	return labels
}

// ari scores labels against truth with noise (−1) as one more class on
// both sides.
func ari(t testing.TB, truth, pred []int) float64 {
	t.Helper()
	shift := func(v []int) []int {
		out := make([]int, len(v))
		for i, x := range v {
			out[i] = x + 1
		}
		return out
	}
	a, err := metrics.AdjustedRandIndex(shift(truth), shift(pred))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func countClusters(labels []int) int {
	m := -1
	for _, v := range labels {
		m = max(m, v)
	}
	return m + 1
}

// TestGraphPairsOnce: every unordered pair of points that are neighbours
// either way is visited exactly once, for both queries.
func TestGraphPairsOnce(t *testing.T) {
	X, _ := field(t, 1, 1)
	for _, q := range []Query{KNN, Radius} {
		g, err := newGraph(X, q, 0.3, 6)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[[2]int]int{}
		g.forPairs(0, func(int) {})
		for i := 0; i < g.n; i++ {
			g.forPairs(i, func(j int) { seen[[2]int{min(i, j), max(i, j)}]++ })
		}
		want := 0
		for i := 0; i < g.n; i++ {
			for _, j := range g.nb(i) {
				a, b := min(i, int(j)), max(i, int(j))
				if a == b {
					continue
				}
				if seen[[2]int{a, b}] != 1 {
					t.Fatalf("%v: pair (%d, %d) visited %d times", q, a, b, seen[[2]int{a, b}])
				}
				if int(j) > i || !g.has(int(j), i) {
					want++
				}
			}
		}
		if len(seen) != want {
			t.Errorf("%v: %d pairs visited, want %d", q, len(seen), want)
		}
	}
}

// TestLinkerTwoBlobs: on the field it was trained on, the linker's clusters
// equal the density labels (exactly with the Radius query at DBSCAN's eps,
// whose counts are DBSCAN's own); one added link between the two clusters
// merges them, and FalseMerges finds it; on new fields (other seeds: other
// blob centres, other background) it still recovers the density clusters.
// The background is spread thinly (wide = 3) or as densely as the blobs'
// edges (wide = 1).
func TestLinkerTwoBlobs(t *testing.T) {
	radius := Linker{Query: Radius, R: 0.3, MinClusterSize: 8, Progress: progress.Silent}
	knn := Linker{Progress: progress.Silent}
	for _, tc := range []struct {
		wide                 float64
		lk                   Linker
		ariSame, ariTransfer float64 // measured values in the comments
	}{
		{3, radius, 1, 0.97},   // 1; seeds 2–4: 0.993, 0.983, 0.991
		{1, radius, 1, 0.97},   // 1; 0.986, 0.986, 0.995
		{3, knn, 0.955, 0.935}, // 0.968; 0.970, 0.947, 0.979
		{1, knn, 0.96, 0.96},   // 0.975; 0.977, 0.975, 0.977
	} {
		X1, y1 := field(t, 1, tc.wide)
		if countClusters(y1) != 2 {
			t.Fatalf("density labels of the test field have %d clusters, want 2", countClusters(y1))
		}
		lk := tc.lk
		m, err := lk.Fit(X1, y1)
		if err != nil {
			t.Fatal(err)
		}
		res, err := m.Predict(X1)
		if err != nil {
			t.Fatal(err)
		}
		a := ari(t, y1, res.Labels)
		t.Logf("wide %v, %v: same field ARI %.4f, %d clusters, %d links, scored %d of %.0f pairs (%d training pairs, %d same-cluster)",
			tc.wide, lk.Query, a, res.Clusters, len(res.Links), res.PairsScored, res.AllPairs, m.TrainPairs, m.TrainPositive)
		if a < tc.ariSame || res.Clusters != 2 {
			t.Errorf("wide %v, %v: ARI %.4f with %d clusters on the training field, want ≥ %v and 2", tc.wide, lk.Query, a, res.Clusters, tc.ariSame)
		}
		if res.AllPairs != 1000*999/2 || res.PairsScored <= 0 || float64(res.PairsScored) > res.AllPairs/10 {
			t.Errorf("%v: scored %d of %v pairs", lk.Query, res.PairsScored, res.AllPairs)
		}
		fm, _ := FalseMerges(res, y1)
		if len(fm) != 0 {
			t.Errorf("%v: %d false merges on the training field", lk.Query, len(fm))
		}
		// One false link between the two clusters merges them.
		i, j := slices.Index(res.Labels, 0), slices.Index(res.Labels, 1)
		merged, err := res.WithLink(i, j)
		if err != nil {
			t.Fatal(err)
		}
		fm, _ = FalseMerges(merged, y1)
		if merged.Clusters != 1 || len(fm) != 1 || res.Clusters != 2 || len(merged.Links) != len(res.Links)+1 {
			t.Errorf("%v: after one false link %d clusters (was %d), %d false merges", lk.Query, merged.Clusters, res.Clusters, len(fm))
		}
		for _, seed := range []uint64{2, 3, 4} {
			X2, y2 := field(t, seed, tc.wide)
			res2, err := m.Predict(X2)
			if err != nil {
				t.Fatal(err)
			}
			a2 := ari(t, y2, res2.Labels)
			t.Logf("wide %v, %v: transfer to seed %d: ARI %.4f (%d clusters, truth %d)", tc.wide, lk.Query, seed, a2, res2.Clusters, countClusters(y2))
			if a2 < tc.ariTransfer {
				t.Errorf("wide %v, %v: transfer to seed %d: ARI %.4f, want ≥ %v", tc.wide, lk.Query, seed, a2, tc.ariTransfer)
			}
		}
	}
}

func TestLinkerDeterministicAndGob(t *testing.T) {
	X, y := field(t, 5, 1)
	lk := Linker{MaxTrainPairs: 1500, Seed: 3, Progress: progress.Silent}
	m, err := lk.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	if m.TrainPairs >= m.CandidatePairs || m.TrainPairs < 1000 {
		t.Errorf("subsample: %d of %d pairs, want about 1500", m.TrainPairs, m.CandidatePairs)
	}
	prev := runtime.GOMAXPROCS(1)
	m1, err := lk.Fit(X, y)
	runtime.GOMAXPROCS(prev)
	if err != nil {
		t.Fatal(err)
	}
	if m1.TrainPairs != m.TrainPairs || !gobtest.SameFloats(m1.FeatureMean, m.FeatureMean) {
		t.Errorf("GOMAXPROCS 1 vs %d: different training pairs", prev)
	}
	g := gobtest.RoundTrip(t, m)
	ra, _ := m.Predict(X)
	rb, err := g.Predict(X)
	if err != nil || !slices.Equal(ra.Labels, rb.Labels) || !slices.Equal(ra.Links, rb.Links) {
		t.Errorf("after gob: predictions differ (%v)", err)
	}
}

// TestLinkerTrainFunc: another classifier plugs in through Train.
func TestLinkerTrainFunc(t *testing.T) {
	X, y := field(t, 1, 1)
	called := false
	m, err := Linker{Progress: progress.Silent, Train: func(F *mat.Dense, y []int) (Scorer, error) {
		called = true
		return constScorer(0.9), nil
	}}.Fit(X, y)
	if err != nil || !called {
		t.Fatal(err, called)
	}
	res, _ := m.Predict(X)
	// Every candidate pair is linked: the k-NN graph of the field.
	if len(res.Links) != res.PairsScored || res.Links[0].P != 0.9 {
		t.Errorf("%d links of %d pairs, P %v", len(res.Links), res.PairsScored, res.Links[0].P)
	}
}

type constScorer float64

func (c constScorer) PredictProba(X *mat.Dense) (*mat.Dense, error) {
	n, _ := X.Dims()
	P := mat.NewDense(n, 2, nil)
	for i := 0; i < n; i++ {
		P.Set(i, 0, 1-float64(c))
		P.Set(i, 1, float64(c))
	}
	return P, nil
}

func TestClosure(t *testing.T) {
	// 0–1–2 chained, 3–4, 5 alone, 6–7–8 via 8–6 and 7–6.
	links := []Link{{0, 1, 1}, {1, 2, 1}, {3, 4, 1}, {6, 8, 1}, {6, 7, 1}}
	got, k, err := Closure(9, links, 3)
	if err != nil || k != 2 || !slices.Equal(got, []int{0, 0, 0, -1, -1, -1, 1, 1, 1}) {
		t.Errorf("Closure = %v, %d, %v", got, k, err)
	}
	got, k, _ = Closure(9, links, 1)
	if k != 4 || !slices.Equal(got, []int{0, 0, 0, 1, 1, 2, 3, 3, 3}) {
		t.Errorf("Closure(min 1) = %v, %d", got, k)
	}
}

func TestBadInput(t *testing.T) {
	X, y := field(t, 1, 1)
	nan := mat.DenseCopyOf(X)
	nan.Set(4, 0, math.NaN())
	big := mat.DenseCopyOf(X)
	big.Set(1, 1, -1e200)
	allNoise := make([]int, len(y))
	for i := range allNoise {
		allNoise[i] = -1
	}
	low := slices.Clone(y)
	low[7] = -3
	for _, tc := range []struct {
		name   string
		lk     Linker
		X      *mat.Dense
		labels []int
		want   error
		msg    string
	}{
		{"radius 0", Linker{Query: Radius}, X, y, mlkit.ErrValue, "R=0"},
		{"radius <0", Linker{Query: Radius, R: -1}, X, y, mlkit.ErrValue, "R=-1"},
		{"radius NaN", Linker{Query: Radius, R: math.NaN()}, X, y, mlkit.ErrValue, "R=NaN"},
		{"k<1", Linker{K: -2}, X, y, mlkit.ErrValue, "K=-2"},
		{"query", Linker{Query: 7}, X, y, mlkit.ErrValue, "Query=Query(7)"},
		{"threshold", Linker{Threshold: 1}, X, y, mlkit.ErrValue, "Threshold=1"},
		{"min size", Linker{MinClusterSize: -1}, X, y, mlkit.ErrValue, "MinClusterSize=-1"},
		{"C", Linker{C: -1}, X, y, mlkit.ErrValue, "C=-1"},
		{"max pairs", Linker{MaxTrainPairs: 1}, X, y, mlkit.ErrValue, "MaxTrainPairs=1"},
		{"nil X", Linker{}, nil, y, mlkit.ErrEmpty, "X is nil"},
		{"NaN", Linker{}, nan, y, mlkit.ErrNaN, "X[4,0]=NaN"},
		{"huge", Linker{}, big, y, mlkit.ErrNaN, "X[1,1]=-1e+200"},
		{"labels length", Linker{}, X, y[:10], mlkit.ErrShape, "labels has 10 entries, want 1000"},
		{"label -3", Linker{}, X, low, mlkit.ErrValue, "labels[7]=-3"},
		{"one kind", Linker{}, X, allNoise, mlkit.ErrValue, "all of one kind (0 same-cluster)"},
		{"one row", Linker{}, mat.NewDense(1, 2, nil), []int{0}, mlkit.ErrValue, "1 row"},
	} {
		tc.lk.Progress = progress.Silent
		_, err := tc.lk.Fit(tc.X, tc.labels)
		if !errors.Is(err, tc.want) || err == nil || !strings.Contains(err.Error(), tc.msg) || !strings.HasPrefix(err.Error(), "pairs: Linker.Fit") {
			t.Errorf("%s: got %v, want %v containing %q", tc.name, err, tc.want, tc.msg)
		}
	}
	m, err := Linker{Progress: progress.Silent}.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Predict(nan); !errors.Is(err, mlkit.ErrNaN) {
		t.Errorf("Predict NaN: %v", err)
	}
	res, _ := m.Predict(X)
	if _, err := FalseMerges(res, y[:5]); !errors.Is(err, mlkit.ErrShape) {
		t.Errorf("FalseMerges length: %v", err)
	}
	if _, err := res.WithLink(3, 3); !errors.Is(err, mlkit.ErrValue) {
		t.Errorf("WithLink(3, 3): %v", err)
	}
	if _, _, err := Closure(3, []Link{{0, 5, 1}}, 1); !errors.Is(err, mlkit.ErrValue) {
		t.Errorf("Closure out of range: %v", err)
	}
	if _, err := (&LinkerModel{}).Predict(X); !errors.Is(err, mlkit.ErrEmpty) {
		t.Errorf("empty model: %v", err)
	}
}
