package memo

import (
	"bufio"
	"bytes"
	"encoding"
	"encoding/binary"
	"encoding/gob"
	"hash/crc32"
	"io"
	"math"
	"reflect"
	"slices"
	"sync"
	"unsafe"

	"gonum.org/v1/gonum/mat"
)

// A kept file (format 2) is
//
//	magic, the type name and "\n",
//	uvarint S, then S bytes: the skeleton, gob of a copy of the value whose
//	  payloads are zeroed (S is 0 when the value itself is the one payload),
//	uvarint N, then N table entries, each uvarint kind, uvarint number of
//	  steps, the steps (struct field or element index; pointers are
//	  followed implicitly), uvarint rows, uvarint cols (0 for a slice) and
//	  uvarint offset from the payload area,
//	the CRC-32C of all the bytes before it (4 bytes, little endian),
//	zero bytes up to a multiple of 8 (the payload area starts there),
//	the payloads, little endian, each at a multiple of 8, in table order,
//	  the last one ending the file.
//
// gob decodes a *mat.Dense through UnmarshalBinary after copying its bytes,
// and grows its message buffer in steps while reading: three passes and
// three times the memory for the floats. Here the floats are written from
// and read into (or, see zeroCopy, left in) their final place.

// Payload kinds in the table.
const (
	kindDense      = 1 // *mat.Dense, rows×cols float64
	kindEmptyDense = 2 // &mat.Dense{}
	kindFloat64s   = 3 // []float64 of rows elements
	kindFloat32s   = 4 // []float32 of rows elements
)

// minSlice is the length from which a []float64 or []float32 is a payload;
// shorter ones cost gob little and stay in the skeleton.
const minSlice = 1024

var (
	denseType   = reflect.TypeFor[*mat.Dense]()
	float64Type = reflect.TypeFor[float64]()
	float32Type = reflect.TypeFor[float32]()

	// littleEndian: payloads are little endian, so on such machines they
	// are the floats' memory as is.
	littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

	// zeroCopy makes the floats read back alias the file's buffer (through
	// unsafe.Slice) instead of being copied out of it: reading then costs
	// one os.ReadFile, and the buffer lives as long as any of the floats.
	// A variable so that tests also exercise the copying path, which
	// big-endian machines and unaligned payloads take.
	zeroCopy = littleEndian

	// placeholder stands for an extracted *mat.Dense in a slice or array of
	// the skeleton, where gob refuses nil elements.
	placeholder = mat.NewDense(1, 1, nil)
)

// payload is one extracted float array, in walk order.
type payload struct {
	kind       uint64
	path       []int
	rows, cols int
	dense      *mat.Dense
	f64        []float64
	f32        []float32
}

// size is the payload's length in bytes.
func (p *payload) size() int {
	switch p.kind {
	case kindDense:
		return 8 * p.rows * p.cols
	case kindFloat64s:
		return 8 * p.rows
	case kindFloat32s:
		return 4 * p.rows
	}
	return 0
}

// gobOwn reports a type that gob encodes through its own methods: its
// fields are not what gob writes, so the walk leaves it to gob.
func gobOwn(t reflect.Type) bool {
	for range maxDepth {
		for _, u := range []reflect.Type{t, reflect.PointerTo(t)} {
			if u.Implements(gobEncoderType) || u.Implements(gobDecoderType) ||
				u.Implements(binaryMarshalerType) || u.Implements(binaryUnmarshalerType) ||
				u.Implements(textMarshalerType) || u.Implements(textUnmarshalerType) {
				return true
			}
		}
		if t.Kind() != reflect.Pointer {
			return false
		}
		t = t.Elem()
	}
	return true
}

