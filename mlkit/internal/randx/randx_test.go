package randx

import "testing"

func TestStreamsDeterministicAndDistinct(t *testing.T) {
	a, b := New(7).Uint64(), New(7).Uint64()
	if a != b {
		t.Fatalf("New(7) gave %d then %d, want the same first draw", a, b)
	}
	seen := map[uint64]uint64{a: 1 << 63}
	for k := uint64(0); k < 64; k++ {
		x := Stream(7, k).Uint64()
		if x != Stream(7, k).Uint64() {
			t.Fatalf("Stream(7,%d) is not deterministic", k)
		}
		if prev, dup := seen[x]; dup {
			t.Fatalf("Stream(7,%d) repeats the first draw of stream %d", k, prev)
		}
		seen[x] = k
	}
	if Stream(7, 0).Uint64() == Stream(8, 0).Uint64() {
		t.Error("seeds 7 and 8 give the same stream 0")
	}
}
