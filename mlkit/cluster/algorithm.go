package cluster

import "fmt"

// Algorithm selects how KMeans runs its iterations. Both minimise the same
// objective from the same initial centroids and reach the same partition up to
// rounding; they differ in speed.
type Algorithm int

const (
	// Lloyd is the classic batch k-means iteration (Lloyd 1982): every
	// iteration computes all n×K distances, as one matrix product per chunk of
	// rows. The default. Its speed depends on the BLAS: built with the tag
	// openblas it is about 3 times faster than without.
	Lloyd Algorithm = iota
	// Elkan skips most distance computations by keeping triangle-inequality
	// bounds per sample (Elkan 2003). It pays off for well-separated clusters
	// and moderate K; it needs n×K extra memory for the lower bounds. It
	// computes few distances once the centroids settle, so it gains most
	// where matrix products are slow (pure-Go builds).
	Elkan
)

// String returns "lloyd" or "elkan", the names scikit-learn uses.
func (a Algorithm) String() string {
	switch a {
	case Lloyd:
		return "lloyd"
	case Elkan:
		return "elkan"
	}
	return fmt.Sprintf("Algorithm(%d)", int(a))
}