var (
	gobEncoderType        = reflect.TypeFor[gob.GobEncoder]()
	gobDecoderType        = reflect.TypeFor[gob.GobDecoder]()
	binaryMarshalerType   = reflect.TypeFor[encoding.BinaryMarshaler]()
	binaryUnmarshalerType = reflect.TypeFor[encoding.BinaryUnmarshaler]()
	textMarshalerType     = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerType   = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// floatSlice reports a slice type whose elements are plain float64 or
// float32 (the slice type itself may be named).
func floatSlice(t reflect.Type) bool {
	return t.Kind() == reflect.Slice && (t.Elem() == float64Type || t.Elem() == float32Type) && !gobOwn(t)
}

// holdsCache remembers, per type, whether a value of it can hold a payload,
// so that the walk skips a []int, a []string or a tree of ints without
// visiting them.
var holdsCache sync.Map // reflect.Type → bool

func holds(t reflect.Type) bool {
	if h, ok := holdsCache.Load(t); ok {
		return h.(bool)
	}
	h, _ := holdsIn(t, map[reflect.Type]int8{})
	holdsCache.Store(t, h)
	return h
}

// Answers of holdsIn within one question.
const (
	asking  = 1
	holding = 2
	free    = 3
)

// holdsIn answers holds by a search of the types t reaches. A type met
// again while it is being answered (a recursive type) adds nothing: a
// payload, if any, is reachable without going round. An answer that relied
// on such a type (open) is only right for the question asked first, so it
// is not remembered.
func holdsIn(t reflect.Type, state map[reflect.Type]int8) (h, open bool) {
	switch state[t] {
	case asking:
		return false, true
	case holding:
		return true, false
	case free:
		return false, false
	}
	if t == denseType || floatSlice(t) {
		return true, false
	}
	if gobOwn(t) {
		return false, false
	}
	state[t] = asking
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		h, open = holdsIn(t.Elem(), state)
	case reflect.Struct: // the fields gob writes
		for i := 0; i < t.NumField() && !h; i++ {
			if f := t.Field(i); f.IsExported() {
				fh, fo := holdsIn(f.Type, state)
				h, open = fh, open || fo
			}
		}
	} // maps and interfaces stay with gob
	switch {
	case h:
		state[t], open = holding, false
	case !open:
		state[t] = free
	default:
		delete(state, t)
	}
	return h, open
}

// extractor walks a value and builds its skeleton.
type extractor struct {
	payloads []payload
	path     []int
}

// strip returns v with its payloads zeroed (in a copy: v is never written)
// and whether anything changed; elem says v sits in a slice or an array,
// where gob wants no nil pointer.
func (e *extractor) strip(v reflect.Value, depth int, elem bool) (reflect.Value, bool) {
	t := v.Type()
	if depth > maxDepth || !holds(t) {
		return v, false
	}
	if t == denseType {
		if v.IsNil() {
			return v, false
		}
		d := v.Interface().(*mat.Dense)
		p := payload{kind: kindEmptyDense, path: slices.Clone(e.path), dense: d}
		if r, c := d.Dims(); !d.IsEmpty() && r > 0 && c > 0 {
			p.kind, p.rows, p.cols = kindDense, r, c
		}
		e.payloads = append(e.payloads, p)
		if elem {
			return reflect.ValueOf(placeholder), true
		}
		return reflect.Zero(t), true
	}
	if floatSlice(t) {
		if v.Len() < minSlice {
			return v, false
		}
		p := payload{kind: kindFloat64s, path: slices.Clone(e.path), rows: v.Len()}
		if t.Elem() == float64Type {
			p.f64 = v.Convert(reflect.TypeFor[[]float64]()).Interface().([]float64)
		} else {
			p.kind = kindFloat32s
			p.f32 = v.Convert(reflect.TypeFor[[]float32]()).Interface().([]float32)
		}
		e.payloads = append(e.payloads, p)
		return reflect.Zero(t), true
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v, false
		}
		s, changed := e.strip(v.Elem(), depth+1, elem)
		if !changed {
			return v, false
		}
		out := reflect.New(t.Elem())
		out.Elem().Set(s)
		return out, true
	case reflect.Slice, reflect.Array:
		var out reflect.Value
		for i := range v.Len() {
			e.path = append(e.path, i)
			s, changed := e.strip(v.Index(i), depth+1, true)
			e.path = e.path[:len(e.path)-1]
			if !changed {
				continue
			}
			if !out.IsValid() {
				if t.Kind() == reflect.Slice {
					out = reflect.MakeSlice(t, v.Len(), v.Len())
					reflect.Copy(out, v)
				} else {
					out = reflect.New(t).Elem()
					out.Set(v)
				}
			}
			out.Index(i).Set(s)
		}
		if !out.IsValid() {
			return v, false // nothing to take out: the value itself
		}
		return out, true
	case reflect.Struct:
		var out reflect.Value
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			e.path = append(e.path, i)
			s, changed := e.strip(v.Field(i), depth+1, false)
			e.path = e.path[:len(e.path)-1]
			if !changed {
				continue
			}
			if !out.IsValid() {
				out = reflect.New(t).Elem()
				out.Set(v)
			}
			out.Field(i).Set(s)
		}
		if !out.IsValid() {
			return v, false // nothing to take out: the value itself
		}
		return out, true
	}
	return v, false
}

