package data_test

import (
	"errors"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
)

func TestFoldSplit(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{0, 1, 2, 3, 4, 5, 6, 7})
	y := []int{0, 1, 0, 1}
	f := data.Fold{Train: []int{3, 0}, Test: []int{1}}
	Xtr, ytr, Xte, yte, err := f.Split(X, y)
	if err != nil {
		t.Fatal(err)
	}
	if Xtr.At(0, 0) != 6 || Xtr.At(1, 1) != 1 || ytr[0] != 1 || ytr[1] != 0 || Xte.At(0, 1) != 3 || yte[0] != 1 {
		t.Errorf("Split gave %v %v %v %v", mat.Formatted(Xtr), ytr, mat.Formatted(Xte), yte)
	}
	Xtr.Set(0, 0, -1)
	if X.At(3, 0) != 6 {
		t.Errorf("Split's rows share storage with X")
	}
	for _, c := range []struct {
		name string
		f    data.Fold
		y    []int
		want error
	}{
		{"short y", f, y[:3], mlkit.ErrShape},
		{"no test", data.Fold{Train: []int{0}}, y, mlkit.ErrEmpty},
		{"row out of range", data.Fold{Train: []int{0}, Test: []int{4}}, y, mlkit.ErrValue},
	} {
		if _, _, _, _, err := c.f.Split(X, c.y); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		}
	}
	if _, _, _, _, err := f.Split(nil, y); !errors.Is(err, mlkit.ErrEmpty) {
		t.Errorf("nil X: err = %v", err)
	}
}
