package scenarios

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// Limits on input, so that a hostile or mistaken file cannot make loading
// (or the run built from it) unbounded.
const (
	maxSourceBytes = 1 << 20
	maxNodes       = 64
	maxClients     = 64
	maxDuration    = 24 * time.Hour
	maxEvents      = 1_000_000_000_000
	maxRetries     = 100
	maxOps         = 100_000
	maxFaults      = 10_000
	maxLinks       = 10_000
	maxKeys        = 1_000_000
)

// Defaults for optional fields, as documented in the schema.
const (
	defaultSeed      = 1
	defaultMaxEvents = 10_000_000
	defaultTimeout   = 100 * time.Millisecond
	defaultLatency   = 10 * time.Millisecond
)

// Load parses, overrides, decodes and validates one scenario. file names the
// input in error messages; overrides are "path=value" strings (see
// override.go) applied before decoding. Every failure is one *Error.
func Load(file string, data []byte, overrides []string) (*Scenario, error) {
	if len(data) > maxSourceBytes {
		return nil, &Error{File: file, Line: 1, Col: 1,
			Msg: fmt.Sprintf("file is %d bytes; the limit is %d", len(data), maxSourceBytes)}
	}
	f, err := parseYAML(file, data)
	if err != nil {
		return nil, err
	}
	d := &decoder{file: file, sets: map[ast.Node]string{}}
	root, err := d.root(f)
	if err != nil {
		return nil, err
	}
	if err := d.applyOverrides(root, overrides); err != nil {
		return nil, err
	}
	s, err := d.decodeScenario(root)
	if err != nil {
		return nil, err
	}
	s.File, s.Source = file, data
	if len(overrides) > 0 {
		if s.Source, err = writeBack(file, f, s, overrides); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// LoadFile reads and loads one scenario file; a file that cannot be read is
// an *Error too, since it is bad input to the CLI.
func LoadFile(path string, overrides []string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: readErrorText(err)}
	}
	return Load(path, data, overrides)
}

// readErrorText drops the path os errors repeat, since Error shows it.
func readErrorText(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return "cannot read: " + pe.Err.Error()
	}
	return "cannot read: " + err.Error()
}

// yamlError is what goccy/go-yaml's errors implement (its errors.Error):
// the token carries the position.
type yamlError interface {
	GetToken() *token.Token
	GetMessage() string
}

// parseYAML parses YAML keeping comments (so Source can be rewritten with
// overrides). goccy/go-yaml has panicked on odd input in past versions, so
// a panic becomes an error at 1:1 instead of a crash of the CLI.
func parseYAML(file string, data []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, &Error{File: file, Line: 1, Col: 1,
				Msg: fmt.Sprintf("invalid YAML: the parser failed (%v)", r)}
		}
	}()
	f, perr := parser.ParseBytes(data, parser.ParseComments)
	if perr != nil {
		return nil, syntaxError(file, perr)
	}
	return f, nil
}

// syntaxError converts a parser error, keeping its position when it has one.
func syntaxError(file string, err error) *Error {
	e := &Error{File: file, Line: 1, Col: 1, Msg: "invalid YAML: " + err.Error()}
	if ye, ok := err.(yamlError); ok {
		e.Msg = "invalid YAML: " + strings.ReplaceAll(ye.GetMessage(), "\t", `\t`)
		if tk := ye.GetToken(); tk != nil && tk.Position != nil && tk.Position.Line > 0 {
			e.Line, e.Col = tk.Position.Line, max(tk.Position.Column, 1)
		}
	}
	return e
}

// body returns the one document's body, or an error for an empty file or a
// stream of several documents.
func (d *decoder) body(f *ast.File) (ast.Node, error) {
	if len(f.Docs) > 1 {
		v := d.at(f.Docs[1], "")
		if f.Docs[1].Start != nil {
			v.line, v.col = f.Docs[1].Start.Position.Line, f.Docs[1].Start.Position.Column
		}
		return nil, d.errf(v, "a scenario file holds one YAML document; remove the second `---`")
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil || f.Docs[0].Body.Type() == ast.CommentType {
		return nil, &Error{File: d.file, Line: 1, Col: 1, Msg: "the file is empty; a scenario needs at least " +
			strings.Join(requiredTop, ", ")}
	}
	return f.Docs[0].Body, nil
}

// decoder walks the YAML AST, remembering which nodes came from --set
// overrides so that errors in them name the override instead of the file.
type decoder struct {
	file  string
	sets  map[ast.Node]string // override key and value nodes -> "--set path=value"
	proto Protocol            // set once `protocol` is decoded
}

// val is one YAML node, the field path that leads to it and where to point
// when it is wrong.
type val struct {
	node      ast.Node
	field     string // e.g. "faults[2].crash"
	set       string // the override it came from, or ""
	line, col int    // its position, or its parent's when it has none
}

// at builds the val of a node from the document root.
func (d *decoder) at(n ast.Node, field string) val {
	return d.child(val{line: 1, col: 1}, n, field)
}

// child builds the val of node n, reached from parent through field.
func (d *decoder) child(parent val, n ast.Node, field string) val {
	v := val{node: n, field: field, set: parent.set, line: parent.line, col: parent.col}
	if s, ok := d.sets[n]; ok {
		v.set = s
	}
	if line, col := nodePos(n); line > 0 {
		v.line, v.col = line, col
	}
	return v
}

// nodePos returns where a node starts: a block mapping starts at its first
// key (its own token is the first ':'), everything else at its token.
func nodePos(n ast.Node) (line, col int) {
	if m, ok := n.(*ast.MappingNode); ok && !m.IsFlowStyle && len(m.Values) > 0 {
		n = m.Values[0].Key
	}
	if n == nil || reflect.ValueOf(n).IsNil() {
		return 0, 0
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return 0, 0
	}
	return tk.Position.Line, tk.Position.Column
}

// errf builds the error for a bad value.
func (d *decoder) errf(v val, format string, args ...any) error {
	e := &Error{File: d.file, Line: v.line, Col: v.col, Field: v.field, Msg: fmt.Sprintf(format, args...)}
	if v.set != "" {
		e.File, e.Line, e.Col = v.set, 0, 0
	}
	return e
}

// joinKey and joinIndex extend a field path.
func joinKey(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}

func joinIndex(field string, i int) string { return fmt.Sprintf("%s[%d]", field, i) }

// plain rejects YAML features a scenario does not need and that would make
// positions and overrides ambiguous: anchors, aliases, tags, complex keys.
func (d *decoder) plain(v val) error {
	switch v.node.(type) {
	case *ast.AnchorNode:
		return d.errf(v, "anchors (&name) are not supported in scenario files")
	case *ast.AliasNode:
		return d.errf(v, "aliases (*name) are not supported in scenario files")
	case *ast.TagNode:
		return d.errf(v, "tags (!!type) are not supported in scenario files")
	case *ast.MappingKeyNode, *ast.MergeKeyNode:
		return d.errf(v, "complex and merge keys (?, <<) are not supported in scenario files")
	}
	return nil
}

// describe names the kind of a node for "must be X, not Y" messages.
func describe(n ast.Node) string {
	switch n := n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode:
		return "empty"
	case *ast.BoolNode:
		return fmt.Sprintf("a boolean (%v)", n.Value)
	case *ast.StringNode:
		return fmt.Sprintf("a string (%q)", truncate(n.Value))
	case *ast.LiteralNode:
		return "a text block"
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return fmt.Sprintf("a number (%s)", truncate(n.GetToken().Value))
	}
	return "a " + strings.ToLower(n.Type().String())
}

