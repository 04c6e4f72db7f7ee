package plotting_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/plotting"
)

func TestLossesAndHistogramRender(t *testing.T) {
	runs := []plotting.LossRun{
		{Name: "wide", Train: []float64{0.049, 0.0038, 0.0023}, Val: []float64{0.0053, 0.0023, 0.0018}},
		{Name: "compact", Train: []float64{0.063, 0.014, 0.010}, Val: []float64{0.018, 0.011, 0.0085}},
	}
	for _, logY := range []bool{false, true} {
		p, err := plotting.Losses(runs, plotting.LossOptions{Title: "loss", LogY: logY})
		if err != nil {
			t.Fatal(err)
		}
		b, err := plotting.PNG(p, 500, 300)
		if err != nil {
			t.Fatal(err)
		}
		notBlank(t, "Losses", b, 500, 300)
		// Epoch ticks are whole numbers; the log axis labels more than one value.
		for _, tk := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
			if tk.Label != "" && tk.Value != math.Trunc(tk.Value) {
				t.Errorf("epoch tick at %v", tk.Value)
			}
		}
		labels := 0
		for _, tk := range p.Y.Tick.Marker.Ticks(0.0018, 0.063) {
			if tk.Label != "" {
				labels++
			}
		}
		if labels < 3 {
			t.Errorf("LogY=%v: %d labelled y ticks over 0.0018…0.063, want ≥ 3", logY, labels)
		}
	}
	u := lcg(3)
	vals := make([]float64, 500)
	for i := range vals {
		vals[i] = 1 - math.Pow(u(), 8)
	}
	for _, logY := range []bool{false, true} {
		p, err := plotting.Histogram(vals, plotting.HistogramOptions{Title: "largest posterior", Bins: 20, Min: 0, Max: 1, LogY: logY})
		if err != nil {
			t.Fatal(err)
		}
		b, err := plotting.PNG(p, 400, 260)
		if err != nil {
			t.Fatal(err)
		}
		notBlank(t, "Histogram", b, 400, 260)
	}
	if _, err := plotting.Histogram([]float64{2, 2, 2}, plotting.HistogramOptions{}); err != nil {
		t.Errorf("constant values: %v", err)
	}
}

func TestLossesHistogramBadInput(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		sent error
		msg  string
	}{
		{"no runs", func() error { _, e := plotting.Losses(nil, plotting.LossOptions{}); return e }(), mlkit.ErrEmpty, "runs is empty"},
		{"empty train", func() error { _, e := plotting.Losses([]plotting.LossRun{{}}, plotting.LossOptions{}); return e }(), mlkit.ErrEmpty, "runs[0].Train"},
		{"val length", func() error {
			_, e := plotting.Losses([]plotting.LossRun{{Train: []float64{1, 2}, Val: []float64{1}}}, plotting.LossOptions{})
			return e
		}(), mlkit.ErrShape, "runs[0].Val"},
		{"NaN", func() error {
			_, e := plotting.Losses([]plotting.LossRun{{Train: []float64{1, math.NaN()}}}, plotting.LossOptions{})
			return e
		}(), mlkit.ErrNaN, "runs[0]"},
		{"log of 0", func() error {
			_, e := plotting.Losses([]plotting.LossRun{{Train: []float64{1, 0}}}, plotting.LossOptions{LogY: true})
			return e
		}(), mlkit.ErrValue, "LogY"},
		{"hist empty", func() error { _, e := plotting.Histogram(nil, plotting.HistogramOptions{}); return e }(), mlkit.ErrEmpty, "values"},
		{"hist Inf", func() error {
			_, e := plotting.Histogram([]float64{math.Inf(1)}, plotting.HistogramOptions{})
			return e
		}(), mlkit.ErrNaN, "values"},
		{"hist bins", func() error { _, e := plotting.Histogram([]float64{1}, plotting.HistogramOptions{Bins: -2}); return e }(), mlkit.ErrValue, "Bins=-2"},
		{"hist range", func() error {
			_, e := plotting.Histogram([]float64{1}, plotting.HistogramOptions{Min: 1, Max: 0})
			return e
		}(), mlkit.ErrValue, "Min"},
	} {
		if c.err == nil || !errors.Is(c.err, c.sent) || !strings.Contains(c.err.Error(), c.msg) {
			t.Errorf("%s: error %v, want %v containing %q", c.name, c.err, c.sent, c.msg)
		}
	}
}

// A run without validation losses is drawn (Val may be nil, as documented).
func TestLossesWithoutValidation(t *testing.T) {
	p, err := plotting.Losses([]plotting.LossRun{{Name: "a", Train: []float64{1, 0.5, 0.3}}}, plotting.LossOptions{})
	if err != nil || p == nil {
		t.Fatalf("Losses with Val nil: %v", err)
	}
}
