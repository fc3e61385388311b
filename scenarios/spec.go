// Package scenarios turns scenario files (YAML) into validated, defaulted
// Scenario values: which protocol and variant, how many servers and clients,
// the network, the workload, the fault schedule, the checks and what the
// scenario expects.
//
// Loading is strict because a scenario is an experiment: a typo that is
// silently ignored (an unknown key, a duration without a unit, a crash of a
// node that does not exist) makes a run prove nothing. Every bad input gives
// one *Error that says FILE:LINE:COL: field.path: what is wrong.
//
// The catalogue of scenarios described in SCENARIOS.md ships embedded (see
// Catalogue and Find). Protocols make themselves known with Register; this
// package never imports a protocol.
package scenarios

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"
)

// Scenario is one loaded scenario: everything validated, every default
// filled in and every name resolved, so the code that builds a run never
// re-checks input. Fields mirror the YAML keys.
type Scenario struct {
	// File is the name the scenario was loaded from, for messages.
	File string
	// Source is the YAML text after --set overrides: a run that stores it
	// can be replayed from exactly the file it used.
	Source []byte

	Name     string // [a-z0-9-]+, unique in the catalogue
	Title    string // one line, for `simrun list`
	Teaches  string // a paragraph for students, trimmed
	Protocol string // a name given to Register
	// Config is the pointer the protocol's NewConfig returned, decoded from
	// `config` and validated; nil when the protocol has no config.
	Config Config

	Nodes   []string // server names "n0".."n{N-1}", N in 1..64
	Clients []string // client names "c0".."c{C-1}", C in 0..64

	Seed      uint64        // default seed; default 1
	Duration  time.Duration // simulated deadline, in (0, 24h]
	MaxEvents int64         // event budget; default 10_000_000

	Network  Network
	Workload Workload
	// Faults is the fault schedule in file order (not sorted), so that
	// faults[i] in an error message is the i-th entry here.
	Faults []Fault
	Checks []string // offered by the protocol, at least one, no duplicates
	Expect Expect
}

// Network is the link model for every directed pair, with per-pair
// exceptions.
type Network struct {
	Default Link       // every directed pair not listed in Links
	Links   []PairLink // per-pair exceptions, fully resolved, in file order
}

// For returns the link model from one member (node or client) to another,
// so callers need not search Links themselves.
func (n Network) For(from, to string) Link {
	for _, p := range n.Links {
		if p.From == from && p.To == to {
			return p.Link
		}
	}
	return n.Default
}

// PairLink is the link model of one directed pair. Link is resolved: fields
// the entry did not set are inherited from the network defaults.
type PairLink struct {
	From, To string
	Link     Link
}

// LinkModel is one of the three link models of DESIGN.md.
type LinkModel string

// The link models. Only fair-loss and arbitrary links may lose or duplicate
// messages; only arbitrary links may corrupt, forge or replay them.
const (
	LinkReliable  LinkModel = "reliable"
	LinkFairLoss  LinkModel = "fair-loss"
	LinkArbitrary LinkModel = "arbitrary"
)

// Link describes how one directed link treats messages.
type Link struct {
	Model     LinkModel
	Latency   Latency
	Loss      float64 // probability a message is lost, [0,1]
	Duplicate float64 // probability it is delivered twice, [0,1]
	Corrupt   float64 // probability its payload is corrupted, [0,1]
	Forge     float64 // probability its sender is forged, [0,1]
	Replay    float64 // probability an old message is replayed, [0,1]
}

// Dist names a latency distribution.
type Dist string

// The latency distributions and the parameters each one takes.
const (
	DistConstant    Dist = "constant"    // Mean
	DistUniform     Dist = "uniform"     // Min, Max
	DistNormal      Dist = "normal"      // Mean, Stddev
	DistExponential Dist = "exponential" // Mean
	DistPareto      Dist = "pareto"      // Min, Alpha
	DistLognormal   Dist = "lognormal"   // Mean, Stddev
)

// Latency is a one-way message delay distribution. Only the parameters of
// Dist are set; the others are zero.
type Latency struct {
	Dist   Dist
	Mean   time.Duration
	Min    time.Duration
	Max    time.Duration
	Stddev time.Duration
	Alpha  float64 // Pareto shape, > 0
}

// String renders the distribution as it reads in a schedule or report.
func (l Latency) String() string {
	switch l.Dist {
	case DistUniform:
		return fmt.Sprintf("uniform %v..%v", l.Min, l.Max)
	case DistNormal, DistLognormal:
		return fmt.Sprintf("%s mean %v stddev %v", l.Dist, l.Mean, l.Stddev)
	case DistPareto:
		return fmt.Sprintf("pareto min %v alpha %g", l.Min, l.Alpha)
	}
	return fmt.Sprintf("%s %v", l.Dist, l.Mean)
}

