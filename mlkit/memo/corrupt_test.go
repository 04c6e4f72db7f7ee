package memo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"runtime"
	"slices"
	"testing"
)

// TestPlan: what becomes a payload and where it sits. Field numbers are
// those of model.
func TestPlan(t *testing.T) {
	f, err := plan("m", newModel())
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		path       []int
		kind       uint64
		rows, cols int
	}
	var got []want
	for _, p := range f.payloads {
		got = append(got, want{p.path, p.kind, p.rows, p.cols})
	}
	for i, w := range []want{
		{[]int{0, 0}, kindDense, 30, 40},      // In.W
		{[]int{0, 1}, kindFloat64s, 2000, 0},  // In.Bias
		{[]int{1, 0, 0}, kindDense, 2, 2},     // Layers[0].W; Layers[1].Bias is short
		{[]int{2, 0, 0}, kindDense, 1, 3},     // Ptrs[0].W
		{[]int{3, 0}, kindDense, 2, 3},        // Mats[0]
		{[]int{3, 1}, kindEmptyDense, 0, 0},   // Mats[1]
		{[]int{3, 2}, kindDense, 1, 1},        // Mats[2]
		{[]int{4, 0}, kindDense, 1, 2},        // Arr[0]
		{[]int{4, 1}, kindDense, 2, 1},        // Arr[1]; Fixed is an array of floats: gob
		{[]int{6}, kindDense, 17, 26},         // View; Nil is nil
		{[]int{8}, kindEmptyDense, 0, 0},      // Empty
		{[]int{9}, kindFloat64s, 4096, 0},     // Big64; Small64 is short
		{[]int{11}, kindFloat32s, 3000, 0},    // Big32; Small32 is short
		{[]int{13, 0}, kindFloat64s, 1024, 0}, // Nested[0]
		{[]int{14}, kindFloat64s, 2048, 0},    // Named
		{[]int{15, 0}, kindDense, 3, 2},       // (*Deep).W
		{[]int{15, 1}, kindFloat64s, 1500, 0}, // (*Deep).Bias; M, Any, Vec, hidden: gob
	} {
		if i >= len(got) || !slices.Equal(got[i].path, w.path) || got[i].kind != w.kind || got[i].rows != w.rows || got[i].cols != w.cols {
			t.Errorf("payload %d: %+v, want %+v", i, got[min(i, len(got)-1)], w)
		}
	}
	if len(got) != 17 {
		t.Errorf("%d payloads, want 17", len(got))
	}
}

// layout splits a kept file into its type line, skeleton, table and
// payload area.
func layout(t *testing.T, raw []byte) (line, skel []byte, es []entry, area []byte) {
	t.Helper()
	i := len(magic) + bytes.IndexByte(raw[len(magic):], '\n') + 1
	r := reader{b: raw[i:], n: len(raw)}
	s, _ := r.count()
	skel, r.b = r.b[:s], r.b[s:]
	n, _ := r.count()
	for range n {
		var e entry
		if !r.entry(&e) {
			t.Fatal("the table does not parse")
		}
		es = append(es, e)
	}
	return raw[:i:i], skel, es, raw[align8(len(raw)-len(r.b)+4):]
}

