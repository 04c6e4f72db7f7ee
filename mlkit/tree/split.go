package tree

import (
	"math"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
)

// findSplit is BestSplitter.node_split with max_features = all features,
// visited in index order instead of scikit-learn's random permutation: of
// splits with equal proxy improvement, the one on the lowest feature index
// wins, and along one feature the lowest threshold (scikit-learn keeps the
// first it meets with a strict >, so only ties across features can resolve
// differently). Features found constant are dropped from the children's
// candidates, as scikit-learn carries n_constant_features down.
//
// The features are evaluated in parallel, each into its own slot, and
// reduced in feature order, so GOMAXPROCS never changes the tree.
func (b *builder) findSplit(start, end int, impurity float64, st nodeStats, feats []int32) (split, []int32) {
	m := end - start
	res := make([]featureResult, len(feats))
	eval := func(j int) {
		sc := b.pool.Get().(*scratch)
		res[j] = b.evalFeature(int(feats[j]), start, end, st, sc)
		b.pool.Put(sc)
	}
	if m*len(feats) >= parallelWork {
		par.For(len(feats), eval)
	} else {
		for j := range feats {
			eval(j)
		}
	}
	best := split{pos: m}
	bestProxy := math.Inf(-1)
	kept := feats[:0:0]
	for j, r := range res {
		if r.constant {
			continue
		}
		kept = append(kept, feats[j])
		if r.found && r.proxy > bestProxy {
			bestProxy = r.proxy
			best.feature, best.pos, best.threshold = int(feats[j]), r.pos, r.threshold
		}
	}
	if best.pos >= m {
		return best, kept
	}
	if b.tieBreak != nil {
		b.breakTie(&best, bestProxy, feats, res)
	}
	b.partition(start, end, best.feature, best.threshold)
	b.childrenImpurity(start, end, st, &best)
	w := st.w
	wL := float64(best.pos)
	wR := w - wL
	// Criterion.impurity_improvement.
	best.improvement = (w / b.wTotal) * (impurity - (wR / w * best.impRight) - (wL / w * best.impLeft))
	return best, kept
}

func (b *builder) breakTie(best *split, bestProxy float64, feats []int32, res []featureResult) {
	var tied []int
	for j, r := range res {
		if r.found && math.Abs(r.proxy-bestProxy) <= b.tieTol*math.Abs(bestProxy) {
			tied = append(tied, int(feats[j]))
		}
	}
	if len(tied) < 2 {
		return
	}
	f := b.tieBreak(len(b.out.Feature), tied)
	for j, r := range res {
		if int(feats[j]) == f && r.found {
			best.feature, best.pos, best.threshold = f, r.pos, r.threshold
		}
	}
}

// partition puts the node's samples with x[f] ≤ threshold first, both
// sides in their previous order.
func (b *builder) partition(start, end, f int, threshold float64) {
	l, r := start, 0
	if fc := b.codes[f]; fc != nil {
		cut := fc.cut(threshold)
		for _, s := range b.samples[start:end] {
			if int(fc.code[s]) <= cut {
				b.samples[l] = s
				l++
			} else {
				b.part[r] = s
				r++
			}
		}
		copy(b.samples[l:end], b.part[:r])
		return
	}
	col := b.cols[f]
	for _, s := range b.samples[start:end] {
		if float64(col[s]) <= threshold {
			b.samples[l] = s
			l++
		} else {
			b.part[r] = s
			r++
		}
	}
	copy(b.samples[l:end], b.part[:r])
}

// childrenImpurity is criterion.reset(); update(pos); children_impurity().
func (b *builder) childrenImpurity(start, end int, st nodeStats, sp *split) {
	m := end - start
	wL := float64(sp.pos)
	wR := st.w - wL
	left := b.samples[start : start+sp.pos]
	if b.crit == critMSE {
		sumL := b.updateSum(func(i int) float64 { return b.yr[b.samples[start+i]] }, 0, 0, sp.pos, m, st.sum)
		sqL := 0.0
		for _, s := range left {
			v := b.yr[s]
			sqL += v * v
		}
		sqR := st.sqSum - sqL
		sumR := st.sum - sumL
		sp.impLeft = sqL/wL - (sumL/wL)*(sumL/wL)
		sp.impRight = sqR/wR - (sumR/wR)*(sumR/wR)
		return
	}
	cl := make([]float64, b.K)
	for _, s := range left {
		cl[b.y[s]]++
	}
	cr := make([]float64, b.K)
	for c := range cr {
		cr[c] = st.counts[c] - cl[c]
	}
	sp.impLeft = b.impurityOf(cl, wL)
	sp.impRight = b.impurityOf(cr, wR)
}

