//go:build race

package embed

// raceEnabled: the race detector slows the O(n²) t-SNE reference runs ~10×.
const raceEnabled = true
