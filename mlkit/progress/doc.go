// Package progress reports the progress of long work: an updating HTML bar
// (with an optional live line plot of a metric) when the code runs inside a
// GoNB cell, a terminal bar on a TTY, and nothing under go test or when
// output is not a terminal.
//
// Estimators take a Reporter in their Progress field; nil means Auto:
//
//	rep := progress.For(e.Progress) // once per Fit
//	rep.Start("k-means", e.MaxIter)
//	it := 0
//	for it < e.MaxIter && !converged {
//		it++
//		// ... one iteration ...
//		rep.Update(it, progress.Metric{Name: "inertia", Value: inertia})
//	}
//	rep.Finish(fmt.Sprintf("%d iterations, inertia %.4g", it, inertia))
//
// A notebook cell gets a bar over a plain loop with Range:
//
//	for i := range progress.Range("simulating", 1000) { step(i) }
//
// The visible bars (HTML, Terminal) appear only once a task has run for
// DefaultDelay (half a second), so short tasks leave no trace, and redraw at
// most every DefaultInterval (five times a second). In GoNB the running bar
// lives in a transient output block (gonbui.UpdateHTML) and the final state
// is displayed for good (gonbui.DisplayHTML), so the saved notebook shows
// how each long task ended. A bar follows one task at a time: Start during
// a task finishes it first. Recorder keeps every call, for tests.
package progress
