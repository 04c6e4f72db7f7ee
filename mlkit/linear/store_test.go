package linear

import (
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/gobtest"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

func storeData(n, d int, seed uint64) (*mat.Dense, []int, []float64) {
	r := randx.New(seed)
	X := mat.NewDense(n, d, nil)
	y := make([]int, n)
	t := make([]float64, n)
	for i := 0; i < n; i++ {
		y[i] = i % 3
		for j := 0; j < d; j++ {
			X.Set(i, j, r.NormFloat64()+float64(y[i]))
			t[i] += float64(j+1) * X.At(i, j)
		}
	}
	return X, y, t
}

// TestStoreLogistic: binary and multinomial models predict the same bits
// after gob.
func TestStoreLogistic(t *testing.T) {
	X, y, _ := storeData(60, 4, 1)
	Q, _, _ := storeData(20, 4, 2)
	y2 := make([]int, len(y))
	for i, v := range y {
		y2[i] = min(v, 1)
	}
	for _, labels := range [][]int{y, y2} {
		m, err := LogisticRegression{Progress: progress.Silent}.Fit(X, labels)
		if err != nil {
			t.Fatal(err)
		}
		b := gobtest.RoundTrip(t, m)
		pa, _ := m.PredictProba(Q)
		pb, err := b.PredictProba(Q)
		if err != nil || !gobtest.SameFloats(pa.RawMatrix().Data, pb.RawMatrix().Data) {
			t.Errorf("PredictProba after gob differs (err %v)", err)
		}
		la, _ := m.Predict(Q)
		lb, _ := b.Predict(Q)
		if !slices.Equal(la, lb) || m.Iterations != b.Iterations || m.Converged != b.Converged {
			t.Errorf("Predict or fields differ after gob")
		}
	}
}

func TestStoreRidge(t *testing.T) {
	X, _, y := storeData(40, 3, 3)
	Q, _, _ := storeData(10, 3, 4)
	m, err := Ridge{}.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	b := gobtest.RoundTrip(t, m)
	pa, _ := m.Predict(Q)
	pb, err := b.Predict(Q)
	if err != nil || !gobtest.SameFloats(pa, pb) {
		t.Errorf("Predict after gob: %v (%v), want %v", pb, err, pa)
	}
}