// file is a value ready to be written: the head (magic, type line,
// skeleton, table and padding) and the payloads that follow it.
type file struct {
	head     []byte
	payloads []payload
}

// plan lays v out in format 2 under the type line name. Its error is gob's.
func plan[T any](name string, v T) (*file, error) {
	e := &extractor{}
	skel, _ := e.strip(reflect.ValueOf(&v).Elem(), 0, true)
	var sk bytes.Buffer
	if !(len(e.payloads) == 1 && len(e.payloads[0].path) == 0) {
		// As format 1 did: gob of the T (of its dynamic value when T is
		// an interface type).
		if err := gob.NewEncoder(&sk).Encode(skel.Interface()); err != nil {
			return nil, err
		}
	}
	es := make([]entry, len(e.payloads))
	off := 0
	for i, p := range e.payloads {
		es[i] = entry{kind: p.kind, path: p.path, rows: p.rows, cols: p.cols, start: off}
		off = align8(off + p.size())
	}
	b := appendHead([]byte(magic+name+"\n"), sk.Bytes(), es)
	return &file{head: b, payloads: e.payloads}, nil
}

// write writes the file to w, the payloads straight from the value's
// memory.
func (f *file) write(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.Write(f.head)
	var zeros [8]byte
	at := 0
	for i := range f.payloads {
		p := &f.payloads[i]
		bw.Write(zeros[:align8(at)-at])
		at = align8(at) + p.size()
		switch p.kind {
		case kindDense:
			raw := p.dense.RawMatrix()
			if raw.Stride == p.cols {
				writeFloat64s(bw, raw.Data[:p.rows*p.cols])
				continue
			}
			for r := range p.rows { // a view: its rows only
				writeFloat64s(bw, raw.Data[r*raw.Stride:r*raw.Stride+p.cols])
			}
		case kindFloat64s:
			writeFloat64s(bw, p.f64)
		case kindFloat32s:
			writeFloat32s(bw, p.f32)
		}
	}
	return bw.Flush()
}

// appendHead appends the skeleton, the table of es, the checksum of
// everything from b[0] on, and the padding to the payload area.
func appendHead(b, skel []byte, es []entry) []byte {
	b = binary.AppendUvarint(b, uint64(len(skel)))
	b = append(b, skel...)
	b = binary.AppendUvarint(b, uint64(len(es)))
	for _, e := range es {
		b = binary.AppendUvarint(b, e.kind)
		b = binary.AppendUvarint(b, uint64(len(e.path)))
		for _, s := range e.path {
			b = binary.AppendUvarint(b, uint64(s))
		}
		b = binary.AppendUvarint(b, uint64(e.rows))
		b = binary.AppendUvarint(b, uint64(e.cols))
		b = binary.AppendUvarint(b, uint64(e.start))
	}
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
	return append(b, make([]byte, align8(len(b))-len(b))...)
}

// castagnoli is the CRC of the head: it catches a flipped or cut byte in
// the skeleton or the table for a few microseconds. The payloads are not
// summed: that would be a pass over all the floats on every read, and
// writes go through a rename, so a half-written file is never read.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func align8(n int) int { return (n + 7) &^ 7 }

// writeFloat64s writes x little endian, straight from its memory where the
// machine is little endian. Errors surface in bufio.Writer.Flush.
func writeFloat64s(w *bufio.Writer, x []float64) {
	if len(x) == 0 {
		return
	}
	if littleEndian {
		w.Write(unsafe.Slice((*byte)(unsafe.Pointer(&x[0])), 8*len(x)))
		return
	}
	var b [8]byte
	for _, f := range x {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(f))
		w.Write(b[:])
	}
}

func writeFloat32s(w *bufio.Writer, x []float32) {
	if len(x) == 0 {
		return
	}
	if littleEndian {
		w.Write(unsafe.Slice((*byte)(unsafe.Pointer(&x[0])), 4*len(x)))
		return
	}
	var b [4]byte
	for _, f := range x {
		binary.LittleEndian.PutUint32(b[:], math.Float32bits(f))
		w.Write(b[:])
	}
}
