package data

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMain points the decompressed MNIST cache at a temporary folder, so no
// test reads or fills the user's real cache.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mlkit-data-test-cache")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Setenv("MLKIT_CACHE_DIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// smallMNIST holds the uncompressed IDX bytes of a synthetic MNIST with n
// training and 3 test images of 4×3 pixels; shift changes every pixel.
type smallMNIST map[string][]byte

func newSmallMNIST(n int, shift byte) smallMNIST {
	img := func(n int) []byte {
		pix := make([]byte, n*4*3)
		for i := range pix {
			pix[i] = byte(i*37) + shift // every byte value shows up over the sets
		}
		return idxBytes(idxMagicImages, []uint32{uint32(n), 4, 3}, pix)
	}
	lab := func(n int) []byte {
		y := make([]byte, n)
		for i := range y {
			y[i] = byte(i % 10)
		}
		return idxBytes(idxMagicLabels, []uint32{uint32(n)}, y)
	}
	return smallMNIST{MNISTTrainImages: img(n), MNISTTestImages: img(3), MNISTTrainLabels: lab(n), MNISTTestLabels: lab(3)}
}

// write stores the four files, encoded by enc, in dir.
func (s smallMNIST) write(t *testing.T, dir string, enc func([]byte) []byte) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range s {
		if err := os.WriteFile(filepath.Join(dir, name), enc(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// gzStored compresses without compression, so the .gz length depends only on
// the content's length.
func gzStored(b []byte) []byte {
	var out bytes.Buffer
	w, _ := gzip.NewWriterLevel(&out, gzip.NoCompression)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// gzTwoMembers writes two gzip members, which gunzip concatenates; the
// trailer then covers only the second half.
func gzTwoMembers(b []byte) []byte {
	h := len(b) / 2
	return append(gz(b[:h]), gz(b[h:])...)
}

// sameMNIST reports the first difference between a and b, bit for bit.
func sameMNIST(a, b *MNIST) error {
	for _, s := range []struct {
		name string
		x, y *Images
	}{{"train", a.Train, b.Train}, {"test", a.Test, b.Test}} {
		if s.x.N != s.y.N || s.x.C != s.y.C || s.x.H != s.y.H || s.x.W != s.y.W || len(s.x.Pix) != len(s.y.Pix) {
			return fmt.Errorf("%s: %d×%d×%d×%d against %d×%d×%d×%d", s.name, s.x.N, s.x.C, s.x.H, s.x.W, s.y.N, s.y.C, s.y.H, s.y.W)
		}
		for i := range s.x.Pix {
			if math.Float32bits(s.x.Pix[i]) != math.Float32bits(s.y.Pix[i]) {
				return fmt.Errorf("%s: Pix[%d] %v against %v", s.name, i, s.x.Pix[i], s.y.Pix[i])
			}
		}
	}
	for _, s := range []struct {
		name string
		x, y []int
	}{{"train labels", a.TrainLabels, b.TrainLabels}, {"test labels", a.TestLabels, b.TestLabels}} {
		if len(s.x) != len(s.y) {
			return fmt.Errorf("%s: %d against %d", s.name, len(s.x), len(s.y))
		}
		for i := range s.x {
			if s.x[i] != s.y[i] {
				return fmt.Errorf("%s: [%d] %d against %d", s.name, i, s.x[i], s.y[i])
			}
		}
	}
	return nil
}

// wantMNIST decodes s with the public readers, from memory.
func (s smallMNIST) want(t *testing.T) *MNIST {
	t.Helper()
	var m MNIST
	var err error
	m.Train, err = ReadIDXImages(bytes.NewReader(s[MNISTTrainImages]))
	if err == nil {
		m.Test, err = ReadIDXImages(bytes.NewReader(s[MNISTTestImages]))
	}
	if err == nil {
		m.TrainLabels, err = ReadIDXLabels(bytes.NewReader(s[MNISTTrainLabels]))
	}
	if err == nil {
		m.TestLabels, err = ReadIDXLabels(bytes.NewReader(s[MNISTTestLabels]))
	}
	if err != nil {
		t.Fatal(err)
	}
	return &m
}

// cacheFolders lists the per-source subfolders of the MNIST cache under root.
func cacheFolders(t *testing.T, root string) []string {
	t.Helper()
	d, err := filepath.Glob(filepath.Join(root, "mnist", "*"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// load reads dir through loadMNIST (past the per-process map) and checks the
// result and the number of files that came from the cache.
func load(t *testing.T, dir string, want *MNIST, wantCached int, when string) {
	t.Helper()
	m, cached, err := loadMNIST(dir)
	if err != nil {
		t.Fatalf("%s: %v", when, err)
	}
	if err := sameMNIST(m, want); err != nil {
		t.Errorf("%s: %v", when, err)
	}
	if cached != wantCached {
		t.Errorf("%s: %d files from the cache, want %d", when, cached, wantCached)
	}
}

func TestMNISTDiskCache(t *testing.T) {
	src := newSmallMNIST(5, 0)
	cases := []struct {
		name   string
		file   string                          // cached file to damage, without .gz
		damage func(b []byte) []byte           // what happens to it
		after  int                             // files taken from the cache after the damage
		fix    func(t *testing.T, path string) // optional other damage
	}{
		{name: "untouched", after: 4},
		{"truncated images", "train-images-idx3-ubyte", func(b []byte) []byte { return b[:len(b)-1] }, 3, nil},
		{"truncated header", "t10k-images-idx3-ubyte", func(b []byte) []byte { return b[:10] }, 3, nil},
		{"empty", "train-images-idx3-ubyte", func(b []byte) []byte { return nil }, 3, nil},
		{"pixel flipped", "train-images-idx3-ubyte", func(b []byte) []byte { b[len(b)-1] ^= 1; return b }, 3, nil},
		{"magic changed", "train-images-idx3-ubyte", func(b []byte) []byte { b[3] = 1; return b }, 3, nil},
		{"dimension changed", "t10k-images-idx3-ubyte", func(b []byte) []byte { b[7] = 1; return b }, 3, nil},
		{"trailing byte", "train-images-idx3-ubyte", func(b []byte) []byte { return append(b, 0) }, 3, nil},
		{"label flipped", "train-labels-idx1-ubyte", func(b []byte) []byte { b[len(b)-1] ^= 1; return b }, 3, nil},
		{"labels truncated", "t10k-labels-idx1-ubyte", func(b []byte) []byte { return b[:len(b)-2] }, 3, nil},
		{name: "replaced by a folder", file: "train-images-idx3-ubyte", after: 3, fix: func(t *testing.T, p string) {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			t.Setenv("MLKIT_CACHE_DIR", root)
			dir := filepath.Join(t.TempDir(), "src")
			src.write(t, dir, gz)
			want := src.want(t)

			load(t, dir, want, 0, "first load")
			folders := cacheFolders(t, root)
			if len(folders) != 1 {
				t.Fatalf("cache folders %v, want one", folders)
			}
			for name, b := range src {
				got, err := os.ReadFile(filepath.Join(folders[0], strings.TrimSuffix(name, ".gz")))
				if err != nil || !bytes.Equal(got, b) {
					t.Errorf("cached %s: %d bytes (%v), want the %d decompressed bytes", name, len(got), err, len(b))
				}
			}
			load(t, dir, want, 4, "second load")

			if c.file != "" {
				p := filepath.Join(folders[0], c.file)
				if c.fix != nil {
					c.fix(t, p)
				} else {
					b, err := os.ReadFile(p)
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, c.damage(b), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			load(t, dir, want, c.after, "after the damage")
			// The .gz was read and the cache written again, unless a
			// folder stands in the way.
			wantLast := 4
			if c.fix != nil {
				wantLast = 3
			}
			load(t, dir, want, wantLast, "after rewriting")
		})
	}
}

func TestMNISTCacheUnwritable(t *testing.T) {
	// A regular file where the cache folder should be: creating folders
	// under it fails even for root, unlike a read-only mode.
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("MLKIT_CACHE_DIR", filepath.Join(blocker, "cache"))
	src := newSmallMNIST(5, 0)
	dir := t.TempDir()
	src.write(t, dir, gz)
	want := src.want(t)
	load(t, dir, want, 0, "first load")
	load(t, dir, want, 0, "second load")
}

func TestMNISTCacheSource(t *testing.T) {
	cases := []struct {
		name    string
		enc     func([]byte) []byte
		change  func(t *testing.T, dir string) (string, smallMNIST) // returns the new folder and content
		cached  int                                                 // files from the cache after the change
		folders int                                                 // cache subfolders in the end
	}{
		{"other folder, same files", gz, func(t *testing.T, dir string) (string, smallMNIST) {
			other := dir + "-copy"
			s := newSmallMNIST(5, 0)
			s.write(t, other, gz)
			return other, s
		}, 0, 2},
		{"train images of another size", gz, func(t *testing.T, dir string) (string, smallMNIST) {
			s := newSmallMNIST(6, 0)
			s.write(t, dir, gz)
			return dir, s
		}, 0, 2},
		{"same sizes and times, other pixels", gzStored, func(t *testing.T, dir string) (string, smallMNIST) {
			s := newSmallMNIST(5, 1)
			for name, b := range s {
				p := filepath.Join(dir, name)
				st, err := os.Stat(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, gzStored(b), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Chtimes(p, st.ModTime(), st.ModTime()); err != nil {
					t.Fatal(err)
				}
				if st2, _ := os.Stat(p); st2.Size() != st.Size() || !st2.ModTime().Equal(st.ModTime()) {
					t.Fatalf("%s: size or time changed", name)
				}
			}
			return dir, s
		}, 0, 2},
		{"touched, same content", gz, func(t *testing.T, dir string) (string, smallMNIST) {
			later := time.Now().Add(time.Hour)
			for _, name := range []string{MNISTTrainImages, MNISTTestImages, MNISTTrainLabels, MNISTTestLabels} {
				if err := os.Chtimes(filepath.Join(dir, name), later, later); err != nil {
					t.Fatal(err)
				}
			}
			return dir, newSmallMNIST(5, 0)
		}, 0, 2},
		{"nothing changed", gz, func(t *testing.T, dir string) (string, smallMNIST) {
			return dir, newSmallMNIST(5, 0)
		}, 4, 1},
		// Not cached: an uncompressed IDX under the .gz name is read as it
		// is, and two gzip members could not be checked against the trailer.
		{"uncompressed files", func(b []byte) []byte { return b }, func(t *testing.T, dir string) (string, smallMNIST) {
			return dir, newSmallMNIST(5, 0)
		}, 0, 0},
		{"two gzip members", gzTwoMembers, func(t *testing.T, dir string) (string, smallMNIST) {
			return dir, newSmallMNIST(5, 0)
		}, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			t.Setenv("MLKIT_CACHE_DIR", root)
			dir := filepath.Join(t.TempDir(), "src")
			src := newSmallMNIST(5, 0)
			src.write(t, dir, c.enc)
			load(t, dir, src.want(t), 0, "first load")
			dir2, src2 := c.change(t, dir)
			load(t, dir2, src2.want(t), c.cached, "after the change")
			if got := cacheFolders(t, root); len(got) != c.folders {
				t.Errorf("cache folders %v, want %d", got, c.folders)
			}
		})
	}
}

func TestMNISTCacheRoot(t *testing.T) {
	t.Setenv("MLKIT_CACHE_DIR", "/some/cache")
	if got, want := mnistCacheRoot(), filepath.Join("/some/cache", "mnist"); got != want {
		t.Errorf("with MLKIT_CACHE_DIR: %q, want %q", got, want)
	}
	t.Setenv("MLKIT_CACHE_DIR", "")
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // os.UserCacheDir on Linux and BSDs
	user, err := os.UserCacheDir()
	if err != nil {
		t.Skip(err)
	}
	if got, want := mnistCacheRoot(), filepath.Join(user, "gonb-mlkit", "mnist"); got != want {
		t.Errorf("without MLKIT_CACHE_DIR: %q, want %q", got, want)
	}
}

// TestMNISTDiskCacheReal loads the real MNIST from its .gz files, then from
// the cache they leave, and checks both against the shared value.
func TestMNISTDiskCacheReal(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("-short or -race: two more full MNIST loads")
	}
	ref := mustLoadMNIST(t)
	dir, err := MNISTDir()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("MLKIT_CACHE_DIR", t.TempDir())
	load(t, dir, ref, 0, "cold")
	load(t, dir, ref, 4, "warm")
}

func TestGoModCache(t *testing.T) {
	home := t.TempDir()
	envFile := filepath.Join(t.TempDir(), "env")
	cases := []struct {
		name               string
		gomodcache, gopath string
		file               string // go env file content, "" for none
		want               string
	}{
		{"GOMODCACHE", "/m/cache", "/g", "GOMODCACHE=/f/cache\n", "/m/cache"},
		{"GOPATH list", "", "/g1" + string(filepath.ListSeparator) + "/g2", "", "/g1/pkg/mod"},
		{"default", "", "", "", filepath.Join(home, "go", "pkg", "mod")},
		{"env file GOMODCACHE", "", "/g", "# comment\nGOPATH=/f\n\nGOMODCACHE=/f/cache\n", "/f/cache"},
		{"env file GOPATH", "", "", "GOPATH=/f\ngomodcache=/lower\n", "/f/pkg/mod"},
		{"last line wins", "", "", "GOPATH=/a\nGOPATH=/b", "/b/pkg/mod"},
		{"relative", "rel/cache", "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("HOME", home)
			t.Setenv("GOMODCACHE", c.gomodcache)
			t.Setenv("GOPATH", c.gopath)
			t.Setenv("GOENV", "off")
			if c.file != "" {
				if err := os.WriteFile(envFile, []byte(c.file), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Setenv("GOENV", envFile)
			}
			if got := goModCache(); got != filepath.FromSlash(c.want) {
				t.Errorf("goModCache()=%q, want %q", got, c.want)
			}
		})
	}
}

// TestGoModCacheAgreesWithGo checks the computed module cache against the go
// command's answer in this environment.
func TestGoModCacheAgreesWithGo(t *testing.T) {
	out, err := goCommand("env", "GOMODCACHE")
	if err != nil {
		t.Skip("no go command:", err)
	}
	if got, want := goModCache(), strings.TrimSpace(string(out)); got != want {
		t.Errorf("goModCache()=%q, go env GOMODCACHE=%q", got, want)
	}
}

// TestMNISTDirWithoutGo finds MNIST in a module cache under GOPATH with no go
// command on PATH.
func TestMNISTDirWithoutGo(t *testing.T) {
	mnistDirMu.Lock()
	saved := mnistDir
	mnistDir = ""
	mnistDirMu.Unlock()
	t.Cleanup(func() {
		mnistDirMu.Lock()
		mnistDir = saved
		mnistDirMu.Unlock()
	})
	gopath := t.TempDir()
	want := mnistModuleDir(filepath.Join(gopath, "pkg", "mod"))
	if err := os.MkdirAll(want, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(want, MNISTTrainImages), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("MNIST_DIR", "")
	t.Setenv("GOMODCACHE", "")
	t.Setenv("GOENV", "off")
	t.Setenv("GOPATH", gopath)
	t.Setenv("PATH", "")
	if _, err := exec.LookPath("go"); err == nil {
		t.Fatal("go still on PATH")
	}
	if got, err := MNISTDir(); err != nil || got != want {
		t.Errorf("MNISTDir()=%q, %v; want %q", got, err, want)
	}
}
