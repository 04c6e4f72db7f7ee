package memo

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"math"
	"os"
	"reflect"
	"testing"
	"unsafe"

	"gonum.org/v1/gonum/mat"
)

// sameBits reports whether a and b hold the same bits in everything gob
// keeps: exported fields, elements, map entries, *mat.Dense elements (an
// empty Dense equals an empty one), floats by their bits (NaN payloads,
// -0), a nil slice or map equal to an empty one as gob reads them.
func sameBits(a, b any) error {
	return same(reflect.ValueOf(a), reflect.ValueOf(b), "v", 0)
}

func same(a, b reflect.Value, at string, depth int) error {
	if a.IsValid() != b.IsValid() {
		return fmt.Errorf("%s: %v against %v", at, a, b)
	}
	if !a.IsValid() {
		return nil
	}
	if a.Type() != b.Type() {
		return fmt.Errorf("%s: a %v against a %v", at, a.Type(), b.Type())
	}
	if depth > 200 {
		return fmt.Errorf("%s: deeper than 200", at)
	}
	t := a.Type()
	if t == denseType {
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Errorf("%s: nil %v against nil %v", at, a.IsNil(), b.IsNil())
			}
			return nil
		}
		da, db := a.Interface().(*mat.Dense), b.Interface().(*mat.Dense)
		if da.IsEmpty() || db.IsEmpty() {
			if da.IsEmpty() != db.IsEmpty() {
				return fmt.Errorf("%s: empty %v against empty %v", at, da.IsEmpty(), db.IsEmpty())
			}
			return nil
		}
		ra, ca := da.Dims()
		rb, cb := db.Dims()
		if ra != rb || ca != cb {
			return fmt.Errorf("%s: %d×%d against %d×%d", at, ra, ca, rb, cb)
		}
		for i := range ra {
			for j := range ca {
				if x, y := da.At(i, j), db.At(i, j); math.Float64bits(x) != math.Float64bits(y) {
					return fmt.Errorf("%s[%d,%d]: %v against %v", at, i, j, x, y)
				}
			}
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Float64, reflect.Float32:
		if math.Float64bits(a.Float()) != math.Float64bits(b.Float()) {
			return fmt.Errorf("%s: %v against %v", at, a.Float(), b.Float())
		}
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Errorf("%s: length %d against %d", at, a.Len(), b.Len())
		}
		if k := t.Elem().Kind(); (k == reflect.Float64 || k == reflect.Float32) && a.Len() > 0 && a.Index(0).CanAddr() && b.Index(0).CanAddr() {
			// The memory itself: a float32 read through Float() would
			// quiet a signalling NaN.
			n := a.Len() * int(t.Elem().Size())
			if !bytes.Equal(unsafe.Slice((*byte)(a.Index(0).Addr().UnsafePointer()), n), unsafe.Slice((*byte)(b.Index(0).Addr().UnsafePointer()), n)) {
				return fmt.Errorf("%s: floats differ in their bits", at)
			}
			return nil
		}
		for i := range a.Len() {
			if err := same(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", at, i), depth+1); err != nil {
				return err
			}
		}
	case reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Errorf("%s: %d entries against %d", at, a.Len(), b.Len())
		}
		for it := a.MapRange(); it.Next(); {
			if err := same(it.Value(), b.MapIndex(it.Key()), fmt.Sprintf("%s[%v]", at, it.Key()), depth+1); err != nil {
				return err
			}
		}
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Errorf("%s: nil %v against nil %v", at, a.IsNil(), b.IsNil())
			}
			return nil
		}
		return same(a.Elem(), b.Elem(), at, depth+1)
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				if err := same(a.Field(i), b.Field(i), at+"."+t.Field(i).Name, depth+1); err != nil {
					return err
				}
			}
		}
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
	default:
		if a.Interface() != b.Interface() {
			return fmt.Errorf("%s: %v against %v", at, a, b)
		}
	}
	return nil
}

// Values whose bits matter: NaNs with payloads (quiet and signalling), -0,
// infinities, subnormals.
var (
	specials64 = []float64{
		math.Float64frombits(0x7ff8_0000_0000_0123), math.Float64frombits(0x7ff0_0000_0000_0001),
		math.Float64frombits(0xfff8_0000_dead_beef), math.Copysign(0, -1), math.Inf(1), math.Inf(-1),
		math.SmallestNonzeroFloat64, math.Float64frombits(0x000f_ffff_ffff_ffff), math.MaxFloat64,
	}
	specials32 = []float32{
		math.Float32frombits(0x7fc0_0123), math.Float32frombits(0x7f80_0001), float32(math.Copysign(0, -1)),
		float32(math.Inf(1)), math.SmallestNonzeroFloat32, math.Float32frombits(0x007f_ffff),
	}
)

// floats64 returns n floats starting with the specials, the rest made up.
func floats64(n int, seed float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = seed + float64(i)/7
	}
	copy(x, specials64)
	return x
}

func floats32(n int, seed float32) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = seed + float32(i)/7
	}
	copy(x, specials32)
	return x
}

