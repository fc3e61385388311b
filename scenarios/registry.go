package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/goccy/go-yaml/ast"

	"simrun/check"
	"simrun/sim"
)

// Protocol describes what a protocol offers to scenario files. A protocol
// package registers one in its init function, so that this package can
// validate scenario files without importing any protocol.
type Protocol struct {
	Name string
	// NewConfig returns a pointer to a fresh config struct with its defaults
	// set. Its exported fields are decoded from `config`, by their yaml tag
	// (or lower-cased name); time.Duration fields take "150ms" strings.
	// Supported field types: bool, string, ints, uints, floats,
	// time.Duration, structs, slices, maps with string keys and pointers to
	// these. Nil means the protocol takes no config.
	NewConfig  func() Config
	Checks     []string // check names it offers
	Behaviours []string // Byzantine behaviour names
	Commands   []string // operator command names

	// The fields below are what building and judging a run needs (run.go);
	// loading a scenario does not use them.

	// Build returns the node factory for the servers, from the decoded
	// config (the value NewConfig returned).
	Build func(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node
	// Check runs the named checks (a subset of Checks) over a finished run.
	Check func(res sim.Result, names []string) []check.Result
	// Story tells what happened in a run, one line per step, for people.
	Story func(res sim.Result) []string
	// Command turns an operator command name into the message to deliver.
	Command func(name string) (sim.Message, error)
}

// Config is a protocol's variant configuration. Validate reports
// combinations the protocol cannot run; its error may point at a field (see
// FieldError).
type Config interface{ Validate() error }

// NodeValidator is implemented by a protocol config that names servers or
// needs a particular number of them. Validate cannot see the node count;
// the loader calls ValidateNodes once it is known, so such a mistake is a
// load error with a position (exit code 2), never a panic when the run is
// built. Its error may name a field like Validate's.
type NodeValidator interface {
	ValidateNodes(nodes []string) error
}

// registry holds the registered protocols. Registration happens in init
// functions and lookups may come from parallel sweep workers, hence the
// lock.
var registry = struct {
	sync.RWMutex
	protocols map[string]Protocol
}{protocols: map[string]Protocol{}}

// Register makes a protocol available to scenario files. It panics on an
// empty or duplicate name: that is a programming error, not bad input.
func Register(p Protocol) {
	if p.Name == "" {
		panic("scenarios: Register with an empty protocol name")
	}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.protocols[p.Name]; dup {
		panic(fmt.Sprintf("scenarios: protocol %q registered twice", p.Name))
	}
	registry.protocols[p.Name] = p
}

// Lookup returns the registered protocol with that name.
func Lookup(name string) (Protocol, bool) {
	registry.RLock()
	defer registry.RUnlock()
	p, ok := registry.protocols[name]
	return p, ok
}

// Protocols returns the registered protocol names, sorted, for messages
// and listings.
func Protocols() []string {
	registry.RLock()
	defer registry.RUnlock()
	names := make([]string, 0, len(registry.protocols))
	for name := range registry.protocols {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// decodeConfig builds the protocol's config from its defaults, decodes
// `config` over them strictly and validates the result. pv is the protocol
// value, where errors point when `config` is absent.
func (d *decoder) decodeConfig(pv, cv val, present bool) (Config, error) {
	if d.proto.NewConfig == nil {
		if present && !isEmptyNode(cv.node) {
			return nil, d.errf(cv, "protocol %s takes no config", d.proto.Name)
		}
		return nil, nil
	}
	cfg := d.proto.NewConfig()
	rv := reflect.ValueOf(cfg)
	if cfg == nil || rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic(fmt.Sprintf("scenarios: NewConfig of protocol %q must return a non-nil pointer", d.proto.Name))
	}
	if !present {
		cv = val{field: "config", set: pv.set, line: pv.line, col: pv.col}
	} else if err := d.decodeValue(cv, rv.Elem()); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, d.configError(cv, cfg, err)
	}
	return cfg, nil
}

// isEmptyNode reports `config:` and `config: {}`.
func isEmptyNode(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.NullNode:
		return true
	case *ast.MappingNode:
		return len(n.Values) == 0
	}
	return false
}

// configError places a Validate error: at the field it names if the file
// sets that field, else at `config` itself.
func (d *decoder) configError(cv val, cfg Config, err error) error {
	field, msg := fieldOfConfigError(err)
	if field == "" {
		field, msg = fieldFromPrefix(cfg, msg)
	}
	if field == "" {
		return d.errf(cv, "%s", msg)
	}
	v := cv
	if cv.node != nil {
		if n, ok := lookupField(cv.node, field); ok {
			v = d.child(cv, n, "")
		}
	}
	v.field = "config." + field
	return d.errf(v, "%s", msg)
}

// fieldFromPrefix recognises the plain-error convention "key: what is
// wrong" (e.g. fmt.Errorf("heartbeat: must be > 0")), which protocols can
// follow without any type from this package: when the text before the
// first ": " is a path whose first key is a field of the config struct, it
// is the field.
func fieldFromPrefix(cfg Config, msg string) (field, rest string) {
	prefix, rest, ok := strings.Cut(msg, ": ")
	if !ok {
		return "", msg
	}
	segs, err := parsePath(prefix)
	t := reflect.TypeOf(cfg).Elem()
	if err != nil || t.Kind() != reflect.Struct {
		return "", msg
	}
	if keys, _ := structFields(t); !contains(keys, segs[0].key) {
		return "", msg
	}
	return prefix, rest
}

