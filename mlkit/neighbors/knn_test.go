package neighbors

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/vec"
)

type clfRef struct {
	K        int         `json:"k"`
	Weights  string      `json:"weights"`
	Predict  []int       `json:"predict"`
	Proba    [][]float64 `json:"proba"`
	Accuracy float64     `json:"accuracy"`
}

// reference is testdata/reference.json, made by testdata/make_reference.py
// with scikit-learn 1.2.1.
type reference struct {
	Seeded struct {
		X, Q          [][]float64
		Y             []int
		K             int
		Distances     [][]float64
		Indices       [][]int
		SelfDistances [][]float64 `json:"self_distances"`
		SelfIndices   [][]int     `json:"self_indices"`
		Classifier    map[string]clfRef
	}
	Iris struct {
		Xtrain, Xtest [][]float64
		Ytrain, Ytest []int
		Uniform5      clfRef `json:"uniform5"`
		Distance7     clfRef `json:"distance7"`
	}
}

func loadReference(t testing.TB) *reference {
	t.Helper()
	raw, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	return &ref
}

func dense(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		m.SetRow(i, r)
	}
	return m
}

const distTol = 1e-12 // distances are recomputed directly: only rounding differs

func TestSearchSklearn(t *testing.T) {
	ref := loadReference(t).Seeded
	X, Q := dense(ref.X), dense(ref.Q)
	for _, alg := range []Algorithm{Brute, Tree} {
		nb, err := KNN{K: ref.K, Algorithm: alg}.Search(X, Q)
		if err != nil {
			t.Fatal(err)
		}
		compare(t, alg.String()+" Search", nb, ref.Indices, ref.Distances)
		self, err := KNN{K: ref.K, Algorithm: alg}.SearchSelf(X)
		if err != nil {
			t.Fatal(err)
		}
		self.Indices, self.Distances = self.Indices[:len(ref.SelfIndices)], self.Distances[:len(ref.SelfIndices)]
		compare(t, alg.String()+" SearchSelf", self, ref.SelfIndices, ref.SelfDistances)
	}
}

func compare(t *testing.T, what string, nb *Neighbors, idx [][]int, dist [][]float64) {
	t.Helper()
	for i := range idx {
		for c := range idx[i] {
			if nb.Indices[i][c] != idx[i][c] {
				t.Errorf("%s: query %d neighbour %d is %d, sklearn %d", what, i, c, nb.Indices[i][c], idx[i][c])
			}
			if math.Abs(nb.Distances[i][c]-dist[i][c]) > distTol {
				t.Errorf("%s: query %d distance %d = %.15g, sklearn %.15g", what, i, c, nb.Distances[i][c], dist[i][c])
			}
		}
	}
}

// TestBruteForce checks against a direct O(n·m·d) search with ties (a grid
// with duplicate rows), across several data blocks, at GOMAXPROCS 1 and 4.
func TestBruteForce(t *testing.T) {
	n, d := 2*dataBlock+300, 2
	X := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		X.Set(i, 0, float64(i%37))
		X.Set(i, 1, float64((i*7)%29))
	}
	Q := mat.NewDense(300, d, nil)
	for i := 0; i < 300; i++ {
		Q.Set(i, 0, float64(i%41)-2)
		Q.Set(i, 1, float64(i%31)+0.5)
	}
	const k = 6
	var prev *Neighbors
	for _, run := range []struct {
		procs int
		alg   Algorithm
	}{{1, Brute}, {4, Brute}, {1, Tree}, {4, Tree}} {
		procs := run.procs
		old := runtime.GOMAXPROCS(procs)
		nb, err := KNN{K: k, Algorithm: run.alg}.Search(X, Q)
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 300; i++ {
			// Direct: stable sort of all (distance, index).
			q := Q.RawRowView(i)
			best := newTopK(k)
			for j := 0; j < n; j++ {
				if dd := vec.SqDist(q, X.RawRowView(j)); dd < best.worst() {
					best.push(dd, j)
				}
			}
			best.sort()
			for c := 0; c < k; c++ {
				if nb.Indices[i][c] != best.idx[c] || nb.Distances[i][c] != math.Sqrt(best.dist[c]) {
					t.Fatalf("%v GOMAXPROCS=%d query %d: got %v %v, want %v", run.alg, procs, i, nb.Indices[i], nb.Distances[i], best.idx)
				}
			}
		}
		if prev != nil {
			for i := range prev.Indices {
				for c := range prev.Indices[i] {
					if prev.Indices[i][c] != nb.Indices[i][c] || prev.Distances[i][c] != nb.Distances[i][c] {
						t.Fatalf("%v GOMAXPROCS=%d changes query %d", run.alg, procs, i)
					}
				}
			}
		}
		prev = nb
	}
}

