package data

import (
	"errors"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

func TestTables(t *testing.T) {
	// Shapes, class names, class counts and sample values from scikit-learn
	// 1.2.1 (load_iris etc., printed with /usr/bin/python3).
	cases := []struct {
		name    string
		load    func() (*Table, error)
		rows    int
		cols    int
		classes []string
		counts  []int
		feature string // FeatureNames[last]
		cells   map[[2]int]float64
	}{
		{"iris", Iris, 150, 4, []string{"setosa", "versicolor", "virginica"}, []int{50, 50, 50}, "petal width (cm)",
			map[[2]int]float64{{0, 0}: 5.1, {0, 3}: 0.2, {149, 0}: 5.9, {149, 2}: 5.1, {149, 3}: 1.8}},
		{"wine", Wine, 178, 13, []string{"class_0", "class_1", "class_2"}, []int{59, 71, 48}, "proline",
			map[[2]int]float64{{0, 0}: 14.23, {0, 12}: 1065, {177, 1}: 4.1, {177, 12}: 560}},
		{"breast_cancer", BreastCancer, 569, 30, []string{"malignant", "benign"}, []int{212, 357}, "worst fractal dimension",
			map[[2]int]float64{{0, 0}: 17.99, {0, 3}: 1001, {568, 0}: 7.76, {568, 2}: 47.92}},
		{"digits", Digits, 1797, 64, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"},
			[]int{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, "pixel_7_7",
			map[[2]int]float64{{0, 2}: 5, {0, 3}: 13, {0, 10}: 13, {0, 63}: 0}},
	}
	for _, c := range cases {
		tb, err := c.load()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if r, k := tb.X.Dims(); r != c.rows || k != c.cols || len(tb.Y) != c.rows || len(tb.FeatureNames) != c.cols {
			t.Errorf("%s: X %d×%d, %d labels, %d names; want %d×%d", c.name, r, k, len(tb.Y), len(tb.FeatureNames), c.rows, c.cols)
		}
		if strings.Join(tb.ClassNames, ",") != strings.Join(c.classes, ",") {
			t.Errorf("%s: ClassNames %v, want %v", c.name, tb.ClassNames, c.classes)
		}
		if got := tb.FeatureNames[len(tb.FeatureNames)-1]; got != c.feature {
			t.Errorf("%s: last feature %q, want %q", c.name, got, c.feature)
		}
		counts := make([]int, len(c.counts))
		for _, y := range tb.Y {
			counts[y]++
		}
		for k := range counts {
			if counts[k] != c.counts[k] {
				t.Errorf("%s: class %d has %d rows, want %d", c.name, k, counts[k], c.counts[k])
			}
		}
		for ij, want := range c.cells {
			if got := tb.X.At(ij[0], ij[1]); got != want { // exact: the CSV holds round-trip decimals
				t.Errorf("%s: X[%d,%d]=%v, want %v", c.name, ij[0], ij[1], got, want)
			}
		}
		if tb.Name != c.name || !strings.Contains(tb.License, "CC BY 4.0") || !strings.Contains(tb.Source, "UCI") {
			t.Errorf("%s: Name %q, License %q, Source %q", c.name, tb.Name, tb.License, tb.Source)
		}
	}
	// Each call is a copy.
	a, _ := Iris()
	a.X.Set(0, 0, -1)
	a.Y[0] = 7
	b, _ := Iris()
	if b.X.At(0, 0) != 5.1 || b.Y[0] != 0 {
		t.Error("Iris() returned shared data")
	}
}

func TestReadCSV(t *testing.T) {
	in := "a, b ,class\n1,2,cat\n3.5,-4e1,dog\n5,6,cat\n"
	tb, err := ReadCSV(strings.NewReader(in), CSVConfig{Header: true, LabelColumn: 2, Name: "pets"})
	if err != nil {
		t.Fatal(err)
	}
	if r, c := tb.X.Dims(); r != 3 || c != 2 || tb.X.At(1, 0) != 3.5 || tb.X.At(1, 1) != -40 {
		t.Errorf("X: %v", tb.X)
	}
	if strings.Join(tb.FeatureNames, "|") != "a|b" || strings.Join(tb.ClassNames, "|") != "cat|dog" || tb.Name != "pets" {
		t.Errorf("names %q classes %q", tb.FeatureNames, tb.ClassNames)
	}
	if tb.Y[0] != 0 || tb.Y[1] != 1 || tb.Y[2] != 0 {
		t.Errorf("Y=%v", tb.Y)
	}
	// Integer labels in the first column (the zero value), no header, ';'.
	tb, err = ReadCSV(strings.NewReader("2;0.5\n0;1.5\n"), CSVConfig{Comma: ';'})
	if err != nil || tb.Y[0] != 2 || tb.ClassNames != nil || tb.FeatureNames[0] != "x0" || tb.X.At(1, 0) != 1.5 {
		t.Errorf("integer labels: %+v, %v", tb, err)
	}
	// No labels.
	tb, err = ReadCSV(strings.NewReader("1,2\n3,4\n"), CSVConfig{LabelColumn: -1})
	if err != nil || tb.Y != nil || tb.X.At(1, 1) != 4 {
		t.Errorf("no labels: %+v, %v", tb, err)
	}

	bad := []struct {
		name string
		in   string
		cfg  CSVConfig
		want error
		msg  string
	}{
		{"ragged", "1,2,0\n3,4\n", CSVConfig{LabelColumn: 2}, check.ErrShape, "line 2 has 2 fields, want 3 (as on line 1)"},
		{"non-numeric", "a,b,y\n1,2,0\n3,x,1\n", CSVConfig{Header: true, LabelColumn: 2}, check.ErrValue, `line 3, column 2 ("b"): "x" is not a number`},
		{"empty cell", "1,,0\n", CSVConfig{LabelColumn: 2}, check.ErrValue, "line 1, column 2"},
		{"NaN", "1,NaN,0\n", CSVConfig{LabelColumn: 2}, check.ErrNaN, "line 1, column 2"},
		{"Inf", "1,2\n+Inf,0\n", CSVConfig{LabelColumn: 1}, check.ErrNaN, "line 2, column 1"},
		{"empty", "", CSVConfig{}, check.ErrEmpty, "no data rows"},
		{"header only", "a,b\n", CSVConfig{Header: true, LabelColumn: -1}, check.ErrEmpty, "no data rows"},
		{"label column out of range", "1,2\n", CSVConfig{LabelColumn: 2}, check.ErrValue, "LabelColumn=2"},
		{"label column negative", "1,2\n", CSVConfig{LabelColumn: -3}, check.ErrValue, "LabelColumn=-3"},
		{"only labels", "1\n2\n", CSVConfig{}, check.ErrEmpty, "only the label column"},
		{"bad quote", "1,\"2\n", CSVConfig{LabelColumn: -1}, check.ErrValue, "line 1"},
	}
	for _, c := range bad {
		_, err := ReadCSV(strings.NewReader(c.in), c.cfg)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: error %v, want %v containing %q", c.name, err, c.want, c.msg)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add("a,b,class\n1,2,cat\n3.5,-4e1,dog\n", true, 2)
	f.Add("2;0.5\n0;1.5\n", false, 0)
	f.Add("1,2\n3\n", false, -1)
	f.Add("\"1\",\"x\"\n", false, 1)
	f.Add("", true, -1)
	f.Fuzz(func(t *testing.T, in string, header bool, label int) {
		tb, err := ReadCSV(strings.NewReader(in), CSVConfig{Header: header, LabelColumn: label})
		if err != nil {
			return
		}
		r, c := tb.X.Dims()
		if r == 0 || c == 0 || len(tb.FeatureNames) != c {
			t.Fatalf("table %d×%d with %d names", r, c, len(tb.FeatureNames))
		}
		if label >= 0 && len(tb.Y) != r {
			t.Fatalf("%d labels for %d rows", len(tb.Y), r)
		}
		for _, y := range tb.Y {
			if y < 0 {
				t.Fatalf("negative label %d", y)
			}
		}
	})
}
