//go:build openblas

package nn

import (
	"gonum.org/v1/netlib/blas/netlib"
	G "gorgonia.org/gorgonia"

	// The kit's BLAS switch routes gonum's blas64 through OpenBLAS as well.
	_ "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/accel"
)

// Built with the tag openblas, gorgonia's own BLAS calls (the matrix
// products of stock ops) and the kit's dense Ops' matrix products run on
// OpenBLAS (on one thread: accel sets it, so results do not depend on the
// core count). The kit's convolution Ops do not go through BLAS
// (kernels.go).
func init() {
	G.Use(netlib.Implementation{})
	sgemm = netlib.Implementation{}
}
