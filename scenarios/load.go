package scenarios

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
		e.Msg = "invalid YAML: " + printable(ye.GetMessage())
		if tk := ye.GetToken(); tk != nil && tk.Position != nil && tk.Position.Line > 0 {
			e.Line, e.Col = tk.Position.Line, max(tk.Position.Column, 1)
		}
	}
	return e
}

// printable escapes control characters and invalid UTF-8 in a message
// (the parser quotes input characters), so an error prints as one line of
// readable text.
func printable(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unicode.IsControl(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// body returns the one document's body, or an error for an empty file or a
// stream of several documents.
func (d *decoder) body(f *ast.File) (ast.Node, error) {
	if len(f.Docs) > 1 {
		// Not d.at(doc): goccy's DocumentNode.GetToken dereferences its
		// body, which is nil for an empty document (found by FuzzLoad).
		v, doc := val{line: 1, col: 1}, f.Docs[1]
		switch {
		case doc.Start != nil && doc.Start.Position != nil:
			v.line, v.col = doc.Start.Position.Line, doc.Start.Position.Column
		case doc.Body != nil:
			v = d.at(doc.Body, "")
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
	e := &Error{File: d.file, Line: v.line, Col: v.col, Field: v.field, Msg: printable(fmt.Sprintf(format, args...))}
	if v.set != "" {
		e.File, e.Line, e.Col = v.set, 0, 0
	}
	return e
}

// joinKey and joinIndex extend a field path. A key that is not a plain
// name is quoted, so that odd input stays visible in the path.
func joinKey(field, key string) string {
	if keyPattern.FindString(key) != key {
		key = strconv.Quote(truncate(key))
	}
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
	if n == nil || reflect.ValueOf(n).IsNil() {
		return "nothing"
	}
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
		d.decodeHeader, d.decodeProtocol, d.decodeSize, d.decodeConfigFit, d.decodeRun,
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

// decodeConfigFit checks the protocol config against the node count (see
// NodeValidator).
func (d *decoder) decodeConfigFit(top *mapping, s *Scenario) error {
	nv, ok := s.Config.(NodeValidator)
	if !ok {
		return nil
	}
	err := nv.ValidateNodes(s.Nodes)
	if err == nil {
		return nil
	}
	cv, present := top.get("config")
	if !present {
		pv, _ := top.get("protocol")
		cv = val{field: "config", set: pv.set, line: pv.line, col: pv.col}
	}
	return d.configError(cv, s.Config, err)
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
