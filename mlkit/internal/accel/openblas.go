//go:build openblas

package accel

/*
#cgo LDFLAGS: -lopenblas
void openblas_set_num_threads(int num_threads);
*/
import "C"

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

func init() {
	// OpenBLAS splits a product over its own threads, and how it splits
	// depends on their number, so results would change with the machine's
	// core count; Go callers also split work over goroutines, which would
	// oversubscribe the cores. One OpenBLAS thread keeps every result
	// independent of the core count and GOMAXPROCS, and the kit parallelises
	// over row chunks itself.
	C.openblas_set_num_threads(1)
	blas64.Use(netlib.Implementation{})
}

// Name is the BLAS implementation in use.
const Name = "openblas"

// OpenBLAS reports whether gonum's BLAS runs on OpenBLAS (on one thread).
const OpenBLAS = true
