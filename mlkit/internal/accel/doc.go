// Package accel owns the kit's one switch between pure-Go BLAS and OpenBLAS.
//
// Built without tags, gonum's pure-Go BLAS does the linear algebra. Built with
// the tag openblas (which needs libopenblas-dev), importing this package
// routes gonum's blas64 through OpenBLAS via cgo. Every package that does
// BLAS-shaped work imports it for that side effect; Name reports which
// implementation is active.
package accel
