//go:build race

package data

// raceEnabled: the race detector slows gunzip of the 47 MB MNIST training
// images to about 30 s, so the full-MNIST tests skip under -race -short; the IDX
// code paths are covered there by the small synthetic files.
const raceEnabled = true
