package explain

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// Agreement says how far an importance vector agrees with a reference one
// (the exact rule's): the Spearman rank correlation of their magnitudes and
// the share of the reference's top K features that it also ranks in its
// top K.
type Agreement struct {
	Spearman float64
	TopK     float64
	K        int
}

// Agree compares the magnitudes of v with those of the reference ref:
// Spearman(|ref|, |v|) and TopKOverlap(ref, v, k).
func Agree(ref, v []float64, k int) (Agreement, error) {
	rho, err := Spearman(absAll(ref), absAll(v))
	if err != nil {
		return Agreement{}, err
	}
	top, err := TopKOverlap(ref, v, k)
	if err != nil {
		return Agreement{}, err
	}
	return Agreement{Spearman: rho, TopK: top, K: k}, nil
}

func (a Agreement) String() string {
	return fmt.Sprintf("Spearman %+.2f, top-%d in common %.2f", a.Spearman, a.K, a.TopK)
}

func absAll(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Abs(x)
	}
	return out
}

// LocalComparison is a surrogate's LIME explanation at the representative
// of a cluster (the row nearest its centroid) beside the exact k-means
// contributions of the same row against the cluster's nearest neighbour.
type LocalComparison struct {
	// Cluster is the explained cluster, Neighbour its nearest neighbour
	// cluster and Row the representative's row in X.
	Cluster, Neighbour, Row int
	// Exact holds the row's contributions to ‖x − μ_a‖² − ‖x − μ_b‖².
	Exact []float64
	// LIME explains the surrogate's probability of the cluster at the row.
	LIME *LIMEExplanation
	// Agreement compares |LIME.Weights| with |Exact|.
	Agreement Agreement
}

// LocalComparisons holds one LocalComparison per cluster and their means.
type LocalComparisons struct {
	Points []LocalComparison
	// MeanSpearman, MeanTopK and MeanScore average the agreements and
	// LIME's local R² over the clusters.
	MeanSpearman, MeanTopK, MeanScore float64
}

// LIMEAtRepresentatives explains a surrogate classifier of a k-means
// clustering with LIME at the row nearest each centroid (Representatives)
// and compares each explanation with the exact rule at that row, over the
// top k features. The surrogate must have been trained on the cluster
// labels 0..K−1, all present, so that column a of its PredictProba is
// cluster a.
func LIMEAtRepresentatives(e *LIMEExplainer, surrogate any, centroids, X *mat.Dense, k int) (*LocalComparisons, error) {
	const where = "explain: LIMEAtRepresentatives"
	if e == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "e is nil")
	}
	if err := check.Matrix(where, "centroids", centroids); err != nil {
		return nil, err
	}
	K, _ := centroids.Dims()
	if K < 2 {
		return nil, check.Errorf(where, check.ErrValue, "centroids has %d row, want at least two clusters", K)
	}
	reps, err := Representatives(centroids, X)
	if err != nil {
		return nil, err
	}
	out := &LocalComparisons{Points: make([]LocalComparison, K)}
	for a, row := range reps {
		x := X.RawRowView(row)
		b := nearestOther(centroids, a)
		rule, err := KMeansPair(centroids, a, b)
		if err != nil {
			return nil, err
		}
		p, err := rule.Explain(x)
		if err != nil {
			return nil, err
		}
		ex, err := e.Explain(surrogate, x, a)
		if err != nil {
			return nil, err
		}
		ag, err := Agree(p.Contributions, ex.Weights, k)
		if err != nil {
			return nil, err
		}
		out.Points[a] = LocalComparison{Cluster: a, Neighbour: b, Row: row, Exact: p.Contributions, LIME: ex, Agreement: ag}
		out.MeanSpearman += ag.Spearman / float64(K)
		out.MeanTopK += ag.TopK / float64(K)
		out.MeanScore += ex.Score / float64(K)
	}
	return out, nil
}

// nearestOther is the cluster whose centroid is nearest to centroid a
// (lowest index on ties), as ExplainKMeansCluster picks it.
func nearestOther(centroids *mat.Dense, a int) int {
	k, _ := centroids.Dims()
	muA := centroids.RawRowView(a)
	best, bestD := -1, math.Inf(1)
	for c := 0; c < k; c++ {
		if c == a {
			continue
		}
		var s float64
		for j, v := range centroids.RawRowView(c) {
			s += (v - muA[j]) * (v - muA[j])
		}
		if s < bestD {
			best, bestD = c, s
		}
	}
	return best
}

// Describe is a text table, one line per cluster: the representative, the
// neighbour, LIME's score, the agreement and both top-k feature lists.
func (lc *LocalComparisons) Describe(names []string, k int) string {
	var b strings.Builder
	for _, p := range lc.Points {
		fmt.Fprintf(&b, "cluster %d vs %d, row %d: LIME R² %.2f, %v\n    exact:", p.Cluster, p.Neighbour, p.Row, p.LIME.Score, p.Agreement)
		writeTop(&b, names, Ranking(p.Exact), p.Exact, k)
		b.WriteString("    LIME: ")
		writeTop(&b, names, Ranking(p.LIME.Weights), p.LIME.Weights, k)
	}
	return b.String()
}

