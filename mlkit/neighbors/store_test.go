package neighbors

import (
	"reflect"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/gobtest"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

func storeData(n, d int, seed uint64) *mat.Dense {
	r := randx.New(seed)
	X := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			X.Set(i, j, r.NormFloat64()+float64(i%3))
		}
	}
	return X
}

// TestStoreKNNClassifier: a model read back from gob predicts the same bits,
// with brute force and with the tree (it used to lose its index).
func TestStoreKNNClassifier(t *testing.T) {
	for _, alg := range []Algorithm{Auto, Brute, Tree} {
		for _, w := range []Weighting{Uniform, Distance} {
			X, Q := storeData(60, 5, 1), storeData(20, 5, 2)
			y := make([]int, 60)
			for i := range y {
				y[i] = 7 * (i % 3)
			}
			m, err := KNNClassifier{K: 4, Weights: w, Algorithm: alg}.Fit(X, y)
			if err != nil {
				t.Fatal(err)
			}
			b := gobtest.RoundTrip(t, m)
			pa, _ := m.PredictProba(Q)
			pb, err := b.PredictProba(Q)
			if err != nil || !gobtest.SameFloats(pa.RawMatrix().Data, pb.RawMatrix().Data) || !slices.Equal(m.Classes, b.Classes) {
				t.Errorf("%v/%v: PredictProba after gob differs (err %v)", alg, w, err)
			}
		}
	}
	var zero KNNClassifierModel
	if _, err := zero.Predict(storeData(2, 5, 1)); err == nil {
		t.Error("a zero KNNClassifierModel: want an error, not a panic")
	}
}

func TestStoreKDTree(t *testing.T) {
	X, Q := storeData(80, 2, 3), storeData(10, 2, 4)
	tr, err := NewKDTree(X)
	if err != nil {
		t.Fatal(err)
	}
	b := gobtest.RoundTrip(t, tr)
	na, _ := tr.Search(Q, 5)
	nb, err := b.Search(Q, 5)
	if err != nil || !reflect.DeepEqual(na, nb) {
		t.Errorf("Search after gob differs (err %v)", err)
	}
}
