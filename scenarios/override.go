package scenarios

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Overrides ("--set path=value") change a scenario without editing its
// file, e.g. nodes=5, duration=1h, config.failover_timeout=300ms,
// network.loss=0.1, faults[0].at=50ms. The path is dotted YAML keys with
// optional [i] list indices; the value is YAML, so 5, 1h, true and [a, b]
// all work. An override replaces the node at the path, or adds a key that
// is missing from a mapping (with any missing mappings on the way). It is
// applied to the YAML tree before decoding, so the same validation runs,
// and errors in an overridden value name the override instead of the file.
// Lists cannot grow by index: set the whole list instead.

// maxPathIndex bounds list indices in a path; no list is that long.
const maxPathIndex = 1_000_000

// seg is one step of a path: a mapping key, or a list index.
type seg struct {
	key     string
	index   int
	isIndex bool
}

// String renders a step as it is written in a path.
func (s seg) String() string {
	if s.isIndex {
		return fmt.Sprintf("[%d]", s.index)
	}
	return s.key
}

// keyPattern is what a path key may hold.
var keyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+`)

// parsePath splits "a.b[2].c" into its steps.
func parsePath(path string) ([]seg, error) {
	var segs []seg
	rest := path
	for len(segs) == 0 || rest != "" {
		if len(segs) > 0 {
			if rest[0] != '.' {
				return nil, fmt.Errorf("bad path %q: expected . or [ before %q", path, rest)
			}
			rest = rest[1:]
		}
		key := keyPattern.FindString(rest)
		if key == "" {
			return nil, fmt.Errorf("bad path %q: expected a key at %q", path, rest)
		}
		segs, rest = append(segs, seg{key: key}), rest[len(key):]
		for strings.HasPrefix(rest, "[") {
			end := strings.IndexByte(rest, ']')
			i, err := strconv.Atoi(rest[1:max(end, 1)])
			if end < 0 || err != nil || i < 0 || i > maxPathIndex {
				return nil, fmt.Errorf("bad path %q: expected [index] at %q", path, rest)
			}
			segs, rest = append(segs, seg{index: i, isIndex: true}), rest[end+1:]
		}
	}
	return segs, nil
}

// pathText renders steps back into a path, for messages.
func pathText(segs []seg) string {
	var b strings.Builder
	for i, s := range segs {
		if i > 0 && !s.isIndex {
			b.WriteByte('.')
		}
		b.WriteString(s.String())
	}
	return b.String()
}

// stepInto returns the child of n at one step, or nil if there is none.
func stepInto(n ast.Node, s seg) ast.Node {
	if s.isIndex {
		if seq, ok := n.(*ast.SequenceNode); ok && s.index < len(seq.Values) {
			return seq.Values[s.index]
		}
		return nil
	}
	if pair := findPair(n, s.key); pair != nil {
		return pair.Value
	}
	return nil
}

// findPair returns the key: value pair of a mapping node with that key.
func findPair(n ast.Node, key string) *ast.MappingValueNode {
	m, ok := n.(*ast.MappingNode)
	if !ok {
		return nil
	}
	for _, p := range m.Values {
		if k, ok := p.Key.(*ast.StringNode); ok && k.Value == key {
			return p
		}
	}
	return nil
}

// applyOverrides applies each override to the tree in order.
func (d *decoder) applyOverrides(root *ast.MappingNode, overrides []string) error {
	for _, o := range overrides {
		label := "--set " + o
		path, value, ok := strings.Cut(o, "=")
		if !ok {
			return &Error{File: label, Msg: `missing "=" (write path=value, e.g. nodes=5)`}
		}
		segs, err := parsePath(strings.TrimSpace(path))
		if err != nil {
			return &Error{File: label, Msg: err.Error()}
		}
		node, err := parseOverrideValue(label, value)
		if err != nil {
			return err
		}
		d.sets[node] = label
		if err := d.setPath(root, segs, node, label); err != nil {
			return err
		}
	}
	return nil
}

// parseOverrideValue parses the value of an override as one YAML node.
func parseOverrideValue(label, value string) (ast.Node, error) {
	if strings.ContainsAny(value, "\r\n") {
		return nil, &Error{File: label, Msg: "the value must be one line"}
	}
	f, err := parseYAML(label, []byte(value))
	if err != nil {
		e := err.(*Error)
		e.Line, e.Col = 0, 0
		return nil, e
	}
	if len(f.Docs) != 1 || f.Docs[0].Body == nil || f.Docs[0].Body.Type() == ast.CommentType {
		return nil, &Error{File: label, Msg: "missing value after = (write path=value, e.g. nodes=5)"}
	}
	return f.Docs[0].Body, nil
}

// setPath replaces the node at segs with node, or adds the missing keys at
// the end of segs to the deepest mapping that exists.
func (d *decoder) setPath(root *ast.MappingNode, segs []seg, node ast.Node, label string) error {
	var cur ast.Node = root
	var holder *ast.MappingValueNode // the pair whose value is cur, if any
	for i, s := range segs {
		last := i == len(segs)-1
		if s.isIndex {
			seq, ok := cur.(*ast.SequenceNode)
			if !ok || s.index >= len(seq.Values) {
				return &Error{File: label, Field: pathText(segs[:i+1]), Msg: indexProblem(cur, s.index)}
			}
			if last {
				return seq.Replace(s.index, node)
			}
			cur, holder = seq.Values[s.index], nil
			continue
		}
		pair := findPair(cur, s.key)
		if pair == nil {
			return d.addKeys(cur, holder, segs, i, node, label)
		}
		if last {
			return pair.Replace(node)
		}
		cur, holder = pair.Value, pair
	}
	return nil
}

// indexProblem says why a list index does not apply.
func indexProblem(n ast.Node, i int) string {
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		return "is not a list entry (the value there is " + describe(n) + ")"
	}
	return fmt.Sprintf("index %d is out of range (the list has %d entries; set the whole list to add one)", i, len(seq.Values))
}

// addKeys adds the keys segs[from:] (ending with node) to the mapping cur,
// or to an empty value held by holder.
func (d *decoder) addKeys(cur ast.Node, holder *ast.MappingValueNode, segs []seg, from int, node ast.Node, label string) error {
	for _, s := range segs[from:] {
		if s.isIndex {
			return &Error{File: label, Field: pathText(segs), Msg: "cannot index " + pathText(segs[:from+1]) + ": it is not in the file"}
		}
	}
	m, isMapping := cur.(*ast.MappingNode)
	_, isNull := cur.(*ast.NullNode)
	if !isMapping && !(isNull && holder != nil) {
		return &Error{File: label, Field: pathText(segs[:from]),
			Msg: "is not a mapping, so it cannot have " + segs[from].key + " (the value there is " + describe(cur) + ")"}
	}
	frag, err := fragment(segs[from:], node, !isMapping || m.IsFlowStyle)
	if err != nil {
		return &Error{File: label, Field: pathText(segs), Msg: err.Error()}
	}
	d.sets[frag.Values[0].Key] = label
	if !isMapping {
		return holder.Replace(frag)
	}
	m.Merge(frag)
	return nil
}

// fragment builds the mapping {k1: {k2: ... {kn: node}}} for the keys of
// segs by parsing it from text, so that its tokens are complete for the
// goccy printer (which lays text out by token columns), then putting node
// in place of the placeholder leaf. Flow style suits flow mappings and
// empty values; block style adds lines to a block mapping.
func fragment(segs []seg, node ast.Node, flow bool) (*ast.MappingNode, error) {
	var text strings.Builder
	for i, s := range segs {
		switch {
		case flow:
			text.WriteString("{")
		case i > 0:
			text.WriteString("\n" + strings.Repeat("  ", i))
		}
		text.WriteString(s.key + ": ")
	}
	text.WriteString("x")
	if flow {
		text.WriteString(strings.Repeat("}", len(segs)))
	}
	f, err := parser.ParseBytes([]byte(text.String()), 0)
	if err != nil || len(f.Docs) != 1 {
		return nil, fmt.Errorf("cannot build the keys to add: %v", err)
	}
	top, ok := f.Docs[0].Body.(*ast.MappingNode)
	leaf := top
	for range segs[1:] {
		if !ok || len(leaf.Values) != 1 {
			break
		}
		leaf, ok = leaf.Values[0].Value.(*ast.MappingNode)
	}
	if !ok || len(leaf.Values) != 1 {
		return nil, fmt.Errorf("cannot build the keys to add")
	}
	return top, leaf.Values[0].Replace(node)
}

// writeBack renders the overridden tree as the scenario's Source and checks
// that loading that text gives the same scenario, so a stored run replays
// exactly what ran.
func writeBack(file string, f *ast.File, s *Scenario, overrides []string) (text []byte, err error) {
	fail := &Error{File: "--set " + strings.Join(overrides, " --set "),
		Msg: "cannot write this override back into the scenario text; edit a copy of the file instead"}
	defer func() {
		if r := recover(); r != nil {
			text, err = nil, fail
		}
	}()
	text = []byte(f.String())
	again, err := Load(file, text, nil)
	if err != nil || !sameScenario(s, again) {
		return nil, fail
	}
	return text, nil
}

// sameScenario compares two scenarios apart from where they came from.
func sameScenario(a, b *Scenario) bool {
	x, y := *a, *b
	x.File, x.Source, y.File, y.Source = "", nil, "", nil
	return reflect.DeepEqual(x, y)
}
