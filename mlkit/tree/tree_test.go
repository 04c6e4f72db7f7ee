package tree

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
)

func TestBadInput(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{0, 1, 1, 0, 2, 2, 3, 1})
	y := []int{0, 1, 0, 1}
	nan := mat.NewDense(2, 1, []float64{math.NaN(), 1})
	huge := mat.NewDense(2, 1, []float64{1e300, 1})
	for _, tc := range []struct {
		name string
		fit  func() error
		want error
		msg  string
	}{
		{"MaxDepth<0", func() error { _, err := DecisionTree{MaxDepth: -1}.Fit(X, y); return err }, mlkit.ErrValue, "MaxDepth=-1"},
		{"MinSamplesLeaf<0", func() error { _, err := DecisionTree{MinSamplesLeaf: -2}.Fit(X, y); return err }, mlkit.ErrValue, "MinSamplesLeaf=-2"},
		{"MinSamplesSplit=1", func() error { _, err := DecisionTree{MinSamplesSplit: 1}.Fit(X, y); return err }, mlkit.ErrValue, "MinSamplesSplit=1"},
		{"MaxLeafNodes=1", func() error { _, err := DecisionTree{MaxLeafNodes: 1}.Fit(X, y); return err }, mlkit.ErrValue, "MaxLeafNodes=1"},
		{"MinImpurityDecrease<0", func() error { _, err := DecisionTree{MinImpurityDecrease: -0.1}.Fit(X, y); return err }, mlkit.ErrValue, "MinImpurityDecrease=-0.1"},
		{"MinImpurityDecrease NaN", func() error { _, err := DecisionTree{MinImpurityDecrease: math.NaN()}.Fit(X, y); return err }, mlkit.ErrValue, "MinImpurityDecrease=NaN"},
		{"Criterion", func() error { _, err := DecisionTree{Criterion: 7}.Fit(X, y); return err }, mlkit.ErrValue, "Criterion=Criterion(7)"},
		{"nil X", func() error { _, err := DecisionTree{}.Fit(nil, y); return err }, mlkit.ErrEmpty, "X is a nil"},
		{"NaN", func() error { _, err := DecisionTree{}.Fit(nan, []int{0, 1}); return err }, mlkit.ErrNaN, "X[0,0]=NaN"},
		{"1e300", func() error { _, err := DecisionTree{}.Fit(huge, []int{0, 1}); return err }, mlkit.ErrValue, "X[0,0]=1e+300 overflows float32"},
		{"len(y)", func() error { _, err := DecisionTree{}.Fit(X, []int{0, 1}); return err }, mlkit.ErrShape, "y has 2 labels, want 4"},
		{"negative label", func() error { _, err := DecisionTree{}.Fit(X, []int{0, 1, -1, 0}); return err }, mlkit.ErrValue, "y[2]=-1"},
		{"regression MaxDepth", func() error { _, err := RegressionTree{MaxDepth: -3}.Fit(X, []float64{1, 2, 3, 4}); return err }, mlkit.ErrValue, "MaxDepth=-3"},
		{"regression len(y)", func() error { _, err := RegressionTree{}.Fit(X, []float64{1, 2}); return err }, mlkit.ErrShape, "y has 2 targets, want 4"},
		{"regression NaN y", func() error { _, err := RegressionTree{}.Fit(X, []float64{1, math.NaN(), 3, 4}); return err }, mlkit.ErrNaN, "y[1]=NaN"},
		{"regression huge y", func() error { _, err := RegressionTree{}.Fit(X, []float64{1, 1e300, 3, 4}); return err }, mlkit.ErrValue, "y[1]=1e+300"},
	} {
		err := tc.fit()
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: message %q does not contain %q", tc.name, err, tc.msg)
		}
	}

	m, err := DecisionTree{}.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		call func() error
		want error
		msg  string
	}{
		{"featureNames length", func() error { _, err := m.Rules([]string{"a"}, nil); return err }, mlkit.ErrShape, "featureNames has 1 names for the 2 features"},
		{"classNames length", func() error { _, err := m.Rules(nil, []string{"a", "b", "c"}); return err }, mlkit.ErrShape, "classNames has 3 names for the 2 classes"},
		{"Predict columns", func() error { _, err := m.Predict(mat.NewDense(1, 3, nil)); return err }, mlkit.ErrShape, "X has 3 columns"},
		{"Predict NaN", func() error { _, err := m.Predict(mat.NewDense(1, 2, []float64{math.NaN(), 0})); return err }, mlkit.ErrNaN, "X[0,0]=NaN"},
		{"Predict 1e300", func() error { _, err := m.PredictProba(mat.NewDense(1, 2, []float64{0, -1e300})); return err }, mlkit.ErrValue, "overflows float32"},
		{"Score lengths", func() error { _, err := m.Score(X, []int{1}); return err }, mlkit.ErrShape, "y has 1 entries"},
	} {
		err := tc.call()
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: got %v, want %v containing %q", tc.name, err, tc.want, tc.msg)
		}
	}
}

