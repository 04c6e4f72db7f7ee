package sample_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/sample"
)

// tolSegment: a synthetic row must lie on a segment x + u·(z − x), u in
// [0, 1], to this distance (the 1e-12); the neighbour lists z are
// scikit-learn 1.2.1's (testdata/make_smote_reference.py).
const tolSegment = 1e-12

type smoteCase struct {
	Name       string
	K, N, D    int
	X          []float64
	Y          []int
	Synthetic  []float64
	SyntheticY []int `json:"synthetic_y"`
	Counts     []int
	Neighbors  map[string][][]int
}

func loadSMOTE(t *testing.T) []smoteCase {
	t.Helper()
	b, err := os.ReadFile("testdata/smote_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var r struct{ Cases []smoteCase }
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r.Cases
}

// onSegment returns the distance from p to the nearest segment between a
// member x of class c and one of x's reference neighbours.
func onSegment(c smoteCase, class int, p []float64) float64 {
	var members []int
	for i, v := range c.Y {
		if v == class {
			members = append(members, i)
		}
	}
	row := func(i int) []float64 { return c.X[i*c.D : (i+1)*c.D] }
	best := math.Inf(1)
	for a, i := range members {
		x := row(i)
		for _, b := range c.Neighbors[strconv.Itoa(class)][a] {
			z := row(members[b])
			var num, den float64
			for j := range x {
				num += (p[j] - x[j]) * (z[j] - x[j])
				den += (z[j] - x[j]) * (z[j] - x[j])
			}
			u := 0.0
			if den > 0 {
				u = min(max(num/den, 0), 1)
			}
			var d2 float64
			for j := range x {
				e := x[j] + u*(z[j]-x[j]) - p[j]
				d2 += e * e
			}
			best = min(best, math.Sqrt(d2))
		}
	}
	return best
}

func TestSMOTEReference(t *testing.T) {
	for _, c := range loadSMOTE(t) {
		X := mat.NewDense(c.N, c.D, c.X)
		Xr, yr, err := sample.SMOTE{K: c.K, Seed: 1}.FitResample(X, c.Y)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		counts := map[int]int{}
		for _, v := range yr {
			counts[v]++
		}
		for j, want := range c.Counts {
			if counts[j] != want {
				t.Errorf("%s: class %d has %d rows after SMOTE, imbalanced-learn %d", c.Name, j, counts[j], want)
			}
		}
		if !mat.Equal(Xr.Slice(0, c.N, 0, c.D), X) {
			t.Errorf("%s: the first %d rows are not X", c.Name, c.N)
		}
		worst, worstRef := 0.0, 0.0
		for i := c.N; i < len(yr); i++ {
			if yr[i] != c.SyntheticY[i-c.N] {
				t.Fatalf("%s: synthetic row %d has label %d, imbalanced-learn's %d", c.Name, i-c.N, yr[i], c.SyntheticY[i-c.N])
			}
			worst = max(worst, onSegment(c, yr[i], Xr.RawRowView(i)))
			worstRef = max(worstRef, onSegment(c, yr[i], c.Synthetic[(i-c.N)*c.D:(i-c.N+1)*c.D]))
		}
		if worst > tolSegment {
			t.Errorf("%s: a synthetic row lies %.3g from every segment to its K nearest same-class neighbours", c.Name, worst)
		}
		// The same check passes imbalanced-learn's own rows: the test's
		// segments are the ones SMOTE draws on.
		if worstRef > tolSegment {
			t.Errorf("%s: imbalanced-learn's synthetic rows lie %.3g off the reference segments", c.Name, worstRef)
		}
		t.Logf("%s: %d synthetic rows (same count and labels as imbalanced-learn), farthest from a segment %.3g (imbalanced-learn's %.3g)",
			c.Name, len(yr)-c.N, worst, worstRef)
	}
}

func TestSMOTEDeterministic(t *testing.T) {
	c := loadSMOTE(t)[0]
	X := mat.NewDense(c.N, c.D, c.X)
	Xcopy := mat.DenseCopyOf(X)
	a, _, err := sample.SMOTE{Seed: 7}.FitResample(X, c.Y)
	if err != nil {
		t.Fatal(err)
	}
	old := runtime.GOMAXPROCS(1)
	b, _, _ := sample.SMOTE{Seed: 7}.FitResample(X, c.Y)
	runtime.GOMAXPROCS(old)
	if !mat.Equal(a, b) {
		t.Error("seed 7 gave different rows at GOMAXPROCS 1 and N")
	}
	d, _, _ := sample.SMOTE{Seed: 8}.FitResample(X, c.Y)
	if mat.Equal(a, d) {
		t.Error("seeds 7 and 8 gave the same rows")
	}
	if !mat.Equal(X, Xcopy) {
		t.Error("FitResample modified X")
	}
}

func TestSMOTETarget(t *testing.T) {
	c := loadSMOTE(t)[1] // tiny14: 10 and 4 rows
	X := mat.NewDense(c.N, c.D, c.X)
	Xr, yr, err := sample.SMOTE{K: 3, Target: 12, Seed: 2}.FitResample(X, c.Y)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[int]int{}
	for _, v := range yr {
		counts[v]++
	}
	if counts[0] != 12 || counts[1] != 12 {
		t.Errorf("Target=12 gave class counts %v, want 12 each", counts)
	}
	for i := c.N; i < len(yr); i++ {
		if d := onSegment(c, yr[i], Xr.RawRowView(i)); d > tolSegment {
			t.Errorf("row %d lies %.3g off every segment", i, d)
		}
	}
	_, yr, _ = sample.SMOTE{K: 3, Target: 5, Seed: 2}.FitResample(X, c.Y)
	if len(yr) != 15 {
		t.Errorf("Target=5 gave %d rows, want 10 + 5 (the larger class left alone)", len(yr))
	}
}

func TestSMOTEHugeCoordinates(t *testing.T) {
	X := mat.NewDense(5, 1, []float64{-1e308, 1e308, 0, 1, 2})
	Xr, _, err := sample.SMOTE{K: 1, Seed: 1}.FitResample(X, []int{1, 1, 0, 0, 0})
	if err != nil {
		t.Fatal(err)
	}
	if v := Xr.At(5, 0); math.IsInf(v, 0) || math.IsNaN(v) || v < -1e308 || v > 1e308 {
		t.Errorf("synthetic row %v, want a finite point between -1e308 and 1e308", v)
	}
}

func TestDuplicate(t *testing.T) {
	X := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	Xd, yd, err := sample.Duplicate(X, []int{0, 1}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := Xd.Dims(); r != 6 || Xd.At(4, 1) != 2 || Xd.At(5, 0) != 3 || len(yd) != 6 || yd[5] != 1 {
		t.Errorf("got %v %v, want X three times", mat.Formatted(Xd), yd)
	}
}

func TestSampleErrors(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{0, 0, 1, 1, 2, 2, 3, 3})
	nanX := mat.NewDense(2, 1, []float64{0, math.NaN()})
	y := []int{0, 0, 0, 1}
	smote := func(s sample.SMOTE, X *mat.Dense, y []int) error { _, _, err := s.FitResample(X, y); return err }
	dup := func(X *mat.Dense, y []int, n int) error { _, _, err := sample.Duplicate(X, y, n); return err }
	sub := func(y []int, k int) error { _, err := sample.StratifiedSubsample(y, k, 1); return err }
	for _, tc := range []struct {
		name string
		err  error
		want error
		msg  string
	}{
		{"SMOTE nil X", smote(sample.SMOTE{}, nil, y), mlkit.ErrEmpty, "X is a nil"},
		{"SMOTE NaN", smote(sample.SMOTE{}, nanX, []int{0, 1}), mlkit.ErrNaN, "X[1,0]=NaN"},
		{"SMOTE lengths", smote(sample.SMOTE{}, X, []int{0, 1}), mlkit.ErrShape, "y has 2 labels, want 4"},
		{"SMOTE one class", smote(sample.SMOTE{}, X, []int{2, 2, 2, 2}), mlkit.ErrValue, "one class (label 2)"},
		{"SMOTE Target negative", smote(sample.SMOTE{Target: -4}, X, y), mlkit.ErrValue, "Target=-4"},
		{"SMOTE K negative", smote(sample.SMOTE{K: -1}, X, y), mlkit.ErrValue, "K=-1"},
		{"SMOTE K too large", smote(sample.SMOTE{K: 1}, X, y), mlkit.ErrValue, "class 1 has 1 members, want at least K+1=2"},
		{"SMOTE default K on tiny data", smote(sample.SMOTE{}, X, []int{0, 0, 1, 1 - 1}), mlkit.ErrValue, "want at least K+1=6"},
		{"Duplicate nil", dup(nil, nil, 2), mlkit.ErrEmpty, "X is a nil"},
		{"Duplicate times 0", dup(X, y, 0), mlkit.ErrValue, "times=0"},
		{"Duplicate lengths", dup(X, y[:3], 2), mlkit.ErrShape, "y has 3 labels"},
		{"Subsample empty", sub(nil, 1), mlkit.ErrEmpty, "y is empty"},
		{"Subsample perClass 0", sub(y, 0), mlkit.ErrValue, "perClass=0"},
		{"Subsample small class", sub(y, 2), mlkit.ErrValue, "class 1 has 1 members, fewer than perClass=2"},
		{"Complement range", second(sample.Complement(3, []int{0, 3})), mlkit.ErrValue, "idx[1]=3"},
		{"LeaveOneOut 1", second(sample.LeaveOneOut(1)), mlkit.ErrValue, "n=1"},
		{"Repeated repeats 0", second(sample.RepeatedStratifiedKFold(y, 2, 0, 1)), mlkit.ErrValue, "repeats=0"},
		{"Repeated k > class", second(sample.RepeatedStratifiedKFold(y, 2, 3, 1)), mlkit.ErrValue, "k=2 exceeds the 1 members of class 1"},
	} {
		if tc.err == nil || !errors.Is(tc.err, tc.want) || !strings.Contains(tc.err.Error(), tc.msg) {
			t.Errorf("%s: got %v, want %v containing %q", tc.name, tc.err, tc.want, tc.msg)
		}
	}
}

func second[T any](_ T, err error) error { return err }
