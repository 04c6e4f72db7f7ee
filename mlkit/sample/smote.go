package sample

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/neighbors"
)

// SMOTE is the synthetic minority over-sampling technique (Chawla, Bowyer,
// Hall & Kegelmeyer 2002, "SMOTE: Synthetic Minority Over-sampling
// Technique", JAIR 16, section 4.2) as imbalanced-learn 0.10's
// SMOTE(sampling_strategy="auto") does it: every class but the majority is
// grown to the majority's count, each new row x + u·(z − x) for x a random
// member of the class, z one of x's K nearest neighbours within the class
// (Euclidean, the row itself left out) and u uniform in [0, 1).
//
// The zero value means K = 5, Seed 0.
type SMOTE struct {
	// K is the number of same-class neighbours a synthetic row may be drawn
	// towards (≥ 1); 0 means 5. Every resampled class needs at least K+1
	// members.
	K int
	// Target, when > 0, grows every class to Target rows instead of to
	// the majority's count (imbalanced-learn's sampling_strategy as a dict
	// {class: Target}); classes that already have Target rows or more are
	// left as they are. On a balanced tiny draw, where "auto" adds
	// nothing, Target = 30 turns 5 rows per class into 30.
	Target int
	// Seed drives the choice of rows, neighbours and steps.
	Seed uint64
}

// FitResample returns X and y followed by the synthetic rows and their
// labels: classes in increasing label order, each class's new rows
// together, as imbalanced-learn appends them. The majority class is the one
// with the most members (the smallest label among ties); classes that tie
// with it get no new rows. Inputs are not modified.
func (s SMOTE) FitResample(X *mat.Dense, y []int) (Xres *mat.Dense, yres []int, err error) {
	const where = "sample: SMOTE.FitResample"
	k := s.K
	if k == 0 {
		k = 5
	}
	if k < 0 {
		return nil, nil, check.Errorf(where, check.ErrValue, "K=%d, want ≥ 1 (0 means 5)", s.K)
	}
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, nil, err
	}
	n, d := X.Dims()
	if _, _, err := check.Labels(where, "y", y, n); err != nil {
		return nil, nil, err
	}
	classes, members := byClass(y)
	if len(classes) < 2 {
		return nil, nil, check.Errorf(where, check.ErrValue, "y has one class (label %d), want at least two to over-sample the minority", classes[0])
	}
	most := 0
	for j, m := range members {
		if len(m) > len(members[most]) {
			most = j
		}
	}
	target := len(members[most])
	if s.Target < 0 {
		return nil, nil, check.Errorf(where, check.ErrValue, "Target=%d, want ≥ 0 (0 means the majority class's count)", s.Target)
	}
	if s.Target > 0 {
		target = s.Target
	}
	total := n
	for j, m := range members {
		if need := target - len(m); need > 0 && len(m) <= k {
			return nil, nil, check.Errorf(where, check.ErrValue,
				"class %d has %d members, want at least K+1=%d (a row and its K neighbours in the class)", classes[j], len(m), k+1)
		}
		total += max(target-len(m), 0)
	}
	out := mat.NewDense(total, d, nil)
	out.Slice(0, n, 0, d).(*mat.Dense).Copy(X)
	yres = make([]int, total)
	copy(yres, y)
	rng := randx.New(s.Seed)
	row := n
	for j, m := range members {
		need := target - len(m)
		if need <= 0 {
			continue
		}
		Xc := subsetRows(X, m)
		nb, err := neighbors.KNN{K: k}.SearchSelf(neighbourSpace(Xc))
		if err != nil {
			return nil, nil, err
		}
		for range need {
			// One index over the (row, neighbour) pairs, as imbalanced-learn
			// draws it, so each pair is equally likely.
			p := rng.IntN(len(m) * k)
			x := Xc.RawRowView(p / k)
			z := Xc.RawRowView(nb.Indices[p/k][p%k])
			u := rng.Float64()
			dst := out.RawRowView(row)
			for c := range dst {
				dst[c] = x[c] + u*(z[c]-x[c])
				if math.IsInf(dst[c], 0) {
					// z − x overflowed (coordinates near ±1.8e308): the
					// convex form stays finite.
					dst[c] = (1-u)*x[c] + u*z[c]
				}
			}
			yres[row] = classes[j]
			row++
		}
	}
	return out, yres, nil
}

// byClass groups the indices of y by label; labels sorted.
func byClass(y []int) (classes []int, members [][]int) {
	pos := map[int]int{}
	for _, v := range y {
		if _, ok := pos[v]; !ok {
			pos[v] = 0
			classes = append(classes, v)
		}
	}
	slices.Sort(classes)
	for j, c := range classes {
		pos[c] = j
	}
	members = make([][]int, len(classes))
	for i, v := range y {
		members[pos[v]] = append(members[pos[v]], i)
	}
	return classes, members
}

func subsetRows(X *mat.Dense, idx []int) *mat.Dense {
	_, d := X.Dims()
	out := mat.NewDense(len(idx), d, nil)
	for k, i := range idx {
		copy(out.RawRowView(k), X.RawRowView(i))
	}
	return out
}

// Duplicate returns times stacked copies of X and y (numpy.tile): the
// ×100 duplication of a tiny data set. times must be at least 1.
func Duplicate(X *mat.Dense, y []int, times int) (*mat.Dense, []int, error) {
	const where = "sample: Duplicate"
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, nil, err
	}
	n, d := X.Dims()
	if _, _, err := check.Labels(where, "y", y, n); err != nil {
		return nil, nil, err
	}
	if times < 1 {
		return nil, nil, check.Errorf(where, check.ErrValue, "times=%d, want at least 1", times)
	}
	out := mat.NewDense(n*times, d, nil)
	yout := make([]int, 0, n*times)
	for t := range times {
		out.Slice(t*n, (t+1)*n, 0, d).(*mat.Dense).Copy(X)
		yout = append(yout, y...)
	}
	return out, yout, nil
}

// neighbourSpace returns X, or for rows so large that their distances would
// overflow (±1e308 are 2e308 apart) a copy scaled by a power of two: exact,
// so it orders neighbours as X does, and SMOTE needs only their order.
func neighbourSpace(X *mat.Dense) *mat.Dense {
	big := 0.0
	r, c := X.Dims()
	for i := range r {
		for _, v := range X.RawRowView(i)[:c] {
			big = max(big, math.Abs(v))
		}
	}
	if big < 1e150 {
		return X
	}
	_, e := math.Frexp(big)
	var S mat.Dense
	S.Scale(math.Ldexp(1, -e), X)
	return &S
}