// One class is allowed, as in scikit-learn: a single leaf.
func TestOneClass(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{0, 1, 1, 0, 2, 2})
	m, err := DecisionTree{}.Fit(X, []int{4, 4, 4})
	if err != nil {
		t.Fatal(err)
	}
	if m.NodeCount() != 1 || m.Depth() != 0 || m.Leaves() != 1 {
		t.Errorf("nodes %d depth %d leaves %d, want 1 0 1", m.NodeCount(), m.Depth(), m.Leaves())
	}
	pred, _ := m.Predict(X)
	if !slices.Equal(pred, []int{4, 4, 4}) {
		t.Errorf("predictions %v, want all 4", pred)
	}
	r, _ := m.Rules(nil, nil)
	if r.Text != "|--- class: 0\n" { // export_text prints argmax's index for one class
		t.Errorf("rules %q", r.Text)
	}
	if imp := m.FeatureImportances(); imp[0] != 0 || imp[1] != 0 {
		t.Errorf("importances %v, want zeros", imp)
	}
}

func TestGobRoundTrip(t *testing.T) {
	tab := loadTable(t, "breast_cancer")
	m, err := DecisionTree{Criterion: Entropy, MaxDepth: 6}.Fit(tab.X, tab.Y)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(m); err != nil {
		t.Fatal(err)
	}
	var back DecisionTreeModel
	if err := gob.NewDecoder(&buf).Decode(&back); err != nil {
		t.Fatal(err)
	}
	p1, _ := m.PredictProba(tab.X)
	p2, _ := back.PredictProba(tab.X)
	if !mat.Equal(p1, p2) {
		t.Error("PredictProba changed through gob")
	}

	X, y := loadFriedman(t)
	rm, err := RegressionTree{MaxDepth: 4}.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := gob.NewEncoder(&buf).Encode(rm); err != nil {
		t.Fatal(err)
	}
	var rback RegressionTreeModel
	if err := gob.NewDecoder(&buf).Decode(&rback); err != nil {
		t.Fatal(err)
	}
	a, _ := rm.Predict(X)
	b, _ := rback.Predict(X)
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			t.Fatalf("row %d: %v after gob, want %v", i, b[i], a[i])
		}
	}
}

// The split search runs over features in parallel; the tree must not
// depend on GOMAXPROCS. A wide random problem makes the nodes big enough to
// take the parallel path.
func TestGOMAXPROCSIdentity(t *testing.T) {
	n, d := 3000, 40
	X := mat.NewDense(n, d, nil)
	y := make([]int, n)
	s := uint64(7)
	next := func() float64 {
		s = s*6364136223846793005 + 1442695040888963407
		return float64(s>>11) / float64(1<<53)
	}
	for i := range n {
		for j := range d {
			X.Set(i, j, math.Round(next()*50)/10)
		}
		if X.At(i, 3)+X.At(i, 7)-X.At(i, 11) > 2.4+next() {
			y[i] = 1
		}
		if X.At(i, 20) > 4 {
			y[i] = 2
		}
	}
	fit := func(procs int) *DecisionTreeModel {
		prev := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(prev)
		m, err := DecisionTree{MaxDepth: 8}.Fit(X, y)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	a, b := fit(1), fit(4)
	if !slices.Equal(a.Feature, b.Feature) || !slices.Equal(a.Threshold, b.Threshold) || !slices.Equal(a.ChildrenLeft, b.ChildrenLeft) {
		t.Error("the tree depends on GOMAXPROCS")
	}
	if a.NodeCount() < 31 {
		t.Errorf("only %d nodes: the test does not exercise much", a.NodeCount())
	}
}

func TestSortKeys(t *testing.T) {
	vals := []float32{3, -1, 0, float32(math.Copysign(0, -1)), 1e-30, -1e30, 2.5, 2.5, 7, -0.5}
	for _, m := range []int{len(vals), 200} {
		keys := make([]uint64, m)
		for i := range keys {
			keys[i] = uint64(floatKey(vals[i%len(vals)]*float32(1+i/len(vals))))<<32 | uint64(i)
		}
		got := sortKeys(slices.Clone(keys), make([]uint64, m))
		for i := 1; i < m; i++ {
			a, b := keyFloat(uint32(got[i-1]>>32)), keyFloat(uint32(got[i]>>32))
			if a > b {
				t.Fatalf("m=%d: %v before %v", m, a, b)
			}
		}
	}
}

func TestRulesData(t *testing.T) {
	tab := loadTable(t, "iris")
	m, err := DecisionTree{MaxDepth: 2}.Fit(tab.X, tab.Y)
	if err != nil {
		t.Fatal(err)
	}
	r, err := m.Rules(tab.FeatureNames, tab.ClassNames)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Leaves) != m.Leaves() {
		t.Fatalf("%d leaf rules for %d leaves", len(r.Leaves), m.Leaves())
	}
	total := 0
	for _, l := range r.Leaves {
		total += l.Support
		if len(l.Conditions) == 0 || l.Purity <= 0 || l.Purity > 1 {
			t.Errorf("leaf %v", l)
		}
	}
	if total != 150 {
		t.Errorf("supports sum to %d, want 150", total)
	}
	// Every training row satisfies the conjunction of its own leaf.
	leaves, _ := m.Apply(tab.X)
	byNode := map[int]LeafRule{}
	for _, l := range r.Leaves {
		byNode[l.Node] = l
	}
	for i, leaf := range leaves {
		for _, c := range byNode[leaf].Conditions {
			v := float64(float32(tab.X.At(i, c.Feature)))
			if (c.Op == LessEq) != (v <= c.Threshold) {
				t.Fatalf("row %d breaks %v of its leaf %d", i, c, leaf)
			}
		}
	}
	// Simplified keeps the tightest bound per feature and side and selects
	// the same rows.
	deep, err := DecisionTree{MaxDepth: 5}.Fit(tab.X, tab.Y)
	if err != nil {
		t.Fatal(err)
	}
	dr, _ := deep.Rules(nil, nil)
	dleaves, _ := deep.Apply(tab.X)
	shorter := false
	for _, l := range dr.Leaves {
		simple := l.Simplified()
		shorter = shorter || len(simple) < len(l.Conditions)
		for i := range 150 {
			in := true
			for _, c := range simple {
				v := float64(float32(tab.X.At(i, c.Feature)))
				in = in && (c.Op == LessEq) == (v <= c.Threshold)
			}
			if in != (dleaves[i] == l.Node) {
				t.Fatalf("leaf %d: simplified rule %v selects row %d: %v, Apply says %v", l.Node, simple, i, in, dleaves[i] == l.Node)
			}
		}
	}
	if !shorter {
		t.Error("no rule of the depth-5 iris tree was simplified: the test does not exercise Simplified")
	}
	if first := r.Leaves[0].String(); !strings.Contains(first, "=> class setosa (support 50, purity 1.000)") {
		t.Errorf("first rule %q", first)
	}
}

