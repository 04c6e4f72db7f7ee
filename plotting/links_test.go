package plotting_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/plotting"
)

// linkFixture is three groups of points on a line (x ≈ 0, 10, 20) plus
// noise far away, and a link between the first two groups.
func linkFixture() (*mat.Dense, []int, [][2]int) {
	X := mat.NewDense(310, 2, nil)
	labels := make([]int, 310)
	for i := 0; i < 300; i++ {
		g := i % 3
		X.Set(i, 0, 10*float64(g)+math.Sin(float64(i)))
		X.Set(i, 1, math.Cos(1.7*float64(i)))
		labels[i] = g
	}
	for i := 300; i < 310; i++ {
		X.Set(i, 0, 100+float64(i))
		X.Set(i, 1, 50)
		labels[i] = -1
	}
	return X, labels, [][2]int{{0, 1}}
}

func TestLinks(t *testing.T) {
	X, labels, links := linkFixture()
	p, err := plotting.Links(X, labels, links, plotting.LinkOptions{Title: "one false link"})
	if err != nil {
		t.Fatal(err)
	}
	if colours, inked := pixelStats(t, p); colours < 5 || inked < 2000 {
		t.Errorf("whole field: %d colours, %d non-white pixels: looks blank", colours, inked)
	}
	// Focused on groups 0 and 1: the frame ends before group 2 (x ≈ 20)
	// and the noise, and holds both ends of the link.
	p, err = plotting.Links(X, labels, links, plotting.LinkOptions{Focus: []int{0, 1}, NoLegend: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.X.Min > -1 || p.X.Max < 11 || p.X.Max > 18 || p.Y.Max > 5 {
		t.Errorf("focus on groups 0 and 1: frame x [%g, %g], y [%g, %g], want x about [-3, 13] and y about [-1.4, 1.4]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	if colours, inked := pixelStats(t, p); colours < 5 || inked < 2000 {
		t.Errorf("focused: %d colours, %d non-white pixels: looks blank", colours, inked)
	}
}

func TestLinksBadInput(t *testing.T) {
	X, labels, links := linkFixture()
	nan := mat.DenseCopyOf(X)
	nan.Set(2, 1, math.NaN())
	for _, tc := range []struct {
		name string
		err  error
		want error
		msg  string
	}{
		{"nil X", second(plotting.Links(nil, labels, links, plotting.LinkOptions{})), mlkit.ErrEmpty, "X is empty"},
		{"NaN X", second(plotting.Links(nan, labels, links, plotting.LinkOptions{})), mlkit.ErrNaN, "X[2,1]=NaN"},
		{"X columns", second(plotting.Links(X.Slice(0, 10, 0, 1).(*mat.Dense), labels[:10], nil, plotting.LinkOptions{})), mlkit.ErrValue, "want 2 columns"},
		{"labels", second(plotting.Links(X, labels[:5], links, plotting.LinkOptions{})), mlkit.ErrShape, "labels has 5 entries"},
		{"nil labels", second(plotting.Links(X, nil, links, plotting.LinkOptions{})), mlkit.ErrShape, "labels has 0 entries"},
		{"link range", second(plotting.Links(X, labels, [][2]int{{0, 310}}, plotting.LinkOptions{})), mlkit.ErrValue, "links[0]=[0 310]"},
		{"negative link", second(plotting.Links(X, labels, [][2]int{{-1, 3}}, plotting.LinkOptions{})), mlkit.ErrValue, "links[0]=[-1 3]"},
		{"focus", second(plotting.Links(X, labels, nil, plotting.LinkOptions{Focus: []int{7}})), mlkit.ErrValue, "opts.Focus=[7]"},
	} {
		if !errors.Is(tc.err, tc.want) || !strings.Contains(tc.err.Error(), tc.msg) {
			t.Errorf("%s: got %v, want %v containing %q", tc.name, tc.err, tc.want, tc.msg)
		}
	}
}
