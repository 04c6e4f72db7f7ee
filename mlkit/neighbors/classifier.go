package neighbors

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// Weighting says how the K neighbours' votes are weighted.
type Weighting int

const (
	// Uniform: every neighbour's vote counts the same (scikit-learn's
	// weights="uniform", the default).
	Uniform Weighting = iota
	// Distance: a neighbour's vote is 1/distance; neighbours at distance 0,
	// when there are any, get all the weight (scikit-learn's
	// weights="distance").
	Distance
)

// String returns "uniform" or "distance", scikit-learn's weights names.
func (w Weighting) String() string {
	switch w {
	case Uniform:
		return "uniform"
	case Distance:
		return "distance"
	}
	return fmt.Sprintf("Weighting(%d)", int(w))
}

// KNNClassifier is the k-nearest-neighbour classifier (Cover & Hart 1967):
// a query gets the class with the largest (weighted) vote among its K
// nearest training rows in Euclidean distance; ties go to the smallest
// label, as scikit-learn's KNeighborsClassifier.
//
// The zero value means K = 5, Uniform weights.
type KNNClassifier struct {
	// K is the number of neighbours (≥ 1); 0 means 5.
	K int
	// Weights is Uniform (default) or Distance.
	Weights Weighting
	// Algorithm picks brute force or a k-d tree (see KNN); Auto by default.
	Algorithm Algorithm
}

// KNNClassifierModel is a fitted k-NN classifier: it keeps the training data
// (a reference, not a copy: do not change X after Fit). It survives
// encoding/gob (and so memo): the search structure is rebuilt from X when the
// model is read back, and predictions are the same bits.
type KNNClassifierModel struct {
	// Classes are the distinct training labels, sorted; column j of
	// PredictProba is the probability of Classes[j].
	Classes []int
	// K is the number of neighbours that vote.
	K int
	// Weights is how the votes are weighted.
	Weights Weighting
	// Algorithm is the search structure used (as configured; Auto resolves
	// by the columns of X).
	Algorithm Algorithm
	// X holds the training rows and Labels their labels.
	X      *mat.Dense
	Labels []int

	ix  searcher
	d   int
	idx []int // class index of each training row
}

// Fit stores X (n×d) and labels y (n non-negative ids).
func (c KNNClassifier) Fit(X *mat.Dense, y []int) (*KNNClassifierModel, error) {
	const where = "neighbors: KNNClassifier.Fit"
	k := KNN{K: c.K}.k()
	if c.Weights != Uniform && c.Weights != Distance {
		return nil, check.Errorf(where, check.ErrValue, "Weights=%d, want Uniform or Distance", int(c.Weights))
	}
	ix, n, d, err := newSearcher(where, X, c.Algorithm)
	if err != nil {
		return nil, err
	}
	if k < 1 || k > n {
		return nil, check.Errorf(where, check.ErrValue, "K=%d, want 1 ≤ K ≤ %d (the samples in X)", k, n)
	}
	if _, _, err := check.Labels(where, "y", y, n); err != nil {
		return nil, err
	}
	m := &KNNClassifierModel{K: k, Weights: c.Weights, Algorithm: c.Algorithm, X: X, Labels: slices.Clone(y), ix: ix, d: d}
	m.index()
	return m, nil
}

// index fills Classes and the class index of each training row from Labels.
func (m *KNNClassifierModel) index() {
	classes := slices.Clone(m.Labels)
	slices.Sort(classes)
	m.Classes = slices.Compact(classes)
	pos := make(map[int]int, len(m.Classes))
	for i, v := range m.Classes {
		pos[v] = i
	}
	m.idx = make([]int, len(m.Labels))
	for i, v := range m.Labels {
		m.idx[i] = pos[v]
	}
}

// knnClassifierWire is the model's exported state, encoded without the
// methods below (which would recurse).
type knnClassifierWire KNNClassifierModel

