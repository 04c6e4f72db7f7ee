package sample_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/sample"
)

func TestTinyDraws(t *testing.T) {
	y := make([]int, 30)
	for i := range y {
		y[i] = i % 3
	}
	folds, err := sample.TinyDraws(y, 2, 5, 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(folds) != 5 {
		t.Fatalf("%d folds, want 5", len(folds))
	}
	for d, f := range folds {
		if len(f.Train) != 6 || len(f.Test) != 24 {
			t.Errorf("draw %d: %d train and %d test rows, want 6 and 24", d, len(f.Train), len(f.Test))
		}
		per := map[int]int{}
		seen := map[int]bool{}
		for _, i := range f.Train {
			per[y[i]]++
			seen[i] = true
		}
		for _, i := range f.Test {
			if seen[i] {
				t.Errorf("draw %d: row %d in both train and test", d, i)
			}
		}
		if per[0] != 2 || per[1] != 2 || per[2] != 2 {
			t.Errorf("draw %d: per-class counts %v, want 2 each", d, per)
		}
	}
	if reflect.DeepEqual(folds[0].Train, folds[1].Train) && reflect.DeepEqual(folds[1].Train, folds[2].Train) {
		t.Errorf("draws 0-2 are identical: %v", folds[0].Train)
	}
	// The first draws do not depend on how many are asked for.
	more, _ := sample.TinyDraws(y, 2, 8, 7)
	if !reflect.DeepEqual(more[:5], folds) {
		t.Errorf("the first 5 of 8 draws differ from 5 draws")
	}
}

func TestTinyDrawsErrors(t *testing.T) {
	y := []int{0, 0, 1, 1}
	for _, c := range []struct {
		name      string
		per, n    int
		want      error
		wantInMsg string
	}{
		{"no draws", 1, 0, mlkit.ErrValue, "draws=0"},
		{"too many per class", 3, 2, mlkit.ErrValue, "perClass"},
		{"nothing left", 2, 1, mlkit.ErrValue, "perClass=2"},
	} {
		_, err := sample.TinyDraws(y, c.per, c.n, 1)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.wantInMsg) {
			t.Errorf("%s: err = %v, want %v naming %q", c.name, err, c.want, c.wantInMsg)
		}
	}
}
