package explain

import (
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// wineStd returns wine (178×13) standardised, its labels and feature names.
func wineStd(t testing.TB) (*mat.Dense, []int, []string) {
	t.Helper()
	tab, err := data.Wine()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := data.StandardScaler{}.Fit(tab.X)
	if err != nil {
		t.Fatal(err)
	}
	X, err := sc.Transform(tab.X)
	if err != nil {
		t.Fatal(err)
	}
	return X, tab.Y, tab.FeatureNames
}

var silent = progress.Silent

// wineRaw returns wine in its own units.
func wineRaw(t testing.TB) (*mat.Dense, []int, []string) {
	t.Helper()
	tab, err := data.Wine()
	if err != nil {
		t.Fatal(err)
	}
	return tab.X, tab.Y, tab.FeatureNames
}
