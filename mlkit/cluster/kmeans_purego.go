//go:build !openblas

package cluster

// blasOneThread is a no-op without OpenBLAS: gonum's pure-Go kernels run in
// the calling goroutine.
func blasOneThread() func() { return func() {} }
