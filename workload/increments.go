package workload

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"simrun/check"
	"simrun/sim"
)

// This file is the workload of the replicated-counter protocols (lww,
// crdt): a script of read-modify-write increments that servers run
// themselves, plus periodic gossip. It lives here, not in either protocol,
// because both read the same scenario keys and must validate, schedule and
// name increments identically for their runs to be comparable.

// Increment is one scripted read-modify-write: at At (simulated time since
// the start), server Node adds Delta to its copy of the counter.
type Increment struct {
	At    time.Duration `yaml:"at"`
	Node  string        `yaml:"node"`
	Delta int64         `yaml:"delta"`
}

// IncrementScript is the workload and the gossip rate a counter scenario
// sets; the counter protocols use it as their Config.
type IncrementScript struct {
	// Increments is the script, in any order; increment k (from 1) is
	// named "ik" in facts and reports.
	Increments []Increment `yaml:"increments"`
	// GossipInterval is how often a replica pushes its state to every
	// peer, on top of pushing each write once; 0 disables it.
	GossipInterval time.Duration `yaml:"gossip_interval"`
	// Servers is the number of servers; set by the protocol's New, not by
	// scenarios.
	Servers int `yaml:"-"`
}

// DefaultIncrementScript gossips every 100ms (ten one-way delays at the
// usual 10ms links) and scripts no increments.
func DefaultIncrementScript() *IncrementScript {
	return &IncrementScript{GossipInterval: 100 * time.Millisecond}
}

// incrementsMax bounds the script: each increment is a few events.
const incrementsMax = 10_000

// Validate reports the first impossible setting, naming its yaml key.
func (c *IncrementScript) Validate() error {
	if c.GossipInterval < 0 {
		return fmt.Errorf("gossip_interval: must be >= 0 (got %v)", c.GossipInterval)
	}
	if len(c.Increments) > incrementsMax {
		return fmt.Errorf("increments: at most %d (got %d)", incrementsMax, len(c.Increments))
	}
	servers := c.Servers
	if servers == 0 {
		servers = 64 // the scenario limit; New checks the real count
	}
	for i, inc := range c.Increments {
		idx, ok := ServerIndex(inc.Node)
		switch {
		case inc.At < 0:
			return fmt.Errorf("increments[%d].at: must be >= 0 (got %v)", i, inc.At)
		case !ok || idx >= servers:
			return fmt.Errorf("increments[%d].node: %q is not a server (servers are n0..n%d)", i, inc.Node, servers-1)
		case inc.Delta == 0:
			return fmt.Errorf("increments[%d].delta: must not be 0", i)
		}
	}
	return nil
}

// ValidateNodes checks the script against the real cluster (Validate
// alone cannot see it), so an increment at n5 in a 3-node scenario fails
// to load with a position instead of panicking in the protocol's New.
func (c IncrementScript) ValidateNodes(nodes []string) error {
	c.Servers = len(nodes)
	return c.Validate()
}

// IncrementTag fires scripted increment k (an index into
// IncrementScript.Increments). Its String is what the trace (and so the
// run hash) shows for the timer.
type IncrementTag int

// String names the timer in traces: "increment/i3".
func (t IncrementTag) String() string { return "increment/" + t.ID() }

// ID is the increment's name in facts and reports: "i3" for index 2.
func (t IncrementTag) ID() string { return "i" + strconv.Itoa(int(t)+1) }

// GossipTag fires a replica's periodic push of its state.
type GossipTag struct{}

// String names the timer in traces.
func (GossipTag) String() string { return "gossip" }

// keyBooted marks a disk that has booted before, to tell a restart.
const keyBooted = "booted"

