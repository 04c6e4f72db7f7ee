package progress

import (
	"fmt"
	"iter"
)

// Range yields 0, 1, …, n-1 and reports each finished iteration to an Auto
// reporter, so a notebook cell gets a bar over a plain loop in one line:
//
//	for i := range progress.Range("simulating", 1000) {
//		step(i)
//	}
//
// The task finishes when the loop ends, also on break.
func Range(task string, n int) iter.Seq[int] {
	return RangeTo(nil, task, n)
}

// RangeTo is Range reporting to r (nil means Auto).
func RangeTo(r Reporter, task string, n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		rep := For(r)
		rep.Start(task, max(n, 0))
		i := 0
		// Finish also runs when the loop body panics or breaks, so a bar is
		// never left half drawn.
		defer func() {
			if i == n {
				rep.Finish(fmt.Sprintf("%d done", n))
			} else {
				rep.Finish(fmt.Sprintf("stopped at %d of %d", i, n))
			}
		}()
		for i < n {
			if !yield(i) {
				return
			}
			i++
			rep.Update(i)
		}
	}
}
