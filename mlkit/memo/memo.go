// Package memo keeps the results of expensive notebook cells on disk, so that
// later cells can use them.
//
// GoNB compiles and runs every cell as a new program that carries the earlier
// cells' declarations but none of their values: a model trained in one cell
// is gone in the next, and a top-level `var m = train()` would train again in
// every later cell. memo computes a value once and reads it back
// (encoding/gob) afterwards, under a key computed from everything the value
// depends on, so that editing a hyperparameter or the data in a cell computes
// anew and nobody types keys by hand:
//
//	var km = must.M1(memo.Fit("05", cluster.KMeans{K: 10, Seed: 1}, X))
//	var lr = must.M1(memo.FitY("05", linear.LogisticRegression{C: 1}, X, y))
//	var sweep = must.M1(memo.Get(memo.Key("05", "sweep", kMin, kMax, X), func() ([]row, error) { ... }))
//
// Fit and FitY fingerprint the estimator (its type and exported fields) and
// the data; Key fingerprints any values (see Key for how). The closure given
// to Get must depend only on what is passed to Key. Reading a kept value as
// another type is an error wrapping mlkit.ErrFile.
//
// Values live in Dir: the environment variable MLKIT_MEMO_DIR, else, inside a
// GoNB kernel, a folder in the kernel's own temporary directory
// (GONB_TMP_DIR), so that two notebooks running at once never see each
// other's values and GoNB removes them when the kernel stops; else a folder
// under os.TempDir(). A notebook's first cell calls Clear with its prefix so
// that every run of the notebook computes its results afresh and only later
// cells reuse them.
//
// Values must be gob-encodable: exported fields, or types implementing
// encoding.BinaryMarshaler (such as *mat.Dense); every fitted model of the kit
// is.
//
// A kept file holds the value's type, its skeleton in gob (the value with
// every *mat.Dense, and every []float64 or []float32 of 1024 elements or
// more, left out; maps and interfaces keep theirs) and then those floats
// as raw little-endian bytes, with a table of where each goes. Reading one
// is a single os.ReadFile, and gob only decodes the skeleton: on
// little-endian machines the floats read back are the file's buffer
// itself, which stays in memory as long as any of them does.
package memo

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// Dir returns the folder where values are kept.
func Dir() string {
	if d := os.Getenv("MLKIT_MEMO_DIR"); d != "" {
		return d
	}
	if d := os.Getenv("GONB_TMP_DIR"); d != "" {
		return filepath.Join(d, "mlkit-memo")
	}
	return filepath.Join(os.TempDir(), "gonb-mlkit-memo")
}

// path maps an ID to a file: the prefix names a folder, so that Clear can
// drop one notebook's values.
func path(id ID) string {
	return filepath.Join(Dir(), sanitize(id.prefix), id.sum+".gob")
}

func sanitize(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "_"
	}
	return string(b)
}

// magic starts every kept file; the line after it names the value's type,
// and format.go describes the rest. Files of format 1 are computed anew.
const magic = "gonb-mlkit memo 2\n"

// typeName names T in kept files and messages.
func typeName[T any]() string {
	t := reflect.TypeFor[T]()
	name := t.String()
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.PkgPath() != "" {
		name += " (" + t.PkgPath() + ")"
	}
	return name
}

// Get returns the value kept under id, computing and keeping it with compute
// when there is none. An error from compute is returned and nothing is kept.
// A value kept under id as another type is an error wrapping mlkit.ErrFile
// (the same key read as two types is a bug in the notebook); a kept file of
// the same type that no longer decodes (the type's fields changed) is
// computed anew.
func Get[T any](id ID, compute func() (T, error)) (T, error) {
	var zero T
	const where = "memo: Get"
	if id.err != nil {
		return zero, id.err
	}
	if id.prefix == "" {
		return zero, check.Errorf(where, check.ErrValue, "the ID is empty, want one made by memo.Key")
	}
	if compute == nil {
		return zero, check.Errorf(where, check.ErrEmpty, "compute is nil")
	}
	want := typeName[T]()
	p := path(id)
	if raw, err := os.ReadFile(p); err == nil {
		rest, ok := bytes.CutPrefix(raw, []byte(magic))
		name, body, whole := bytes.Cut(rest, []byte("\n"))
		if ok && whole { // else cut short: computed anew
			if string(name) != want {
				return zero, check.Errorf(where, check.ErrFile, "%v holds a %s, read as a %s", id, name, want)
			}
			if v, ok := decode[T](raw, body); ok {
				return v, nil
			}
		}
	}
	v, err := compute()
	if err != nil {
		return zero, err
	}
	f, err := plan(want, v)
	if err != nil {
		return zero, check.Errorf(where, check.ErrValue, "the %s computed for %v does not gob-encode (%v); keep exported fields or implement encoding.BinaryMarshaler", want, id, err)
	}
	if err := keep(p, f); err != nil {
		return zero, fmt.Errorf("%s(%v): %w", where, id, err)
	}
	return v, nil
}

// keep writes f to p through a temporary file renamed into place, so that
// a reader never sees half a file.
func keep(p string, f *file) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s.%d.tmp", p, os.Getpid())
	w, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	err = f.write(w)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, p)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// Fit returns est.Fit(X), kept under a key made from est (its type and every
// exported field but behaviour such as Progress) and X (its shape and
// contents): changing a hyperparameter or the data fits anew.
//
//	km := must.M1(memo.Fit("05", cluster.KMeans{K: 10, Seed: 1}, X))
func Fit[M any](prefix string, est interface{ Fit(*mat.Dense) (M, error) }, X *mat.Dense) (M, error) {
	if isNil(est) {
		var zero M
		return zero, check.Errorf("memo: Fit", check.ErrEmpty, "est is nil")
	}
	return Get(Key(prefix, "Fit", est, X), func() (M, error) { return est.Fit(X) })
}

// FitY returns est.Fit(X, y) for a supervised estimator (labels []int or
// targets []float64), kept under a key made from est, X and y.
//
//	lr := must.M1(memo.FitY("05", linear.LogisticRegression{C: 1}, X, y))
func FitY[M, Y any](prefix string, est interface {
	Fit(*mat.Dense, Y) (M, error)
}, X *mat.Dense, y Y) (M, error) {
	if isNil(est) {
		var zero M
		return zero, check.Errorf("memo: FitY", check.ErrEmpty, "est is nil")
	}
	return Get(Key(prefix, "FitY", est, X, y), func() (M, error) { return est.Fit(X, y) })
}

// isNil reports a nil interface or a typed nil pointer.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	r := reflect.ValueOf(v)
	return r.Kind() == reflect.Pointer && r.IsNil()
}

// Clear drops every value whose key starts with prefix + "/" (prefix must be
// non-empty: Clear("") is an error rather than a wipe of everything).
func Clear(prefix string) error {
	if prefix == "" {
		return check.Errorf("memo: Clear", check.ErrValue, "prefix is empty, want the notebook's key prefix (e.g. \"05\")")
	}
	return os.RemoveAll(filepath.Join(Dir(), sanitize(prefix)))
}
