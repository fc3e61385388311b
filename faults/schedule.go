package faults

import (
	"fmt"
	"sort"
	"time"

	"simrun/sim"
)

// Kind names a fault action; it is also the trace kind of the control
// event that carries it out, so a trace reads like the schedule.
type Kind string

const (
	// KindPartition applies Action.Partition's cuts (on top of any in force).
	KindPartition Kind = "partition"
	// KindHeal restores all connectivity.
	KindHeal Kind = "heal"
	// KindCrash crashes Action.Node, and restarts it after RestartAfter.
	KindCrash Kind = "crash"
	// KindPause stops Action.Node for Action.For, as a long GC pause does.
	KindPause Kind = "pause"
	// KindClock skews Action.Node's clock and sets its drift.
	KindClock Kind = "clock"
	// KindByzantine switches Action.Node to a lying behaviour.
	KindByzantine Kind = "byzantine"
	// KindOperator injects Action.Command to Action.Node from sim.Operator.
	KindOperator Kind = "operator"
)

// Action is one timed fault. Which fields matter depends on Kind (see each
// field); the rest must be zero. A schedule of Actions is the nemesis as
// data: written by hand in a scenario, drawn from the "nemesis" stream in
// swarm testing, and cut down by the shrinker.
type Action struct {
	// At is the simulated time the action starts (>= 0).
	At   time.Duration
	Kind Kind
	// Partition: the cuts to apply.
	Partition Partition
	// Node: the target of Crash, Pause, Clock, Byzantine and Operator.
	Node sim.NodeID
	// Crash: crash-stop when RestartAfter == 0, else crash-recover: the
	// node restarts RestartAfter later, from its Storage only.
	RestartAfter time.Duration
	// Crash: lose writes not yet synced (a disk without fsync).
	LoseUnsynced bool
	// Crash: lose the whole disk.
	Wipe bool
	// Pause: how long the node is stopped (> 0). Byzantine: how long the
	// behaviour stays on (0 = to the end of the run).
	For time.Duration
	// Clock: the jump applied to the node's clock reading.
	Skew time.Duration
	// Clock: the clock's rate error from now on, in parts per million
	// (> -1e6, so the clock never stops or runs backwards).
	DriftPPM int64
	// Byzantine: the behaviour switched on; the protocol defines the names.
	Behaviour string
	// Operator: the message injected to Node from sim.Operator.
	Command sim.Message
	// Text, when set, replaces the generated description.
	Text string
}

// Schedule is a fault plan: actions in any order (Install and Windows order
// them by At, ties in slice order, as the World's queue does).
type Schedule []Action

// Describe renders the action for traces and stories: "partition {n0} |
// {n1,n2}", "crash n0 (restart after 1s, unsynced writes lost)",
// "pause n1 for 200ms". name prints node ids; nil prints the bare number.
func (a Action) Describe(name func(sim.NodeID) string) string {
	if a.Text != "" {
		return a.Text
	}
	nm := namer(name)
	node := nm(a.Node)
	switch a.Kind {
	case KindPartition:
		return "partition " + a.Partition.Describe()
	case KindHeal:
		return "heal all partitions"
	case KindCrash:
		return "crash " + node + " (" + a.crashDetail() + ")"
	case KindPause:
		return fmt.Sprintf("pause %s for %v", node, a.For)
	case KindClock:
		return fmt.Sprintf("clock %s skew %+v drift %+dppm", node, a.Skew, a.DriftPPM)
	case KindByzantine:
		s := fmt.Sprintf("byzantine %s %s", node, a.Behaviour)
		if a.For > 0 {
			s += fmt.Sprintf(" for %v", a.For)
		}
		return s
	case KindOperator:
		return "operator -> " + node + " " + sim.Canonical(a.Command)
	}
	return fmt.Sprintf("unknown fault %q", a.Kind)
}

// crashDetail says whether the crash is for good and what the disk lost.
func (a Action) crashDetail() string {
	s := "no restart"
	if a.RestartAfter > 0 {
		s = fmt.Sprintf("restart after %v", a.RestartAfter)
	}
	switch {
	case a.Wipe:
		s += ", disk lost"
	case a.LoseUnsynced:
		s += ", unsynced writes lost"
	}
	return s
}

// Validate checks the schedule against a World of nodes nodes and names
// the first bad action by index and kind: "faults[2].crash: node 7 does
// not exist (nodes are 0..4)". Install panics on what this rejects.
func (s Schedule) Validate(nodes int) error {
	for i, a := range s {
		if err := a.validate(nodes); err != nil {
			return fmt.Errorf("faults[%d].%s: %w", i, a.Kind, err)
		}
	}
	return nil
}

func (a Action) validate(nodes int) error {
	exists := func(id sim.NodeID) error {
		if id < 0 || int(id) >= nodes {
			return fmt.Errorf("node %d does not exist (nodes are 0..%d)", id, nodes-1)
		}
		return nil
	}
	if a.At < 0 {
		return fmt.Errorf("time %v is negative", a.At)
	}
	switch a.Kind {
	case KindPartition:
		for _, c := range a.Partition.Cuts {
			if err := exists(c[0]); err != nil {
				return err
			}
			if err := exists(c[1]); err != nil {
				return err
			}
		}
		return nil
	case KindHeal:
		return nil
	case KindCrash, KindPause, KindClock, KindByzantine, KindOperator:
		if err := exists(a.Node); err != nil {
			return err
		}
		return a.validateNodeFault()
	}
	return fmt.Errorf("unknown fault kind (want partition, heal, crash, pause, clock, byzantine or operator)")
}

// validateNodeFault checks the fields of a fault aimed at one node.
func (a Action) validateNodeFault() error {
	switch {
	case a.Kind == KindCrash && a.RestartAfter < 0:
		return fmt.Errorf("restart_after %v is negative", a.RestartAfter)
	case a.Kind == KindPause && a.For <= 0:
		return fmt.Errorf("a pause needs a duration > 0 (got %v)", a.For)
	case a.Kind == KindClock && a.DriftPPM <= -1_000_000:
		return fmt.Errorf("drift %dppm would stop or reverse the clock (must be > -1000000)", a.DriftPPM)
	case a.Kind == KindByzantine && a.Behaviour == "":
		return fmt.Errorf("a byzantine fault needs a behaviour")
	case a.Kind == KindByzantine && a.For < 0:
		return fmt.Errorf("duration %v is negative", a.For)
	case a.Kind == KindOperator && a.Command == nil:
		return fmt.Errorf("an operator action needs a command")
	}
	return nil
}

// order returns the indices of s sorted by At, ties kept in slice order:
// the order the World's queue fires them in.
func (s Schedule) order() []int {
	idx := make([]int, len(s))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return s[idx[a]].At < s[idx[b]].At })
	return idx
}
