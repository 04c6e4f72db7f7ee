package neighbors

import (
	"context"
	"math"
	"reflect"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	bt "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/badtest"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// TestBadInput: search (brute and tree), the k-d tree and the classifier
// against the bad-input table: an error naming the argument, or the same
// neighbours as on ordinary data.
func TestBadInput(t *testing.T) {
	X, y := bt.Blobs(50, 3, 3, 1)
	Q := bt.Rows(X, 7)
	var nilDense *mat.Dense
	type tc struct {
		name  string
		X, Q  *mat.Dense
		k     int
		ctx   context.Context
		want  error
		msg   string
		scale float64 // >0: the neighbours must be those of X, distances scaled
	}
	for _, alg := range []Algorithm{Brute, Tree} {
		ref, err := KNN{K: 4, Algorithm: alg}.Search(X, Q)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []tc{
			{"nil X", nil, Q, 4, nil, mlkit.ErrEmpty, "X is nil", 0},
			{"typed nil X", nilDense, Q, 4, nil, mlkit.ErrEmpty, "X is", 0},
			{"empty X", &mat.Dense{}, Q, 4, nil, mlkit.ErrEmpty, "X is", 0},
			{"nil Q", X, nil, 4, nil, mlkit.ErrEmpty, "Q is nil", 0},
			{"Q columns", X, bt.Rows(X, 2).Slice(0, 2, 0, 2).(*mat.Dense), 4, nil, mlkit.ErrShape, "Q has 2 columns", 0},
			{"one row, K=1", bt.Rows(X, 1), Q, 1, nil, nil, "", 0},
			{"NaN in X", bt.With(X, 2, 1, math.NaN()), Q, 4, nil, mlkit.ErrNaN, "X[2,1]=NaN", 0},
			{"+Inf in Q", X, bt.With(Q, 1, 0, math.Inf(1)), 4, nil, mlkit.ErrNaN, "Q[1,0]=+Inf", 0},
			{"-Inf in X", bt.With(X, 0, 2, math.Inf(-1)), Q, 4, nil, mlkit.ErrNaN, "X[0,2]=-Inf", 0},
			{"1e300", bt.Scaled(X, 1e300), bt.Scaled(Q, 1e300), 4, nil, nil, "", 1e300},
			{"1e-300", bt.Scaled(X, 1e-300), bt.Scaled(Q, 1e-300), 4, nil, nil, "", 1e-300},
			{"2^-1060 (subnormal)", bt.Scaled(X, 0x1p-1060), bt.Scaled(Q, 0x1p-1060), 4, nil, nil, "", -1},
			{"constant features", bt.Const(20, 3, 1), bt.Const(2, 3, 1), 4, nil, nil, "", 0},
			{"K > n", bt.Rows(X, 3), Q, 4, nil, mlkit.ErrValue, "K=4", 0},
			{"K < 0", X, Q, -2, nil, mlkit.ErrValue, "K=-2", 0},
			{"cancelled", X, Q, 4, bt.Cancelled(), context.Canceled, "context canceled", 0},
		} {
			ctx := k.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			name := alg.String() + ": " + k.name
			nb, err := func() (nb *Neighbors, err error) {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s: panic %v", name, r)
					}
				}()
				return KNN{K: k.k, Algorithm: alg, Progress: progress.Silent}.SearchContext(ctx, k.X, k.Q)
			}()
			bt.Err(t, name, err, k.want, k.msg)
			if err != nil || k.want != nil {
				continue
			}
			for i, row := range nb.Distances {
				if !bt.Finite(row...) {
					t.Errorf("%s: query %d: non-finite distances %v", name, i, row)
				}
			}
			if k.scale != 0 && !reflect.DeepEqual(nb.Indices, ref.Indices) {
				t.Errorf("%s: neighbours %v, want those of the unscaled data %v", name, nb.Indices, ref.Indices)
			}
			if k.scale > 0 {
				for i, row := range nb.Distances {
					for c, v := range row {
						if want := ref.Distances[i][c] * k.scale; math.Abs(v-want) > 1e-12*want {
							t.Errorf("%s: distance [%d][%d]=%g, want %g", name, i, c, v, want)
						}
					}
				}
			}
		}
		// SearchSelf and the classifier on the same inputs.
		_, err = KNN{K: 1, Algorithm: alg}.SearchSelf(bt.Rows(X, 1))
		bt.Err(t, alg.String()+": SearchSelf of one row", err, mlkit.ErrValue, "K=1")
		self, err := KNN{K: 3, Algorithm: alg}.SearchSelf(bt.Scaled(X, 1e-300))
		want, _ := KNN{K: 3, Algorithm: alg}.SearchSelf(X)
		if err != nil || !reflect.DeepEqual(self.Indices, want.Indices) {
			t.Errorf("%v: SearchSelf at 1e-300: err %v, neighbours differ", alg, err)
		}
		for _, c := range []struct {
			name string
			X    *mat.Dense
			y    []int
			want error
			msg  string
		}{
			{"mismatched labels", X, y[:10], mlkit.ErrShape, "y has 10 labels"},
			{"negative label", X, append([]int{-3}, y[1:]...), mlkit.ErrValue, "y[0]=-3"},
			{"nil y", X, nil, mlkit.ErrEmpty, "y is empty"},
			{"one class", X, make([]int, 50), nil, ""},
			{"1e300", bt.Scaled(X, 1e300), y, nil, ""},
		} {
			m, err := KNNClassifier{K: 3, Algorithm: alg}.Fit(c.X, c.y)
			bt.Err(t, alg.String()+": classifier: "+c.name, err, c.want, c.msg)
			if err == nil {
				P, err := m.PredictProba(c.X)
				if err != nil || !bt.FiniteDense(P) {
					t.Errorf("%v: classifier: %s: err %v, want finite probabilities", alg, c.name, err)
				}
			}
		}
	}
	tr, err := NewKDTree(X)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tr.Radius(Q, math.NaN())
	bt.Err(t, "Radius NaN", err, mlkit.ErrValue, "r=NaN")
	_, err = tr.Search(Q, 0)
	bt.Err(t, "tree Search k=0", err, mlkit.ErrValue, "k=0")
	_, err = NewKDTree(nilDense)
	bt.Err(t, "NewKDTree(nil)", err, mlkit.ErrEmpty, "X is nil")
}

