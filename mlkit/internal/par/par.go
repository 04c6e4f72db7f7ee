// Package par runs the kit's parallel loops. Work is split into a fixed
// number of pieces that does not depend on GOMAXPROCS, and callers write each
// piece's results to its own place and reduce them in piece order, so a seed
// gives the same bits at any GOMAXPROCS; which goroutine runs a piece never
// matters.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For runs fn(0), …, fn(n-1) on up to GOMAXPROCS goroutines, handing out
// indices one at a time so uneven pieces balance.
func For(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}
