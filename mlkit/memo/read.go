package memo

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"hash/crc32"
	"math"
	"reflect"
	"slices"
	"unsafe"

	"gonum.org/v1/gonum/mat"
)

// decode reads a T from body, what follows the type line of raw (the whole
// file, of which body is the end). Anything inconsistent is false, and the
// caller computes the value anew: the table is checked before it is used,
// so a corrupt file neither panics nor makes an allocation larger than
// itself.
func decode[T any](raw, body []byte) (T, bool) {
	var v T
	r := reader{b: body, n: len(raw)}
	s, ok := r.count()
	if !ok || s > len(r.b) {
		return v, false
	}
	skel := r.b[:s]
	r.b = r.b[s:]
	n, ok := r.count()
	if !ok {
		return v, false
	}
	if s == 0 && n != 1 { // no skeleton: the value is its one payload
		return v, false
	}
	// First pass: the table is well formed, and where it ends.
	table := r
	var e entry
	for range n {
		if !r.entry(&e) || (s == 0) != (len(e.path) == 0) {
			return v, false
		}
	}
	sum := len(raw) - len(r.b)
	base := align8(sum + 4)
	if base > len(raw) || binary.LittleEndian.Uint32(raw[sum:]) != crc32.Checksum(raw[:sum], castagnoli) ||
		slices.ContainsFunc(raw[sum+4:base], func(c byte) bool { return c != 0 }) {
		return v, false
	}
	area := raw[base:]
	if s > 0 && gob.NewDecoder(bytes.NewReader(skel)).Decode(&v) != nil {
		return v, false
	}
	// Second pass: each payload lies after the previous one, inside the
	// file, and goes where the skeleton has room for it.
	root := reflect.ValueOf(&v).Elem()
	end := 0
	for range n {
		table.entry(&e)
		size, ok := e.size(len(raw))
		if !ok || e.start%8 != 0 || e.start < end || e.start > len(area) || size > len(area)-e.start {
			return v, false
		}
		end = e.start + size
		slot, ok := navigate(root, e.path)
		if !ok || !e.set(slot, area[e.start:end]) {
			return v, false
		}
	}
	return v, end == len(area)
}

// entry is one row of the table.
type entry struct {
	kind              uint64
	path              []int
	rows, cols, start int
}

// entry reads the next row into e (reusing its path).
func (r *reader) entry(e *entry) bool {
	var ok bool
	if e.kind, ok = r.uvarint(); !ok {
		return false
	}
	steps, ok := r.count()
	if !ok || steps > maxDepth+1 {
		return false
	}
	e.path = e.path[:0]
	for range steps {
		i, ok := r.count()
		if !ok {
			return false
		}
		e.path = append(e.path, i)
	}
	var ok1, ok2, ok3 bool
	e.rows, ok1 = r.count()
	e.cols, ok2 = r.count()
	e.start, ok3 = r.count()
	return ok1 && ok2 && ok3
}

// size checks the entry's shape against its kind and returns its length in
// bytes. rows and cols are each at most n, the file's length, so that the
// products cannot overflow once bounded by n.
func (e *entry) size(n int) (int, bool) {
	switch e.kind {
	case kindDense:
		if e.rows == 0 || e.cols == 0 || e.rows > n/8/e.cols {
			return 0, false
		}
		return 8 * e.rows * e.cols, true
	case kindEmptyDense:
		return 0, e.rows == 0 && e.cols == 0
	case kindFloat64s:
		return 8 * e.rows, e.cols == 0 && e.rows <= n/8
	case kindFloat32s:
		return 4 * e.rows, e.cols == 0 && e.rows <= n/4
	}
	return 0, false
}

// set stores the payload b in slot, which must have the entry's type.
func (e *entry) set(slot reflect.Value, b []byte) bool {
	t := slot.Type()
	switch e.kind {
	case kindDense, kindEmptyDense:
		if t != denseType {
			return false
		}
		d := &mat.Dense{}
		if e.kind == kindDense {
			d = mat.NewDense(e.rows, e.cols, float64s(b))
		}
		slot.Set(reflect.ValueOf(d))
	case kindFloat64s:
		if t.Kind() != reflect.Slice || t.Elem() != float64Type {
			return false
		}
		slot.Set(reflect.ValueOf(float64s(b)).Convert(t))
	case kindFloat32s:
		if t.Kind() != reflect.Slice || t.Elem() != float32Type {
			return false
		}
		slot.Set(reflect.ValueOf(float32s(b)).Convert(t))
	default:
		return false
	}
	return true
}

// navigate follows path from v (addressable) to the slot it names,
// allocating nil pointers on the way: the value written had them non-nil.
func navigate(v reflect.Value, path []int) (reflect.Value, bool) {
	var ok bool
	for _, s := range path {
		if v, ok = deref(v); !ok {
			return v, false
		}
		switch v.Kind() {
		case reflect.Struct:
			if s >= v.NumField() || !v.Type().Field(s).IsExported() {
				return v, false
			}
			v = v.Field(s)
		case reflect.Slice, reflect.Array:
			if s >= v.Len() {
				return v, false
			}
			v = v.Index(s)
		default:
			return v, false
		}
	}
	if v, ok = deref(v); !ok || !v.CanSet() {
		return v, false
	}
	return v, true
}

// deref follows pointers other than *mat.Dense (a payload itself).
func deref(v reflect.Value) (reflect.Value, bool) {
	for range maxDepth {
		if v.Kind() != reflect.Pointer || v.Type() == denseType {
			return v, true
		}
		if v.IsNil() {
			if !v.CanSet() {
				return v, false
			}
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	return v, false
}

// aligned reports whether b may be read as n-byte floats in place.
func aligned(b []byte, n uintptr) bool {
	return zeroCopy && len(b) > 0 && uintptr(unsafe.Pointer(&b[0]))%n == 0
}

// float64s returns the little-endian floats in b: b itself, read as floats,
// where the machine allows (see zeroCopy), else a copy.
func float64s(b []byte) []float64 {
	if aligned(b, 8) {
		return unsafe.Slice((*float64)(unsafe.Pointer(&b[0])), len(b)/8)
	}
	x := make([]float64, len(b)/8)
	for i := range x {
		x[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return x
}

func float32s(b []byte) []float32 {
	if aligned(b, 4) {
		return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), len(b)/4)
	}
	x := make([]float32, len(b)/4)
	for i := range x {
		x[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return x
}

// reader reads the table's uvarints.
type reader struct {
	b []byte
	n int // the file's length: no count in the table exceeds it
}

func (r *reader) uvarint() (uint64, bool) {
	v, k := binary.Uvarint(r.b)
	if k <= 0 {
		return 0, false
	}
	r.b = r.b[k:]
	return v, true
}

// count reads a uvarint that counts or indexes bytes or elements of the
// file, so is at most its length.
func (r *reader) count() (int, bool) {
	v, ok := r.uvarint()
	if !ok || v > uint64(r.n) {
		return 0, false
	}
	return int(v), true
}
