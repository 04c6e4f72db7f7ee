// Package gobtest helps the kit's tests check that fitted models survive
// encoding/gob (the format memo keeps values in).
package gobtest

import (
	"bytes"
	"encoding/gob"
	"testing"
)

// RoundTrip encodes v with encoding/gob and decodes it into a new value of
// the same type, failing the test on any error.
func RoundTrip[T any](t testing.TB, v T) T {
	t.Helper()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		t.Fatalf("gob encode %T: %v", v, err)
	}
	var out T
	if err := gob.NewDecoder(&buf).Decode(&out); err != nil {
		t.Fatalf("gob decode %T: %v", v, err)
	}
	return out
}

// SameFloats reports whether a and b hold the same bits.
func SameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(a[i] != a[i] && b[i] != b[i]) {
			return false
		}
	}
	return true
}
