// Package randx derives the kit's seeded random streams. Every estimator
// builds its generators here from its Seed field, never from the clock or the
// global source, and work split over goroutines gets one stream per chunk
// (not per goroutine), so results do not depend on GOMAXPROCS.
package randx

import "math/rand/v2"

// golden is the 64-bit golden-ratio constant used to decorrelate streams.
const golden = 0x9e3779b97f4a7c15

// New returns the generator for seed.
func New(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^golden))
}

// Stream returns the generator for sub-stream k of seed (for example chunk k of
// a parallel loop, or initialisation k of n_init). Streams of different k are
// independent of each other and of New(seed).
func Stream(seed, k uint64) *rand.Rand {
	s := splitmix(seed ^ splitmix(k+1))
	return rand.New(rand.NewPCG(s, splitmix(s)))
}

// splitmix is SplitMix64's finaliser (Steele, Lea, Flood 2014).
func splitmix(x uint64) uint64 {
	x += golden
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
