package memo

import (
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	bt "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/badtest"
)

type node struct {
	Next *node
	V    int
}

type fitter struct{ K int }

func (f *fitter) Fit(X *mat.Dense) (int, error) { return f.K, nil }

// TestBadInput: Key, Get, Fit and Clear against nil, typed nil, cycles,
// code, corrupt and mistyped files.
func TestBadInput(t *testing.T) {
	t.Setenv("MLKIT_MEMO_DIR", t.TempDir())
	one := func() (int, error) { return 1, nil }
	cyc := &node{V: 1}
	cyc.Next = cyc
	var nilDense *mat.Dense
	var nilFitter *fitter
	for _, c := range []struct {
		name string
		err  error
		want error
		msg  string
	}{
		{"empty prefix", second(Get(Key(""), one)), mlkit.ErrValue, "prefix is empty"},
		{"zero ID", second(Get(ID{}, one)), mlkit.ErrValue, "memo.Key"},
		{"func part", second(Get(Key("nb", one), one)), mlkit.ErrValue, "parts[0] is a func"},
		{"chan in a struct part", second(Get(Key("nb", struct{ C []chan int }{[]chan int{make(chan int)}}), one)), mlkit.ErrValue, "parts[0].C[0]"},
		{"cycle", second(Get(Key("nb", cyc), one)), mlkit.ErrValue, "deeper than"},
		{"nil compute", second(Get[int](Key("nb", "x"), nil)), mlkit.ErrEmpty, "compute is nil"},
		{"nil part", second(Get(Key("nb", nil, nilDense, []int(nil)), one)), nil, ""},
		{"typed nil estimator", second(Fit[int]("nb", nilFitter, mat.NewDense(1, 1, nil))), mlkit.ErrEmpty, "est is nil"},
		{"estimator with nil X", second(Fit[int]("nb", &fitter{K: 2}, nil)), nil, ""},
		{"Clear empty", Clear(""), mlkit.ErrValue, "prefix is empty"},
	} {
		bt.Err(t, c.name, c.err, c.want, c.msg)
	}
	// A corrupt file of the right type is computed anew; another type's
	// file is an error.
	id := Key("nb", "corrupt")
	if _, err := Get(id, one); err != nil {
		t.Fatal(err)
	}
	p := path(id)
	raw, _ := os.ReadFile(p)
	if err := os.WriteFile(p, raw[:len(raw)-3], 0o644); err != nil {
		t.Fatal(err)
	}
	calls := 0
	if v, err := Get(id, func() (int, error) { calls++; return 5, nil }); err != nil || v != 5 || calls != 1 {
		t.Errorf("corrupt file: v=%d calls=%d err=%v, want a new computation", v, calls, err)
	}
	_, err := Get(id, func() ([]float64, error) { return nil, nil })
	bt.Err(t, "read as another type", err, mlkit.ErrFile, "holds a int, read as a []float64")
	if err := os.WriteFile(p, []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	if v, err := Get(id, one); err != nil || v != 1 {
		t.Errorf("garbage file: %v, %v, want a new computation", v, err)
	}
	if _, err := os.Stat(filepath.Dir(p)); err != nil {
		t.Error(err)
	}
}

func second[T any](_ T, err error) error { return err }