// truncate keeps quoted input short in messages.
func truncate(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// entry is one key: value pair of a mapping.
type entry struct {
	key   string
	kv    val // the key, for errors about the key itself
	value val
}

// mapping is a decoded YAML mapping whose keys were checked against the
// fields a schema knows.
type mapping struct {
	v       val
	entries []entry
}

// mapping decodes v as a mapping with the given known keys; an empty value
// (`heal:`) counts as an empty mapping. The first unknown or repeated key,
// in file order, is the error.
func (d *decoder) mapping(v val, known []string) (*mapping, error) {
	if err := d.plain(v); err != nil {
		return nil, err
	}
	var pairs []*ast.MappingValueNode
	switch n := v.node.(type) {
	case *ast.MappingNode:
		pairs = n.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{n}
	case *ast.NullNode:
	default:
		return nil, d.errf(v, "must be a mapping (key: value), not %s", describe(v.node))
	}
	m := &mapping{v: v}
	for _, p := range pairs {
		e, err := d.entry(v, p, m, known)
		if err != nil {
			return nil, err
		}
		m.entries = append(m.entries, e)
	}
	return m, nil
}

// entry decodes one pair of a mapping and checks its key.
func (d *decoder) entry(parent val, p *ast.MappingValueNode, m *mapping, known []string) (entry, error) {
	kv := d.child(parent, p.Key, parent.field)
	if err := d.plain(kv); err != nil {
		return entry{}, err
	}
	ks, ok := p.Key.(*ast.StringNode)
	if !ok {
		return entry{}, d.errf(kv, "keys must be plain names, not %s", describe(p.Key))
	}
	kv.field = joinKey(parent.field, ks.Value)
	if prev, dup := m.find(ks.Value); dup {
		return entry{}, d.errf(kv, "duplicate key (first at line %d)", prev.kv.line)
	}
	if known != nil && !contains(known, ks.Value) {
		return entry{}, d.errf(kv, "unknown field%s", suggest(ks.Value, known))
	}
	return entry{key: ks.Value, kv: kv, value: d.child(kv, p.Value, kv.field)}, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suggest names the closest known key, or lists them all.
func suggest(key string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if dist := editDistance(key, k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %s?)", best)
	}
	if len(known) == 0 {
		return " (this mapping takes no fields)"
	}
	return " (known fields: " + strings.Join(known, ", ") + ")"
}

// editDistance is the Levenshtein distance, for typo suggestions.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// find returns the entry for key, if present.
func (m *mapping) find(key string) (entry, bool) {
	for _, e := range m.entries {
		if e.key == key {
			return e, true
		}
	}
	return entry{}, false
}

// get returns the value of key, if present.
func (m *mapping) get(key string) (val, bool) {
	e, ok := m.find(key)
	return e.value, ok
}

// has reports whether key is present.
func (m *mapping) has(key string) bool {
	_, ok := m.find(key)
	return ok
}

// require returns the value of key, or a "required" error at the mapping.
func (d *decoder) require(m *mapping, key string) (val, error) {
	if v, ok := m.get(key); ok {
		return v, nil
	}
	v := m.v
	v.field = joinKey(v.field, key)
	return val{}, d.errf(v, "is required")
}

// list decodes v as a list (an empty value is an empty list) and returns
// its items, each with its indexed field path.
func (d *decoder) list(v val, limit int) ([]val, error) {
	if err := d.plain(v); err != nil {
		return nil, err
	}
	var items []ast.Node
	switch n := v.node.(type) {
	case *ast.SequenceNode:
		items = n.Values
	case *ast.NullNode:
	default:
		return nil, d.errf(v, "must be a list, not %s", describe(v.node))
	}
	if len(items) > limit {
		return nil, d.errf(v, "has %d entries; the limit is %d", len(items), limit)
	}
	out := make([]val, len(items))
	for i, n := range items {
		out[i] = d.child(v, n, joinIndex(v.field, i))
	}
	return out, nil
}

// str decodes a string (plain, quoted or a | block).
func (d *decoder) str(v val) (string, error) {
	if err := d.plain(v); err != nil {
		return "", err
	}
	switch n := v.node.(type) {
	case *ast.StringNode:
		return n.Value, nil
	case *ast.LiteralNode:
		return n.Value.Value, nil
	}
	return "", d.errf(v, "must be a string, not %s", describe(v.node))
}

// text decodes a scalar as the text written, so that `value: 1` and
// `value: "1"` mean the same for keys and values of the KV workload.
func (d *decoder) text(v val) (string, error) {
	switch v.node.(type) {
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		return v.node.GetToken().Value, nil
	}
	return d.str(v)
}

// integer decodes a whole number in [lo, hi].
func (d *decoder) integer(v val, lo, hi int64) (int64, error) {
	if err := d.plain(v); err != nil {
		return 0, err
	}
	n, ok := v.node.(*ast.IntegerNode)
	if !ok {
		if isNumeric(v.node) {
			return 0, d.errf(v, "%s is out of range [%d,%d]", v.node.GetToken().Value, lo, hi)
		}
		return 0, d.errf(v, "must be a whole number, not %s", describe(v.node))
	}
	i, ok := intValue(n)
	if !ok || i < lo || i > hi {
		return 0, d.errf(v, "%s is out of range [%d,%d]", n.GetToken().Value, lo, hi)
	}
	return i, nil
}

// intValue returns an integer node's value as an int64, if it fits; the
// lexer gives non-negative integers as uint64 and negative ones as int64.
func intValue(n *ast.IntegerNode) (int64, bool) {
	switch x := n.Value.(type) {
	case int64:
		return x, true
	case uint64:
		return int64(x), x <= math.MaxInt64
	}
	return 0, false
}

// isNumeric reports a number the integer decoder cannot hold: a float, an
// infinity, or an integer too large for the lexer (which makes it a string).
func isNumeric(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return true
	case *ast.StringNode:
		_, err := strconv.ParseFloat(n.Value, 64)
		return err == nil && n.GetToken().Type == token.StringType
	}
	return false
}

// uint64Value decodes a non-negative whole number up to 2^64-1.
func (d *decoder) uint64Value(v val) (uint64, error) {
	if err := d.plain(v); err != nil {
		return 0, err
	}
	if n, ok := v.node.(*ast.IntegerNode); ok {
		switch x := n.Value.(type) {
		case uint64:
			return x, nil
		case int64:
			if x >= 0 {
				return uint64(x), nil
			}
		}
	}
	if _, ok := v.node.(*ast.IntegerNode); ok || isNumeric(v.node) {
		return 0, d.errf(v, "%s is out of range [0,%d]", v.node.GetToken().Value, uint64(math.MaxUint64))
	}
	return 0, d.errf(v, "must be a whole number, not %s", describe(v.node))
}

