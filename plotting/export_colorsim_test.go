package plotting

// DeltaE2000 exposes deltaE2000 on L*a*b* triples to the tests, which check
// it against Sharma et al.'s published pairs.
func DeltaE2000(l1, l2 [3]float64) float64 {
	return deltaE2000(l1[0], l1[1], l1[2], l2[0], l2[1], l2[2])
}
