//go:build race

package plotting_test

// raceEnabled trims the rendering tests under the race detector, which
// makes rasterising text about ten times slower; the figures have no
// concurrency of their own to check.
const raceEnabled = true
