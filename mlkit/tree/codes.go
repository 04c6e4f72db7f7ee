package tree

import (
	"math"
	bits64 "math/bits"
	"slices"

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

// buildCodes codes every feature with at most maxCoded distinct values
// (nil entries for the others), features in parallel.
func buildCodes(X []float32, n, d int) []*featureCodes {
	out := make([]*featureCodes, d)
	par.For(d, func(f int) {
		out[f] = codeFeature(X[f*n : (f+1)*n])
	})
	return out
}

func codeFeature(col []float32) *featureCodes {
	// Open addressing on the float32 bits, 4× oversized; +0 and −0 get
	// their own codes (the scan merges them as equal values).
	const slots = 4 * maxCoded
	var keys [slots]uint32
	var used [slots]bool
	var rank [slots]uint8
	var vals []float32
	slot := func(u uint32) int {
		h := int((u * 0x9E3779B1) >> 22) // 10 bits: slots = 1024
		for used[h] && keys[h] != u {
			h = (h + 1) & (slots - 1)
		}
		return h
	}
	for _, v := range col {
		u := math.Float32bits(v)
		h := slot(u)
		if !used[h] {
			if len(vals) == maxCoded {
				return nil
			}
			used[h], keys[h] = true, u
			vals = append(vals, v)
		}
	}
	slices.SortFunc(vals, func(a, b float32) int {
		ka, kb := floatKey(a), floatKey(b)
		if ka < kb {
			return -1
		}
		if ka > kb {
			return 1
		}
		return 0
	})
	for r, v := range vals {
		rank[slot(math.Float32bits(v))] = uint8(r)
	}
	fc := &featureCodes{vals: vals, code: make([]uint8, len(col))}
	for i, v := range col {
		fc.code[i] = rank[slot(math.Float32bits(v))]
	}
	return fc
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
