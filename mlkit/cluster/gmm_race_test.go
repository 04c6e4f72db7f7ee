//go:build race

package cluster

// gmmRace is true under the race detector, which slows the numeric EM
// tests about tenfold.
const gmmRace = true
