package data

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// Fold is one train/test partition of the sample indices, both ascending.
type Fold struct{ Train, Test []int }

// SubsetRows returns a new matrix holding the rows of X at idx, in that order
// (indices may repeat). An empty idx gives an empty matrix (&mat.Dense{}).
//
// Precondition: X is not nil and every index is in [0, rows of X). Like a
// slice index, it panics otherwise, naming the problem: SubsetRows indexes
// a matrix the caller has already checked (the kit's estimators and probes
// check X and their folds before calling it). To split input that has not
// been checked, use Fold.Split, which returns an error wrapping
// mlkit.ErrEmpty, ErrShape or ErrValue instead.
func SubsetRows(X *mat.Dense, idx []int) *mat.Dense {
	if X == nil {
		panic("data: SubsetRows: X is nil (Fold.Split returns an error instead)")
	}
	_, c := X.Dims()
	if len(idx) == 0 || c == 0 {
		return &mat.Dense{}
	}
	raw := X.RawMatrix()
	data := make([]float64, len(idx)*c)
	for k, i := range idx {
		if i < 0 || i >= raw.Rows {
			panic(fmt.Sprintf("data: SubsetRows: idx[%d]=%d out of range [0, %d) (Fold.Split returns an error instead)", k, i, raw.Rows))
		}
		copy(data[k*c:(k+1)*c], raw.Data[i*raw.Stride:i*raw.Stride+c])
	}
	return mat.NewDense(len(idx), c, data)
}

// classIndex groups the sample indices by label; classes are sorted.
func classIndex(y []int) (classes []int, members [][]int) {
	byClass := map[int][]int{}
	for i, v := range y {
		byClass[v] = append(byClass[v], i)
	}
	for c := range byClass {
		classes = append(classes, c)
	}
	slices.Sort(classes)
	for _, c := range classes {
		members = append(members, byClass[c])
	}
	return classes, members
}

// TrainTestSplit splits the rows of X and y at random into a training and a
// test part, keeping the class proportions (stratified, as scikit-learn's
// train_test_split with stratify=y): the test part has ceil(testFrac·n) rows,
// the training rows are shared among classes in proportion to the class
// sizes with the leftovers going to the largest fractional parts
// (scikit-learn's _approximate_mode, ties broken by class order instead of at
// random), and both parts come back in random order. Every class needs two
// members, and each part at least one row per class.
func TrainTestSplit(X *mat.Dense, y []int, testFrac float64, seed uint64) (Xtr, Xte *mat.Dense, ytr, yte []int, err error) {
	const where = "data: TrainTestSplit"
	if err := checkDense(where, "X", X); err != nil {
		return nil, nil, nil, nil, err
	}
	n, _ := X.Dims()
	if _, _, err := check.Labels(where, "y", y, n); err != nil {
		return nil, nil, nil, nil, err
	}
	if !(testFrac > 0 && testFrac < 1) {
		return nil, nil, nil, nil, check.Errorf(where, check.ErrValue, "testFrac=%v, want a value in (0, 1)", testFrac)
	}
	classes, members := classIndex(y)
	for j, m := range members {
		if len(m) < 2 {
			return nil, nil, nil, nil, check.Errorf(where, check.ErrValue, "class %d has %d member, want at least 2 to put one on each side", classes[j], len(m))
		}
	}
	nTest := int(math.Ceil(testFrac * float64(n)))
	nTrain := n - nTest
	if nTest < len(classes) || nTrain < len(classes) {
		return nil, nil, nil, nil, check.Errorf(where, check.ErrValue,
			"testFrac=%v gives %d test and %d training rows of %d, want at least one per class (%d classes) on each side", testFrac, nTest, nTrain, n, len(classes))
	}
	counts := make([]int, len(classes))
	for j, m := range members {
		counts[j] = len(m)
	}
	trainPer := approximateMode(counts, nTrain)
	rng := randx.New(seed)
	var tr, te []int
	for j, m := range members {
		perm := rng.Perm(len(m))
		for p, q := range perm {
			if p < trainPer[j] {
				tr = append(tr, m[q])
			} else {
				te = append(te, m[q])
			}
		}
	}
	rng.Shuffle(len(tr), func(a, b int) { tr[a], tr[b] = tr[b], tr[a] })
	rng.Shuffle(len(te), func(a, b int) { te[a], te[b] = te[b], te[a] })
	pick := func(idx []int) []int {
		out := make([]int, len(idx))
		for k, i := range idx {
			out[k] = y[i]
		}
		return out
	}
	return SubsetRows(X, tr), SubsetRows(X, te), pick(tr), pick(te), nil
}

