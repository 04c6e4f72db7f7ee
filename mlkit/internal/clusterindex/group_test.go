package clusterindex

import (
	"context"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	bt "github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/badtest"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// TestGroupedReadOnly: a Grouped leaves X alone and gives the same bits
// whatever order its indices are asked in (the silhouette centres a copy),
// unscaled and on the scaled copy that tiny data get; the scaled indices
// are the unscaled ones (ratios of distances, scaled by a power of two).
func TestGroupedReadOnly(t *testing.T) {
	X, y := bt.Blobs(90, 4, 3, 2)
	for _, c := range []struct {
		name string
		X    *mat.Dense
	}{
		{"unscaled", X},
		{"2^-1000", bt.Scaled(X, 0x1p-1000)},
	} {
		before := mat.DenseCopyOf(c.X)
		g, err := Prepare(c.X).Group("test", y)
		if err != nil {
			t.Fatal(err)
		}
		if (g.xs != nil) != (c.name != "unscaled") {
			t.Errorf("%s: scaled copy %v", c.name, g.xs != nil)
		}
		var runs [2][3]float64
		for i := range runs {
			db, ch := g.DaviesBouldin(), g.CalinskiHarabasz()
			s, err := g.Silhouette(context.Background(), "test", progress.Silent)
			if err != nil {
				t.Fatal(err)
			}
			runs[i] = [3]float64{s, db, ch}
		}
		if runs[0] != runs[1] {
			t.Errorf("%s: first pass %v, second %v", c.name, runs[0], runs[1])
		}
		if !mat.Equal(before, c.X) {
			t.Errorf("%s: X changed", c.name)
		}
		ref, _ := Prepare(X).Group("test", y)
		s, _ := ref.Silhouette(context.Background(), "test", progress.Silent)
		want := [3]float64{s, ref.DaviesBouldin(), ref.CalinskiHarabasz()}
		for i := range want {
			if math.Abs(runs[0][i]-want[i]) > 1e-9*math.Abs(want[i]) {
				t.Errorf("%s: index %d = %v, want the unscaled %v", c.name, i, runs[0][i], want[i])
			}
		}
	}
}

// TestEncode: ids in increasing order, dense and sparse alike.
func TestEncode(t *testing.T) {
	for _, y := range [][]int{{7, 2, 7, 0}, {7e9, 2, 7e9, 0}} {
		codes, ids := Encode(y)
		if want := []int{2, 1, 2, 0}; !slices.Equal(codes, want) || ids[0] != 0 || ids[1] != 2 || ids[2] != y[0] {
			t.Errorf("Encode(%v) = %v, %v, want codes %v", y, codes, ids, want)
		}
	}
}
