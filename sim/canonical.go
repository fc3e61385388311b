package sim

import (
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Canonical renders a message or observation payload the way the trace
// shows it and the hash sees it: the Go type name, then the value with
// exported struct fields by name, map keys sorted and pointers followed, so
// the text depends on the value alone — never on addresses or map order.
// (The Go-syntax-like shape is for people; nothing parses it.)
func Canonical(v any) string { return string(appendCanonical(nil, v)) }

// CanonicalAppender lets a type on the event loop's hot path (a protocol's
// steady-state messages and observations) render its canonical text by
// hand instead of through reflection, which costs several times more.
// AppendCanonical must append exactly what CanonicalReflect would render
// for the same value, type name included: the hash and the trace depend on
// the text, not on who wrote it. Each implementation is checked against
// CanonicalReflect in its package's tests (package sim/canontest).
type CanonicalAppender interface {
	AppendCanonical(buf []byte) []byte
}

// CanonicalReflect renders v through reflection alone, ignoring any
// CanonicalAppender: the reference hand-written appenders are tested
// against.
func CanonicalReflect(v any) string { return string(appendReflect(nil, v)) }

// AppendQuoted appends s quoted exactly as the canonical text quotes
// strings (strconv.Quote), taking a short cut for plain printable ASCII.
func AppendQuoted(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return strconv.AppendQuote(buf, s)
		}
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"')
}

// AppendBool appends b as the canonical text writes booleans.
func AppendBool(buf []byte, b bool) []byte { return strconv.AppendBool(buf, b) }

// AppendUint appends u as the canonical text writes unsigned integers.
func AppendUint(buf []byte, u uint64) []byte { return strconv.AppendUint(buf, u, 10) }

// AppendInt appends i as the canonical text writes signed integers.
func AppendInt(buf []byte, i int64) []byte { return strconv.AppendInt(buf, i, 10) }

// AppendStrings appends a []string as the canonical text writes it.
func AppendStrings(buf []byte, list []string) []byte {
	if list == nil {
		return append(buf, "[]"...)
	}
	buf = append(buf, '[')
	for i, s := range list {
		if i > 0 {
			buf = append(buf, ' ')
		}
		buf = AppendQuoted(buf, s)
	}
	return append(buf, ']')
}

// appendCanonical appends Canonical(v) to buf: by hand for a
// CanonicalAppender, else through reflection.
func appendCanonical(buf []byte, v any) []byte {
	// A pointer to an appender type also has the method, but its text
	// starts with "&": reflection renders it.
	if a, ok := v.(CanonicalAppender); ok && reflect.TypeOf(v).Kind() != reflect.Pointer {
		return a.AppendCanonical(buf)
	}
	return appendReflect(buf, v)
}

// appendReflect appends CanonicalReflect(v) to buf. It allocates nothing
// for the plain structs, slices and scalars messages are made of once their
// type has been seen (maps sort their keys, which allocates).
func appendReflect(buf []byte, v any) []byte {
	if v == nil {
		return append(buf, "nil"...)
	}
	rv := reflect.ValueOf(v)
	t := rv.Type()
	if tc, ok := topCache.Load(t); ok { // one lookup for name and encoder
		tc := tc.(*topEntry)
		return tc.enc(append(buf, tc.name...), rv)
	}
	tc := &topEntry{name: typeName(t), enc: encoderFor(t)}
	topCache.Store(t, tc)
	return tc.enc(append(buf, tc.name...), rv)
}

// encodeFn appends one value of a known type.
type encodeFn func(buf []byte, v reflect.Value) []byte

// encoders caches one encodeFn per type. Sweeps run worlds on several
// goroutines at once, hence a sync.Map; the cache changes no output.
var (
	encoders  sync.Map // reflect.Type -> encodeFn
	typeNames sync.Map // reflect.Type -> string
)

func typeName(t reflect.Type) string {
	if s, ok := typeNames.Load(t); ok {
		return s.(string)
	}
	s := t.String()
	typeNames.Store(t, s)
	return s
}

// topEntry caches what a top-level value needs: its type name and encoder.
type topEntry struct {
	name string
	enc  encodeFn
}

// topCache maps reflect.Type -> *topEntry.
var topCache sync.Map

// encMu serialises building encoders; lookups of built ones take no lock.
var encMu sync.Mutex

func encoderFor(t reflect.Type) encodeFn {
	if f, ok := encoders.Load(t); ok {
		return f.(encodeFn)
	}
	encMu.Lock()
	defer encMu.Unlock()
	return build(t, map[reflect.Type]*encodeFn{})
}

