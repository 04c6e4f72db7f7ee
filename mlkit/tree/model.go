package tree

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// Depth is the depth of the deepest leaf (0 for a single leaf), scikit-learn's
// get_depth().
func (t *Nodes) Depth() int {
	if len(t.ChildrenLeft) == 0 {
		return 0
	}
	depth := make([]int, len(t.ChildrenLeft))
	best := 0
	// Children always have larger ids than their parent, in both builders.
	for i, l := range t.ChildrenLeft {
		if l != leafChild {
			depth[l] = depth[i] + 1
			depth[t.ChildrenRight[i]] = depth[i] + 1
		}
		best = max(best, depth[i])
	}
	return best
}

// Leaves is the number of leaves, scikit-learn's get_n_leaves().
func (t *Nodes) Leaves() int {
	n := 0
	for _, l := range t.ChildrenLeft {
		if l == leafChild {
			n++
		}
	}
	return n
}

// NodeCount is the number of nodes.
func (t *Nodes) NodeCount() int { return len(t.ChildrenLeft) }

// IsLeaf reports whether node i is a leaf.
func (t *Nodes) IsLeaf(i int) bool { return t.ChildrenLeft[i] == leafChild }

// FeatureImportances is the impurity decrease each feature brings, weighted
// by the samples reaching the split and normalised to sum to one (all zero
// for a single leaf): scikit-learn's feature_importances_ (the mean
// decrease in impurity of Breiman et al. 1984, §5.3.4).
func (t *Nodes) FeatureImportances() []float64 {
	imp := make([]float64, t.NFeatures)
	for i, l := range t.ChildrenLeft {
		if l == leafChild {
			continue
		}
		r := t.ChildrenRight[i]
		imp[t.Feature[i]] += t.WeightedNSamples[i]*t.Impurity[i] -
			t.WeightedNSamples[l]*t.Impurity[l] - t.WeightedNSamples[r]*t.Impurity[r]
	}
	if len(t.WeightedNSamples) == 0 {
		return imp
	}
	for i := range imp {
		imp[i] /= t.WeightedNSamples[0]
	}
	if s := pairwiseSum(imp); s > 0 {
		for i := range imp {
			imp[i] /= s
		}
	}
	return imp
}

// pairwiseSum is numpy's sum of a contiguous float64 array (pairwise_sum in
// numpy/core/src/umath/loops_utils.h), so the normaliser has numpy's bits.
func pairwiseSum(a []float64) float64 {
	n := len(a)
	if n < 8 {
		s := 0.0
		for _, v := range a {
			s += v
		}
		return s
	}
	if n <= 128 {
		var r [8]float64
		copy(r[:], a[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for k := range r {
				r[k] += a[i+k]
			}
		}
		s := (r[0] + r[1]) + (r[2] + r[3]) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			s += a[i]
		}
		return s
	}
	n2 := n / 2
	n2 -= n2 % 8
	return pairwiseSum(a[:n2]) + pairwiseSum(a[n2:])
}

// leafOf descends from the root for one row of float32-cast features, as
// scikit-learn's Tree.apply does (X is cast to float32 before the tests).
func (t *Nodes) leafOf(row []float64) int {
	node := 0
	for t.ChildrenLeft[node] != leafChild {
		if float64(float32(row[t.Feature[node]])) <= t.Threshold[node] {
			node = t.ChildrenLeft[node]
		} else {
			node = t.ChildrenRight[node]
		}
	}
	return node
}

func (t *Nodes) apply(where string, X *mat.Dense) ([]int, error) {
	if len(t.ChildrenLeft) == 0 {
		return nil, check.Errorf(where, check.ErrEmpty, "the model has no nodes")
	}
	if err := check.Cols(where, "X", X, t.NFeatures); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	raw := X.RawMatrix()
	leaves := make([]int, n)
	for i := range n {
		row := raw.Data[i*raw.Stride : i*raw.Stride+d]
		for j, v := range row {
			if math.IsInf(float64(float32(v)), 0) {
				return nil, check.Errorf(where, check.ErrValue, "X[%d,%d]=%v overflows float32, the precision trees split on", i, j, v)
			}
		}
		leaves[i] = t.leafOf(row)
	}
	return leaves, nil
}

// Apply returns the id of the leaf each row of X lands in.
func (m *DecisionTreeModel) Apply(X *mat.Dense) ([]int, error) {
	return m.apply("tree: DecisionTreeModel.Apply", X)
}

// PredictProba returns the n×len(Classes) class shares of each row's leaf.
func (m *DecisionTreeModel) PredictProba(X *mat.Dense) (*mat.Dense, error) {
	leaves, err := m.apply("tree: DecisionTreeModel.PredictProba", X)
	if err != nil {
		return nil, err
	}
	K := len(m.Classes)
	P := mat.NewDense(len(leaves), K, nil)
	for i, l := range leaves {
		v := m.Value[l]
		s := 0.0
		for _, c := range v {
			s += c
		}
		if s == 0 {
			s = 1
		}
		for k := range K {
			P.Set(i, k, v[k]/s)
		}
	}
	return P, nil
}

// Predict returns the majority class of each row's leaf (the first class
// on a tie, as numpy's argmax).
func (m *DecisionTreeModel) Predict(X *mat.Dense) ([]int, error) {
	leaves, err := m.apply("tree: DecisionTreeModel.Predict", X)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(leaves))
	for i, l := range leaves {
		out[i] = m.Classes[argmax(m.Value[l])]
	}
	return out, nil
}

// Score is the accuracy of Predict(X) against y.
func (m *DecisionTreeModel) Score(X *mat.Dense, y []int) (float64, error) {
	pred, err := m.Predict(X)
	if err != nil {
		return 0, err
	}
	if err := check.SameLen("tree: DecisionTreeModel.Score", "y", y, "predictions", pred); err != nil {
		return 0, err
	}
	ok := 0
	for i := range y {
		if y[i] == pred[i] {
			ok++
		}
	}
	return float64(ok) / float64(len(y)), nil
}

// Apply returns the id of the leaf each row of X lands in.
func (m *RegressionTreeModel) Apply(X *mat.Dense) ([]int, error) {
	return m.apply("tree: RegressionTreeModel.Apply", X)
}

// Predict returns the mean target of each row's leaf.
func (m *RegressionTreeModel) Predict(X *mat.Dense) ([]float64, error) {
	leaves, err := m.apply("tree: RegressionTreeModel.Predict", X)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(leaves))
	for i, l := range leaves {
		out[i] = m.Value[l][0]
	}
	return out, nil
}

func argmax(v []float64) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}
