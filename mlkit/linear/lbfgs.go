package linear

import (
	"context"
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/vec"
)

// objective evaluates f(x) and writes ∇f(x) into grad.
type objective func(x, grad []float64) float64

// lbfgsResult is what the minimiser reports back to the estimator.
type lbfgsResult struct {
	F          float64
	Iterations int
	Converged  bool
	Evals      int
}

// lbfgs minimises f from x (updated in place) by limited-memory BFGS
// (Liu & Nocedal 1989, "On the limited memory BFGS method for large scale
// optimization", Math. Programming 45; the two-loop recursion of Nocedal &
// Wright 2006, Algorithm 7.4) with a strong-Wolfe line search (Nocedal &
// Wright Algorithms 3.5 and 3.6).
//
// It keeps m = 10 correction pairs and stops when max_i |∇f_i| ≤ gtol, the
// criterion scipy's L-BFGS-B applies to the `gtol` that scikit-learn passes
// as tol, or after maxIter iterations, or when the line search can no longer
// decrease f (the objective is flat to rounding). We wrote our own rather
// than use gonum/optimize so that an "iteration" and the stopping rule mean
// what they mean in scikit-learn's max_iter and tol.
//
// onIter is called after every iteration with its number and f; ctx is
// checked between iterations.
func lbfgs(ctx context.Context, f objective, x []float64, maxIter int, gtol float64,
	onIter func(it int, f float64)) (lbfgsResult, error) {
	const m = 10
	n := len(x)
	g := make([]float64, n)
	fx := f(x, g)
	res := lbfgsResult{F: fx, Evals: 1}
	if maxAbs(g) <= gtol {
		res.Converged = true
		return res, nil
	}
	S := make([][]float64, 0, m)
	Y := make([][]float64, 0, m)
	rho := make([]float64, 0, m)
	alpha := make([]float64, m)
	d := make([]float64, n)
	xNew := make([]float64, n)
	gNew := make([]float64, n)
	ls := &lineSearch{f: f, xt: xNew, gt: gNew}
	for it := 1; it <= maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		// Two-loop recursion: d = -H·g.
		copy(d, g)
		for i := len(S) - 1; i >= 0; i-- {
			alpha[i] = rho[i] * dot(S[i], d)
			axpy(-alpha[i], Y[i], d)
		}
		step := 1.0
		if k := len(S) - 1; k >= 0 {
			scale(dot(S[k], Y[k])/dot(Y[k], Y[k]), d)
		} else {
			// First step of length 1 along -g, as L-BFGS-B does.
			step = 1 / math.Sqrt(dot(g, g))
		}
		for i := range S {
			b := rho[i] * dot(Y[i], d)
			axpy(alpha[i]-b, S[i], d)
		}
		scale(-1, d)
		dg := dot(d, g)
		if !(dg < 0) {
			// Not a descent direction (rounding): restart from steepest descent.
			S, Y, rho = S[:0], Y[:0], rho[:0]
			copy(d, g)
			scale(-1, d)
			dg = -dot(g, g)
			step = 1 / math.Sqrt(-dg)
		}
		fNew, ok := ls.search(x, fx, d, dg, step)
		res.Evals += ls.evals
		if !ok {
			if len(S) > 0 {
				// Drop the curvature memory and try steepest descent once more.
				S, Y, rho = S[:0], Y[:0], rho[:0]
				it--
				if res.Evals > 20*maxIter+100 {
					break
				}
				continue
			}
			break
		}
		// Store the correction pair (s, y), recycling the oldest buffers.
		var s, y []float64
		if len(S) == m {
			s, y = S[0], Y[0]
			copy(S, S[1:])
			copy(Y, Y[1:])
			copy(rho, rho[1:])
			S, Y, rho = S[:m-1], Y[:m-1], rho[:m-1]
		} else {
			s, y = make([]float64, n), make([]float64, n)
		}
		for i := range s {
			s[i] = xNew[i] - x[i]
			y[i] = gNew[i] - g[i]
		}
		copy(x, xNew)
		copy(g, gNew)
		fx = fNew
		res.F = fx
		res.Iterations = it
		if sy := dot(s, y); sy > 1e-16*dot(y, y) {
			S, Y, rho = append(S, s), append(Y, y), append(rho, 1/sy)
		}
		if onIter != nil {
			onIter(it, fx)
		}
		if maxAbs(g) <= gtol {
			res.Converged = true
			break
		}
	}
	return res, nil
}

// lineSearch finds a step satisfying the strong Wolfe conditions with
// c1 = 1e-4 and c2 = 0.9 (the values of L-BFGS-B's dcsrch).
type lineSearch struct {
	f      objective
	xt, gt []float64 // trial point and its gradient; on success, the accepted point
	evals  int
}

func (ls *lineSearch) eval(x, d []float64, a float64) (float64, float64) {
	for i := range x {
		ls.xt[i] = x[i] + a*d[i]
	}
	ls.evals++
	f := ls.f(ls.xt, ls.gt)
	return f, dot(ls.gt, d)
}

