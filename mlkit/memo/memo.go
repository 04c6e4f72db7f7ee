// Package memo keeps the results of expensive notebook cells on disk, so that
// later cells can use them.
//
// GoNB compiles and runs every cell as a new program that carries the earlier
// cells' declarations but none of their values: a model trained in one cell
// is gone in the next, and a top-level `var m = train()` would train again in
// every later cell. memo.Value computes a value once per key and reads it back
// (encoding/gob) afterwards:
//
//	var ae = must.M1(memo.Value("01/ae-wide-"+cfg.String(), func() (*nn.Autoencoder, error) { ... }))
//
// Put everything that changes the result into the key, so editing a cell's
// parameters computes anew. Values live in Dir: the environment variable
// MLKIT_MEMO_DIR, else, inside a GoNB kernel, a folder in the kernel's own
// temporary directory (GONB_TMP_DIR), so that two notebooks running at once
// never see each other's values and GoNB removes them when the kernel stops;
// else a folder under os.TempDir(). A notebook's first cell calls Clear with
// its prefix so that every run of the notebook computes its results afresh
// and only later cells reuse them.
//
// Values must be gob-encodable: exported fields, or types implementing
// encoding.BinaryMarshaler (such as *mat.Dense).
package memo

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// path maps a key to a file: the key's first segment (up to '/') names a
// folder, so that Clear can drop one notebook's values; the rest is hashed.
func path(key string) string {
	prefix, _, _ := strings.Cut(key, "/")
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(Dir(), sanitize(prefix), hex.EncodeToString(sum[:12])+".gob")
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

// Value returns the value kept under key, computing and keeping it with
// compute when there is none. An error from compute is returned and nothing
// is kept. A kept file that no longer decodes into T is computed anew.
func Value[T any](key string, compute func() (T, error)) (T, error) {
	var zero T
	if key == "" {
		return zero, errors.New("memo: Value: key is empty, want a name that identifies the result")
	}
	p := path(key)
	if raw, err := os.ReadFile(p); err == nil {
		var v T
		if gob.NewDecoder(bytes.NewReader(raw)).Decode(&v) == nil {
			return v, nil
		}
	}
	v, err := compute()
	if err != nil {
		return zero, err
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return zero, fmt.Errorf("memo: Value(%q): the value does not gob-encode: %w", key, err)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return zero, fmt.Errorf("memo: Value(%q): %w", key, err)
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return zero, fmt.Errorf("memo: Value(%q): %w", key, err)
	}
	if err := os.Rename(tmp, p); err != nil {
		return zero, fmt.Errorf("memo: Value(%q): %w", key, err)
	}
	return v, nil
}

// Clear drops every value whose key starts with prefix + "/" (prefix must be
// non-empty: Clear("") is an error rather than a wipe of everything).
func Clear(prefix string) error {
	if prefix == "" {
		return errors.New("memo: Clear: prefix is empty, want the notebook's key prefix (e.g. \"05\")")
	}
	return os.RemoveAll(filepath.Join(Dir(), sanitize(prefix)))
}