type layer struct {
	W    *mat.Dense
	Bias []float64
	Name string
}

type vec []float64

type chain struct {
	Next *chain
	X    []float64
}

type model struct {
	In      *layer
	Layers  []layer
	Ptrs    []*layer
	Mats    []*mat.Dense // with an empty one among them
	Arr     [2]*mat.Dense
	Fixed   [3]float64
	View    *mat.Dense // a Slice of a bigger matrix
	Nil     *mat.Dense
	Empty   *mat.Dense
	Big64   []float64
	Small64 []float64
	Big32   []float32
	Small32 []float32
	Nested  [][]float64
	Named   vec
	Deep    **layer
	M       map[string][]float64 // through gob
	Any     any                  // through gob
	Vec     *mat.VecDense        // a BinaryMarshaler: through gob
	Labels  []int
	hidden  []float64 // dropped, as gob drops it
}

func newModel() *model {
	big := mat.NewDense(40, 50, floats64(2000, 3))
	d := &layer{W: mat.NewDense(3, 2, floats64(6, 1)), Bias: floats64(1500, 2), Name: "deep"}
	return &model{
		In:      &layer{W: mat.NewDense(30, 40, floats64(1200, 0)), Bias: floats64(2000, 1), Name: "in"},
		Layers:  []layer{{W: mat.NewDense(2, 2, floats64(4, 5)), Name: "a"}, {Bias: floats64(5, 6), Name: "no W"}},
		Ptrs:    []*layer{{W: mat.NewDense(1, 3, floats64(3, 7))}, {Name: "nothing to extract"}},
		Mats:    []*mat.Dense{mat.NewDense(2, 3, floats64(6, 8)), {}, mat.NewDense(1, 1, []float64{-1})},
		Arr:     [2]*mat.Dense{mat.NewDense(1, 2, floats64(2, 9)), mat.NewDense(2, 1, floats64(2, 10))},
		Fixed:   [3]float64{math.Copysign(0, -1), math.NaN(), 1},
		View:    big.Slice(3, 20, 7, 33).(*mat.Dense),
		Empty:   &mat.Dense{},
		Big64:   floats64(4096, 11),
		Small64: floats64(10, 12),
		Big32:   floats32(3000, 13),
		Small32: []float32{float32(math.Copysign(0, -1)), float32(math.Inf(-1)), 1.5},
		Nested:  [][]float64{floats64(1024, 14), floats64(3, 15), nil},
		Named:   vec(floats64(2048, 16)),
		Deep:    &d,
		M:       map[string][]float64{"a": floats64(2000, 17), "b": {math.Inf(1)}},
		Any:     floats64(1100, 18),
		Vec:     mat.NewVecDense(3, []float64{1, 2, math.Copysign(0, -1)}),
		Labels:  []int{3, 1, 4, 1, 5},
		hidden:  floats64(2000, 19),
	}
}

// roundTrip keeps a value made by fresh with Get, reads it back and checks
// the bits; the value given to Get must come out unchanged (as another
// fresh one).
func roundTrip[T any](fresh func() T) func(t *testing.T) {
	return func(t *testing.T) {
		v := fresh()
		id := Key("rt", t.Name())
		calls := 0
		compute := func() (T, error) { calls++; return v, nil }
		if _, err := Get(id, compute); err != nil {
			t.Fatal(err)
		}
		got, err := Get(id, compute)
		if err != nil || calls != 1 {
			t.Fatalf("read back: calls=%d err=%v, want one computation", calls, err)
		}
		if err := sameBits(fresh(), got); err != nil {
			t.Error(err)
		}
		if err := sameBits(fresh(), v); err != nil {
			t.Errorf("Get changed the value it kept: %v", err)
		}
	}
}

// TestRoundTrip: every shape of value comes back bit for bit, with the
// floats read in place and copied.
func TestRoundTrip(t *testing.T) {
	for _, zc := range []bool{true, false} {
		zeroCopy = zc && littleEndian
		t.Setenv("MLKIT_MEMO_DIR", t.TempDir())
		for _, tc := range []struct {
			name string
			run  func(*testing.T)
		}{
			{"nested struct", roundTrip(newModel)},
			{"struct value", roundTrip(func() model { return *newModel() })},
			{"chain past maxDepth", roundTrip(func() *chain {
				long := &chain{X: floats64(minSlice, 0)}
				for i := 1; i < 50; i++ { // the tail goes through gob
					long = &chain{Next: long, X: floats64(minSlice, float64(i))}
				}
				return long
			})},
			{"top-level Dense", roundTrip(func() *mat.Dense { return mat.NewDense(20, 60, floats64(1200, 1)) })},
			{"top-level view", roundTrip(func() *mat.Dense {
				return mat.NewDense(9, 9, floats64(81, 1)).Slice(1, 8, 2, 5).(*mat.Dense)
			})},
			{"top-level empty Dense", roundTrip(func() *mat.Dense { return &mat.Dense{} })},
			{"top-level []*mat.Dense", roundTrip(func() []*mat.Dense { return []*mat.Dense{mat.NewDense(1, 1, nil), {}} })},
			{"top-level big []float64", roundTrip(func() []float64 { return floats64(5000, 2) })},
			{"top-level big []float32", roundTrip(func() []float32 { return floats32(5000, 2) })},
			{"top-level small []float64", roundTrip(func() []float64 { return floats64(20, 2) })},
			{"map of Dense", roundTrip(func() map[string]*mat.Dense {
				return map[string]*mat.Dense{"x": mat.NewDense(1, 2, []float64{math.NaN(), 1})}
			})},
			// Nothing to take out (notebook 03's trained classifier: a model
			// that gob-encodes itself and a small slice) must still keep.
			{"struct with no payload", roundTrip(func() struct {
				N     int
				Small []float64
			} {
				return struct {
					N     int
					Small []float64
				}{3, floats64(10, 1)}
			})},
			{"pointer to a struct with no payload", roundTrip(func() *chain { return &chain{X: floats64(10, 1)} })},
			{"slice of structs with no payload", roundTrip(func() []chain { return []chain{{X: floats64(3, 1)}, {}} })},
			{"int", roundTrip(func() int { return 42 })},
			{"string", roundTrip(func() string { return "forty-two" })},
		} {
			t.Run(fmt.Sprintf("%s,zeroCopy=%v", tc.name, zeroCopy), tc.run)
		}
	}
	zeroCopy = littleEndian
}