// Workload is what the simulated clients do.
type Workload struct {
	Timeout time.Duration // client request timeout; default 100ms
	Retries int           // retries after a timeout, 0..100
	// Home[i] is the server client i sends to; default server i mod nodes.
	Home   []string
	Ops    []Op        // scripted operations, in file order
	Random *RandomLoad // generated load; nil when there is none
}

// OpKind is what a client operation does.
type OpKind string

// The operation kinds of the KV workload.
const (
	OpRead  OpKind = "read"
	OpWrite OpKind = "write"
)

// Op is one scripted client operation.
type Op struct {
	At     time.Duration
	Client string
	Kind   OpKind
	Key    string
	Value  string // set for writes only
}

// RandomLoad is load generated per client from the seed.
type RandomLoad struct {
	Rate         float64       // operations per simulated second per client
	Keys         int           // keys are k0..k{Keys-1}
	ReadFraction float64       // [0,1]
	Start        time.Duration // default 0
	Stop         time.Duration // default the scenario's Duration
}

// FaultKind names the action of one fault-schedule entry.
type FaultKind string

// The fault actions. The field of Fault named after the kind is set; Heal
// has no payload.
const (
	FaultPartition FaultKind = "partition"
	FaultCut       FaultKind = "cut"
	FaultHeal      FaultKind = "heal"
	FaultCrash     FaultKind = "crash"
	FaultPause     FaultKind = "pause"
	FaultClock     FaultKind = "clock"
	FaultByzantine FaultKind = "byzantine"
	FaultOperator  FaultKind = "operator"
)

// Fault is one timed action of the fault schedule (the nemesis). Exactly one
// payload pointer, the one matching Kind, is non-nil (none for heal).
type Fault struct {
	At        time.Duration
	Kind      FaultKind
	Partition *Partition
	Cut       *Cut
	Crash     *Crash
	Pause     *Pause
	Clock     *Clock
	Byzantine *Byzantine
	Operator  *Operator
}

// PartitionShape names how a partition splits the cluster.
type PartitionShape string

// The partition shapes. Only ShapeGroups is resolved here; the faults
// package turns the others into reachability.
const (
	ShapeGroups       PartitionShape = "groups"        // explicit groups
	ShapeIsolate      PartitionShape = "isolate"       // one member alone
	ShapeHalves       PartitionShape = "halves"        // servers in two halves, clients with their home
	ShapeMajorityRing PartitionShape = "majority_ring" // each node sees a different majority
	ShapeBridge       PartitionShape = "bridge"        // two halves joined only by Node
)

// Partition splits the cluster until the next heal.
type Partition struct {
	Shape PartitionShape
	// Groups is set for ShapeGroups: the groups as written, plus one group
	// of every member not listed (nodes then clients, in index order) if
	// any member was left out. Members in different groups cannot talk.
	Groups [][]string
	Node   string // ShapeIsolate (a node or client) and ShapeBridge (a node)
}

// Cut drops every message from From to To (one way) until the next heal.
type Cut struct{ From, To string }

// Crash stops a server. With RestartAfter > 0 it is crash-recover: the node
// restarts from its Storage, optionally losing unsynced writes or the whole
// disk; with RestartAfter == 0 it is crash-stop.
type Crash struct {
	Node         string
	RestartAfter time.Duration
	LoseUnsynced bool
	Wipe         bool
}

// Pause stops a server (a GC-like stall) for For, then resumes it believing
// no time passed.
type Pause struct {
	Node string
	For  time.Duration
}

// Clock skews a server's local clock from the fault's time on.
type Clock struct {
	Node     string
	Skew     time.Duration // may be negative
	DriftPPM float64       // [-1e6, 1e6]
}

// Byzantine makes a server run one of the protocol's Byzantine behaviours.
type Byzantine struct {
	Node      string
	Behaviour string
}

// Operator issues one of the protocol's operator commands to a server.
type Operator struct {
	Node    string
	Command string
}

// Verdict is what a run concludes, as in summary.json.
type Verdict string

// The verdicts a scenario can expect.
const (
	VerdictHold       Verdict = "hold"
	VerdictViolation  Verdict = "violation"
	VerdictNoProgress Verdict = "no-progress"
)

