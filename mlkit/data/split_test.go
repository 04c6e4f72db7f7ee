package data

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// scalerTol: sklearn and this code use the same corrected two-pass formula;
// only summation order differs.
const scalerTol = 1e-12

func TestStandardScalerAgainstSklearn(t *testing.T) {
	raw, err := os.ReadFile("testdata/scaler_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Cases map[string]struct {
			X           [][]float64
			Rows        []int
			Mean, Scale []float64
			Transformed [][]float64
		}
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	for name, c := range ref.Cases {
		var X *mat.Dense
		if name == "iris" {
			tb, err := Iris()
			if err != nil {
				t.Fatal(err)
			}
			X = tb.X
		} else {
			X = mat.NewDense(len(c.X), len(c.X[0]), slices.Concat(c.X...))
		}
		before := mat.DenseCopyOf(X)
		s, err := StandardScaler{}.Fit(X)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for j := range c.Mean {
			if math.Abs(s.Mean[j]-c.Mean[j]) > scalerTol || math.Abs(s.Scale[j]-c.Scale[j]) > scalerTol {
				t.Errorf("%s: column %d mean %v scale %v, sklearn %v %v", name, j, s.Mean[j], s.Scale[j], c.Mean[j], c.Scale[j])
			}
		}
		Z, err := s.Transform(X)
		if err != nil {
			t.Fatal(err)
		}
		rows := c.Rows
		if rows == nil {
			for i := range c.Transformed {
				rows = append(rows, i)
			}
		}
		for k, i := range rows {
			for j, want := range c.Transformed[k] {
				if got := Z.At(i, j); math.Abs(got-want) > scalerTol {
					t.Errorf("%s: Z[%d,%d]=%v, sklearn %v", name, i, j, got, want)
				}
			}
		}
		back, err := s.InverseTransform(Z)
		if err != nil || !mat.EqualApprox(back, X, 1e-12) {
			t.Errorf("%s: InverseTransform does not undo Transform (%v)", name, err)
		}
		if !mat.Equal(before, X) {
			t.Errorf("%s: Fit/Transform mutated X", name)
		}
	}
}

func TestScalerErrors(t *testing.T) {
	X := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	s, _ := StandardScaler{}.Fit(X)
	if _, err := s.Transform(mat.NewDense(2, 3, nil)); !errors.Is(err, check.ErrShape) || !strings.Contains(err.Error(), "data: StandardScalerModel.Transform: X has 3 columns") {
		t.Errorf("wrong columns: %v", err)
	}
	if _, err := (StandardScaler{}).Fit(mat.NewDense(1, 1, []float64{math.NaN()})); !errors.Is(err, check.ErrNaN) {
		t.Errorf("NaN: %v", err)
	}
	if _, err := (StandardScaler{}).Fit(nil); !errors.Is(err, check.ErrEmpty) {
		t.Errorf("nil: %v", err)
	}
	var nilScaler *StandardScalerModel
	if _, err := nilScaler.Transform(X); err == nil {
		t.Error("nil scaler: no error")
	}
	if _, err := (&StandardScalerModel{Mean: []float64{0, 0}, Scale: []float64{1, 0}}).InverseTransform(X); !errors.Is(err, check.ErrValue) {
		t.Errorf("zero scale: %v", err)
	}
}