// TestBadInputClassifierQueries: queries the training data's scale cannot
// measure against, and a cancelled context, are errors, not panics.
func TestBadInputClassifierQueries(t *testing.T) {
	X, y := bt.Blobs(40, 3, 3, 2)
	m, err := KNNClassifier{K: 3, Algorithm: Brute}.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	Q := bt.Rows(X, 4)
	Q.Set(0, 0, 1.7e308)
	Q.Set(0, 1, -1.7e308)
	_, err = m.Predict(Q)
	bt.Err(t, "queries near ±1.7e308", err, mlkit.ErrNaN, "overflow")
	_, err = m.PredictContext(bt.Cancelled(), X)
	bt.Err(t, "cancelled", err, context.Canceled, "context canceled")
	P, err := m.PredictProbaContext(context.Background(), bt.Scaled(X, 1e-300))
	if err != nil || !bt.FiniteDense(P) {
		t.Errorf("queries at 1e-300: err %v, want finite probabilities", err)
	}
}

// TestBadInputRadius: radius queries at 1e±300 find the rows the unscaled
// query finds, with finite distances.
func TestBadInputRadius(t *testing.T) {
	X, _ := bt.Blobs(40, 2, 3, 3)
	Q := bt.Rows(X, 5)
	tr, _ := NewKDTree(X)
	ref, err := tr.Radius(Q, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []float64{1e300, 1e-300} {
		ts, err := NewKDTree(bt.Scaled(X, s))
		if err != nil {
			t.Fatal(err)
		}
		nb, err := ts.Radius(bt.Scaled(Q, s), 2*s)
		if err != nil || !reflect.DeepEqual(nb.Indices, ref.Indices) {
			t.Errorf("scale %g: err %v, rows differ from the unscaled query's", s, err)
			continue
		}
		for _, row := range nb.Distances {
			if !bt.Finite(row...) {
				t.Errorf("scale %g: non-finite distances %v", s, row)
			}
		}
	}
}