// TestTreeSelfAndRadius: on a grid full of duplicate rows, the tree's
// self-search equals brute force's, and radius queries equal a direct scan.
func TestTreeSelfAndRadius(t *testing.T) {
	n := 1500
	X := mat.NewDense(n, 3, nil)
	for i := 0; i < n; i++ {
		X.Set(i, 0, float64(i%11))
		X.Set(i, 1, float64((i*5)%13))
		X.Set(i, 2, 0.5*float64(i%3))
	}
	a, err := KNN{K: 9, Algorithm: Brute}.SearchSelf(X)
	if err != nil {
		t.Fatal(err)
	}
	b, err := KNN{K: 9, Algorithm: Tree}.SearchSelf(X)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Indices {
		for c := range a.Indices[i] {
			if a.Indices[i][c] != b.Indices[i][c] || a.Distances[i][c] != b.Distances[i][c] {
				t.Fatalf("row %d: brute %v %v, tree %v %v", i, a.Indices[i], a.Distances[i], b.Indices[i], b.Distances[i])
			}
		}
	}
	tree, err := NewKDTree(X)
	if err != nil {
		t.Fatal(err)
	}
	Q := mat.NewDense(3, 3, []float64{0, 0, 0, 5.2, 6.1, 0.4, 20, 20, 20})
	for _, r := range []float64{0, 1, 2.5} {
		got, err := tree.Radius(Q, r)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			var want []int
			for j := 0; j < n; j++ {
				if vec.SqDist(Q.RawRowView(i), X.RawRowView(j)) <= r*r {
					want = append(want, j)
				}
			}
			if len(want) != len(got.Indices[i]) {
				t.Fatalf("r=%v query %d: %d neighbours, want %d", r, i, len(got.Indices[i]), len(want))
			}
			for c := range want {
				if got.Indices[i][c] != want[c] || got.Distances[i][c] > r {
					t.Fatalf("r=%v query %d: %v, want %v", r, i, got.Indices[i], want)
				}
			}
		}
	}
	if _, err := tree.Radius(Q, -1); !errors.Is(err, check.ErrValue) {
		t.Errorf("negative radius: %v", err)
	}
}