// approximateMode shares draws among classes in proportion to counts: floors
// first, then one more to the classes with the largest remainders (ties to
// the lower class index), never more than a class holds.
func approximateMode(counts []int, draws int) []int {
	total := 0
	for _, c := range counts {
		total += c
	}
	out := make([]int, len(counts))
	rem := make([]float64, len(counts))
	left := draws
	for j, c := range counts {
		exact := float64(c) * float64(draws) / float64(total)
		out[j] = int(math.Floor(exact))
		rem[j] = exact - float64(out[j])
		left -= out[j]
	}
	order := make([]int, len(counts))
	for j := range order {
		order[j] = j
	}
	sort.SliceStable(order, func(a, b int) bool { return rem[order[a]] > rem[order[b]] })
	for left > 0 {
		progressed := false
		for _, j := range order {
			if left == 0 {
				break
			}
			if out[j] < counts[j] {
				out[j]++
				left--
				progressed = true
			}
		}
		if !progressed {
			break
		}
	}
	return out
}

// StratifiedKFold splits the indices 0..len(y)-1 into k folds that keep the
// class proportions, as scikit-learn's StratifiedKFold(shuffle=True): the
// labels, sorted, are dealt round-robin to the folds to fix how many of each
// class every fold gets (so fold sizes differ by at most one), then each
// class's fold assignments are shuffled with the seed. Fold i's Test holds
// the samples assigned to it and Train all others. k must be at least 2 and
// at most the size of the smallest class.
func StratifiedKFold(y []int, k int, seed uint64) ([]Fold, error) {
	const where = "data: StratifiedKFold"
	if _, _, err := check.Labels(where, "y", y, -1); err != nil {
		return nil, err
	}
	if k < 2 {
		return nil, check.Errorf(where, check.ErrValue, "k=%d, want at least 2 folds", k)
	}
	classes, members := classIndex(y)
	for j, m := range members {
		if len(m) < k {
			return nil, check.Errorf(where, check.ErrValue, "k=%d exceeds the %d members of class %d (the smallest class must have at least k)", k, len(m), classes[j])
		}
	}
	// Encode classes by first appearance, as scikit-learn does, since that
	// order decides which classes get the extra sample in the round-robin.
	order := make([]int, len(classes))
	for j := range order {
		order[j] = j
	}
	sort.Slice(order, func(a, b int) bool { return members[order[a]][0] < members[order[b]][0] })
	// alloc[f][j]: samples of class j in fold f, from dealing the sorted
	// encoded labels round-robin.
	alloc := make([][]int, k)
	for f := range alloc {
		alloc[f] = make([]int, len(classes))
	}
	pos := 0
	for _, j := range order {
		for range members[j] {
			alloc[pos%k][j]++
			pos++
		}
	}
	rng := randx.New(seed)
	testFold := make([]int, len(y))
	for _, j := range order {
		folds := make([]int, 0, len(members[j]))
		for f := range k {
			for range alloc[f][j] {
				folds = append(folds, f)
			}
		}
		rng.Shuffle(len(folds), func(a, b int) { folds[a], folds[b] = folds[b], folds[a] })
		for p, i := range members[j] {
			testFold[i] = folds[p]
		}
	}
	out := make([]Fold, k)
	for i, f := range testFold {
		for g := range out {
			if g == f {
				out[g].Test = append(out[g].Test, i)
			} else {
				out[g].Train = append(out[g].Train, i)
			}
		}
	}
	return out, nil
}
