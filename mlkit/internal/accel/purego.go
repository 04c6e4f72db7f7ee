//go:build !openblas

package accel

// Name is the BLAS implementation in use.
const Name = "gonum (pure Go)"

// OpenBLAS reports whether gonum's BLAS runs on OpenBLAS (on one thread).
const OpenBLAS = false