// float decodes a finite number; plain 1e-3 counts, though the YAML lexer
// reads it as a string.
func (d *decoder) float(v val) (float64, error) {
	if err := d.plain(v); err != nil {
		return 0, err
	}
	var f float64
	switch n := v.node.(type) {
	case *ast.IntegerNode:
		f = float64(toInt(n))
	case *ast.FloatNode:
		f = n.Value
	case *ast.InfinityNode, *ast.NanNode:
		return 0, d.errf(v, "must be a finite number, not %s", n.GetToken().Value)
	default:
		if !isNumeric(v.node) {
			return 0, d.errf(v, "must be a number, not %s", describe(v.node))
		}
		f, _ = strconv.ParseFloat(v.node.(*ast.StringNode).Value, 64)
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, d.errf(v, "must be a finite number, not %s", v.node.GetToken().Value)
	}
	return f, nil
}

// toInt returns an integer node's value (int64 or uint64) as a float-able
// int; only the sign and magnitude matter to callers.
func toInt(n *ast.IntegerNode) float64 {
	switch x := n.Value.(type) {
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	}
	return 0
}

// floatIn decodes a number in [lo, hi].
func (d *decoder) floatIn(v val, lo, hi float64) (float64, error) {
	f, err := d.float(v)
	if err != nil {
		return 0, err
	}
	if f < lo || f > hi {
		return 0, d.errf(v, "%s is out of range [%s,%s]", v.node.GetToken().Value, formatFloat(lo), formatFloat(hi))
	}
	return f, nil
}

// formatFloat writes a bound the way a person would type it.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// prob decodes a probability.
func (d *decoder) prob(v val) (float64, error) { return d.floatIn(v, 0, 1) }

// boolean decodes true or false.
func (d *decoder) boolean(v val) (bool, error) {
	if err := d.plain(v); err != nil {
		return false, err
	}
	if b, ok := v.node.(*ast.BoolNode); ok {
		return b.Value, nil
	}
	return false, d.errf(v, "must be true or false, not %s", describe(v.node))
}

// duration decodes a Go duration string; a bare number is an error because
// "10" could mean anything.
func (d *decoder) duration(v val) (time.Duration, error) {
	if err := d.plain(v); err != nil {
		return 0, err
	}
	switch n := v.node.(type) {
	case *ast.IntegerNode, *ast.FloatNode:
		t := n.GetToken().Value
		return 0, d.errf(v, "%s needs a unit, e.g. %sms or %ss", t, t, t)
	case *ast.StringNode:
		if _, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return 0, d.errf(v, "%s needs a unit, e.g. %sms or %ss", n.Value, n.Value, n.Value)
		}
		dur, err := time.ParseDuration(n.Value)
		if err != nil {
			return 0, d.errf(v, "%q is not a duration (write e.g. 150ms, 2s, 1m30s)", truncate(n.Value))
		}
		return dur, nil
	}
	return 0, d.errf(v, "must be a duration such as 150ms, not %s", describe(v.node))
}

// positiveDuration decodes a duration that must be > 0, with the message in
// the words of the schema.
func (d *decoder) positiveDuration(v val) (time.Duration, error) {
	dur, err := d.duration(v)
	if err != nil {
		return 0, err
	}
	if dur <= 0 {
		return 0, d.errf(v, "must be > 0")
	}
	return dur, nil
}

// enum decodes a string that must be one of choices.
func (d *decoder) enum(v val, choices ...string) (string, error) {
	s, err := d.str(v)
	if err != nil {
		return "", err
	}
	if !contains(choices, s) {
		return "", d.errf(v, "%q is not one of %s", truncate(s), strings.Join(choices, ", "))
	}
	return s, nil
}

// topFields are the top-level keys, in the order they are decoded.
var topFields = []string{"name", "title", "teaches", "protocol", "config", "nodes", "clients",
	"seed", "duration", "max_events", "network", "workload", "faults", "checks", "expect"}

// requiredTop are the top-level keys without a default.
var requiredTop = []string{"name", "title", "teaches", "protocol", "nodes", "duration", "checks", "expect"}

// root returns the top-level mapping of the one document, or the error
// for an empty file, several documents or a top level that is no mapping.
func (d *decoder) root(f *ast.File) (*ast.MappingNode, error) {
	body, err := d.body(f)
	if err != nil {
		return nil, err
	}
	m, ok := body.(*ast.MappingNode)
	if !ok {
		rv := d.at(body, "")
		if err := d.plain(rv); err != nil {
			return nil, err
		}
		return nil, d.errf(rv, "a scenario is a mapping of fields (name: ..., title: ...), not %s", describe(body))
	}
	return m, nil
}