// Schedule sets this replica's timers from Start: one per scripted
// increment it owns and the first gossip round. A restarted replica
// schedules only the increments still ahead of its clock.
func (c *IncrementScript) Schedule(env sim.Env) {
	// Replicas boot at simulated time 0, so on first boot the script's
	// times are timer delays as they stand, whatever a clock fault at 0s
	// did to the local reading; a restart (or a wiped disk booting later)
	// measures from its own clock and skips what it missed.
	st := env.Storage()
	var now time.Duration
	if _, restarted := st.Get(keyBooted); restarted || env.Now() > 0 {
		now = env.Now()
	} else {
		st.Put(keyBooted, true)
		st.Sync()
	}
	for i, inc := range c.Increments {
		if inc.Node == env.Name() && inc.At >= now {
			env.SetTimer(inc.At-now, IncrementTag(i))
		}
	}
	if c.GossipInterval > 0 {
		env.SetTimer(c.GossipInterval, GossipTag{})
	}
}

// ServerFinal is one server's last value of some state at the end of a
// run, as the counter protocols' checks and stories report it.
type ServerFinal[T any] struct {
	Node string
	Last T // the zero value when the server observed none
}

// ServerFinals returns, for each server of res (the nodes named like n0,
// in ID order), the value pick extracts from the last of its observations
// that pick accepts. It replays observations instead of reading node
// state because checks see only the finished run.
func ServerFinals[T any](res sim.Result, pick func(sim.Observed) (T, bool)) []ServerFinal[T] {
	var out []ServerFinal[T]
	index := map[sim.NodeID]int{} // node -> position in out; lookups only
	for id, name := range res.Names {
		if _, ok := ServerIndex(name); ok {
			index[sim.NodeID(id)] = len(out)
			out = append(out, ServerFinal[T]{Node: name})
		}
	}
	for _, o := range res.Observations {
		if v, ok := pick(o); ok {
			if i, ok := index[o.Node]; ok {
				out[i].Last = v
			}
		}
	}
	return out
}

// NodeName is the printable name of a node in a result, "nodeK" for an ID
// the result does not name (reports must never panic on a stray ID).
func NodeName(res sim.Result, id sim.NodeID) string {
	if int(id) >= 0 && int(id) < len(res.Names) {
		return res.Names[id]
	}
	return "node" + strconv.Itoa(int(id))
}

// CounterReplica is one replica's end state as the counter checks read it.
type CounterReplica struct {
	check.CounterFinal        // Node, Value and (where tracked) Last
	State              string // the rendering convergence compares
}

// CounterChecks names the checks CheckCounter understands; the counter
// protocols offer exactly these, so a scenario can swap one for the other.
func CounterChecks() []string {
	return []string{check.CheckNoLostIncrements, check.CheckConvergence}
}

// CheckCounter runs the named counter checks over a counter run:
// no-lost-increments (every replica ends at the sum of incs) and
// convergence (every replica ends with the same State). An unknown name
// fails, naming protocol and the checks it has.
func CheckCounter(protocol string, names []string, incs []check.Increment, finals []CounterReplica) []check.Result {
	out := make([]check.Result, 0, len(names))
	for _, name := range names {
		switch name {
		case check.CheckNoLostIncrements:
			var cf []check.CounterFinal
			for _, f := range finals {
				cf = append(cf, f.CounterFinal)
			}
			out = append(out, check.LostIncrements(incs, cf))
		case check.CheckConvergence:
			states := map[string]string{}
			for _, f := range finals {
				states[f.Node] = f.State
			}
			out = append(out, check.Converged(states))
		default:
			out = append(out, check.Result{Name: name, Detail: fmt.Sprintf(
				"%s has no check %q (it has: %s)", protocol, name, strings.Join(CounterChecks(), ", "))})
		}
	}
	return out
}

// CounterStoryLine is the counter stories' line for a kernel observation
// of res: a fault, or a replica's crash or restart; ok is false for any
// other observation. Both counters tell these the same way, so a reader
// comparing their stories sees only the protocols differ.
func CounterStoryLine(res sim.Result, o sim.Observed) (line string, ok bool) {
	if f, isFault := o.Data.(sim.FaultFact); isFault {
		return "t=" + check.Millis(o.Time) + " fault: " + f.Text, true
	}
	if o.Kind == sim.KindCrash || o.Kind == sim.KindRestart {
		return "t=" + check.Millis(o.Time) + " " + NodeName(res, o.Node) + " " + strings.TrimPrefix(o.Kind, "sim."), true
	}
	return "", false
}