// lookupField finds the node at a path below root ("a.b[2].c"), if the
// file sets it.
func lookupField(root ast.Node, field string) (ast.Node, bool) {
	segs, err := parsePath(field)
	if err != nil {
		return nil, false
	}
	n := root
	for _, seg := range segs {
		if n = stepInto(n, seg); n == nil {
			return nil, false
		}
	}
	return n, true
}

// durationType is decoded from duration strings, not integers.
var durationType = reflect.TypeFor[time.Duration]()

// decodeValue decodes v into rv by rv's type, strictly: unknown keys and
// wrong types are errors at their position.
func (d *decoder) decodeValue(v val, rv reflect.Value) error {
	if err := d.plain(v); err != nil {
		return err
	}
	if rv.Type() == durationType {
		dur, err := d.duration(v)
		rv.SetInt(int64(dur))
		return err
	}
	switch rv.Kind() {
	case reflect.Struct:
		return d.decodeStruct(v, rv)
	case reflect.Slice:
		return d.decodeSlice(v, rv)
	case reflect.Map:
		return d.decodeMap(v, rv)
	case reflect.Pointer:
		return d.decodePointer(v, rv)
	}
	return d.decodeScalar(v, rv)
}

// decodeScalar decodes the basic kinds.
func (d *decoder) decodeScalar(v val, rv reflect.Value) error {
	switch rv.Kind() {
	case reflect.Bool:
		b, err := d.boolean(v)
		rv.SetBool(b)
		return err
	case reflect.String:
		s, err := d.str(v)
		rv.SetString(s)
		return err
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		lo, hi := intRange(rv.Type())
		i, err := d.integer(v, lo, hi)
		rv.SetInt(i)
		return err
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u, err := d.uint64Value(v)
		if err == nil && rv.OverflowUint(u) {
			return d.errf(v, "%d is too large (at most %d)", u, uint64(1)<<(rv.Type().Bits())-1)
		}
		rv.SetUint(u)
		return err
	case reflect.Float32, reflect.Float64:
		f, err := d.float(v)
		rv.SetFloat(f)
		return err
	}
	return d.errf(v, "cannot decode into %s (a config field type scenarios does not support)", rv.Type())
}

// intRange returns the range of a signed integer type.
func intRange(t reflect.Type) (lo, hi int64) {
	bits := t.Bits()
	return -1 << (bits - 1), 1<<(bits-1) - 1
}

// decodeStruct decodes a mapping into a struct's exported, tagged fields.
func (d *decoder) decodeStruct(v val, rv reflect.Value) error {
	keys, index := structFields(rv.Type())
	if keys == nil {
		keys = []string{} // no fields: every key is unknown
	}
	m, err := d.mapping(v, keys)
	if err != nil {
		return err
	}
	for _, e := range m.entries {
		if err := d.decodeValue(e.value, rv.Field(index[slices.Index(keys, e.key)])); err != nil {
			return err
		}
	}
	return nil
}

// structFields lists the YAML keys of a struct in field order and the
// field index of each.
func structFields(t reflect.Type) (keys []string, index []int) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		keys, index = append(keys, name), append(index, i)
	}
	return keys, index
}

// maxConfigList bounds lists in a config.
const maxConfigList = 10_000

// decodeSlice decodes a list into a fresh slice.
func (d *decoder) decodeSlice(v val, rv reflect.Value) error {
	items, err := d.list(v, maxConfigList)
	if err != nil {
		return err
	}
	out := reflect.MakeSlice(rv.Type(), len(items), len(items))
	for i, item := range items {
		if err := d.decodeValue(item, out.Index(i)); err != nil {
			return err
		}
	}
	rv.Set(out)
	return nil
}

// decodeMap decodes a mapping into a fresh map with string keys.
func (d *decoder) decodeMap(v val, rv reflect.Value) error {
	if rv.Type().Key().Kind() != reflect.String {
		return d.errf(v, "cannot decode into %s (config maps need string keys)", rv.Type())
	}
	m, err := d.mapping(v, nil)
	if err != nil {
		return err
	}
	out := reflect.MakeMapWithSize(rv.Type(), len(m.entries))
	for _, e := range m.entries {
		elem := reflect.New(rv.Type().Elem()).Elem()
		if err := d.decodeValue(e.value, elem); err != nil {
			return err
		}
		out.SetMapIndex(reflect.ValueOf(e.key).Convert(rv.Type().Key()), elem)
	}
	rv.Set(out)
	return nil
}

// decodePointer decodes into a pointer's target, allocating it; an empty
// value sets the pointer to nil.
func (d *decoder) decodePointer(v val, rv reflect.Value) error {
	if _, isNull := v.node.(*ast.NullNode); isNull {
		rv.SetZero()
		return nil
	}
	if rv.IsNil() {
		rv.Set(reflect.New(rv.Type().Elem()))
	}
	return d.decodeValue(v, rv.Elem())
}
