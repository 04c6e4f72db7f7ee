package data

import (
	"bytes"
	"io"
	"io/fs"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	bt "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/badtest"
)

// TestBadInput: the package's loaders and helpers against nil (typed nil
// included), empty, NaN/±Inf, huge sizes and extreme magnitudes: an error
// naming the argument, or a correct result.
func TestBadInput(t *testing.T) {
	X, y := bt.Blobs(30, 3, 3, 1)
	var nilDense *mat.Dense
	var nilReader *bytes.Reader
	var nilImages *Images
	sc := StandardScaler{}
	run := func(name string, f func() error, want error, msg string) {
		t.Helper()
		err := func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic %v", name, r)
				}
			}()
			return f()
		}()
		bt.Err(t, name, err, want, msg)
	}
	fit := func(X *mat.Dense) func() error {
		return func() error { _, err := sc.Fit(X); return err }
	}
	run("StandardScaler nil", fit(nil), mlkit.ErrEmpty, "X is nil")
	run("StandardScaler typed nil", fit(nilDense), mlkit.ErrEmpty, "X is nil")
	run("StandardScaler empty", fit(&mat.Dense{}), mlkit.ErrEmpty, "X is")
	run("StandardScaler NaN", fit(bt.With(X, 1, 1, math.NaN())), mlkit.ErrNaN, "X[1,1]=NaN")
	run("StandardScaler -Inf", fit(bt.With(X, 2, 0, math.Inf(-1))), mlkit.ErrNaN, "X[2,0]=-Inf")
	run("StandardScaler one row", fit(bt.Rows(X, 1)), nil, "")
	run("StandardScaler constant", fit(bt.Const(5, 2, 3)), nil, "")
	// Standardising does not depend on X's scale: 1e±300 give the same Z.
	ref, _ := sc.Fit(X)
	Zref, _ := ref.Transform(X)
	for _, s := range []float64{1e300, 1e-300, 0x1p1000} {
		Xs := bt.Scaled(X, s)
		m, err := sc.Fit(Xs)
		if err != nil {
			t.Errorf("StandardScaler at %g: %v", s, err)
			continue
		}
		Z, err := m.Transform(Xs)
		if err != nil || !bt.FiniteDense(Z) || !mat.EqualApprox(Z, Zref, 1e-9) || !bt.Finite(m.Scale...) {
			t.Errorf("StandardScaler at %g: err %v, Z differs from the unscaled data's or scale %v", s, err, m.Scale)
		}
		back, err := m.InverseTransform(Z)
		if err != nil || !mat.EqualApprox(back, Xs, 1e-9*s*20) {
			t.Errorf("StandardScaler at %g: InverseTransform does not give X back (err %v)", s, err)
		}
	}
	run("Scaler Transform columns", func() error { _, err := ref.Transform(bt.Rows(X, 2).Slice(0, 2, 0, 2).(*mat.Dense)); return err }, mlkit.ErrShape, "2 columns")
	run("nil scaler", func() error { var s *StandardScalerModel; _, err := s.Transform(X); return err }, mlkit.ErrShape, "scaler is nil")

	split := func(X *mat.Dense, y []int, frac float64) func() error {
		return func() error { _, _, _, _, err := TrainTestSplit(X, y, frac, 1); return err }
	}
	run("TrainTestSplit nil X", split(nil, y, 0.2), mlkit.ErrEmpty, "X is nil")
	run("TrainTestSplit typed nil X", split(nilDense, y, 0.2), mlkit.ErrEmpty, "X is nil")
	run("TrainTestSplit labels", split(X, y[:10], 0.2), mlkit.ErrShape, "y has 10 labels")
	run("TrainTestSplit frac", split(X, y, 1.5), mlkit.ErrValue, "testFrac=1.5")
	run("TrainTestSplit frac NaN", split(X, y, math.NaN()), mlkit.ErrValue, "testFrac=NaN")
	run("TrainTestSplit one class", split(X, make([]int, 30), 0.2), nil, "")
	kfold := func(y []int, k int) func() error {
		return func() error { _, err := StratifiedKFold(y, k, 1); return err }
	}
	run("StratifiedKFold nil", kfold(nil, 3), mlkit.ErrEmpty, "y is empty")
	run("StratifiedKFold k=1", kfold(y, 1), mlkit.ErrValue, "k=1")
	run("StratifiedKFold k > class size", kfold(y, 11), mlkit.ErrValue, "k=11")
	run("StratifiedKFold negative label", kfold(append([]int{-1}, y[1:]...), 3), mlkit.ErrValue, "y[0]=-1")
	run("Fold.Split nil X", func() error { _, _, _, _, err := (Fold{Train: []int{0}, Test: []int{1}}).Split(nil, y); return err }, mlkit.ErrEmpty, "X is")
	run("Fold.Split index", func() error {
		_, _, _, _, err := (Fold{Train: []int{0}, Test: []int{99}}).Split(X, y)
		return err
	}, mlkit.ErrValue, "99")

	run("NewImages n=0", func() error { _, err := NewImages(0, 1, 2, 2, nil); return err }, mlkit.ErrValue, "n=0")
	run("NewImages overflowing sizes", func() error { _, err := NewImages(1<<40, 1<<40, 1<<40, 1<<40, nil); return err }, mlkit.ErrValue, "exceed the limit")
	run("NewImages short pix", func() error { _, err := NewImages(2, 1, 2, 2, make([]float32, 7)); return err }, mlkit.ErrShape, "len(pix)=7")
	run("ImagesFromDense nil", func() error { _, err := ImagesFromDense(nil, 1, 1, 3); return err }, mlkit.ErrEmpty, "X is nil")
	run("ImagesFromDense typed nil", func() error { _, err := ImagesFromDense(nilDense, 1, 1, 3); return err }, mlkit.ErrEmpty, "X is nil")
	run("ImagesFromDense NaN", func() error { _, err := ImagesFromDense(bt.With(X, 0, 0, math.NaN()), 1, 1, 3); return err }, mlkit.ErrNaN, "X[0,0]=NaN")
	run("ImagesFromDense columns", func() error { _, err := ImagesFromDense(X, 1, 2, 2); return err }, mlkit.ErrShape, "X has 3 columns")
	im, _ := NewImages(2, 1, 4, 4, make([]float32, 32))
	run("Downsample huge", func() error { _, err := im.Downsample(1<<31, 1<<31); return err }, mlkit.ErrValue, "exceed the limit")
	run("Downsample zero", func() error { _, err := im.Downsample(0, 2); return err }, mlkit.ErrValue, "0×2")
	run("Downsample nil images", func() error { _, err := nilImages.Downsample(2, 2); return err }, mlkit.ErrEmpty, "nil")

	run("ReadCSV nil reader", func() error { _, err := ReadCSV(nil, CSVConfig{}); return err }, mlkit.ErrEmpty, "reader is nil")
	run("ReadCSV typed nil reader", func() error { _, err := ReadCSV(nilReader, CSVConfig{}); return err }, mlkit.ErrEmpty, "reader is nil")
	run("ReadCSV empty", func() error { _, err := ReadCSV(strings.NewReader(""), CSVConfig{}); return err }, mlkit.ErrEmpty, "")
	run("ReadCSV NaN cell", func() error { _, err := ReadCSV(strings.NewReader("0,1\n1,NaN\n"), CSVConfig{}); return err }, mlkit.ErrNaN, "NaN")
	run("ReadCSV huge number", func() error { _, err := ReadCSV(strings.NewReader("0,1e999\n"), CSVConfig{}); return err }, mlkit.ErrValue, "1e999")
	run("ReadCSV ragged", func() error { _, err := ReadCSV(strings.NewReader("0,1\n1,2,3\n"), CSVConfig{}); return err }, mlkit.ErrShape, "")
	run("ReadIDXLabels nil", func() error { _, err := ReadIDXLabels(nil); return err }, mlkit.ErrEmpty, "reader is nil")
	run("ReadIDXImages nil", func() error { _, err := ReadIDXImages(nil); return err }, mlkit.ErrEmpty, "reader is nil")
	run("ReadIDXImages typed nil", func() error { _, err := ReadIDXImages(io.Reader(nilReader)); return err }, mlkit.ErrEmpty, "reader is nil")
	run("ReadIDXImages truncated", func() error { _, err := ReadIDXImages(bytes.NewReader([]byte{0, 0, 8, 3})); return err }, mlkit.ErrShape, "truncated header")
	run("LoadMNISTFrom empty dir", func() error { _, err := LoadMNISTFrom(t.TempDir()); return err }, fs.ErrNotExist, "train-images")
	run("Blobs bad", func() error { _, _, err := (Blobs{N: -1}).Generate(); return err }, mlkit.ErrValue, "N=-1")
}