// updateSum is RegressionCriterion.update from pos to newPos: sum_left is
// advanced from whichever end is nearer, as scikit-learn does, which fixes
// the order of the floating-point additions.
func (b *builder) updateSum(y func(int) float64, sumLeft float64, pos, newPos, m int, sumTotal float64) float64 {
	if newPos-pos <= m-newPos {
		for q := pos; q < newPos; q++ {
			sumLeft += y(q)
		}
		return sumLeft
	}
	sumLeft = sumTotal
	for q := m - 1; q >= newPos; q-- {
		sumLeft -= y(q)
	}
	return sumLeft
}

// zeroMark is the payload of the key standing for the block of exact
// zeros (see evalFeature); no class code or sample index reaches it.
const zeroMark = 0xFFFFFFFF

// evalFeature gathers feature f over the node, sorts it and scans every
// boundary between distinct values.
//
// For classification, exact zeros (the bulk of sparse features such as
// pixels) are not sorted: their class counts are tallied while gathering,
// and one key with the payload zeroMark stands for all of them at zero's
// place in the sorted order. The scan sees the same sequence of distinct
// values and the same counts on each side, so the result is unchanged.
func (b *builder) evalFeature(f, start, end int, st nodeStats, sc *scratch) featureResult {
	m := end - start
	fc := b.codes[f]
	if fc != nil && m > 32 && b.crit != critMSE {
		return b.evalCoded(fc, start, end, st, sc)
	}
	col := b.cols[f]
	if fc != nil {
		// A small node of a coded feature: decode its values.
		col = sc.vals[:b.n]
		for _, s := range b.samples[start:end] {
			col[s] = fc.vals[fc.code[s]]
		}
	}
	keys := sc.keys[:m]
	regression := b.crit == critMSE
	lo, hi := uint32(math.MaxUint32), uint32(0)
	nk := 0
	if regression {
		for i, s := range b.samples[start:end] {
			k := floatKey(col[s])
			lo, hi = min(lo, k), max(hi, k)
			keys[i] = uint64(k)<<32 | uint64(s)
		}
		nk = m
	} else {
		// Branch-free: every key is written, and the write position moves
		// only past non-zeros (a branch on ~80% zeros mispredicts a lot).
		zi := sc.zi[:b.K]
		clear(zi)
		for _, s := range b.samples[start:end] {
			v := col[s]
			c := b.y[s]
			k := floatKey(v)
			lo, hi = min(lo, k), max(hi, k)
			keys[nk] = uint64(k)<<32 | uint64(c)
			nz := 0
			if v != 0 || b.noZeroBlock {
				nz = 1
			}
			nk += nz
			zi[c] += int32(1 - nz)
		}
		zc := sc.zc[:b.K]
		for c, z := range zi {
			zc[c] = float64(z)
		}
	}
	// The constant test of the sorted values, Xf[end-1] <= Xf[start] + FEATURE_THRESHOLD,
	// made before sorting so constant features cost one pass.
	if float64(keyFloat(hi)) <= float64(keyFloat(lo))+featureThreshold {
		return featureResult{constant: true}
	}
	keys = sortKeys(keys[:nk], sc.tmp[:nk])
	if regression {
		return b.scanMSE(keys, st, sc)
	}
	if nk < m {
		// Insert the zero block's key after the negative values.
		zk := uint64(floatKey(0)) << 32
		at := nk
		for at > 0 && keys[at-1] > zk {
			at--
		}
		buf := sc.keys
		if &keys[0] == &sc.keys[0] {
			buf = sc.tmp
		}
		copy(buf[:at], keys[:at])
		buf[at] = zk | zeroMark
		copy(buf[at+1:nk+1], keys[at:nk])
		keys = buf[:nk+1]
	}
	return b.scanClasses(keys, m, st, sc)
}

