package data

import (
	"reflect"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/gobtest"
)

// TestStoreScaler: a fitted scaler (and the containers a notebook keeps)
// read back from gob gives the same bits.
func TestStoreScaler(t *testing.T) {
	X := mat.NewDense(4, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 10, -1, 0, 2})
	s, err := StandardScaler{}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	b := gobtest.RoundTrip(t, s)
	za, _ := s.Transform(X)
	zb, err := b.Transform(X)
	if err != nil || !gobtest.SameFloats(za.RawMatrix().Data, zb.RawMatrix().Data) {
		t.Errorf("Transform after gob differs (err %v)", err)
	}
	tab, err := Iris()
	if err != nil {
		t.Fatal(err)
	}
	if b := gobtest.RoundTrip(t, tab); !reflect.DeepEqual(tab, b) {
		t.Error("Table differs after gob")
	}
	im, err := NewImages(2, 1, 2, 2, []float32{0, 1, 2, 3, 4, 5, 6, 7})
	if err != nil {
		t.Fatal(err)
	}
	if b := gobtest.RoundTrip(t, im); !reflect.DeepEqual(im, b) {
		t.Error("Images differ after gob")
	}
}
