package metrics

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
)

func TestNoiseAsLabel(t *testing.T) {
	for _, tc := range []struct {
		in, want []int
	}{
		{[]int{0, -1, 2, 1, -1}, []int{0, 3, 2, 1, 3}},
		{[]int{-1, -1}, []int{0, 0}},
		{[]int{4, 4}, []int{4, 4}},
		{[]int{-2, 0}, []int{1, 0}}, // any negative is noise
		{nil, []int{}},
	} {
		in := slices.Clone(tc.in)
		got := NoiseAsLabel(tc.in)
		if !slices.Equal(got, tc.want) {
			t.Errorf("NoiseAsLabel(%v) = %v, want %v", tc.in, got, tc.want)
		}
		if !slices.Equal(in, tc.in) {
			t.Errorf("NoiseAsLabel changed its input to %v", tc.in)
		}
	}
}

func TestAdjustedRandIndexNoise(t *testing.T) {
	// The same partition with noise in other ids is ARI 1; noise is one
	// group, so moving a noise point into a cluster lowers the score.
	truth := []int{0, 0, 0, 1, 1, 1, -1, -1}
	same := []int{5, 5, 5, 2, 2, 2, -1, -1}
	if a, err := AdjustedRandIndexNoise(truth, same); err != nil || a != 1 {
		t.Errorf("relabelled with the same noise: ARI %v, %v, want 1", a, err)
	}
	moved := []int{0, 0, 0, 1, 1, 1, 1, -1}
	a, err := AdjustedRandIndexNoise(truth, moved)
	want, _ := AdjustedRandIndex([]int{0, 0, 0, 1, 1, 1, 2, 2}, []int{0, 0, 0, 1, 1, 1, 1, 2})
	if err != nil || math.Abs(a-want) > 1e-15 || a >= 1 {
		t.Errorf("one noise point moved: ARI %v, %v, want %v < 1", a, err, want)
	}
	for _, tc := range []struct {
		truth, pred []int
		sentinel    error
		msg         string
	}{
		{nil, nil, mlkit.ErrEmpty, "truth is empty"},
		{[]int{0, 1}, []int{0}, mlkit.ErrShape, "truth has 2 entries and pred has 1"},
	} {
		_, err := AdjustedRandIndexNoise(tc.truth, tc.pred)
		if !errors.Is(err, tc.sentinel) || !strings.Contains(err.Error(), "AdjustedRandIndexNoise") || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("AdjustedRandIndexNoise(%v, %v): error %v, want %v with %q", tc.truth, tc.pred, err, tc.sentinel, tc.msg)
		}
	}
}

func TestLabelAsNoise(t *testing.T) {
	in := []int{0, -1, 2, 1, -1}
	there := NoiseAsLabel(in)
	if back := LabelAsNoise(there, 3); !slices.Equal(back, in) {
		t.Errorf("LabelAsNoise(NoiseAsLabel(%v), 3) = %v, want the input back", in, back)
	}
	if got := LabelAsNoise([]int{5, 2, 5}, 5); !slices.Equal(got, []int{-1, 2, -1}) {
		t.Errorf("LabelAsNoise([5 2 5], 5) = %v, want [-1 2 -1]", got)
	}
}