// threshold is scikit-learn's midpoint of two adjacent distinct float32
// values, a sum of halves (no overflow), falling back to the lower value
// when the midpoint rounds up to the upper one.
func threshold(lo, hi float32) float64 {
	t := float64(lo)/2.0 + float64(hi)/2.0
	if t == float64(hi) || math.IsInf(t, 0) {
		t = float64(lo)
	}
	return t
}

// scanClasses walks the sorted (value, class) keys left to right, keeping
// the class counts and their sums of squares on each side (integers, so
// exact, and so equal to scikit-learn's sums), and evaluates the proxy
// improvement −w_R·I_R − w_L·I_L at each boundary.
func (b *builder) scanClasses(keys []uint64, m int, st nodeStats, sc *scratch) featureResult {
	nk := len(keys)
	minLeaf := b.p.minLeaf
	cl := sc.cl[:b.K]
	clear(cl)
	zc := sc.zc[:b.K]
	tot := st.counts
	sqL, sqR := 0.0, st.sqCounts
	entropy := b.crit == critEntropy
	res := featureResult{proxy: math.Inf(-1)}
	w := st.w
	p, nL := 0, 0 // p indexes keys, nL counts the samples moved left
	vp := keyFloat(uint32(keys[0] >> 32))
	for p < nk {
		var vn float32
		for {
			if c := uint32(keys[p]); c != zeroMark {
				sqR -= 2*(tot[c]-cl[c]) - 1
				sqL += 2*cl[c] + 1
				cl[c]++
				nL++
			} else {
				// The zero block: recount the sums of squares (integers, exact).
				sqL, sqR = 0, 0
				for c := range cl {
					cl[c] += zc[c]
					nL += int(zc[c])
					sqL += cl[c] * cl[c]
					r := tot[c] - cl[c]
					sqR += r * r
				}
			}
			if p+1 < nk {
				vn = keyFloat(uint32(keys[p+1] >> 32))
				if float64(vn) <= float64(vp)+featureThreshold {
					p++
					vp = vn
					continue
				}
			}
			break
		}
		p++
		if p >= nk {
			break
		}
		if nL >= minLeaf && m-nL >= minLeaf {
			wL := float64(nL)
			wR := w - wL
			var impL, impR float64
			if entropy {
				for c := range cl {
					if n := cl[c]; n > 0 {
						q := n / wL
						impL -= q * log2(q)
					}
					if n := tot[c] - cl[c]; n > 0 {
						q := n / wR
						impR -= q * log2(q)
					}
				}
			} else {
				impL = 1.0 - sqL/(wL*wL)
				impR = 1.0 - sqR/(wR*wR)
			}
			proxy := -wR*impR - wL*impL
			if proxy > res.proxy {
				res.proxy, res.pos, res.found = proxy, nL, true
				res.threshold = threshold(vp, vn)
			}
		}
		vp = vn
	}
	return res
}

// scanMSE is scanClasses for the MSE criterion, whose proxy is
// sum_L²/w_L + sum_R²/w_R, with sum_left updated as scikit-learn updates it.
func (b *builder) scanMSE(keys []uint64, st nodeStats, sc *scratch) featureResult {
	m := len(keys)
	minLeaf := b.p.minLeaf
	ys := sc.ys[:m]
	for i, k := range keys {
		ys[i] = b.yr[uint32(k)]
	}
	yAt := func(i int) float64 { return ys[i] }
	res := featureResult{proxy: math.Inf(-1)}
	w := st.w
	pos, sumL := 0, 0.0
	p := 0
	vp := keyFloat(uint32(keys[0] >> 32))
	for p < m {
		var vn float32
		for p+1 < m {
			vn = keyFloat(uint32(keys[p+1] >> 32))
			if float64(vn) <= float64(vp)+featureThreshold {
				p++
				vp = vn
				continue
			}
			break
		}
		p++
		if p >= m {
			break
		}
		if p >= minLeaf && m-p >= minLeaf {
			sumL = b.updateSum(yAt, sumL, pos, p, m, st.sum)
			pos = p
			wL := float64(p)
			wR := w - wL
			sumR := st.sum - sumL
			proxy := sumL*sumL/wL + sumR*sumR/wR
			if proxy > res.proxy {
				res.proxy, res.pos, res.found = proxy, p, true
				res.threshold = threshold(vp, vn)
			}
		}
		vp = vn
	}
	return res
}
