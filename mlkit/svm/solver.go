package svm

import (
	"context"
	"math"
)

// tau replaces a non-positive curvature in the two-variable update (libsvm's TAU).
const tau = 1e-12

const (
	lowerBound int8 = iota
	upperBound
	free
)

// smo is libsvm's Solver (svm.cpp) for the C-SVC dual
//
//	min ½αᵀQα − eᵀα  s.t. yᵀα = 0, 0 ≤ α_i ≤ C_i,
//
// with the second-order working-set selection of Fan, Chen and Lin (2005,
// WSS 3), shrinking and gradient reconstruction (Chang and Lin 2011, §5.1,
// §4.1), ported statement by statement so that the iterates, and hence the
// support vectors, follow libsvm's.
type smo struct {
	l, activeSize int
	y             []int8
	g, gBar       []float64
	alpha         []float64
	status        []int8
	c             []float64 // per-sample upper bound, permuted with the rest
	activeSet     []int
	q             *svcQ
	eps           float64
	unshrink      bool
}

type solution struct {
	alpha     []float64 // α_i y_i in the caller's order
	rho       float64
	iter      int
	converged bool
}

func (s *smo) updateStatus(i int) {
	switch {
	case s.alpha[i] >= s.c[i]:
		s.status[i] = upperBound
	case s.alpha[i] <= 0:
		s.status[i] = lowerBound
	default:
		s.status[i] = free
	}
}

func (s *smo) swapIndex(i, j int) {
	s.q.swapIndex(i, j)
	s.y[i], s.y[j] = s.y[j], s.y[i]
	s.g[i], s.g[j] = s.g[j], s.g[i]
	s.status[i], s.status[j] = s.status[j], s.status[i]
	s.alpha[i], s.alpha[j] = s.alpha[j], s.alpha[i]
	s.c[i], s.c[j] = s.c[j], s.c[i]
	s.activeSet[i], s.activeSet[j] = s.activeSet[j], s.activeSet[i]
	s.gBar[i], s.gBar[j] = s.gBar[j], s.gBar[i]
}

func (s *smo) reconstructGradient() {
	if s.activeSize == s.l {
		return
	}
	l, as := s.l, s.activeSize
	for j := as; j < l; j++ {
		s.g[j] = s.gBar[j] - 1 // p_j = −1
	}
	nFree := 0
	for j := 0; j < as; j++ {
		if s.status[j] == free {
			nFree++
		}
	}
	if nFree*l > 2*as*(l-as) {
		for i := as; i < l; i++ {
			qi := s.q.getQ(i, as)
			for j := 0; j < as; j++ {
				if s.status[j] == free {
					s.g[i] += s.alpha[j] * float64(qi[j])
				}
			}
		}
	} else {
		for i := 0; i < as; i++ {
			if s.status[i] == free {
				qi := s.q.getQ(i, l)
				ai := s.alpha[i]
				for j := as; j < l; j++ {
					s.g[j] += ai * float64(qi[j])
				}
			}
		}
	}
}

// solveCSVC solves one binary problem; y is ±1, c the bound of each sample.
// maxIter ≤ 0 means libsvm's cap max(10⁷, 100·l).
func solveCSVC(ctx context.Context, q *svcQ, y []int8, c []float64, eps float64, shrinking bool, maxIter int) (solution, error) {
	l := len(y)
	s := &smo{l: l, activeSize: l, q: q, eps: eps,
		y: append([]int8(nil), y...), c: append([]float64(nil), c...),
		g: make([]float64, l), gBar: make([]float64, l), alpha: make([]float64, l),
		status: make([]int8, l), activeSet: make([]int, l)}
	for i := range l {
		s.updateStatus(i)
		s.activeSet[i] = i
		s.g[i] = -1
	}
	// α starts at 0, so no gradient terms to add.
	if maxIter <= 0 {
		maxIter = max(10000000, 100*l)
	}
	iter := 0
	counter := min(l, 1000) + 1
	for iter < maxIter {
		if counter--; counter == 0 {
			counter = min(l, 1000)
			if shrinking {
				s.doShrinking()
			}
			if err := ctx.Err(); err != nil {
				return solution{}, err
			}
		}
		i, j, ok := s.selectWorkingSet()
		if !ok {
			s.reconstructGradient()
			s.activeSize = l
			if i, j, ok = s.selectWorkingSet(); !ok {
				break
			}
			counter = 1
		}
		iter++
		s.step(i, j)
	}
	converged := iter < maxIter
	if !converged && s.activeSize < l {
		s.reconstructGradient()
		s.activeSize = l
	}
	rho := s.calculateRho()
	out := make([]float64, l)
	for i := range l {
		out[s.activeSet[i]] = s.alpha[i] * float64(s.y[i])
	}
	return solution{alpha: out, rho: rho, iter: iter, converged: converged}, nil
}