// getRecomputes writes raw as the file of id, then checks that Get computes
// anew (the value right, no panic) and allocates no more than a few times
// the file (reading, then writing it again).
func getRecomputes(t *testing.T, name string, id ID, raw []byte, v *model) {
	t.Helper()
	if err := os.WriteFile(path(id), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	calls := 0
	got, err := Get(id, func() (*model, error) { calls++; return v, nil })
	runtime.ReadMemStats(&m1)
	if err != nil || calls != 1 || got != v {
		t.Errorf("%s: calls=%d err=%v, want a new computation", name, calls, err)
	}
	if a := m1.TotalAlloc - m0.TotalAlloc; a > uint64(4*len(raw)+1<<20) {
		t.Errorf("%s: allocated %d bytes for a file of %d", name, a, len(raw))
	}
}

// TestCorrupt: a file cut short, with a flipped byte in its head, or with a
// table that lies (with a right checksum: a hostile file) is computed anew.
func TestCorrupt(t *testing.T) {
	for _, zc := range []bool{true, false} {
		zeroCopy = zc && littleEndian
		t.Setenv("MLKIT_MEMO_DIR", t.TempDir())
		v := newModel()
		id := Key("nb", "corrupt")
		if _, err := Get(id, func() (*model, error) { return v, nil }); err != nil {
			t.Fatal(err)
		}
		good, err := os.ReadFile(path(id))
		if err != nil {
			t.Fatal(err)
		}
		line, skel, es, area := layout(t, good)
		head := len(good) - len(area)

		// Cut short, or a byte flipped after the type line: every byte of
		// the line, the table, the checksum and the padding, every 61st of
		// the skeleton, every 401st of the payloads. These fail before a
		// payload is read, so once is enough.
		tableAt := len(line) + len(binary.AppendUvarint(nil, uint64(len(skel)))) + len(skel)
		for n := 0; zc && n < len(good); n++ {
			if n > len(line)+4 && n < tableAt && n%61 != 0 || n > head+16 && n%401 != 0 && n != len(good)-1 {
				continue
			}
			getRecomputes(t, "cut", id, good[:n], v)
		}
		for i := len(line); zc && i < head; i++ {
			if i < tableAt && i%61 != 0 {
				continue
			}
			for _, bit := range []byte{0x01, 0x80} {
				raw := slices.Clone(good)
				raw[i] ^= bit
				getRecomputes(t, "flip", id, raw, v)
			}
		}

		// Hostile tables, with their checksum right.
		forge := func(change func(es []entry) []entry) []byte {
			es2 := slices.Clone(es)
			for i := range es2 {
				es2[i].path = slices.Clone(es2[i].path)
			}
			return append(appendHead(slices.Clone(line), skel, change(es2)), area...)
		}
		last := len(es) - 1
		var dense int // an entry of a 30×40 matrix
		for i, e := range es {
			if e.kind == kindDense && e.rows == 30 {
				dense = i
			}
		}
		for _, c := range []struct {
			name string
			raw  []byte
		}{
			{"the good file, forged again", nil},
			{"offset past the end", forge(func(es []entry) []entry { es[last].start = len(area) + 8; return es })},
			{"huge offset", forge(func(es []entry) []entry { es[last].start = 1 << 60; return es })},
			{"huge rows", forge(func(es []entry) []entry { es[dense].rows = 1 << 50; return es })},
			{"rows × cols past the file", forge(func(es []entry) []entry { es[dense].rows, es[dense].cols = len(good), len(good); return es })},
			{"rows × cols overflowing", forge(func(es []entry) []entry { es[dense].rows, es[dense].cols = 1<<32, 1<<32; return es })},
			{"a longer slice", forge(func(es []entry) []entry { es[last].rows++; return es })},
			{"unaligned offset", forge(func(es []entry) []entry { es[last].start += 4; return es })},
			{"overlapping payloads", forge(func(es []entry) []entry { es[1].start = es[0].start; return es })},
			{"a Dense as a []float64", forge(func(es []entry) []entry {
				es[dense].kind, es[dense].rows, es[dense].cols = kindFloat64s, 1200, 0
				return es
			})},
			{"a []float64 as a []float32", forge(func(es []entry) []entry { es[last].kind, es[last].rows = kindFloat32s, 2*es[last].rows; return es })},
			{"unknown kind", forge(func(es []entry) []entry { es[0].kind = 9; return es })},
			{"empty Dense with a shape", forge(func(es []entry) []entry { es[5].rows = 1; return es })},
			{"Dense without columns", forge(func(es []entry) []entry { es[dense].cols = 0; return es })},
			{"element past the slice", forge(func(es []entry) []entry { es[5].path[1] = 7; return es })},
			{"field past the struct", forge(func(es []entry) []entry { es[0].path[0] = 99; return es })},
			{"unexported field", forge(func(es []entry) []entry { es[last].path = []int{20}; return es })},
			{"into a map", forge(func(es []entry) []entry { es[last].path = []int{16, 0}; return es })},
			{"into an int", forge(func(es []entry) []entry { es[last].path = []int{19, 0}; return es })},
			{"too many steps", forge(func(es []entry) []entry { es[0].path = make([]int, maxDepth+2); return es })},
			{"empty path with a skeleton", forge(func(es []entry) []entry { es[last].path = nil; return es })},
			{"an entry missing", forge(func(es []entry) []entry { return es[:last] })},
			{"an entry twice", forge(func(es []entry) []entry { return append(es, es[last]) })},
			{"trailing bytes", append(forge(func(es []entry) []entry { return es }), make([]byte, 8)...)},
			{"no skeleton", append(appendHead(slices.Clone(line), nil, es), area...)},
			{"huge entry count", func() []byte {
				b := binary.AppendUvarint(slices.Clone(line), uint64(len(skel)))
				b = binary.AppendUvarint(append(b, skel...), 1<<40)
				return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
			}()},
			{"huge skeleton length", func() []byte {
				b := binary.AppendUvarint(slices.Clone(line), 1<<40)
				return append(b, skel...)
			}()},
		} {
			if c.raw == nil { // the forging itself is right
				raw := forge(func(es []entry) []entry { return es })
				if !bytes.Equal(raw, good) {
					t.Fatal("forge does not rebuild the good file")
				}
				if err := os.WriteFile(path(id), raw, 0o644); err != nil {
					t.Fatal(err)
				}
				got, err := Get(id, func() (*model, error) { return nil, errors.New("computed anew") })
				if err != nil || sameBits(v, got) != nil {
					t.Fatalf("the good file: %v, %v", err, sameBits(v, got))
				}
				continue
			}
			getRecomputes(t, c.name, id, c.raw, v)
		}
	}
	zeroCopy = littleEndian
}
