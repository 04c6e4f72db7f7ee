package data_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
)

func TestByLabel(t *testing.T) {
	labels := []int{1, 0, 1, -1, 3, 1}
	if got := data.CountLabels(labels); !slices.Equal(got, []int{1, 3, 0, 1}) {
		t.Errorf("CountLabels = %v, want [1 3 0 1]", got)
	}
	if got := data.FirstOfEach(labels, []int{1, 3, 2}, 2); !slices.Equal(got, []int{0, 2, 4}) {
		t.Errorf("FirstOfEach = %v, want [0 2 4]", got)
	}
	if got := data.SubsetLabels(labels, []int{4, 0, 4}); !slices.Equal(got, []int{3, 1, 3}) {
		t.Errorf("SubsetLabels = %v, want [3 1 3]", got)
	}
	m, err := data.GroupMeans([]float64{1, 2, 3, 100, 4, 5}, labels)
	if err != nil || m[0] != 2 || m[1] != 3 || !math.IsNaN(m[2]) || m[3] != 4 {
		t.Errorf("GroupMeans = %v, %v; want [2 3 NaN 4]", m, err)
	}
	// Two 1×3 images: ink in the middle column only, and spread over both ends.
	im, _ := data.NewImages(3, 1, 1, 3, []float32{0, 1, 0, 1, 0, 1, 0, 0, 0})
	s := im.HorizontalSpread()
	if s[0] != 0 || math.Abs(s[1]-1) > 1e-12 || s[2] != 0 {
		t.Errorf("HorizontalSpread = %v, want [0 1 0]", s)
	}
	means, err := im.MeanByLabel([]int{1, 1, -1})
	if err != nil || means.N != 2 || !slices.Equal(means.Pix, []float32{0, 0, 0, 0.5, 0.5, 0.5}) {
		t.Errorf("MeanByLabel = %+v, %v", means, err)
	}
	for _, c := range []struct {
		name     string
		err      error
		sentinel error
	}{
		{"GroupMeans lengths", second(data.GroupMeans([]float64{1}, []int{0, 1})), mlkit.ErrShape},
		{"MeanByLabel nil", second((*data.Images)(nil).MeanByLabel(nil)), mlkit.ErrEmpty},
		{"MeanByLabel lengths", second(im.MeanByLabel([]int{0})), mlkit.ErrShape},
		{"MeanByLabel no label", second(im.MeanByLabel([]int{-1, -1, -1})), mlkit.ErrValue},
	} {
		if !errors.Is(c.err, c.sentinel) {
			t.Errorf("%s: err = %v, want %v", c.name, c.err, c.sentinel)
		}
	}
}

func second[T any](_ T, err error) error { return err }