// step updates α_i, α_j analytically and the gradients (libsvm, Solve's loop body).
func (s *smo) step(i, j int) {
	as := s.activeSize
	qi := s.q.getQ(i, as)
	qj := s.q.getQ(j, as)
	ci, cj := s.c[i], s.c[j]
	oldI, oldJ := s.alpha[i], s.alpha[j]
	a := s.alpha
	if s.y[i] != s.y[j] {
		quad := s.q.qd[i] + s.q.qd[j] + 2*float64(qi[j])
		if quad <= 0 {
			quad = tau
		}
		delta := (-s.g[i] - s.g[j]) / quad
		diff := a[i] - a[j]
		a[i] += delta
		a[j] += delta
		if diff > 0 {
			if a[j] < 0 {
				a[j] = 0
				a[i] = diff
			}
		} else if a[i] < 0 {
			a[i] = 0
			a[j] = -diff
		}
		if diff > ci-cj {
			if a[i] > ci {
				a[i] = ci
				a[j] = ci - diff
			}
		} else if a[j] > cj {
			a[j] = cj
			a[i] = cj + diff
		}
	} else {
		quad := s.q.qd[i] + s.q.qd[j] - 2*float64(qi[j])
		if quad <= 0 {
			quad = tau
		}
		delta := (s.g[i] - s.g[j]) / quad
		sum := a[i] + a[j]
		a[i] -= delta
		a[j] += delta
		if sum > ci {
			if a[i] > ci {
				a[i] = ci
				a[j] = sum - ci
			}
		} else if a[j] < 0 {
			a[j] = 0
			a[i] = sum
		}
		if sum > cj {
			if a[j] > cj {
				a[j] = cj
				a[i] = sum - cj
			}
		} else if a[i] < 0 {
			a[i] = 0
			a[j] = sum
		}
	}
	dai, daj := a[i]-oldI, a[j]-oldJ
	g := s.g[:as]
	qi, qj = qi[:as], qj[:as]
	for k := range g {
		g[k] += float64(qi[k])*dai + float64(qj[k])*daj
	}
	ui, uj := s.status[i] == upperBound, s.status[j] == upperBound
	s.updateStatus(i)
	s.updateStatus(j)
	if ui != (s.status[i] == upperBound) {
		row := s.q.getQ(i, s.l)
		f := ci
		if ui {
			f = -ci
		}
		for k := range s.gBar {
			s.gBar[k] += f * float64(row[k])
		}
	}
	if uj != (s.status[j] == upperBound) {
		row := s.q.getQ(j, s.l)
		f := cj
		if uj {
			f = -cj
		}
		for k := range s.gBar {
			s.gBar[k] += f * float64(row[k])
		}
	}
}

