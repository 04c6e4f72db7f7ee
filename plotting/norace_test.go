//go:build !race

package plotting_test

const raceEnabled = false
