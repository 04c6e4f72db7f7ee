//go:build !race

package cluster

const gmmRace = false
