// Package mlkit holds what every package of the kit shares with its callers:
// the sentinel errors that each input error wraps.
//
// Every error the kit returns for bad input names the argument, its value and
// what was expected (for example `cluster: KMeans.Fit: K=12 exceeds the 10
// samples: invalid value`), and wraps exactly one of the sentinels below, so a
// notebook cell or another Go program can tell the kinds apart with errors.Is:
//
//	m, err := cluster.KMeans{K: 12}.Fit(X)
//	if errors.Is(err, mlkit.ErrValue) { ... }
//
// The packages are listed in the repository's README; each has its own doc.
package mlkit

import "errors"

// Sentinel errors. Every error the kit returns about its input wraps one of them.
var (
	// ErrEmpty: a nil argument, or an input with no rows, columns or
	// elements where some are needed.
	ErrEmpty = errors.New("empty input")
	// ErrShape: dimensions that do not match (columns against a fitted
	// model, labels against rows), or a ragged input.
	ErrShape = errors.New("shape mismatch")
	// ErrNaN: a NaN or ±Inf value in an input, or finite input whose
	// magnitude would make the computation overflow or underflow.
	ErrNaN = errors.New("non-finite value")
	// ErrValue: a hyperparameter, option or label outside its allowed range
	// (K larger than the samples, a single class where two are needed, C ≤ 0).
	ErrValue = errors.New("invalid value")
	// ErrFile: a stored model or cached value that cannot be read back: bad
	// magic bytes, checksum, version, sizes, or a value of another type.
	ErrFile = errors.New("invalid stored data")
)
