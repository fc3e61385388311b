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
