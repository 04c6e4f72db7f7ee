//go:build !openblas

package accel

// Name is the BLAS implementation in use.
const Name = "gonum (pure Go)"
