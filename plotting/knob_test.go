package plotting_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/plotting"
)

// sine draws sin(f·x) on [0, 2π]: a different figure for each f.
func sine(f int) (*plot.Plot, error) {
	x := make([]float64, 200)
	y := make([]float64, len(x))
	for i := range x {
		x[i] = 2 * math.Pi * float64(i) / float64(len(x)-1)
		y[i] = math.Sin(float64(f) * x[i])
	}
	return plotting.Lines([]plotting.Series{{Name: "sin", X: x, Y: y}}, plotting.LineOptions{Title: "a sine"})
}

// Outside a GoNB kernel a knob draws its Default once, as Show does, and
// returns it: a program or test never waits for a slider.
func TestKnobOutsideNotebook(t *testing.T) {
	if gonbui.IsNotebook {
		t.Skip("inside a GoNB kernel the knob waits for a browser")
	}
	dir := t.TempDir()
	t.Setenv("PLOTTING_DIR", dir)
	var drawn []int
	v, err := plotting.Knob[int]{Name: "f", Values: []int{1, 2, 3, 5}, Default: 3, Width: 200, Height: 150}.Show(func(f int) (*plot.Plot, error) {
		drawn = append(drawn, f)
		return sine(f)
	})
	if err != nil {
		t.Fatal(err)
	}
	if v != 3 || len(drawn) != 1 || drawn[0] != 3 {
		t.Errorf("Show returned %d after drawing %v, want 3 after drawing [3]", v, drawn)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "plot-*.png"))
	if len(files) != 1 {
		t.Fatalf("Show wrote %v, want one PNG in PLOTTING_DIR", files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	notBlank(t, "knob figure", b, 200, 150)
}

func TestKnobBadInput(t *testing.T) {
	if gonbui.IsNotebook {
		t.Skip("inside a GoNB kernel the knob waits for a browser")
	}
	t.Setenv("PLOTTING_DIR", t.TempDir())
	boom := errors.New("boom")
	cases := []struct {
		name string
		k    plotting.Knob[int]
		draw func(int) (*plot.Plot, error)
		want error
		msg  string
	}{
		{"nil draw", plotting.Knob[int]{Values: []int{1}, Default: 1}, nil, mlkit.ErrEmpty, "draw is nil"},
		{"no values", plotting.Knob[int]{Default: 1}, sine, mlkit.ErrEmpty, "Values is empty"},
		{"default not a value", plotting.Knob[int]{Values: []int{1, 2}, Default: 4}, sine, mlkit.ErrValue, "Default=4"},
		{"repeated value", plotting.Knob[int]{Values: []int{1, 2, 1}, Default: 1}, sine, mlkit.ErrValue, "Values[2]=1"},
		{"negative size", plotting.Knob[int]{Values: []int{1}, Default: 1, Width: -3}, sine, mlkit.ErrValue, "size -3"},
		{"negative idle", plotting.Knob[int]{Values: []int{1}, Default: 1, Idle: -1}, sine, mlkit.ErrValue, "Idle=-1ns"},
		{"nil plot", plotting.Knob[int]{Values: []int{1}, Default: 1}, func(int) (*plot.Plot, error) { return nil, nil }, mlkit.ErrEmpty, "nil plot"},
		{"draw error", plotting.Knob[int]{Values: []int{1}, Default: 1}, func(int) (*plot.Plot, error) { return nil, boom }, boom, "boom"},
	}
	for _, c := range cases {
		_, err := c.k.Show(c.draw)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: err %v, want %v naming %q", c.name, err, c.want, c.msg)
		}
	}
}