// Expect is what the scenario says a run must conclude: a run "did what the
// scenario expects" (exit code 0) when its verdict matches.
type Expect struct {
	Verdict Verdict
	// Violations lists the checks expected to fail when Verdict is
	// VerdictViolation; each is one of Scenario.Checks.
	Violations []string
}

// ScheduleText returns one readable line per scripted operation and fault,
// sorted by time (faults first at equal times, otherwise file order), plus a
// line for random load if any. `simrun explain` prints it.
func (s *Scenario) ScheduleText() []string {
	type line struct {
		at   time.Duration
		text string
	}
	var lines []line
	for _, f := range s.Faults {
		lines = append(lines, line{f.At, f.String()})
	}
	for _, op := range s.Workload.Ops {
		lines = append(lines, line{op.At, s.opText(op)})
	}
	if r := s.Workload.Random; r != nil {
		lines = append(lines, line{r.Start, r.String()})
	}
	slices.SortStableFunc(lines, func(a, b line) int { return compareDurations(a.at, b.at) })
	width := 0
	for _, l := range lines {
		width = max(width, len("t="+l.at.String()))
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = fmt.Sprintf("%-*s  %s", width, "t="+l.at.String(), l.text)
	}
	return out
}

func compareDurations(a, b time.Duration) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// opText renders an operation with the server it goes to.
func (s *Scenario) opText(op Op) string {
	home := s.homeOf(op.Client)
	if op.Kind == OpWrite {
		return fmt.Sprintf("%s write %s=%s (to %s)", op.Client, op.Key, op.Value, home)
	}
	return fmt.Sprintf("%s read %s (from %s)", op.Client, op.Key, home)
}

// homeOf returns the home server of a client name, or "?" for a name that
// is not a client (only possible in a hand-built Scenario).
func (s *Scenario) homeOf(client string) string {
	i := slices.Index(s.Clients, client)
	if i < 0 || i >= len(s.Workload.Home) {
		return "?"
	}
	return s.Workload.Home[i]
}

// String renders random load as one schedule line.
func (r *RandomLoad) String() string {
	return fmt.Sprintf("random load until %v: %g ops/s per client over keys k0..k%d, %g%% reads",
		r.Stop, r.Rate, r.Keys-1, r.ReadFraction*100)
}

// String renders a fault as one schedule line, without its time.
func (f Fault) String() string {
	switch f.Kind {
	case FaultPartition:
		return f.Partition.String()
	case FaultCut:
		return fmt.Sprintf("cut %s -> %s", f.Cut.From, f.Cut.To)
	case FaultCrash:
		return f.Crash.String()
	case FaultPause:
		return fmt.Sprintf("pause %s for %v", f.Pause.Node, f.Pause.For)
	case FaultClock:
		return fmt.Sprintf("clock %s skew %v drift %gppm", f.Clock.Node, f.Clock.Skew, f.Clock.DriftPPM)
	case FaultByzantine:
		return fmt.Sprintf("byzantine %s %s", f.Byzantine.Node, f.Byzantine.Behaviour)
	case FaultOperator:
		return fmt.Sprintf("operator %s %s", f.Operator.Node, f.Operator.Command)
	}
	return string(f.Kind)
}

// String renders a partition as one schedule line.
func (p *Partition) String() string {
	switch p.Shape {
	case ShapeGroups:
		groups := make([]string, len(p.Groups))
		for i, g := range p.Groups {
			groups[i] = "{" + strings.Join(g, ",") + "}"
		}
		return "partition " + strings.Join(groups, " | ")
	case ShapeIsolate, ShapeBridge:
		return fmt.Sprintf("partition %s %s", p.Shape, p.Node)
	}
	return "partition " + string(p.Shape)
}

// String renders a crash as one schedule line.
func (c *Crash) String() string {
	if c.RestartAfter == 0 {
		return "crash " + c.Node + " (crash-stop)"
	}
	text := fmt.Sprintf("crash %s, restart after %v", c.Node, c.RestartAfter)
	switch {
	case c.Wipe:
		text += " with an empty disk"
	case c.LoseUnsynced:
		text += " losing unsynced writes"
	}
	return text
}

// The rest of this file decodes each section of the schema into the types
// above; load.go holds the machinery (parsing, the AST walk, scalars).

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
		if c.DriftPPM, err = d.floatIn(dv, -maxDriftPPM, maxDriftPPM); err == nil && int64(c.DriftPPM) <= -maxDriftPPM {
			// -1e6 is a stopped clock, which the kernel refuses (it panics).
			return nil, d.errf(dv, "%s would stop the clock (must be > -1000000)", dv.node.GetToken().Value)
		}
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