// The zero block and the counting path of coded features must not change
// the tree: compare with the plain sort on sparse data with negatives,
// positives and signed zeros (every feature here has few distinct values,
// so the default fit counts at the big nodes and sorts at the small ones).
func TestZeroBlockUnchanged(t *testing.T) {
	n, d := 2000, 12
	X := mat.NewDense(n, d, nil)
	y := make([]int, n)
	s := uint64(3)
	next := func() float64 {
		s = s*6364136223846793005 + 1442695040888963407
		return float64(s>>11) / float64(1<<53)
	}
	for i := range n {
		for j := range d {
			switch u := next(); {
			case u < 0.5:
			case u < 0.55:
				X.Set(i, j, math.Copysign(0, -1))
			case u < 0.6:
				X.Set(i, j, -5e-8) // merges with zero under FEATURE_THRESHOLD
			default:
				X.Set(i, j, math.Round((next()-0.3)*20)/4)
			}
		}
		y[i] = int(3*next()+X.At(i, 1)+X.At(i, 5)) & 3
	}
	for _, crit := range []Criterion{Gini, Entropy} {
		dt := DecisionTree{Criterion: crit, MaxDepth: 9, MinSamplesLeaf: 3}
		a, err := dt.Fit(X, y)
		if err != nil {
			t.Fatal(err)
		}
		for name, hook := range map[string]func(*builder){
			"plain sort":      func(b *builder) { b.noZeroBlock, b.noCodes = true, true },
			"no coded values": func(b *builder) { b.noCodes = true },
		} {
			b, err := dt.fit(context.Background(), X, y, hook)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(a.Feature, b.Feature) || !slices.Equal(a.Threshold, b.Threshold) ||
				!slices.Equal(a.Impurity, b.Impurity) || !slices.Equal(a.NSamples, b.NSamples) {
				t.Errorf("%v: %s grows another tree", crit, name)
			}
		}
		if a.NodeCount() < 50 {
			t.Errorf("%v: only %d nodes", crit, a.NodeCount())
		}
	}
}

func TestFitContextCancelled(t *testing.T) {
	tab := loadTable(t, "wine")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (DecisionTree{}).FitContext(ctx, tab.X, tab.Y); !errors.Is(err, context.Canceled) {
		t.Errorf("DecisionTree: got %v, want context.Canceled", err)
	}
	y := make([]float64, len(tab.Y))
	if _, err := (RegressionTree{MaxLeafNodes: 4}).FitContext(ctx, tab.X, y); !errors.Is(err, context.Canceled) {
		t.Errorf("RegressionTree: got %v, want context.Canceled", err)
	}
}