// GobEncode stores the model's exported fields.
func (m *KNNClassifierModel) GobEncode() ([]byte, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode((*knnClassifierWire)(m)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// GobDecode restores a stored model and rebuilds its search structure,
// checking the stored fields as Fit checks its arguments.
func (m *KNNClassifierModel) GobDecode(b []byte) error {
	const where = "neighbors: KNNClassifierModel.GobDecode"
	var w knnClassifierWire
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&w); err != nil {
		return check.Errorf(where, check.ErrFile, "%v", err)
	}
	fit, err := KNNClassifier{K: w.K, Weights: w.Weights, Algorithm: w.Algorithm}.Fit(w.X, w.Labels)
	if err != nil {
		return check.Errorf(where, check.ErrFile, "the stored model does not fit back: %v", err)
	}
	*m = *fit
	return nil
}

// PredictProba returns the n×len(Classes) vote shares of each query's K
// nearest training rows (rows sum to one).
func (m *KNNClassifierModel) PredictProba(X *mat.Dense) (*mat.Dense, error) {
	return m.PredictProbaContext(context.Background(), X)
}

// PredictProbaContext is PredictProba stopping between blocks of 128 queries
// when ctx is done (the error then wraps ctx.Err()).
func (m *KNNClassifierModel) PredictProbaContext(ctx context.Context, X *mat.Dense) (*mat.Dense, error) {
	const where = "neighbors: KNNClassifierModel.PredictProba"
	if err := m.checkQuery(where, X); err != nil {
		return nil, err
	}
	return m.proba(ctx, where, X)
}

// Predict returns the label with the largest vote for each query row.
func (m *KNNClassifierModel) Predict(X *mat.Dense) ([]int, error) {
	return m.PredictContext(context.Background(), X)
}

// PredictContext is Predict stopping between blocks of 128 queries when ctx
// is done (the error then wraps ctx.Err()).
func (m *KNNClassifierModel) PredictContext(ctx context.Context, X *mat.Dense) ([]int, error) {
	const where = "neighbors: KNNClassifierModel.Predict"
	if err := m.checkQuery(where, X); err != nil {
		return nil, err
	}
	P, err := m.proba(ctx, where, X)
	if err != nil {
		return nil, err
	}
	n, _ := P.Dims()
	out := make([]int, n)
	for i := range out {
		row := P.RawRowView(i)
		best := 0
		for j, v := range row {
			if v > row[best] {
				best = j
			}
		}
		out[i] = m.Classes[best]
	}
	return out, nil
}

// Score returns the mean accuracy of Predict(X) against y.
func (m *KNNClassifierModel) Score(X *mat.Dense, y []int) (float64, error) {
	pred, err := m.Predict(X)
	if err != nil {
		return 0, err
	}
	if len(y) != len(pred) {
		return 0, check.Errorf("neighbors: KNNClassifierModel.Score", check.ErrShape, "y has %d labels, want %d (one per row)", len(y), len(pred))
	}
	ok := 0
	for i, v := range y {
		if pred[i] == v {
			ok++
		}
	}
	return float64(ok) / float64(len(y)), nil
}

func (m *KNNClassifierModel) checkQuery(where string, X *mat.Dense) error {
	if m == nil || m.ix == nil {
		return check.Errorf(where, check.ErrEmpty, "the model is nil or was not made by KNNClassifier.Fit")
	}
	if X == nil {
		return check.Errorf(where, check.ErrEmpty, "X is nil")
	}
	return check.Cols(where, "X", X, m.d)
}

func (m *KNNClassifierModel) proba(ctx context.Context, where string, X *mat.Dense) (*mat.Dense, error) {
	nb, err := m.ix.search(ctx, progress.Silent, X, m.K, false)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	n := len(nb.Indices)
	P := mat.NewDense(n, len(m.Classes), nil)
	for i := 0; i < n; i++ {
		row := P.RawRowView(i)
		dist := nb.Distances[i]
		zero := false
		if m.Weights == Distance {
			for _, d := range dist {
				if d == 0 {
					zero = true
				}
			}
		}
		total := 0.0
		for c, j := range nb.Indices[i] {
			w := 1.0
			if m.Weights == Distance {
				switch {
				case zero && dist[c] == 0:
					w = 1
				case zero:
					w = 0
				default:
					w = 1 / dist[c]
				}
			}
			row[m.idx[j]] += w
			total += w
		}
		for c := range row {
			row[c] /= total
		}
	}
	return P, nil
}
