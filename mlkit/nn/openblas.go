//go:build openblas

package nn

import (
	"gonum.org/v1/netlib/blas/netlib"
	G "gorgonia.org/gorgonia"

	// The kit's BLAS switch routes gonum's blas64 through OpenBLAS as well.
	_ "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/accel"
)

// Built with the tag openblas, gorgonia's own BLAS calls (the matrix
// products of stock ops and of layers that use them) run on OpenBLAS. The
// kit's convolution Ops do not go through BLAS (kernels.go).
func init() { G.Use(netlib.Implementation{}) }