// decodeScenario decodes and validates the whole scenario, section by
// section, stopping at the first error.
func (d *decoder) decodeScenario(root *ast.MappingNode) (*Scenario, error) {
	top, err := d.mapping(d.at(root, ""), topFields)
	if err != nil {
		return nil, err
	}
	s := &Scenario{}
	steps := []func(*mapping, *Scenario) error{
		d.decodeHeader, d.decodeProtocol, d.decodeSize, d.decodeRun,
		d.decodeNetwork, d.decodeWorkload, d.decodeFaults, d.decodeChecks, d.decodeExpect,
	}
	for _, step := range steps {
		if err := step(top, s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// namePattern is what a scenario name may look like: it is typed on command
// lines and used as a directory name.
var namePattern = regexp.MustCompile(`^[a-z0-9-]{1,64}$`)

// Limits on the descriptive text, so `simrun list` stays one line each.
const maxTitleLen = 100

// decodeHeader decodes name, title and teaches.
func (d *decoder) decodeHeader(top *mapping, s *Scenario) error {
	v, err := d.requiredString(top, "name")
	if err != nil {
		return err
	}
	if s.Name, _ = d.str(v); !namePattern.MatchString(s.Name) {
		return d.errf(v, "%q is not a valid name: use 1 to 64 lowercase letters, digits and dashes", truncate(s.Name))
	}
	if v, err = d.requiredString(top, "title"); err != nil {
		return err
	}
	s.Title, _ = d.str(v)
	if s.Title = strings.TrimSpace(s.Title); strings.Contains(s.Title, "\n") {
		return d.errf(v, "must be one line (simrun list shows it)")
	}
	if len(s.Title) > maxTitleLen {
		return d.errf(v, "is %d characters; keep it to %d (simrun list shows it)", len(s.Title), maxTitleLen)
	}
	if v, err = d.requiredString(top, "teaches"); err != nil {
		return err
	}
	s.Teaches, _ = d.str(v)
	s.Teaches = strings.TrimSpace(s.Teaches)
	return nil
}

// requiredString checks that key is present and a non-blank string.
func (d *decoder) requiredString(m *mapping, key string) (val, error) {
	v, err := d.require(m, key)
	if err != nil {
		return val{}, err
	}
	text, err := d.str(v)
	if err != nil {
		return val{}, err
	}
	if strings.TrimSpace(text) == "" {
		return val{}, d.errf(v, "must not be empty")
	}
	return v, nil
}

// decodeProtocol decodes the protocol name and its config.
func (d *decoder) decodeProtocol(top *mapping, s *Scenario) error {
	v, err := d.requiredString(top, "protocol")
	if err != nil {
		return err
	}
	s.Protocol, _ = d.str(v)
	p, ok := Lookup(s.Protocol)
	if !ok {
		return d.errf(v, "unknown protocol %q (%s)", truncate(s.Protocol), registeredText())
	}
	d.proto = p
	cv, present := top.get("config")
	s.Config, err = d.decodeConfig(v, cv, present)
	return err
}

// registeredText lists the registered protocols for an error message.
func registeredText() string {
	names := Protocols()
	if len(names) == 0 {
		return "no protocol is registered"
	}
	return "registered: " + strings.Join(names, ", ")
}

// decodeSize decodes nodes and clients into their names.
func (d *decoder) decodeSize(top *mapping, s *Scenario) error {
	v, err := d.require(top, "nodes")
	if err != nil {
		return err
	}
	n, err := d.integer(v, 1, maxNodes)
	if err != nil {
		return err
	}
	s.Nodes = memberNames("n", int(n))
	c := int64(0)
	if v, ok := top.get("clients"); ok {
		if c, err = d.integer(v, 0, maxClients); err != nil {
			return err
		}
	}
	s.Clients = memberNames("c", int(c))
	return nil
}

// memberNames returns prefix0..prefix{n-1}.
func memberNames(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + strconv.Itoa(i)
	}
	return out
}

// decodeRun decodes seed, duration and max_events.
func (d *decoder) decodeRun(top *mapping, s *Scenario) error {
	var err error
	s.Seed = defaultSeed
	if v, ok := top.get("seed"); ok {
		if s.Seed, err = d.uint64Value(v); err != nil {
			return err
		}
	}
	v, err := d.require(top, "duration")
	if err != nil {
		return err
	}
	if s.Duration, err = d.positiveDuration(v); err != nil {
		return err
	}
	if s.Duration > maxDuration {
		return d.errf(v, "%v is longer than the limit of %v", s.Duration, maxDuration)
	}
	s.MaxEvents = defaultMaxEvents
	if v, ok := top.get("max_events"); ok {
		s.MaxEvents, err = d.integer(v, 1, maxEvents)
	}
	return err
}

// node, client and member decode a name that must exist in the scenario.
func (d *decoder) node(v val, s *Scenario) (string, error) {
	return d.memberName(v, s, true, false)
}

func (d *decoder) client(v val, s *Scenario) (string, error) {
	return d.memberName(v, s, false, true)
}

func (d *decoder) member(v val, s *Scenario) (string, error) {
	return d.memberName(v, s, true, true)
}

// memberName decodes a node and/or client name and explains a bad one.
func (d *decoder) memberName(v val, s *Scenario, nodes, clients bool) (string, error) {
	name, err := d.str(v)
	if err != nil {
		return "", err
	}
	if (nodes && contains(s.Nodes, name)) || (clients && contains(s.Clients, name)) {
		return name, nil
	}
	return "", d.errf(v, "%s", unknownMemberText(s, name, nodes, clients))
}

// unknownMemberText says why name is not a wanted member, and which are.
func unknownMemberText(s *Scenario, name string, nodes, clients bool) string {
	nodeList, clientList := rangeText("node", s.Nodes), rangeText("client", s.Clients)
	looksLike := func(prefix string) bool { return memberPattern.MatchString(name) && name[:1] == prefix }
	switch {
	case nodes && clients && looksLike("n"):
		return fmt.Sprintf("node %s does not exist (%s)", name, nodeList)
	case nodes && clients && looksLike("c"):
		return fmt.Sprintf("client %s does not exist (%s)", name, clientList)
	case nodes && clients:
		return fmt.Sprintf("%s is not a node or client name (%s; %s)", quoteOdd(name), nodeList, clientList)
	case nodes && contains(s.Clients, name):
		return fmt.Sprintf("%s is a client, not a node (%s)", name, nodeList)
	case clients && contains(s.Nodes, name):
		return fmt.Sprintf("%s is a node, not a client (%s)", name, clientList)
	case nodes:
		return fmt.Sprintf("node %s does not exist (%s)", quoteOdd(name), nodeList)
	}
	return fmt.Sprintf("client %s does not exist (%s)", quoteOdd(name), clientList)
}

// memberPattern matches names that look like node or client names; others
// are quoted in messages so that odd input stays visible.
var memberPattern = regexp.MustCompile(`^[nc][0-9]+$`)

func quoteOdd(name string) string {
	if memberPattern.MatchString(name) {
		return name
	}
	return strconv.Quote(truncate(name))
}

// rangeText describes a list of member names: "nodes are n0..n4".
func rangeText(kind string, names []string) string {
	switch len(names) {
	case 0:
		return "there are no " + kind + "s"
	case 1:
		return "the only " + kind + " is " + names[0]
	}
	return fmt.Sprintf("%ss are %s..%s", kind, names[0], names[len(names)-1])
}

// decodeAt decodes the `at` of an op or fault: within the run.
func (d *decoder) decodeAt(m *mapping, s *Scenario) (time.Duration, error) {
	v, err := d.require(m, "at")
	if err != nil {
		return 0, err
	}
	at, err := d.duration(v)
	if err != nil {
		return 0, err
	}
	if at < 0 {
		return 0, d.errf(v, "must be >= 0")
	}
	if at > s.Duration {
		return 0, d.errf(v, "%v is after the end of the run (duration: %v)", at, s.Duration)
	}
	return at, nil
}

// Keys of the network section.
var (
	linkFields    = []string{"link", "latency", "loss", "duplicate", "corrupt", "forge", "replay"}
	networkFields = append(slices.Clone(linkFields), "links")
	pairFields    = append([]string{"from", "to"}, linkFields...)
	latencyFields = []string{"dist", "mean", "min", "max", "stddev", "alpha"}
)

// latencyParams lists the parameters each distribution takes, all required.
var latencyParams = map[Dist][]string{
	DistConstant:    {"mean"},
	DistUniform:     {"min", "max"},
	DistNormal:      {"mean", "stddev"},
	DistExponential: {"mean"},
	DistPareto:      {"min", "alpha"},
	DistLognormal:   {"mean", "stddev"},
}

// dists is the order distributions are listed in messages.
var dists = []string{"constant", "uniform", "normal", "exponential", "pareto", "lognormal"}

// decodeNetwork decodes the default link and the per-pair exceptions.
func (d *decoder) decodeNetwork(top *mapping, s *Scenario) error {
	s.Network.Default = Link{Model: LinkReliable, Latency: Latency{Dist: DistConstant, Mean: defaultLatency}}
	v, ok := top.get("network")
	if !ok {
		return nil
	}
	m, err := d.mapping(v, networkFields)
	if err != nil {
		return err
	}
	if s.Network.Default, err = d.decodeLink(m, s.Network.Default); err != nil {
		return err
	}
	if err := d.checkModel(m, s.Network.Default); err != nil {
		return err
	}
	lv, ok := m.get("links")
	if !ok {
		return nil
	}
	s.Network.Links, err = d.decodePairs(lv, s)
	return err
}

// decodeLink decodes the link fields present in m over base.
func (d *decoder) decodeLink(m *mapping, base Link) (Link, error) {
	l := base
	if v, ok := m.get("link"); ok {
		model, err := d.enum(v, string(LinkReliable), string(LinkFairLoss), string(LinkArbitrary))
		if err != nil {
			return l, err
		}
		l.Model = LinkModel(model)
	}
	if v, ok := m.get("latency"); ok {
		var err error
		if l.Latency, err = d.decodeLatency(v); err != nil {
			return l, err
		}
	}
	for _, p := range probFields(&l) {
		if v, ok := m.get(p.key); ok {
			var err error
			if *p.value, err = d.prob(v); err != nil {
				return l, err
			}
		}
	}
	return l, nil
}

// probField is one probability of a link with the models that allow it.
type probField struct {
	key    string
	value  *float64
	models []LinkModel
}

// probFields lists the probabilities of l in schema order.
func probFields(l *Link) []probField {
	lossy := []LinkModel{LinkFairLoss, LinkArbitrary}
	arbitrary := []LinkModel{LinkArbitrary}
	return []probField{
		{"loss", &l.Loss, lossy},
		{"duplicate", &l.Duplicate, lossy},
		{"corrupt", &l.Corrupt, arbitrary},
		{"forge", &l.Forge, arbitrary},
		{"replay", &l.Replay, arbitrary},
	}
}

// checkModel rejects a probability the link model does not allow. When the
// bad probability is not in m, a per-pair entry inherited it from the
// network and changed the model, so the error points at that `link`.
func (d *decoder) checkModel(m *mapping, l Link) error {
	for _, p := range probFields(&l) {
		if *p.value == 0 || slices.Contains(p.models, l.Model) {
			continue
		}
		needs := "link: arbitrary"
		if len(p.models) == 2 {
			needs = "link: fair-loss or arbitrary"
		}
		if v, ok := m.get(p.key); ok {
			return d.errf(v, "%g needs %s (this link is %s)", *p.value, needs, l.Model)
		}
		v, _ := m.get("link")
		return d.errf(v, "a %s link cannot have %s %g, inherited from network.%s (set %s: 0 here)",
			l.Model, p.key, *p.value, p.key, p.key)
	}
	return nil
}

// decodeLatency decodes a latency distribution and its parameters.
func (d *decoder) decodeLatency(v val) (Latency, error) {
	m, err := d.mapping(v, latencyFields)
	if err != nil {
		return Latency{}, err
	}
	dv, err := d.require(m, "dist")
	if err != nil {
		return Latency{}, err
	}
	name, err := d.enum(dv, dists...)
	if err != nil {
		return Latency{}, err
	}
	l := Latency{Dist: Dist(name)}
	params := latencyParams[l.Dist]
	for _, e := range m.entries {
		if e.key != "dist" && !contains(params, e.key) {
			return l, d.errf(e.kv, "%s latency does not take %s (it takes %s)", name, e.key, strings.Join(params, ", "))
		}
	}
	for _, p := range params {
		if !m.has(p) {
			return l, d.errf(val{field: joinKey(m.v.field, p), set: m.v.set, line: m.v.line, col: m.v.col},
				"is required for %s latency", name)
		}
	}
	return l, d.decodeLatencyParams(m, &l)
}

// decodeLatencyParams decodes the parameters present and checks their ranges.
func (d *decoder) decodeLatencyParams(m *mapping, l *Latency) error {
	durations := map[string]*time.Duration{"mean": &l.Mean, "min": &l.Min, "max": &l.Max, "stddev": &l.Stddev}
	for _, e := range m.entries {
		dst, ok := durations[e.key]
		if !ok {
			continue
		}
		dur, err := d.duration(e.value)
		if err != nil {
			return err
		}
		if dur < 0 || (dur == 0 && mustBePositive(l.Dist, e.key)) {
			return d.errf(e.value, "must be > 0")
		}
		*dst = dur
	}
	if v, ok := m.get("alpha"); ok {
		alpha, err := d.float(v)
		if err != nil {
			return err
		}
		if alpha <= 0 {
			return d.errf(v, "must be > 0")
		}
		l.Alpha = alpha
	}
	if v, ok := m.get("max"); ok && l.Max < l.Min {
		return d.errf(v, "%v is less than min (%v)", l.Max, l.Min)
	}
	return nil
}

// mustBePositive reports parameters for which zero makes no distribution.
func mustBePositive(dist Dist, key string) bool {
	switch dist {
	case DistExponential, DistLognormal:
		return key == "mean"
	case DistPareto:
		return key == "min"
	}
	return false
}

// decodePairs decodes network.links.
func (d *decoder) decodePairs(v val, s *Scenario) ([]PairLink, error) {
	items, err := d.list(v, maxLinks)
	if err != nil {
		return nil, err
	}
	var out []PairLink
	for _, item := range items {
		pl, err := d.decodePair(item, s)
		if err != nil {
			return nil, err
		}
		for j, prev := range out {
			if prev.From == pl.From && prev.To == pl.To {
				return nil, d.errf(item, "%s -> %s is already set by %s", pl.From, pl.To, joinIndex(v.field, j))
			}
		}
		out = append(out, pl)
	}
	return out, nil
}

// decodePair decodes one per-pair link exception over the network default.
func (d *decoder) decodePair(v val, s *Scenario) (PairLink, error) {
	m, err := d.mapping(v, pairFields)
	if err != nil {
		return PairLink{}, err
	}
	var pl PairLink
	if pl.From, pl.To, err = d.fromTo(m, s); err != nil {
		return pl, err
	}
	if pl.Link, err = d.decodeLink(m, s.Network.Default); err != nil {
		return pl, err
	}
	return pl, d.checkModel(m, pl.Link)
}

// fromTo decodes the two different ends of a link or cut.
func (d *decoder) fromTo(m *mapping, s *Scenario) (from, to string, err error) {
	fv, err := d.require(m, "from")
	if err != nil {
		return "", "", err
	}
	if from, err = d.member(fv, s); err != nil {
		return "", "", err
	}
	tv, err := d.require(m, "to")
	if err != nil {
		return "", "", err
	}
	if to, err = d.member(tv, s); err != nil {
		return "", "", err
	}
	if from == to {
		return "", "", d.errf(tv, "must differ from from (%s)", from)
	}
	return from, to, nil
}

// Keys of the workload section.
var (
	workloadFields = []string{"timeout", "retries", "home", "ops", "random"}
	opFields       = []string{"at", "client", "op", "key", "value"}
	randomFields   = []string{"rate", "keys", "read_fraction", "start", "stop"}
)

// maxRate bounds generated load per client, so a run's event count stays
// within reason.
const maxRate = 1_000_000

// decodeWorkload decodes the client workload over its defaults.
func (d *decoder) decodeWorkload(top *mapping, s *Scenario) error {
	w := &s.Workload
	w.Timeout = defaultTimeout
	w.Home = make([]string, len(s.Clients))
	for i := range w.Home {
		w.Home[i] = s.Nodes[i%len(s.Nodes)]
	}
	v, ok := top.get("workload")
	if !ok {
		return nil
	}
	m, err := d.mapping(v, workloadFields)
	if err != nil {
		return err
	}
	steps := []func(*mapping, *Scenario) error{d.decodeClientRetry, d.decodeHome, d.decodeOps, d.decodeRandom}
	for _, step := range steps {
		if err := step(m, s); err != nil {
			return err
		}
	}
	return nil
}

// decodeClientRetry decodes timeout and retries.
func (d *decoder) decodeClientRetry(m *mapping, s *Scenario) error {
	var err error
	if v, ok := m.get("timeout"); ok {
		if s.Workload.Timeout, err = d.positiveDuration(v); err != nil {
			return err
		}
		if s.Workload.Timeout > maxDuration {
			return d.errf(v, "%v is longer than the limit of %v", s.Workload.Timeout, maxDuration)
		}
	}
	if v, ok := m.get("retries"); ok {
		r, err := d.integer(v, 0, maxRetries)
		s.Workload.Retries = int(r)
		return err
	}
	return nil
}

// decodeHome decodes the client -> server map over the default.
func (d *decoder) decodeHome(m *mapping, s *Scenario) error {
	v, ok := m.get("home")
	if !ok {
		return nil
	}
	hm, err := d.mapping(v, nil)
	if err != nil {
		return err
	}
	for _, e := range hm.entries {
		if !contains(s.Clients, e.key) {
			return d.errf(e.kv, "%s", unknownMemberText(s, e.key, false, true))
		}
		server, err := d.node(e.value, s)
		if err != nil {
			return err
		}
		s.Workload.Home[slices.Index(s.Clients, e.key)] = server
	}
	return nil
}

// decodeOps decodes the scripted operations.
func (d *decoder) decodeOps(m *mapping, s *Scenario) error {
	v, ok := m.get("ops")
	if !ok {
		return nil
	}
	items, err := d.list(v, maxOps)
	if err != nil {
		return err
	}
	for _, item := range items {
		op, err := d.decodeOp(item, s)
		if err != nil {
			return err
		}
		s.Workload.Ops = append(s.Workload.Ops, op)
	}
	return nil
}

// decodeOp decodes one scripted operation.
func (d *decoder) decodeOp(v val, s *Scenario) (Op, error) {
	var op Op
	m, err := d.mapping(v, opFields)
	if err != nil {
		return op, err
	}
	if op.At, err = d.decodeAt(m, s); err != nil {
		return op, err
	}
	cv, err := d.require(m, "client")
	if err != nil {
		return op, err
	}
	if op.Client, err = d.client(cv, s); err != nil {
		return op, err
	}
	kv, err := d.require(m, "op")
	if err != nil {
		return op, err
	}
	kind, err := d.enum(kv, string(OpRead), string(OpWrite))
	if err != nil {
		return op, err
	}
	op.Kind = OpKind(kind)
	if op.Key, err = d.nonEmptyText(m, "key"); err != nil {
		return op, err
	}
	return op, d.decodeOpValue(m, &op)
}

// decodeOpValue decodes the value a write needs and a read must not have.
func (d *decoder) decodeOpValue(m *mapping, op *Op) error {
	if op.Kind == OpRead {
		if e, ok := m.find("value"); ok {
			return d.errf(e.kv, "a read takes no value")
		}
		return nil
	}
	var err error
	op.Value, err = d.nonEmptyText(m, "value")
	return err
}

// nonEmptyText decodes a required, non-empty scalar as text.
func (d *decoder) nonEmptyText(m *mapping, key string) (string, error) {
	v, err := d.require(m, key)
	if err != nil {
		return "", err
	}
	t, err := d.text(v)
	if err != nil {
		return "", err
	}
	if t == "" {
		return "", d.errf(v, "must not be empty")
	}
	return t, nil
}

// decodeRandom decodes generated load.
func (d *decoder) decodeRandom(m *mapping, s *Scenario) error {
	v, ok := m.get("random")
	if !ok {
		return nil
	}
	if len(s.Clients) == 0 {
		return d.errf(v, "needs clients to send the load, and there are none (set clients: N)")
	}
	rm, err := d.mapping(v, randomFields)
	if err != nil {
		return err
	}
	r := &RandomLoad{Stop: s.Duration}
	if err := d.decodeRandomRate(rm, r); err != nil {
		return err
	}
	if err := d.decodeRandomWindow(rm, r, s); err != nil {
		return err
	}
	s.Workload.Random = r
	return nil
}

// decodeRandomRate decodes rate, keys and read_fraction, all required.
func (d *decoder) decodeRandomRate(m *mapping, r *RandomLoad) error {
	v, err := d.require(m, "rate")
	if err != nil {
		return err
	}
	if r.Rate, err = d.floatIn(v, 0, maxRate); err != nil {
		return err
	}
	if r.Rate == 0 {
		return d.errf(v, "must be > 0")
	}
	if v, err = d.require(m, "keys"); err != nil {
		return err
	}
	keys, err := d.integer(v, 1, maxKeys)
	if err != nil {
		return err
	}
	r.Keys = int(keys)
	if v, err = d.require(m, "read_fraction"); err != nil {
		return err
	}
	r.ReadFraction, err = d.prob(v)
	return err
}

// decodeRandomWindow decodes start and stop within the run.
func (d *decoder) decodeRandomWindow(m *mapping, r *RandomLoad, s *Scenario) error {
	var err error
	if v, ok := m.get("start"); ok {
		if r.Start, err = d.duration(v); err != nil {
			return err
		}
		if r.Start < 0 || r.Start >= s.Duration {
			return d.errf(v, "%v is outside the run [0,%v)", r.Start, s.Duration)
		}
	}
	if v, ok := m.get("stop"); ok {
		if r.Stop, err = d.duration(v); err != nil {
			return err
		}
		if r.Stop <= r.Start || r.Stop > s.Duration {
			return d.errf(v, "%v must be after start (%v) and at most the duration (%v)", r.Stop, r.Start, s.Duration)
		}
	}
	return nil
}

// faultActions are the action keys of a fault entry, one per entry.
var faultActions = []string{"partition", "cut", "heal", "crash", "pause", "clock", "byzantine", "operator"}

// actionOptions are the keys an action allows beside `at` and itself.
var actionOptions = map[string][]string{
	"crash":     {"restart_after", "lose_unsynced", "wipe"},
	"pause":     {"for"},
	"clock":     {"skew", "drift_ppm"},
	"byzantine": {"behaviour"},
}

// faultFields are all keys a fault entry may hold, in schema order.
var faultFields = slices.Concat([]string{"at"}, faultActions,
	[]string{"restart_after", "lose_unsynced", "wipe", "for", "skew", "drift_ppm", "behaviour"})

// Keys of partition shapes and operator actions.
var (
	partitionShapes = []string{"groups", "isolate", "halves", "majority_ring", "bridge"}
	operatorFields  = []string{"node", "command"}
)

// decodeFaults decodes the fault schedule.
func (d *decoder) decodeFaults(top *mapping, s *Scenario) error {
	v, ok := top.get("faults")
	if !ok {
		return nil
	}
	items, err := d.list(v, maxFaults)
	if err != nil {
		return err
	}
	for _, item := range items {
		f, err := d.decodeFault(item, s)
		if err != nil {
			return err
		}
		s.Faults = append(s.Faults, f)
	}
	return nil
}

// decodeFault decodes one fault entry: `at`, one action and its options.
func (d *decoder) decodeFault(v val, s *Scenario) (Fault, error) {
	m, err := d.mapping(v, faultFields)
	if err != nil {
		return Fault{}, err
	}
	action, err := d.faultAction(m)
	if err != nil {
		return Fault{}, err
	}
	f := Fault{Kind: FaultKind(action.key)}
	if f.At, err = d.decodeAt(m, s); err != nil {
		return f, err
	}
	return f, d.decodeAction(m, action.value, s, &f)
}

// faultAction finds the one action of a fault entry and rejects options
// that belong to another action.
func (d *decoder) faultAction(m *mapping) (entry, error) {
	var action entry
	for _, e := range m.entries {
		if !contains(faultActions, e.key) {
			continue
		}
		if action.key != "" {
			return entry{}, d.errf(e.kv, "one action per entry, and this one already has %s (write a second entry)", action.key)
		}
		action = e
	}
	if action.key == "" {
		return entry{}, d.errf(m.v, "needs one action: %s", strings.Join(faultActions, ", "))
	}
	options := actionOptions[action.key]
	for _, e := range m.entries {
		if e.key != "at" && e.key != action.key && !contains(options, e.key) {
			return entry{}, d.errf(e.kv, "not allowed on %s (%s)", action.key, takesText(action.key, options))
		}
	}
	return action, nil
}

// takesText lists the options of an action for a message.
func takesText(action string, options []string) string {
	if len(options) == 0 {
		return action + " takes no other fields"
	}
	return action + " takes " + strings.Join(options, ", ")
}

// decodeAction decodes the payload of the action of f.
func (d *decoder) decodeAction(m *mapping, v val, s *Scenario, f *Fault) error {
	var err error
	switch f.Kind {
	case FaultPartition:
		f.Partition, err = d.decodePartition(v, s)
	case FaultCut:
		f.Cut, err = d.decodeCut(v, s)
	case FaultHeal:
		err = d.decodeHeal(v)
	case FaultCrash:
		f.Crash, err = d.decodeCrash(m, v, s)
	case FaultPause:
		f.Pause, err = d.decodePause(m, v, s)
	case FaultClock:
		f.Clock, err = d.decodeClock(m, v, s)
	case FaultByzantine:
		f.Byzantine, err = d.decodeByzantine(m, v, s)
	case FaultOperator:
		f.Operator, err = d.decodeOperator(v, s)
	}
	return err
}

// decodePartition decodes the one shape of a partition.
func (d *decoder) decodePartition(v val, s *Scenario) (*Partition, error) {
	m, err := d.mapping(v, partitionShapes)
	if err != nil {
		return nil, err
	}
	if len(m.entries) == 0 {
		return nil, d.errf(v, "needs one shape: %s", strings.Join(partitionShapes, ", "))
	}
	if len(m.entries) > 1 {
		return nil, d.errf(m.entries[1].kv, "one shape per partition, and this one already has %s", m.entries[0].key)
	}
	e := m.entries[0]
	p := &Partition{Shape: PartitionShape(e.key)}
	switch p.Shape {
	case ShapeGroups:
		p.Groups, err = d.decodeGroups(e.value, s)
	case ShapeIsolate:
		p.Node, err = d.member(e.value, s)
	case ShapeHalves:
		err = d.decodeShapeFlag(e.value, s, 2)
	case ShapeMajorityRing:
		err = d.decodeShapeFlag(e.value, s, 3)
	case ShapeBridge:
		if err = d.needNodes(e.value, s, 3); err == nil {
			p.Node, err = d.node(e.value, s)
		}
	}
	return p, err
}

// decodeShapeFlag decodes `halves: true` and `majority_ring: true`.
func (d *decoder) decodeShapeFlag(v val, s *Scenario, minNodes int) error {
	on, err := d.boolean(v)
	if err != nil {
		return err
	}
	if !on {
		return d.errf(v, "must be true (leave the partition out instead)")
	}
	return d.needNodes(v, s, minNodes)
}

// needNodes rejects a shape that makes no sense with fewer servers.
func (d *decoder) needNodes(v val, s *Scenario, n int) error {
	if len(s.Nodes) < n {
		return d.errf(v, "needs at least %d nodes (there are %d)", n, len(s.Nodes))
	}
	return nil
}

// decodeGroups decodes explicit groups. Every name may appear once; the
// members not listed form one more group.
func (d *decoder) decodeGroups(v val, s *Scenario) ([][]string, error) {
	items, err := d.list(v, maxNodes+maxClients)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, d.errf(v, "needs at least one group")
	}
	where := map[string]string{}
	groups := make([][]string, 0, len(items)+1)
	for _, item := range items {
		g, err := d.decodeGroup(item, s, where)
		if err != nil {
			return nil, err
		}
		groups = append(groups, g)
	}
	var rest []string
	for _, name := range slices.Concat(s.Nodes, s.Clients) {
		if _, ok := where[name]; !ok {
			rest = append(rest, name)
		}
	}
	if len(rest) > 0 {
		groups = append(groups, rest)
	}
	return groups, nil
}

// decodeGroup decodes one group, recording in where which group each
// member is in.
func (d *decoder) decodeGroup(v val, s *Scenario, where map[string]string) ([]string, error) {
	items, err := d.list(v, maxNodes+maxClients)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, d.errf(v, "an empty group separates nobody; remove it")
	}
	g := make([]string, 0, len(items))
	for _, item := range items {
		name, err := d.member(item, s)
		if err != nil {
			return nil, err
		}
		if prev, dup := where[name]; dup {
			return nil, d.errf(item, "%s is already in %s", name, prev)
		}
		where[name] = v.field
		g = append(g, name)
	}
	return g, nil
}

