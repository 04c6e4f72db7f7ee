package cluster

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
)

func TestGroupUnits(t *testing.T) {
	got, err := GroupUnits([]int{0, 3, 3, 1, 2}, []int{5, 5, -1, 7})
	if want := []int{5, 7, 7, 5, -1}; err != nil || !slices.Equal(got, want) {
		t.Errorf("GroupUnits = %v, %v, want %v", got, err, want)
	}
	for _, tc := range []struct {
		name        string
		unit, group []int
		sentinel    error
		msg         string
	}{
		{"nil unit", nil, []int{0}, mlkit.ErrEmpty, "unit is empty"},
		{"nil group", []int{0}, nil, mlkit.ErrEmpty, "group is empty"},
		{"unit too large", []int{0, 2}, []int{0, 1}, mlkit.ErrValue, "unit[1]=2, want a unit in [0, 2)"},
		{"negative unit", []int{-1}, []int{0, 1}, mlkit.ErrValue, "unit[0]=-1"},
	} {
		_, err := GroupUnits(tc.unit, tc.group)
		if !errors.Is(err, tc.sentinel) || !strings.Contains(err.Error(), "cluster: GroupUnits") || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: error %v, want %v with %q", tc.name, err, tc.sentinel, tc.msg)
		}
	}
}
