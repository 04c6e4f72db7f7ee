package sample_test

import (
	"slices"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/sample"
)

func TestStratifiedSubsample(t *testing.T) {
	y := []int{0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 0, 0, 2}
	idx, err := sample.StratifiedSubsample(y, 3, 5)
	if err != nil {
		t.Fatal(err)
	}
	per := map[int]int{}
	for _, i := range idx {
		per[y[i]]++
	}
	if len(idx) != 9 || per[0] != 3 || per[1] != 3 || per[2] != 3 || !slices.IsSorted(idx) {
		t.Errorf("got %v (per class %v), want 3 sorted indices of each class", idx, per)
	}
	again, _ := sample.StratifiedSubsample(y, 3, 5)
	if !slices.Equal(idx, again) {
		t.Error("seed 5 gave two different draws")
	}
	rest, err := sample.Complement(len(y), idx)
	if err != nil || len(rest) != len(y)-9 {
		t.Fatalf("Complement: %v %v", rest, err)
	}
	for _, i := range rest {
		if slices.Contains(idx, i) {
			t.Errorf("Complement holds drawn index %d", i)
		}
	}
}

func TestSplitters(t *testing.T) {
	loo, err := sample.LeaveOneOut(4)
	if err != nil || len(loo) != 4 || !slices.Equal(loo[2].Test, []int{2}) || !slices.Equal(loo[2].Train, []int{0, 1, 3}) {
		t.Fatalf("LeaveOneOut(4): %v %v", loo, err)
	}
	y := []int{0, 0, 0, 1, 1, 1, 1, 0, 1, 0}
	folds, err := sample.RepeatedStratifiedKFold(y, 3, 4, 9)
	if err != nil || len(folds) != 12 {
		t.Fatalf("got %d folds, %v; want 12", len(folds), err)
	}
	for r := range 4 {
		seen := make([]int, len(y))
		for _, f := range folds[r*3 : r*3+3] {
			for _, i := range f.Test {
				seen[i]++
			}
			if len(f.Train)+len(f.Test) != len(y) {
				t.Errorf("repeat %d: a fold has %d+%d indices", r, len(f.Train), len(f.Test))
			}
		}
		for i, s := range seen {
			if s != 1 {
				t.Errorf("repeat %d: sample %d is tested %d times, want once", r, i, s)
			}
		}
	}
	if slices.Equal(folds[0].Test, folds[3].Test) && slices.Equal(folds[1].Test, folds[4].Test) {
		t.Error("repeats 0 and 1 have the same folds; each repeat should reshuffle")
	}
}