// decodeCut decodes a one-way cut.
func (d *decoder) decodeCut(v val, s *Scenario) (*Cut, error) {
	m, err := d.mapping(v, []string{"from", "to"})
	if err != nil {
		return nil, err
	}
	c := &Cut{}
	c.From, c.To, err = d.fromTo(m, s)
	return c, err
}

// decodeHeal accepts `heal: {}`, `heal: true` and an empty `heal:`.
func (d *decoder) decodeHeal(v val) error {
	if err := d.plain(v); err != nil {
		return err
	}
	switch n := v.node.(type) {
	case *ast.NullNode:
		return nil
	case *ast.BoolNode:
		if n.Value {
			return nil
		}
	case *ast.MappingNode:
		if len(n.Values) == 0 {
			return nil
		}
		return d.errf(d.child(v, n.Values[0].Key, v.field), "heal takes no fields; write heal: {}")
	}
	return d.errf(v, "must be {} or true, not %s", describe(v.node))
}

// decodeCrash decodes crash-stop or, with restart_after, crash-recover.
func (d *decoder) decodeCrash(m *mapping, v val, s *Scenario) (*Crash, error) {
	c := &Crash{}
	var err error
	if c.Node, err = d.node(v, s); err != nil {
		return nil, err
	}
	rv, recovers := m.get("restart_after")
	if recovers {
		if c.RestartAfter, err = d.positiveDuration(rv); err != nil {
			return nil, err
		}
	}
	for _, opt := range []struct {
		key string
		dst *bool
	}{{"lose_unsynced", &c.LoseUnsynced}, {"wipe", &c.Wipe}} {
		e, ok := m.find(opt.key)
		if !ok {
			continue
		}
		if !recovers {
			return nil, d.errf(e.kv, "only applies with restart_after (a crash-stop node never restarts)")
		}
		if *opt.dst, err = d.boolean(e.value); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// decodePause decodes a pause and its required length.
func (d *decoder) decodePause(m *mapping, v val, s *Scenario) (*Pause, error) {
	p := &Pause{}
	var err error
	if p.Node, err = d.node(v, s); err != nil {
		return nil, err
	}
	fv, err := d.require(m, "for")
	if err != nil {
		return nil, err
	}
	p.For, err = d.positiveDuration(fv)
	return p, err
}

// maxDriftPPM bounds clock drift: a million ppm is a clock at 0x or 2x.
const maxDriftPPM = 1e6

// decodeClock decodes skew and drift; at least one is needed.
func (d *decoder) decodeClock(m *mapping, v val, s *Scenario) (*Clock, error) {
	c := &Clock{}
	var err error
	if c.Node, err = d.node(v, s); err != nil {
		return nil, err
	}
	if !m.has("skew") && !m.has("drift_ppm") {
		return nil, d.errf(m.v, "clock needs skew, drift_ppm or both")
	}
	if sv, ok := m.get("skew"); ok {
		if c.Skew, err = d.duration(sv); err != nil {
			return nil, err
		}
		if c.Skew > maxDuration || c.Skew < -maxDuration {
			return nil, d.errf(sv, "%v is out of range [-24h,24h]", c.Skew)
		}
	}
	if dv, ok := m.get("drift_ppm"); ok {
		c.DriftPPM, err = d.floatIn(dv, -maxDriftPPM, maxDriftPPM)
	}
	return c, err
}

// decodeByzantine decodes a Byzantine node and one of the protocol's
// behaviours.
func (d *decoder) decodeByzantine(m *mapping, v val, s *Scenario) (*Byzantine, error) {
	b := &Byzantine{}
	var err error
	if b.Node, err = d.node(v, s); err != nil {
		return nil, err
	}
	bv, err := d.require(m, "behaviour")
	if err != nil {
		return nil, err
	}
	b.Behaviour, err = d.offered(bv, d.proto.Behaviours, "Byzantine behaviour")
	return b, err
}

// decodeOperator decodes an operator command to a node.
func (d *decoder) decodeOperator(v val, s *Scenario) (*Operator, error) {
	m, err := d.mapping(v, operatorFields)
	if err != nil {
		return nil, err
	}
	o := &Operator{}
	nv, err := d.require(m, "node")
	if err != nil {
		return nil, err
	}
	if o.Node, err = d.node(nv, s); err != nil {
		return nil, err
	}
	cv, err := d.require(m, "command")
	if err != nil {
		return nil, err
	}
	o.Command, err = d.offered(cv, d.proto.Commands, "operator command")
	return o, err
}

// offered decodes a name the protocol must list (a check, a behaviour, a
// command).
func (d *decoder) offered(v val, list []string, what string) (string, error) {
	name, err := d.str(v)
	if err != nil {
		return "", err
	}
	if contains(list, name) {
		return name, nil
	}
	if len(list) == 0 {
		return "", d.errf(v, "protocol %s has no %ss", d.proto.Name, what)
	}
	return "", d.errf(v, "protocol %s has no %s %q (it has %s)", d.proto.Name, what, truncate(name), strings.Join(list, ", "))
}

// maxChecks bounds the checks list; a protocol offers a handful.
const maxChecks = 100

// decodeChecks decodes the checks to run: at least one, no duplicates.
func (d *decoder) decodeChecks(top *mapping, s *Scenario) error {
	v, err := d.require(top, "checks")
	if err != nil {
		return err
	}
	s.Checks, err = d.uniqueNames(v, maxChecks, func(item val) (string, error) {
		return d.offered(item, d.proto.Checks, "check")
	})
	return err
}

// uniqueNames decodes a non-empty list of distinct names; a single name
// counts as a list of one.
func (d *decoder) uniqueNames(v val, limit int, decode func(val) (string, error)) ([]string, error) {
	items := []val{v}
	switch v.node.(type) {
	case *ast.SequenceNode, *ast.NullNode:
		var err error
		if items, err = d.list(v, limit); err != nil {
			return nil, err
		}
	}
	if len(items) == 0 {
		return nil, d.errf(v, "needs at least one name")
	}
	var out []string
	for _, item := range items {
		name, err := decode(item)
		if err != nil {
			return nil, err
		}
		if contains(out, name) {
			return nil, d.errf(item, "%s is listed twice", name)
		}
		out = append(out, name)
	}
	return out, nil
}

// decodeExpect decodes hold, no-progress or {violation: [checks]}.
func (d *decoder) decodeExpect(top *mapping, s *Scenario) error {
	v, err := d.require(top, "expect")
	if err != nil {
		return err
	}
	if err := d.plain(v); err != nil {
		return err
	}
	switch v.node.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
	case *ast.StringNode:
		word, _ := d.str(v)
		if word == string(VerdictViolation) {
			return d.errf(v, "say which checks must fail: expect: {violation: [check, ...]}")
		}
		word, err = d.enum(v, string(VerdictHold), string(VerdictNoProgress))
		s.Expect.Verdict = Verdict(word)
		return err
	default:
		return d.errf(v, "must be hold, no-progress or {violation: [check, ...]}, not %s", describe(v.node))
	}
	m, err := d.mapping(v, []string{"violation"})
	if err != nil {
		return err
	}
	vv, err := d.require(m, "violation")
	if err != nil {
		return err
	}
	s.Expect.Verdict = VerdictViolation
	s.Expect.Violations, err = d.uniqueNames(vv, maxChecks, func(item val) (string, error) {
		return d.inChecks(item, s)
	})
	return err
}

// inChecks decodes a check name that the scenario's checks list.
func (d *decoder) inChecks(v val, s *Scenario) (string, error) {
	name, err := d.str(v)
	if err != nil {
		return "", err
	}
	if !contains(s.Checks, name) {
		return "", d.errf(v, "%q is not in checks (%s)", truncate(name), strings.Join(s.Checks, ", "))
	}
	return name, nil
}
