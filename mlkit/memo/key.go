package memo

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"math"
	"reflect"
	"slices"
	"unsafe"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// ID identifies a kept value: the notebook prefix that Clear drops, and a
// fingerprint of everything the value was computed from. Make one with Key;
// there is no way to type one by hand.
type ID struct {
	prefix string
	sum    string
	err    error
}

// String returns "prefix/fingerprint" (for messages).
func (id ID) String() string { return id.prefix + "/" + id.sum }

// Key fingerprints parts, everything a result depends on, under a notebook
// prefix (such as "05"): estimators with their full configuration, input
// matrices and slices with their contents and shapes, sizes, seeds, names.
// Two keys are equal only when every part is: editing a hyperparameter or the
// data yields another key, and so a new computation.
//
// How parts are fingerprinted: the dynamic type of each part is included (so
// KMeans{K: 3} and MiniBatchKMeans{K: 3} differ); numbers by their bits;
// strings, slices, arrays, maps and pointers by what they hold (a nil pointer
// or slice is distinct from an empty one); structs by their exported fields,
// except fields of interface, func or channel type, which hold behaviour
// (such as a Progress reporter) rather than configuration; *mat.Dense,
// *mat.VecDense and any other mat.Matrix by their shape and elements, read
// through their views. A context.Context part is skipped. A func or channel
// part is an error, reported by Get: code cannot be fingerprinted, so pass
// the values the code reads instead.
func Key(prefix string, parts ...any) ID {
	if prefix == "" {
		return ID{err: check.Errorf("memo: Key", check.ErrValue, "prefix is empty, want the notebook's prefix (e.g. \"05\")")}
	}
	f := &fingerprinter{h: sha256.New()}
	f.str(prefix)
	for i, p := range parts {
		if _, ok := p.(context.Context); ok {
			continue
		}
		f.path = fmt.Sprintf("parts[%d]", i)
		f.value(reflect.ValueOf(p), 0)
		if f.err != nil {
			return ID{prefix: prefix, err: f.err}
		}
	}
	sum := f.h.Sum(nil)
	return ID{prefix: prefix, sum: hex.EncodeToString(sum[:16])}
}

// maxDepth bounds the pointer chains followed, against cycles.
const maxDepth = 64

type fingerprinter struct {
	h    hash.Hash
	buf  [8]byte
	path string
	err  error
}

func (f *fingerprinter) u64(v uint64) {
	binary.LittleEndian.PutUint64(f.buf[:], v)
	f.h.Write(f.buf[:])
}

func (f *fingerprinter) str(s string) {
	f.u64(uint64(len(s)))
	f.h.Write([]byte(s))
}

// floats writes the bits of x without copying them.
func (f *fingerprinter) floats(x []float64) {
	f.u64(uint64(len(x)))
	if len(x) > 0 {
		f.h.Write(unsafe.Slice((*byte)(unsafe.Pointer(&x[0])), len(x)*8))
	}
}

var matrixType = reflect.TypeFor[mat.Matrix]()

func (f *fingerprinter) value(v reflect.Value, depth int) {
	if f.err != nil {
		return
	}
	if !v.IsValid() {
		f.str("<nil>")
		return
	}
	if depth > maxDepth {
		f.err = check.Errorf("memo: Key", check.ErrValue, "%s nests deeper than %d levels (a cycle?)", f.path, maxDepth)
		return
	}
	t := v.Type()
	f.str(t.String())
	if t.Implements(matrixType) && !(v.Kind() == reflect.Pointer && v.IsNil()) {
		f.matrix(v.Interface().(mat.Matrix))
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			f.u64(1)
		} else {
			f.u64(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.u64(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		f.u64(v.Uint())
	case reflect.Float32, reflect.Float64:
		f.u64(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		f.u64(math.Float64bits(real(c)))
		f.u64(math.Float64bits(imag(c)))
	case reflect.String:
		f.str(v.String())
	case reflect.Slice:
		if v.IsNil() {
			f.str("<nil slice>")
			return
		}
		if x, ok := v.Interface().([]float64); ok {
			f.floats(x)
			return
		}
		f.list(v, depth)
	case reflect.Array:
		f.list(v, depth)
	case reflect.Map:
		if v.IsNil() {
			f.str("<nil map>")
			return
		}
		// Map order is random: fingerprint each entry on its own and
		// combine the sorted entry sums.
		var sums [][]byte
		for it := v.MapRange(); it.Next(); {
			g := &fingerprinter{h: sha256.New(), path: f.path + "[key]"}
			g.value(it.Key(), depth+1)
			g.value(it.Value(), depth+1)
			if g.err != nil {
				f.err = g.err
				return
			}
			sums = append(sums, g.h.Sum(nil))
		}
		slices.SortFunc(sums, func(a, b []byte) int { return cmp.Compare(string(a), string(b)) })
		f.u64(uint64(len(sums)))
		for _, s := range sums {
			f.h.Write(s)
		}
	case reflect.Pointer:
		if v.IsNil() {
			f.str("<nil pointer>")
			return
		}
		f.value(v.Elem(), depth+1)
	case reflect.Interface:
		if v.IsNil() {
			f.str("<nil interface>")
			return
		}
		f.value(v.Elem(), depth+1)
	case reflect.Struct:
		path := f.path
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			switch sf.Type.Kind() {
			case reflect.Interface, reflect.Func, reflect.Chan:
				continue // behaviour (a Progress reporter), not configuration
			}
			f.str(sf.Name)
			f.path = path + "." + sf.Name
			f.value(v.Field(i), depth+1)
		}
		f.path = path
	default: // func, chan, unsafe pointer
		f.err = check.Errorf("memo: Key", check.ErrValue, "%s is a %v, which cannot be fingerprinted; pass the values it depends on instead", f.path, t)
	}
}

func (f *fingerprinter) list(v reflect.Value, depth int) {
	n := v.Len()
	f.u64(uint64(n))
	switch v.Type().Elem().Kind() {
	case reflect.Int, reflect.Int64, reflect.Uint64, reflect.Float64, reflect.Uint8, reflect.Int32, reflect.Float32, reflect.Uint32:
		if v.Kind() == reflect.Slice && n > 0 && v.Type().Elem().PkgPath() == "" {
			// Plain numbers: hash the memory directly (fast for labels and pixels).
			size := int(v.Type().Elem().Size())
			f.h.Write(unsafe.Slice((*byte)(v.Index(0).Addr().UnsafePointer()), n*size))
			return
		}
	}
	path := f.path
	for i := 0; i < n; i++ {
		f.path = fmt.Sprintf("%s[%d]", path, i)
		f.value(v.Index(i), depth+1)
		if f.err != nil {
			return
		}
	}
	f.path = path
}

// matrix fingerprints the shape and the elements (not the backing storage,
// so a view and a copy of the same numbers agree).
func (f *fingerprinter) matrix(m mat.Matrix) {
	r, c := m.Dims()
	f.u64(uint64(r))
	f.u64(uint64(c))
	switch x := m.(type) {
	case *mat.Dense:
		raw := x.RawMatrix()
		if raw.Stride == c {
			f.floats(raw.Data[:r*c])
			return
		}
		for i := 0; i < r; i++ {
			f.floats(raw.Data[i*raw.Stride : i*raw.Stride+c])
		}
		return
	case *mat.VecDense:
		raw := x.RawVector()
		if raw.Inc == 1 {
			f.floats(raw.Data[:r])
			return
		}
	}
	row := make([]float64, c)
	for i := 0; i < r; i++ {
		for j := range row {
			row[j] = m.At(i, j)
		}
		f.floats(row)
	}
}