func TestBlobs(t *testing.T) {
	X, y, err := Blobs{Seed: 3}.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if r, c := X.Dims(); r != 100 || c != 2 || len(y) != 100 {
		t.Fatalf("defaults: %d×%d, %d labels; want 100×2", r, c, len(y))
	}
	counts := map[int]int{}
	for _, v := range y {
		counts[v]++
	}
	if counts[0] != 34 || counts[1] != 33 || counts[2] != 33 { // make_blobs: 100/3, extra to the first
		t.Errorf("counts %v, want 34/33/33", counts)
	}
	// Deterministic for a seed at any GOMAXPROCS; different across seeds.
	prev := runtime.GOMAXPROCS(1)
	X1, y1, _ := Blobs{N: 500, D: 5, Centers: 4, Spread: 0.5, Seed: 9}.Generate()
	runtime.GOMAXPROCS(4)
	X2, y2, _ := Blobs{N: 500, D: 5, Centers: 4, Spread: 0.5, Seed: 9}.Generate()
	runtime.GOMAXPROCS(prev)
	if !mat.Equal(X1, X2) || !slices.Equal(y1, y2) {
		t.Error("same seed gave different blobs")
	}
	X3, _, _ := Blobs{N: 500, D: 5, Centers: 4, Spread: 0.5, Seed: 10}.Generate()
	if mat.Equal(X1, X3) {
		t.Error("different seeds gave the same blobs")
	}
	// Centres in [-10,10]; per-blob sample means near the centres and
	// per-blob std near Spread (2000 samples per blob: standard error
	// 0.5/sqrt(2000) ≈ 0.011, so 0.05 is > 4 standard errors).
	b := Blobs{N: 8000, D: 3, Centers: 4, Spread: 0.5, Seed: 1}
	X, y, _ = b.Generate()
	C, _ := b.Means()
	for k := range 4 {
		for j := range 3 {
			c := C.At(k, j)
			if c < -10 || c > 10 {
				t.Errorf("centre %d,%d=%v outside [-10,10]", k, j, c)
			}
			var s, s2, n float64
			for i, v := range y {
				if v == k {
					x := X.At(i, j)
					s += x
					s2 += x * x
					n++
				}
			}
			m := s / n
			sd := math.Sqrt(s2/n - m*m)
			if math.Abs(m-c) > 0.05 || math.Abs(sd-0.5) > 0.05 {
				t.Errorf("blob %d dim %d: mean %v (centre %v), sd %v (want 0.5)", k, j, m, c, sd)
			}
		}
	}
	// Rows are shuffled: the first 20 labels are not all the same class.
	if slices.Min(y[:20]) == slices.Max(y[:20]) {
		t.Error("rows not shuffled")
	}
	bad := []struct {
		b   Blobs
		msg string
	}{
		{Blobs{N: -1}, "N=-1"},
		{Blobs{D: -2}, "D=-2"},
		{Blobs{Centers: -1}, "Centers=-1"},
		{Blobs{N: 2, Centers: 3}, "Centers=3 exceeds the N=2 samples"},
		{Blobs{Spread: -1}, "Spread=-1"},
		{Blobs{Spread: math.NaN()}, "Spread=NaN"},
		{Blobs{N: 1 << 30, D: 1 << 10}, "exceed the limit"},
	}
	for _, c := range bad {
		if _, _, err := c.b.Generate(); !errors.Is(err, check.ErrValue) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%+v: %v, want %q", c.b, err, c.msg)
		}
	}
}

func TestTrainTestSplit(t *testing.T) {
	tb, _ := Iris()
	before := mat.DenseCopyOf(tb.X)
	Xtr, Xte, ytr, yte, err := TrainTestSplit(tb.X, tb.Y, 0.2, 7)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := Xtr.Dims(); r != 120 || len(ytr) != 120 {
		t.Errorf("train %d rows, want 120", r)
	}
	if r, _ := Xte.Dims(); r != 30 || len(yte) != 30 {
		t.Errorf("test %d rows, want 30", r)
	}
	// Stratified: 10 of each class in the test part, as sklearn gives.
	for k := range 3 {
		if n := count(yte, k); n != 10 {
			t.Errorf("class %d: %d test rows, want 10", k, n)
		}
	}
	// Every row appears exactly once across both parts, with its label.
	seen := map[[5]float64]int{}
	for i := range 150 {
		seen[key(tb.X.RawRowView(i), tb.Y[i])]++
	}
	for _, p := range []struct {
		X *mat.Dense
		y []int
	}{{Xtr, ytr}, {Xte, yte}} {
		for i := range p.y {
			seen[key(p.X.RawRowView(i), p.y[i])]--
		}
	}
	for k, v := range seen {
		if v != 0 {
			t.Errorf("row %v appears %d times too few", k, v)
		}
	}
	if !mat.Equal(before, tb.X) {
		t.Error("TrainTestSplit mutated X")
	}
	// Same seed → same split; uneven classes follow sklearn's allocation:
	// wine 59/71/48 with test 0.25 → ceil(44.5)=45 test, 133 train, train per
	// class floor(44.08,53.05,35.87)=44,53,35 (+1 to the largest remainder,
	// class 2) → test 15, 18, 12 (sklearn 1.2.1 train_test_split gives the same).
	w, _ := Wine()
	_, _, _, a, _ := TrainTestSplit(w.X, w.Y, 0.25, 3)
	_, _, _, b, _ := TrainTestSplit(w.X, w.Y, 0.25, 3)
	if !slices.Equal(a, b) {
		t.Error("same seed, different split")
	}
	if count(a, 0) != 15 || count(a, 1) != 18 || count(a, 2) != 12 {
		t.Errorf("wine test counts %d/%d/%d, want 15/18/12", count(a, 0), count(a, 1), count(a, 2))
	}

	X := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	bad := []struct {
		name string
		X    *mat.Dense
		y    []int
		frac float64
		want error
		msg  string
	}{
		{"frac 0", X, []int{0, 0, 1, 1}, 0, check.ErrValue, "testFrac=0, want a value in (0, 1)"},
		{"frac 1", X, []int{0, 0, 1, 1}, 1, check.ErrValue, "testFrac=1"},
		{"frac NaN", X, []int{0, 0, 1, 1}, math.NaN(), check.ErrValue, "testFrac=NaN"},
		{"length", X, []int{0, 1}, 0.5, check.ErrShape, "y has 2 labels, want 4"},
		{"singleton class", X, []int{0, 0, 0, 1}, 0.5, check.ErrValue, "class 1 has 1 member"},
		{"too few test rows", X, []int{0, 0, 1, 1}, 0.1, check.ErrValue, "gives 1 test and 3 training rows"},
		{"negative label", X, []int{0, -1, 1, 1}, 0.5, check.ErrValue, "y[1]=-1"},
		{"NaN in X", mat.NewDense(2, 1, []float64{math.NaN(), 1}), []int{0, 0}, 0.5, check.ErrNaN, "X[0,0]=NaN"},
	}
	for _, c := range bad {
		_, _, _, _, err := TrainTestSplit(c.X, c.y, c.frac, 1)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: %v, want %v with %q", c.name, err, c.want, c.msg)
		}
	}
}

