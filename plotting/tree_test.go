package plotting_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/plotting"
)

// fullTree is a complete binary tree of the given depth in depth-first
// numbering, three classes, the counts thinning towards the leaves.
func fullTree(depth int) plotting.TreeNodes {
	var t plotting.TreeNodes
	var rec func(d int, counts []float64) int
	rec = func(d int, counts []float64) int {
		id := len(t.ChildrenLeft)
		n := int(counts[0] + counts[1] + counts[2])
		t.ChildrenLeft = append(t.ChildrenLeft, -1)
		t.ChildrenRight = append(t.ChildrenRight, -1)
		t.Feature = append(t.Feature, -2)
		t.Threshold = append(t.Threshold, -2)
		t.NSamples = append(t.NSamples, n)
		t.Value = append(t.Value, counts)
		if d == depth {
			return id
		}
		t.Feature[id] = d % 4
		t.Threshold[id] = 1.5 + float64(d)/3
		left := []float64{math.Ceil(counts[0] * 0.8), math.Floor(counts[1] * 0.3), math.Floor(counts[2] * 0.5)}
		right := []float64{counts[0] - left[0], counts[1] - left[1], counts[2] - left[2]}
		l := rec(d+1, left)
		r := rec(d+1, right)
		t.ChildrenLeft[id], t.ChildrenRight[id] = l, r
		return id
	}
	rec(0, []float64{500, 400, 300})
	t.NFeatures = 4
	return t
}

func TestTreePlot(t *testing.T) {
	names := []string{"sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"}
	for _, tc := range []struct {
		name string
		tree plotting.TreeNodes
		opts plotting.TreeOptions
	}{
		{"depth 4", fullTree(4), plotting.TreeOptions{Title: "depth 4", FeatureNames: names, ClassNames: []string{"setosa", "versicolor", "virginica"}}},
		{"cut at 2", fullTree(5), plotting.TreeOptions{MaxDepth: 2}},
		{"single leaf", plotting.TreeNodes{ChildrenLeft: []int{-1}, ChildrenRight: []int{-1}, Feature: []int{-2}, Threshold: []float64{-2}, NSamples: []int{3}, Value: [][]float64{{3}}}, plotting.TreeOptions{Regression: true}},
	} {
		p, err := plotting.Tree(tc.tree, tc.opts)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		b, err := plotting.PNG(p, 1000, 450)
		if err != nil {
			t.Fatal(err)
		}
		notBlank(t, tc.name, b, 1000, 450)
	}
}

func TestTreeBadInput(t *testing.T) {
	good := fullTree(2)
	cyc := fullTree(2)
	cyc.ChildrenLeft = append([]int(nil), cyc.ChildrenLeft...)
	cyc.ChildrenLeft[1] = 0
	short := fullTree(2)
	short.Threshold = short.Threshold[:3]
	nan := fullTree(2)
	nan.Threshold = append([]float64(nil), nan.Threshold...)
	nan.Threshold[0] = math.NaN()
	for _, tc := range []struct {
		name string
		tree plotting.TreeNodes
		opts plotting.TreeOptions
		want error
		msg  string
	}{
		{"empty", plotting.TreeNodes{}, plotting.TreeOptions{}, mlkit.ErrEmpty, "no nodes"},
		{"lengths", short, plotting.TreeOptions{}, mlkit.ErrShape, "Threshold 3"},
		{"cycle", cyc, plotting.TreeOptions{}, mlkit.ErrValue, "node 1 has children 0"},
		{"NaN threshold", nan, plotting.TreeOptions{}, mlkit.ErrNaN, "Threshold[0]=NaN"},
		{"feature names", good, plotting.TreeOptions{FeatureNames: []string{"a"}}, mlkit.ErrValue, "splits on feature"},
		{"class names", good, plotting.TreeOptions{ClassNames: []string{"a"}}, mlkit.ErrShape, "ClassNames has 1 names for 3"},
		{"MaxDepth", good, plotting.TreeOptions{MaxDepth: -1}, mlkit.ErrValue, "opts.MaxDepth=-1"},
	} {
		_, err := plotting.Tree(tc.tree, tc.opts)
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: got %v, want %v containing %q", tc.name, err, tc.want, tc.msg)
		}
	}
}
