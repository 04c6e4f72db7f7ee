package plotting

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// niceTicks labels about n round values (steps of 1, 2 or 5 times a power
// of ten) with an unlabelled tick between each pair; gonum/plot's default
// aims at 3 labels, too few to read values off a scatter plot.
type niceTicks struct{ n int }

func (t niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	raw := (hi - lo) / float64(max(t.n, 2))
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	prec := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	first := math.Ceil(lo/step - 1e-9)
	var ticks []plot.Tick
	for i := 0; ; i++ {
		v := (first + float64(i)) * step
		if v > hi+step*1e-9 {
			break
		}
		if math.Abs(v) < step*1e-9 {
			v = 0 // not "-0"
		}
		label := strconv.FormatFloat(v, 'f', prec, 64)
		if step < 1e-4 || step >= 1e6 {
			label = strconv.FormatFloat(v, 'g', 3, 64)
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
		if m := v + step/2; m <= hi {
			ticks = append(ticks, plot.Tick{Value: m})
		}
	}
	if m := first*step - step/2; m >= lo {
		ticks = append(ticks, plot.Tick{Value: m})
	}
	return ticks
}
