package memo

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
)

func TestGetComputesOnce(t *testing.T) {
	t.Setenv("MLKIT_MEMO_DIR", t.TempDir())
	calls := 0
	f := func() (*mat.Dense, error) { calls++; return mat.NewDense(2, 2, []float64{1, 2, 3, 4}), nil }
	a, err := Get(Key("nb", "x"), f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Get(Key("nb", "x"), f)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Errorf("compute ran %d times, want 1", calls)
	}
	if !mat.Equal(a, b) {
		t.Errorf("read back %v, want %v", mat.Formatted(b), mat.Formatted(a))
	}
	if _, err := Get(Key("nb", "y"), f); err != nil || calls != 2 {
		t.Errorf("another key: calls=%d err=%v, want a second computation", calls, err)
	}
	if err := Clear("nb"); err != nil {
		t.Fatal(err)
	}
	if _, err := Get(Key("nb", "x"), f); err != nil || calls != 3 {
		t.Errorf("after Clear: calls=%d err=%v, want a new computation", calls, err)
	}
}

func TestGetErrors(t *testing.T) {
	t.Setenv("MLKIT_MEMO_DIR", t.TempDir())
	boom := errors.New("boom")
	if _, err := Get(Key("nb", "e"), func() (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Errorf("compute error: got %v, want %v", err, boom)
	}
	calls := 0
	if v, err := Get(Key("nb", "e"), func() (int, error) { calls++; return 7, nil }); err != nil || v != 7 || calls != 1 {
		t.Errorf("after a failed compute: v=%d calls=%d err=%v, want 7 computed once", v, calls, err)
	}
	for _, tc := range []struct {
		name string
		err  error
		want error
		msg  string
	}{
		{"empty prefix", get(Key("", 1)), mlkit.ErrValue, "prefix is empty"},
		{"zero ID", get(ID{}), mlkit.ErrValue, "memo.Key"},
		{"func part", get(Key("nb", func() {})), mlkit.ErrValue, "parts[0] is a func()"},
		{"chan value", func() error {
			_, err := Get(Key("nb", "ch"), func() (chan int, error) { return make(chan int), nil })
			return err
		}(), mlkit.ErrValue, "does not gob-encode"},
		{"nil compute", func() error { _, err := Get[int](Key("nb", "nil"), nil); return err }(), mlkit.ErrEmpty, "compute is nil"},
		{"read as another type", func() error {
			_, err := Get(Key("nb", "e"), func() (string, error) { return "x", nil })
			return err
		}(), mlkit.ErrFile, "holds a int, read as a string"},
		{"Clear empty", Clear(""), mlkit.ErrValue, "prefix is empty"},
	} {
		if !errors.Is(tc.err, tc.want) || !strings.Contains(tc.err.Error(), tc.msg) {
			t.Errorf("%s: got %v, want %v mentioning %q", tc.name, tc.err, tc.want, tc.msg)
		}
	}
}

func get(id ID) error {
	_, err := Get(id, func() (int, error) { return 1, nil })
	return err
}

type reporter interface{ Report() }

type rep struct{ n int }

func (*rep) Report() {}

type est struct {
	K        int
	Tol      float64
	Names    []string
	Progress reporter
	hidden   int
}

// TestKeyChanges: every exported field and every element of the data move
// the key; behaviour fields, unexported state and views do not.
func TestKeyChanges(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	base := Key("nb", est{K: 3, Tol: 1e-4}, X, []int{0, 1, 0})
	X2 := mat.DenseCopyOf(X)
	X2.Set(2, 1, math.Nextafter(6, 7))
	negZero := mat.DenseCopyOf(X)
	for _, tc := range []struct {
		name string
		id   ID
		same bool
	}{
		{"identical", Key("nb", est{K: 3, Tol: 1e-4}, mat.DenseCopyOf(X), []int{0, 1, 0}), true},
		{"Progress and unexported fields ignored", Key("nb", est{K: 3, Tol: 1e-4, Progress: &rep{4}, hidden: 9}, X, []int{0, 1, 0}), true},
		{"pointer to the estimator", Key("nb", &est{K: 3, Tol: 1e-4}, X, []int{0, 1, 0}), false},
		{"K", Key("nb", est{K: 4, Tol: 1e-4}, X, []int{0, 1, 0}), false},
		{"Tol", Key("nb", est{K: 3, Tol: 1e-5}, X, []int{0, 1, 0}), false},
		{"nil vs empty Names", Key("nb", est{K: 3, Tol: 1e-4, Names: []string{}}, X, []int{0, 1, 0}), false},
		{"one ulp in X", Key("nb", est{K: 3, Tol: 1e-4}, X2, []int{0, 1, 0}), false},
		{"a label", Key("nb", est{K: 3, Tol: 1e-4}, X, []int{0, 1, 1}), false},
		{"shape", Key("nb", est{K: 3, Tol: 1e-4}, mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6}), []int{0, 1, 0}), false},
		{"prefix", Key("nc", est{K: 3, Tol: 1e-4}, X, []int{0, 1, 0}), false},
		{"view of the same numbers", Key("nb", est{K: 3, Tol: 1e-4}, mat.NewDense(4, 2, []float64{1, 2, 3, 4, 5, 6, 7, 8}).Slice(0, 3, 0, 2), []int{0, 1, 0}), true},
		{"copy", Key("nb", est{K: 3, Tol: 1e-4}, negZero, []int{0, 1, 0}), true},
	} {
		if tc.id.err != nil {
			t.Fatalf("%s: %v", tc.name, tc.id.err)
		}
		if (tc.id == base) != tc.same {
			t.Errorf("%s: key equal=%v, want %v", tc.name, tc.id == base, tc.same)
		}
	}
	m1 := Key("nb", map[string]int{"a": 1, "b": 2, "c": 3})
	m2 := Key("nb", map[string]int{"c": 3, "b": 2, "a": 1})
	if m1 != m2 {
		t.Error("a map's key depends on its iteration order")
	}
}

func TestDir(t *testing.T) {
	t.Setenv("MLKIT_MEMO_DIR", "")
	t.Setenv("GONB_TMP_DIR", "/kernel/tmp")
	if got, want := Dir(), "/kernel/tmp/mlkit-memo"; got != want {
		t.Errorf("in a kernel: Dir()=%q, want %q", got, want)
	}
	t.Setenv("MLKIT_MEMO_DIR", "/explicit")
	if got := Dir(); got != "/explicit" {
		t.Errorf("with MLKIT_MEMO_DIR: Dir()=%q, want /explicit", got)
	}
}
