package plotting

import (
	"strings"
	"testing"
)

func TestNiceTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		n      int
		want   string // labelled ticks
	}{
		{2, 10, 7, "2 4 6 8 10"},          // k from 2 to 10
		{-7.3, 7.9, 6, "-5 0 5"},          // raw step 2.5 → 5
		{0.26, 0.41, 6, "0.30 0.35 0.40"}, // raw 0.025 → 0.05
		{0, 1, 6, "0.0 0.2 0.4 0.6 0.8 1.0"},
		{-3e-9, 1e-8, 3, "0 5e-09 1e-08"},
	} {
		var got []string
		for _, tk := range (niceTicks{c.n}).Ticks(c.lo, c.hi) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
			if tk.Value < c.lo || tk.Value > c.hi {
				t.Errorf("[%v,%v]: tick %v outside the range", c.lo, c.hi, tk.Value)
			}
		}
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("niceTicks{%d}.Ticks(%v, %v) = %q, want %q", c.n, c.lo, c.hi, s, c.want)
		}
	}
}