func TestClassifierSklearn(t *testing.T) {
	const probTol = 1e-12
	ref := loadReference(t)
	run := func(name string, X, Q *mat.Dense, y []int, want clfRef) {
		w := Uniform
		if want.Weights == "distance" {
			w = Distance
		}
		for _, alg := range []Algorithm{Brute, Tree} {
			m, err := KNNClassifier{K: want.K, Weights: w, Algorithm: alg}.Fit(X, y)
			if err != nil {
				t.Fatal(err)
			}
			name := name + "/" + alg.String()
			pred, err := m.Predict(Q)
			if err != nil {
				t.Fatal(err)
			}
			P, err := m.PredictProba(Q)
			if err != nil {
				t.Fatal(err)
			}
			for i := range want.Predict {
				if pred[i] != want.Predict[i] {
					t.Errorf("%s: row %d predicted %d, sklearn %d", name, i, pred[i], want.Predict[i])
				}
				for j, p := range want.Proba[i] {
					if math.Abs(P.At(i, j)-p) > probTol {
						t.Errorf("%s: proba[%d,%d]=%g, sklearn %g", name, i, j, P.At(i, j), p)
					}
				}
			}
		}
	}
	s := ref.Seeded
	for name, c := range s.Classifier {
		run("seeded/"+name, dense(s.X), dense(s.Q), s.Y, c)
	}
	ir := ref.Iris
	run("iris/uniform5", dense(ir.Xtrain), dense(ir.Xtest), ir.Ytrain, ir.Uniform5)
	run("iris/distance7", dense(ir.Xtrain), dense(ir.Xtest), ir.Ytrain, ir.Distance7)

	m, _ := KNNClassifier{}.Fit(dense(ir.Xtrain), ir.Ytrain)
	acc, err := m.Score(dense(ir.Xtest), ir.Ytest)
	if err != nil || acc != ir.Uniform5.Accuracy {
		t.Errorf("iris accuracy %v (%v), sklearn %v", acc, err, ir.Uniform5.Accuracy)
	}
}

// TestDistanceWeightsExactMatch: a query on a training point takes that
// point's label whatever the other neighbours say.
func TestDistanceWeightsExactMatch(t *testing.T) {
	X := mat.NewDense(4, 1, []float64{0, 0.1, 0.2, 0.3})
	m, err := KNNClassifier{K: 4, Weights: Distance}.Fit(X, []int{9, 1, 1, 1})
	if err != nil {
		t.Fatal(err)
	}
	pred, _ := m.Predict(mat.NewDense(1, 1, []float64{0}))
	if pred[0] != 9 {
		t.Fatalf("predicted %d, want 9", pred[0])
	}
}

func TestErrors(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 2})
	nan := mat.DenseCopyOf(X)
	nan.Set(1, 1, math.NaN())
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"K>n", func() error { _, err := KNN{K: 4}.Search(X, X); return err }(), check.ErrValue},
		{"K negative", func() error { _, err := KNN{K: -1}.Search(X, X); return err }(), check.ErrValue},
		{"self K=n", func() error { _, err := KNN{K: 3}.SearchSelf(X); return err }(), check.ErrValue},
		{"NaN", func() error { _, err := KNN{K: 1}.Search(nan, X); return err }(), check.ErrNaN},
		{"Q NaN", func() error { _, err := KNN{K: 1}.Search(X, nan); return err }(), check.ErrNaN},
		{"Q cols", func() error { _, err := KNN{K: 1}.Search(X, mat.NewDense(1, 3, nil)); return err }(), check.ErrShape},
		{"nil", func() error { _, err := KNN{K: 1}.Search(nil, X); return err }(), check.ErrEmpty},
		{"clf y short", func() error { _, err := KNNClassifier{K: 1}.Fit(X, []int{0, 1}); return err }(), check.ErrShape},
		{"clf y negative", func() error { _, err := KNNClassifier{K: 1}.Fit(X, []int{0, -1, 1}); return err }(), check.ErrValue},
		{"clf K>n", func() error { _, err := KNNClassifier{}.Fit(X, []int{0, 1, 1}); return err }(), check.ErrValue},
		{"algorithm", func() error { _, err := KNN{K: 1, Algorithm: 9}.Search(X, X); return err }(), check.ErrValue},
		{"tree nil", func() error { _, err := NewKDTree(nil); return err }(), check.ErrEmpty},
		{"clf weights", func() error { _, err := KNNClassifier{K: 1, Weights: 7}.Fit(X, []int{0, 1, 1}); return err }(), check.ErrValue},
	}
	for _, c := range cases {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, c.err, c.want)
		}
	}
	m, _ := KNNClassifier{K: 1}.Fit(X, []int{0, 1, 1})
	if _, err := m.Predict(mat.NewDense(1, 3, nil)); !errors.Is(err, check.ErrShape) {
		t.Errorf("Predict 3 cols: %v", err)
	}
}
