package tree

import (
	"math"
	"slices"
)

// floatKey maps a float32 to a uint32 whose unsigned order is the float
// order (negative values flipped entirely, positive ones with the sign bit
// set), so feature values sort as integers.
func floatKey(v float32) uint32 {
	u := math.Float32bits(v)
	// Branch-free: flip all bits of negatives, only the sign of the rest.
	return u ^ (uint32(int32(u)>>31) | 0x80000000)
}

// keyFloat inverts floatKey.
func keyFloat(k uint32) float32 {
	if k>>31 != 0 {
		return math.Float32frombits(k &^ 0x80000000)
	}
	return math.Float32frombits(^k)
}

// sortKeys sorts keys (value key in the high 32 bits, payload in the low
// 32) by their high half with an LSD radix sort of four byte passes,
// skipping the passes whose byte is the same for every key (common: pixel
// values share exponent bytes). It is exact, unlike a histogram of bins,
// so the thresholds are those of a comparison sort. It returns whichever of
// keys and tmp holds the result.
func sortKeys(keys, tmp []uint64) []uint64 {
	m := len(keys)
	if m <= 32 {
		for i := 1; i < m; i++ {
			k := keys[i]
			j := i
			for j > 0 && keys[j-1] > k {
				keys[j] = keys[j-1]
				j--
			}
			keys[j] = k
		}
		return keys
	}
	if m < 400 {
		// Clearing four histograms costs more than a comparison sort here.
		slices.Sort(keys)
		return keys
	}
	var hist [4][256]int32
	for _, k := range keys {
		h := uint32(k >> 32)
		hist[0][h&255]++
		hist[1][h>>8&255]++
		hist[2][h>>16&255]++
		hist[3][h>>24]++
	}
	src, dst := keys, tmp
	for pass := range 4 {
		shift := 32 + 8*uint(pass)
		h := &hist[pass]
		if h[(src[0]>>shift)&255] == int32(m) {
			continue
		}
		var off [256]int32
		sum := int32(0)
		for i := range off {
			off[i] = sum
			sum += h[i]
		}
		for _, k := range src {
			d := (k >> shift) & 255
			dst[off[d]] = k
			off[d]++
		}
		src, dst = dst, src
	}
	return src
}