// search returns f at the accepted point (left in ls.xt, ls.gt) and whether
// one was found.
//
// Near the optimum the decrease in f falls below its rounding error (f is a
// sum of n terms) long before the gradient reaches a tight tolerance. There,
// differences of f within fNoise are treated as ties and the search follows
// the sign of the directional derivative instead, accepting a point that
// satisfies the curvature condition without raising f beyond the noise: the
// "approximate Wolfe" conditions of Hager & Zhang (2005, SIAM J. Optim. 16,
// §4). This is what lets a small Tol be reached.
func (ls *lineSearch) search(x []float64, f0 float64, d []float64, dg0, a float64) (float64, bool) {
	const (
		c1      = 1e-4
		c2      = 0.9
		maxEval = 30
	)
	ls.evals = 0
	fNoise := 1e-12 * (math.Abs(f0) + 1)
	suff := func(a, fa float64) bool { return fa <= f0+c1*a*dg0 || fa <= f0+fNoise }
	curv := func(dga float64) bool { return math.Abs(dga) <= -c2*dg0 }
	aPrev, fPrev, dgPrev := 0.0, f0, dg0
	var aLo, fLo, dgLo, aHi, fHi, dgHi float64
	for i := 0; ; i++ {
		fa, dga := ls.eval(x, d, a)
		if math.IsNaN(fa) || math.IsInf(fa, 0) {
			// Overflow far along d: shrink.
			if i >= maxEval {
				return 0, false
			}
			a *= 0.1
			continue
		}
		if !suff(a, fa) || (i > 0 && fa > fPrev+fNoise) {
			aLo, fLo, dgLo, aHi, fHi, dgHi = aPrev, fPrev, dgPrev, a, fa, dga
			break
		}
		if curv(dga) {
			return fa, true
		}
		if dga >= 0 {
			aLo, fLo, dgLo, aHi, fHi, dgHi = a, fa, dga, aPrev, fPrev, dgPrev
			break
		}
		if i >= maxEval {
			return fa, true // sufficient decrease holds; accept
		}
		aPrev, fPrev, dgPrev = a, fa, dga
		a *= 4
	}
	for i := 0; i < maxEval; i++ {
		flat := math.Abs(fHi-fLo) <= fNoise
		a = interpolate(aLo, fLo, dgLo, aHi, fHi, dgHi, flat)
		fa, dga := ls.eval(x, d, a)
		var worse bool
		if math.Abs(fa-fLo) <= fNoise {
			// A tie in f: the derivative says on which side the minimum lies.
			worse = !suff(a, fa) || dga*(aHi-aLo) > 0
		} else {
			worse = !suff(a, fa) || fa >= fLo
		}
		if worse {
			aHi, fHi, dgHi = a, fa, dga
		} else {
			if curv(dga) {
				return fa, true
			}
			if dga*(aHi-aLo) >= 0 {
				aHi, fHi, dgHi = aLo, fLo, dgLo
			}
			aLo, fLo, dgLo = a, fa, dga
		}
		if math.Abs(aHi-aLo) <= 1e-15*math.Max(math.Abs(aLo), 1e-300) {
			break
		}
	}
	// No strong-Wolfe point: accept the best point with sufficient decrease,
	// if it is not the start.
	if aLo > 0 && fLo < f0 {
		fa, _ := ls.eval(x, d, aLo)
		return fa, true
	}
	return 0, false
}

// interpolate picks the next trial step in [a, b]: the minimiser of the
// cubic through f and f' at both ends, or, when f is flat to rounding, the
// zero of the secant of f'; safeguarded to the middle 80% of the interval.
func interpolate(a, fa, da, b, fb, db float64, flat bool) float64 {
	lo, hi := math.Min(a, b), math.Max(a, b)
	w := hi - lo
	t := (a + b) / 2
	if flat {
		if db != da {
			t = a - da*(b-a)/(db-da)
		}
	} else {
		d1 := da + db - 3*(fa-fb)/(a-b)
		if sq := d1*d1 - da*db; sq >= 0 {
			d2 := math.Copysign(math.Sqrt(sq), b-a)
			if den := db - da + 2*d2; den != 0 {
				t = b - (b-a)*(db+d2-d1)/den
			}
		}
	}
	if math.IsNaN(t) || t < lo+0.1*w || t > hi-0.1*w {
		t = (a + b) / 2
	}
	return t
}

func axpy(alpha float64, x, y []float64) {
	for i, v := range x {
		y[i] += alpha * v
	}
}

func scale(alpha float64, x []float64) {
	for i := range x {
		x[i] *= alpha
	}
}

func maxAbs(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		if a := math.Abs(v); a > m {
			m = a
		}
	}
	return m
}

// dot is vec.Dot4 (four accumulators), the order the fits were validated with.
func dot(a, b []float64) float64 { return vec.Dot4(a, b) }
