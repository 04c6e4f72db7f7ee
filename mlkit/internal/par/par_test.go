package par

import (
	"runtime"
	"sync/atomic"
	"testing"
)

func TestForVisitsEachIndexOnce(t *testing.T) {
	for _, procs := range []int{1, 4} {
		prev := runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 7, 1000} {
			hits := make([]atomic.Int32, n)
			For(n, func(i int) { hits[i].Add(1) })
			for i := range hits {
				if h := hits[i].Load(); h != 1 {
					t.Errorf("GOMAXPROCS=%d n=%d: index %d ran %d times, want 1", procs, n, i, h)
				}
			}
		}
		runtime.GOMAXPROCS(prev)
	}
}