func count(y []int, k int) int {
	n := 0
	for _, v := range y {
		if v == k {
			n++
		}
	}
	return n
}

func key(row []float64, y int) (k [5]float64) {
	copy(k[:], row)
	k[4] = float64(y)
	return k
}

func TestStratifiedKFold(t *testing.T) {
	w, _ := Wine()
	folds, err := StratifiedKFold(w.Y, 5, 11)
	if err != nil {
		t.Fatal(err)
	}
	// Each sample in exactly one test fold; Train is the complement.
	inTest := make([]int, len(w.Y))
	for f, fold := range folds {
		if len(fold.Train)+len(fold.Test) != len(w.Y) || !slices.IsSorted(fold.Train) || !slices.IsSorted(fold.Test) {
			t.Errorf("fold %d: %d+%d indices, sorted %v %v", f, len(fold.Train), len(fold.Test), slices.IsSorted(fold.Train), slices.IsSorted(fold.Test))
		}
		for _, i := range fold.Test {
			inTest[i]++
		}
		// Class counts per test fold from sklearn 1.2.1
		// StratifiedKFold(5, shuffle=True, random_state=0 or 1).split on wine
		// (the round-robin allocation does not depend on the seed).
		want := [][3]int{{12, 14, 10}, {12, 14, 10}, {12, 14, 10}, {12, 14, 9}, {11, 15, 9}}[f]
		got := [3]int{}
		for _, i := range fold.Test {
			got[w.Y[i]]++
		}
		if got != want {
			t.Errorf("fold %d: test class counts %v, want %v", f, got, want)
		}
	}
	for i, n := range inTest {
		if n != 1 {
			t.Fatalf("sample %d in %d test folds", i, n)
		}
	}
	again, _ := StratifiedKFold(w.Y, 5, 11)
	other, _ := StratifiedKFold(w.Y, 5, 12)
	if !slices.Equal(again[2].Test, folds[2].Test) || slices.Equal(other[2].Test, folds[2].Test) {
		t.Error("folds not determined by the seed")
	}
	for _, c := range []struct {
		y   []int
		k   int
		msg string
	}{
		{[]int{0, 0, 1, 1}, 1, "k=1, want at least 2"},
		{[]int{0, 0, 0, 1, 1}, 3, "k=3 exceeds the 2 members of class 1"},
		{nil, 2, "y is empty"},
	} {
		if _, err := StratifiedKFold(c.y, c.k, 1); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("y=%v k=%d: %v, want %q", c.y, c.k, err, c.msg)
		}
	}
}

func TestSubsetRows(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	S := SubsetRows(X, []int{2, 0, 2})
	if !mat.Equal(S, mat.NewDense(3, 2, []float64{5, 6, 1, 2, 5, 6})) {
		t.Errorf("SubsetRows: %v", mat.Formatted(S))
	}
	if !SubsetRows(X, nil).IsEmpty() {
		t.Error("empty idx should give an empty matrix")
	}
}