// SeedSpread holds quantities measured once per seed: a claim that depends
// on a seed (an initialisation, a sampling) is stated with its spread.
type SeedSpread struct {
	// Names name the quantities (columns).
	Names []string
	// Seeds are the seeds, one per row of Values.
	Seeds []uint64
	// Values is len(Seeds)×len(Names).
	Values *mat.Dense
	// Mean, Std (ddof 0), Min and Max summarise each column.
	Mean, Std, Min, Max []float64
}

// OverSeeds calls f once per seed and summarises each of the quantities it
// returns (one per name; names may be nil, then f's first result fixes their
// number). The seeds run one after another, so f may itself run in parallel.
func OverSeeds(seeds []uint64, names []string, f func(seed uint64) ([]float64, error)) (*SeedSpread, error) {
	const where = "explain: OverSeeds"
	if len(seeds) == 0 {
		return nil, check.Errorf(where, check.ErrEmpty, "seeds is empty")
	}
	if f == nil {
		return nil, check.Errorf(where, check.ErrEmpty, "f is nil")
	}
	s := &SeedSpread{Names: names, Seeds: append([]uint64(nil), seeds...)}
	for r, seed := range seeds {
		v, err := f(seed)
		if err != nil {
			return nil, err
		}
		if s.Values == nil {
			if len(v) == 0 || (names != nil && len(v) != len(names)) {
				return nil, check.Errorf(where, check.ErrShape, "f(%d) returned %d values for %d names", seed, len(v), len(names))
			}
			s.Values = mat.NewDense(len(seeds), len(v), nil)
		} else if len(v) != s.Values.RawMatrix().Cols {
			return nil, check.Errorf(where, check.ErrShape, "f(%d) returned %d values, earlier seeds %d", seed, len(v), s.Values.RawMatrix().Cols)
		}
		if err := check.Floats(where, fmt.Sprintf("f(%d)", seed), v); err != nil {
			return nil, err
		}
		s.Values.SetRow(r, v)
	}
	_, q := s.Values.Dims()
	if s.Names == nil {
		for j := range q {
			s.Names = append(s.Names, fmt.Sprintf("q%d", j))
		}
	}
	s.Mean, s.Std, s.Min, s.Max = make([]float64, q), make([]float64, q), make([]float64, q), make([]float64, q)
	n := float64(len(seeds))
	for j := range q {
		col := mat.Col(nil, j, s.Values)
		s.Min[j], s.Max[j] = math.Inf(1), math.Inf(-1)
		for _, v := range col {
			s.Mean[j] += v / n
			s.Min[j], s.Max[j] = math.Min(s.Min[j], v), math.Max(s.Max[j], v)
		}
		for _, v := range col {
			s.Std[j] += (v - s.Mean[j]) * (v - s.Mean[j]) / n
		}
		s.Std[j] = math.Sqrt(s.Std[j])
	}
	return s, nil
}

// Col returns the column of the quantity called name (nil if absent), for
// plotting.Bands or a claim over every seed.
func (s *SeedSpread) Col(name string) []float64 {
	for j, n := range s.Names {
		if n == name {
			return mat.Col(nil, j, s.Values)
		}
	}
	return nil
}

// At returns the index of the quantity called name, or −1.
func (s *SeedSpread) At(name string) int {
	for j, n := range s.Names {
		if n == name {
			return j
		}
	}
	return -1
}

// String is a table: each quantity's mean ± standard deviation and range
// over the seeds.
func (s *SeedSpread) String() string {
	var b strings.Builder
	w := 8
	for _, n := range s.Names {
		w = max(w, len([]rune(n)))
	}
	fmt.Fprintf(&b, "%-*s  %7s ± %-6s  [%7s, %7s]  over %d seeds\n", w, "", "mean", "sd", "min", "max", len(s.Seeds))
	for j, n := range s.Names {
		// fmt pads by runes, so names with ρ or ² line up.
		fmt.Fprintf(&b, "%-*s  %7.3f ± %-6.3f  [%7.3f, %7.3f]\n", w, n, s.Mean[j], s.Std[j], s.Min[j], s.Max[j])
	}
	return b.String()
}

// Relative returns v divided by its largest |value| (all zeros stay
// zeros), so that importances in different units — squared distances,
// impurity shares, score drops — can be drawn on one scale.
func Relative(v []float64) []float64 {
	var m float64
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	out := make([]float64, len(v))
	if m == 0 || math.IsInf(m, 0) || math.IsNaN(m) {
		return out
	}
	for i, x := range v {
		out[i] = x / m
	}
	return out
}