// selectWorkingSet is WSS 3 of Fan, Chen and Lin (2005): i maximises
// −y_i∇f_i over I_up, j minimises the second-order decrease over I_low.
// ok is false when the maximal violation is below eps.
func (s *smo) selectWorkingSet() (int, int, bool) {
	gmax, gmax2 := math.Inf(-1), math.Inf(-1)
	gmaxIdx, gminIdx := -1, -1
	objMin := math.Inf(1)
	as := s.activeSize
	for t := 0; t < as; t++ {
		if s.y[t] == 1 {
			if s.status[t] != upperBound && -s.g[t] >= gmax {
				gmax, gmaxIdx = -s.g[t], t
			}
		} else if s.status[t] != lowerBound && s.g[t] >= gmax {
			gmax, gmaxIdx = s.g[t], t
		}
	}
	i := gmaxIdx
	var qi []float32
	var qdi, yi float64
	if i != -1 {
		qi = s.q.getQ(i, as)
		qdi, yi = s.q.qd[i], float64(s.y[i])
	}
	for j := 0; j < as; j++ {
		if s.y[j] == 1 {
			if s.status[j] != lowerBound {
				gd := gmax + s.g[j]
				if s.g[j] >= gmax2 {
					gmax2 = s.g[j]
				}
				if gd > 0 {
					quad := qdi + s.q.qd[j] - 2*yi*float64(qi[j])
					if quad <= 0 {
						quad = tau
					}
					if od := -(gd * gd) / quad; od <= objMin {
						gminIdx, objMin = j, od
					}
				}
			}
		} else if s.status[j] != upperBound {
			gd := gmax - s.g[j]
			if -s.g[j] >= gmax2 {
				gmax2 = -s.g[j]
			}
			if gd > 0 {
				quad := qdi + s.q.qd[j] + 2*yi*float64(qi[j])
				if quad <= 0 {
					quad = tau
				}
				if od := -(gd * gd) / quad; od <= objMin {
					gminIdx, objMin = j, od
				}
			}
		}
	}
	if gmax+gmax2 < s.eps || gminIdx == -1 {
		return 0, 0, false
	}
	return gmaxIdx, gminIdx, true
}

func (s *smo) beShrunk(i int, gmax1, gmax2 float64) bool {
	switch s.status[i] {
	case upperBound:
		if s.y[i] == 1 {
			return -s.g[i] > gmax1
		}
		return -s.g[i] > gmax2
	case lowerBound:
		if s.y[i] == 1 {
			return s.g[i] > gmax2
		}
		return s.g[i] > gmax1
	}
	return false
}

func (s *smo) doShrinking() {
	gmax1, gmax2 := math.Inf(-1), math.Inf(-1)
	for i := 0; i < s.activeSize; i++ {
		g := s.g[i]
		if s.y[i] == 1 {
			if s.status[i] != upperBound && -g >= gmax1 {
				gmax1 = -g
			}
			if s.status[i] != lowerBound && g >= gmax2 {
				gmax2 = g
			}
		} else {
			if s.status[i] != upperBound && -g >= gmax2 {
				gmax2 = -g
			}
			if s.status[i] != lowerBound && g >= gmax1 {
				gmax1 = g
			}
		}
	}
	if !s.unshrink && gmax1+gmax2 <= s.eps*10 {
		s.unshrink = true
		s.reconstructGradient()
		s.activeSize = s.l
	}
	for i := 0; i < s.activeSize; i++ {
		if s.beShrunk(i, gmax1, gmax2) {
			s.activeSize--
			for s.activeSize > i {
				if !s.beShrunk(s.activeSize, gmax1, gmax2) {
					s.swapIndex(i, s.activeSize)
					break
				}
				s.activeSize--
			}
		}
	}
}

func (s *smo) calculateRho() float64 {
	nFree := 0
	ub, lb, sumFree := math.Inf(1), math.Inf(-1), 0.0
	for i := 0; i < s.activeSize; i++ {
		yg := float64(s.y[i]) * s.g[i]
		switch s.status[i] {
		case upperBound:
			if s.y[i] == -1 {
				ub = min(ub, yg)
			} else {
				lb = max(lb, yg)
			}
		case lowerBound:
			if s.y[i] == 1 {
				ub = min(ub, yg)
			} else {
				lb = max(lb, yg)
			}
		default:
			nFree++
			sumFree += yg
		}
	}
	if nFree > 0 {
		return sumFree / float64(nFree)
	}
	return (ub + lb) / 2
}