// TestGetLeavesValue: keeping a value changes nothing in it, however much
// of it goes to the payloads, and the reading is another value.
func TestGetLeavesValue(t *testing.T) {
	t.Setenv("MLKIT_MEMO_DIR", t.TempDir())
	m := newModel()
	shallow := *m
	in, w, data := m.In, m.In.W, m.In.W.RawMatrix().Data
	before := Key("fp", m)
	got, err := Get(Key("nb", "leave"), func() (*model, error) { return m, nil })
	if err != nil {
		t.Fatal(err)
	}
	if got != m {
		t.Error("a computed value is returned as is")
	}
	if Key("fp", m) != before || !sameRefs(shallow, *m) || m.In != in || m.In.W != w ||
		&m.In.W.RawMatrix().Data[0] != &data[0] || len(m.hidden) != 2000 || m.Empty == nil || (*m.Deep).W == nil {
		t.Error("Get changed the value it kept")
	}
	again, err := Get(Key("nb", "leave"), func() (*model, error) { return nil, fmt.Errorf("computed anew") })
	if err != nil {
		t.Fatal(err)
	}
	if again.hidden != nil {
		t.Error("an unexported field was kept")
	}
	again.In.W.Set(0, 0, 99)
	if m.In.W.At(0, 0) == 99 {
		t.Error("the value read back shares memory with the value kept")
	}
}

// sameRefs reports whether a and b hold the same pointers, slices and maps.
func sameRefs(a, b model) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := range va.NumField() {
		switch fa, fb := va.Field(i), vb.Field(i); fa.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			if fa.UnsafePointer() != fb.UnsafePointer() || fa.Kind() == reflect.Slice && fa.Len() != fb.Len() {
				return false
			}
		}
	}
	return true
}

// TestFormatOne: a file of format 1 (plain gob) is computed anew.
func TestFormatOne(t *testing.T) {
	t.Setenv("MLKIT_MEMO_DIR", t.TempDir())
	id := Key("nb", "v1")
	var buf bytes.Buffer
	buf.WriteString("gonb-mlkit memo 1\n" + typeName[[]float64]() + "\n")
	gob.NewEncoder(&buf).Encode([]float64{1, 2})
	if err := os.MkdirAll(Dir()+"/nb", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path(id), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Get(id, func() ([]float64, error) { return []float64{3}, nil })
	if err != nil || len(got) != 1 || got[0] != 3 {
		t.Errorf("format 1: %v, %v, want a new computation [3]", got, err)
	}
}

// TestSameBits: the comparison the round trips rely on sees a NaN's
// payload, a sign of zero, a float32's bits, a matrix element, a nil.
func TestSameBits(t *testing.T) {
	if err := sameBits(newModel(), newModel()); err != nil {
		t.Fatalf("two equal models: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(m *model)
	}{
		{"NaN payload", func(m *model) { m.Big64[0] = math.Float64frombits(0x7ff8_0000_0000_0124) }},
		{"sign of zero", func(m *model) { m.Fixed[0] = 0 }},
		{"float32 NaN", func(m *model) { m.Big32[1] = math.Float32frombits(0x7f80_0002) }},
		{"Dense element", func(m *model) { m.View.Set(16, 25, -1) }},
		{"empty Dense", func(m *model) { m.Empty = nil }},
		{"through a pointer", func(m *model) { (*m.Deep).Bias[1499] = 0 }},
		{"map entry", func(m *model) { m.M["b"][0] = math.Inf(-1) }},
		{"interface", func(m *model) { m.Any.([]float64)[1099] = 0 }},
	} {
		m := newModel()
		tc.change(m)
		if sameBits(newModel(), m) == nil {
			t.Errorf("%s: not seen", tc.name)
		}
	}
}
