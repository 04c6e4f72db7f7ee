package sample

import (
	"fmt"
	"slices"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// StratifiedSubsample draws perClass indices of every class of y at random
// without replacement: a tiny training set of 3, 5 or 10 rows per class.
// The indices come back in increasing order; Complement gives the rows left
// to score on. Every class needs at least perClass members.
func StratifiedSubsample(y []int, perClass int, seed uint64) ([]int, error) {
	const where = "sample: StratifiedSubsample"
	if _, _, err := check.Labels(where, "y", y, -1); err != nil {
		return nil, err
	}
	if perClass < 1 {
		return nil, check.Errorf(where, check.ErrValue, "perClass=%d, want at least 1", perClass)
	}
	classes, members := byClass(y)
	for j, m := range members {
		if len(m) < perClass {
			return nil, check.Errorf(where, check.ErrValue, "class %d has %d members, fewer than perClass=%d", classes[j], len(m), perClass)
		}
	}
	rng := randx.New(seed)
	out := make([]int, 0, perClass*len(classes))
	for _, m := range members {
		for _, p := range rng.Perm(len(m))[:perClass] {
			out = append(out, m[p])
		}
	}
	slices.Sort(out)
	return out, nil
}

// Complement returns the indices 0..n-1 not in idx, in increasing order
// (the held-out rows of a subsample).
func Complement(n int, idx []int) ([]int, error) {
	const where = "sample: Complement"
	if n < 0 {
		return nil, check.Errorf(where, check.ErrValue, "n=%d, want ≥ 0", n)
	}
	in := make([]bool, n)
	for k, i := range idx {
		if i < 0 || i >= n {
			return nil, check.Errorf(where, check.ErrValue, "idx[%d]=%d, want an index in [0, %d)", k, i, n)
		}
		in[i] = true
	}
	out := make([]int, 0, n)
	for i, ok := range in {
		if !ok {
			out = append(out, i)
		}
	}
	return out, nil
}

// LeaveOneOut returns the n folds that each hold out one sample (Test = {i},
// Train the other n−1), as scikit-learn's LeaveOneOut. n must be at least 2.
func LeaveOneOut(n int) ([]data.Fold, error) {
	if n < 2 {
		return nil, check.Errorf("sample: LeaveOneOut", check.ErrValue, "n=%d, want at least 2 samples", n)
	}
	out := make([]data.Fold, n)
	for i := range out {
		tr := make([]int, 0, n-1)
		for j := range n {
			if j != i {
				tr = append(tr, j)
			}
		}
		out[i] = data.Fold{Train: tr, Test: []int{i}}
	}
	return out, nil
}

// RepeatedStratifiedKFold returns repeats·k folds: repeat r is
// data.StratifiedKFold(y, k, ·) with its own seed derived from seed and r,
// as scikit-learn's RepeatedStratifiedKFold reshuffles each repetition.
// Folds of one repetition are consecutive (fold f of repeat r at r·k+f).
func RepeatedStratifiedKFold(y []int, k, repeats int, seed uint64) ([]data.Fold, error) {
	const where = "sample: RepeatedStratifiedKFold"
	if repeats < 1 {
		return nil, check.Errorf(where, check.ErrValue, "repeats=%d, want at least 1", repeats)
	}
	out := make([]data.Fold, 0, k*repeats)
	for r := range repeats {
		f, err := data.StratifiedKFold(y, k, randx.Stream(seed, uint64(r)).Uint64())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		out = append(out, f...)
	}
	return out, nil
}