// build returns t's encoder, building it (and the encoders of the types it
// contains) if needed. A recursive type meets itself while being built and
// gets an indirection through building[t], filled in before anything that
// holds it is published. Callers hold encMu.
func build(t reflect.Type, building map[reflect.Type]*encodeFn) encodeFn {
	if f, ok := encoders.Load(t); ok {
		return f.(encodeFn)
	}
	if p, ok := building[t]; ok {
		return func(buf []byte, v reflect.Value) []byte { return (*p)(buf, v) }
	}
	p := new(encodeFn)
	building[t] = p
	*p = newEncoder(t, building)
	encoders.Store(t, *p)
	return *p
}

func newEncoder(t reflect.Type, building map[reflect.Type]*encodeFn) encodeFn {
	switch t.Kind() {
	case reflect.Bool:
		return func(buf []byte, v reflect.Value) []byte { return strconv.AppendBool(buf, v.Bool()) }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(buf []byte, v reflect.Value) []byte { return strconv.AppendInt(buf, v.Int(), 10) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(buf []byte, v reflect.Value) []byte { return strconv.AppendUint(buf, v.Uint(), 10) }
	case reflect.Float32, reflect.Float64:
		return encodeFloat
	case reflect.String:
		return func(buf []byte, v reflect.Value) []byte { return strconv.AppendQuote(buf, v.String()) }
	case reflect.Struct:
		return structEncoder(t, building)
	case reflect.Slice, reflect.Array:
		return listEncoder(t, building)
	case reflect.Map:
		return mapEncoder(t, building)
	case reflect.Pointer:
		elem := build(t.Elem(), building)
		return func(buf []byte, v reflect.Value) []byte {
			if v.IsNil() {
				return append(buf, "nil"...)
			}
			return elem(append(buf, '&'), v.Elem())
		}
	case reflect.Interface:
		return func(buf []byte, v reflect.Value) []byte {
			if v.IsNil() {
				return append(buf, "nil"...)
			}
			e := v.Elem()
			return encoderFor(e.Type())(append(buf, typeName(e.Type())...), e)
		}
	}
	// Funcs, channels, unsafe pointers: their only text would be an
	// address, which would break replay. Name the kind instead.
	kind := "<" + t.Kind().String() + ">"
	return func(buf []byte, _ reflect.Value) []byte { return append(buf, kind...) }
}

func encodeFloat(buf []byte, v reflect.Value) []byte {
	f := v.Float()
	if math.IsNaN(f) {
		return append(buf, "NaN"...)
	}
	return strconv.AppendFloat(buf, f, 'g', -1, 64)
}

// structEncoder writes {Name:value ...} over the exported fields, as JSON
// would see them: unexported state is the node's business, not the wire's.
func structEncoder(t reflect.Type, building map[reflect.Type]*encodeFn) encodeFn {
	type field struct {
		index int
		label string
		enc   encodeFn
	}
	var fields []field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		label := sf.Name + ":"
		if len(fields) > 0 {
			label = " " + label
		}
		fields = append(fields, field{index: i, label: label, enc: build(sf.Type, building)})
	}
	return func(buf []byte, v reflect.Value) []byte {
		buf = append(buf, '{')
		for _, f := range fields {
			buf = f.enc(append(buf, f.label...), v.Field(f.index))
		}
		return append(buf, '}')
	}
}

func listEncoder(t reflect.Type, building map[reflect.Type]*encodeFn) encodeFn {
	if t.Elem().Kind() == reflect.Uint8 && t.Kind() == reflect.Slice {
		return func(buf []byte, v reflect.Value) []byte { return strconv.AppendQuote(buf, string(v.Bytes())) }
	}
	elem := build(t.Elem(), building)
	return func(buf []byte, v reflect.Value) []byte {
		if t.Kind() == reflect.Slice && v.IsNil() {
			return append(buf, "[]"...)
		}
		buf = append(buf, '[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				buf = append(buf, ' ')
			}
			buf = elem(buf, v.Index(i))
		}
		return append(buf, ']')
	}
}

// mapEncoder writes map[k:v ...] with entries sorted by the canonical text
// of their keys (then of their values), so Go's random map order never
// reaches the output.
func mapEncoder(t reflect.Type, building map[reflect.Type]*encodeFn) encodeFn {
	key, val := build(t.Key(), building), build(t.Elem(), building)
	return func(buf []byte, v reflect.Value) []byte {
		type entry struct {
			key string
			val reflect.Value
		}
		entries := make([]entry, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			entries = append(entries, entry{string(key(nil, it.Key())), it.Value()})
		}
		slices.SortFunc(entries, func(a, b entry) int {
			switch {
			case a.key < b.key:
				return -1
			case a.key > b.key:
				return 1
			}
			// Distinct keys can render alike (two pointers to equal
			// values, several NaNs): order such entries by their values'
			// text too, so map order cannot reach the output even then.
			return strings.Compare(string(val(nil, a.val)), string(val(nil, b.val)))
		})
		buf = append(buf, "map["...)
		for i, e := range entries {
			if i > 0 {
				buf = append(buf, ' ')
			}
			buf = val(append(append(buf, e.key...), ':'), e.val)
		}
		return append(buf, ']')
	}
}
