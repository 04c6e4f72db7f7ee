package tree

import (
	"cmp"
	"math"
	bits64 "math/bits"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
)

// maxCoded is the most distinct values a feature may have to be coded.
const maxCoded = 256

// featureCodes numbers the distinct float32 values of a low-cardinality
// feature (pixels, counts, grades): code[i] is the rank of sample i's value
// among vals, sorted. A node then tallies class counts per value instead of
// sorting — a counting sort, one bucket per distinct value, so every
// boundary and threshold is that of the comparison sort (this is not a
// histogram of bins: no two distinct values share a bucket).
type featureCodes struct {
	vals []float32
	code []uint8
}

// load casts X to float32 as scikit-learn does and stores each feature
// either coded (at most maxCoded distinct values: codes[f]) or as a float32
// column (cols[f]). Features are handled in groups of 64 — eight cache
// lines of a row, read in a run the prefetcher follows — in parallel: a first pass over the rows collects each
// feature's distinct values (stopping at maxCoded+1), a second writes the
// codes or the column. X is known finite; a value beyond float32's range
// is an error.
func (b *builder) load(where string, X *mat.Dense) error {
	n, d := X.Dims()
	b.n, b.d = n, d
	b.cols = make([][]float32, d)
	b.codes = make([]*featureCodes, d)
	raw := X.RawMatrix()
	const group = 64
	ng := (d + group - 1) / group
	bad := make([]int, ng)
	par.For(ng, func(g int) {
		bad[g] = -1
		j0, j1 := g*group, min(d, (g+1)*group)
		sets := make([]valueSet, j1-j0)
		for k := range sets {
			sets[k].open = !b.noCodes
		}
		for i := range n {
			row := raw.Data[i*raw.Stride : i*raw.Stride+d]
			for j := j0; j < j1; j++ {
				v := float32(row[j])
				if v-v != 0 { // ±Inf
					if bad[g] < 0 {
						bad[g] = i*d + j
					}
					continue
				}
				sets[j-j0].add(v)
			}
		}
		for j := j0; j < j1; j++ {
			set := &sets[j-j0]
			if !set.open {
				b.cols[j] = make([]float32, n)
				continue
			}
			b.codes[j] = set.finish(n)
		}
		for i := range n {
			row := raw.Data[i*raw.Stride : i*raw.Stride+d]
			for j := j0; j < j1; j++ {
				v := float32(row[j])
				if fc := b.codes[j]; fc != nil {
					fc.code[i] = sets[j-j0].rankOf(v)
				} else {
					b.cols[j][i] = v
				}
			}
		}
	})
	for _, p := range bad {
		if p >= 0 {
			i, j := p/d, p%d
			return check.Errorf(where, check.ErrValue, "X[%d,%d]=%v overflows float32, the precision trees split on", i, j, X.At(i, j))
		}
	}
	return nil
}

// valueSet collects up to maxCoded distinct float32 values by their bits in
// an open-addressing table 4× oversized; +0 and −0 get their own codes (the
// scans merge them as equal values).
type valueSet struct {
	open bool // still collecting (not past maxCoded)
	keys [4 * maxCoded]uint32
	used [4 * maxCoded]bool
	rank [4 * maxCoded]uint8
	vals []float32
}

func (s *valueSet) slot(u uint32) int {
	const mask = 4*maxCoded - 1
	h := int((u * 0x9E3779B1) >> 22) // 10 bits for 1024 slots
	for s.used[h] && s.keys[h] != u {
		h = (h + 1) & mask
	}
	return h
}

func (s *valueSet) add(v float32) {
	if !s.open {
		return
	}
	u := math.Float32bits(v)
	h := s.slot(u)
	if s.used[h] {
		return
	}
	if len(s.vals) == maxCoded {
		s.open = false
		return
	}
	s.used[h], s.keys[h] = true, u
	s.vals = append(s.vals, v)
}

// finish sorts the values and numbers them.
func (s *valueSet) finish(n int) *featureCodes {
	slices.SortFunc(s.vals, func(a, b float32) int { return cmp.Compare(floatKey(a), floatKey(b)) })
	for r, v := range s.vals {
		s.rank[s.slot(math.Float32bits(v))] = uint8(r)
	}
	return &featureCodes{vals: s.vals, code: make([]uint8, n)}
}

func (s *valueSet) rankOf(v float32) uint8 { return s.rank[s.slot(math.Float32bits(v))] }

// cut is the highest code whose value goes left at threshold t.
func (fc *featureCodes) cut(t float64) int {
	r := -1
	for k, v := range fc.vals {
		if float64(v) <= t {
			r = k
		}
	}
	return r
}

// evalCoded is evalFeature for a coded feature: class counts per value,
// then the scan of scanClasses over the values present, in order.
func (b *builder) evalCoded(fc *featureCodes, start, end int, st nodeStats, sc *scratch) featureResult {
	K := b.K
	// cnt is all zeros between calls: only the rows of the values present
	// are touched, and they are cleared on the way out, so a small node
	// costs its samples and its distinct values, not all the buckets.
	cnt := sc.cnt
	code := fc.code
	y := b.y
	var bits [maxCoded / 64]uint64
	for _, s := range b.samples[start:end] {
		r := code[s]
		cnt[int(r)*K+int(y[s])]++
		bits[r>>6] |= 1 << (r & 63)
	}
	pres := sc.pres[:0]
	for i, w := range bits {
		for w != 0 {
			pres = append(pres, uint8(i*64+bits64.TrailingZeros64(w)))
			w &= w - 1
		}
	}
	defer func() {
		for _, r := range pres {
			clear(cnt[int(r)*K : int(r)*K+K])
		}
	}()
	lo, hi := int(pres[0]), int(pres[len(pres)-1])
	if float64(fc.vals[hi]) <= float64(fc.vals[lo])+featureThreshold {
		return featureResult{constant: true}
	}
	m := end - start
	minLeaf := b.p.minLeaf
	cl := sc.cl[:K]
	clear(cl)
	tot := st.counts
	entropy := b.crit == critEntropy
	res := featureResult{proxy: math.Inf(-1)}
	w := st.w
	nL := 0
	i := 0
	vp := fc.vals[pres[0]]
	for i < len(pres) {
		var vn float32
		for {
			r := int(pres[i])
			for c, n := range cnt[r*K : r*K+K] {
				cl[c] += float64(n)
				nL += int(n)
			}
			if i+1 < len(pres) {
				vn = fc.vals[pres[i+1]]
				if float64(vn) <= float64(vp)+featureThreshold {
					i++
					vp = vn
					continue
				}
			}
			break
		}
		i++
		if i >= len(pres) {
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
				// Sums of squared integer counts: exact, so equal to the
				// incremental sums of scanClasses and scikit-learn's.
				sqL, sqR := 0.0, 0.0
				for c := range cl {
					sqL += cl[c] * cl[c]
					rc := tot[c] - cl[c]
					sqR += rc * rc
				}
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
