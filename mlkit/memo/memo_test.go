package memo

import (
	"errors"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestValueComputesOnce(t *testing.T) {
	t.Setenv("MLKIT_MEMO_DIR", t.TempDir())
	calls := 0
	f := func() (*mat.Dense, error) { calls++; return mat.NewDense(2, 2, []float64{1, 2, 3, 4}), nil }
	a, err := Value("nb/x", f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Value("nb/x", f)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Errorf("compute ran %d times, want 1", calls)
	}
	if !mat.Equal(a, b) {
		t.Errorf("read back %v, want %v", mat.Formatted(b), mat.Formatted(a))
	}
	if _, err := Value("nb/y", f); err != nil || calls != 2 {
		t.Errorf("another key: calls=%d err=%v, want a second computation", calls, err)
	}
	if err := Clear("nb"); err != nil {
		t.Fatal(err)
	}
	if _, err := Value("nb/x", f); err != nil || calls != 3 {
		t.Errorf("after Clear: calls=%d err=%v, want a new computation", calls, err)
	}
}

func TestValueErrors(t *testing.T) {
	t.Setenv("MLKIT_MEMO_DIR", t.TempDir())
	boom := errors.New("boom")
	if _, err := Value("nb/e", func() (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Errorf("compute error: got %v, want %v", err, boom)
	}
	calls := 0
	if v, err := Value("nb/e", func() (int, error) { calls++; return 7, nil }); err != nil || v != 7 || calls != 1 {
		t.Errorf("after a failed compute: v=%d calls=%d err=%v, want 7 computed once", v, calls, err)
	}
	if _, err := Value("", func() (int, error) { return 1, nil }); err == nil {
		t.Error("empty key: want an error")
	}
	if err := Clear(""); err == nil {
		t.Error("Clear(\"\"): want an error")
	}
	if _, err := Value("nb/ch", func() (chan int, error) { return make(chan int), nil }); err == nil {
		t.Error("a channel value: want a gob error")
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
