package lww

import (
	"strconv"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// CheckConvergence is the name of the eventual-convergence check.
const CheckConvergence = check.CheckConvergence

// Checks lists the checks Check understands (shared with crdt).
var Checks = workload.CounterChecks()

// Check runs the named checks over a finished run: no-lost-increments
// (every replica ends at the sum of all increments; a lost one is named
// with the write that beat it) and convergence (every replica ends with
// the same register).
func Check(res sim.Result, names []string) []check.Result {
	var finals []workload.CounterReplica
	for _, f := range finalRegisters(res) {
		finals = append(finals, workload.CounterReplica{State: regString(f.Last),
			CounterFinal: check.CounterFinal{Node: f.Node, Value: f.Last.Value, Last: f.Last.Inc}})
	}
	return workload.CheckCounter("lww", names, Increments(res), finals)
}

// Increments reads every increment of the run from its observations, in
// the order they happened.
func Increments(res sim.Result) []check.Increment {
	var out []check.Increment
	for _, o := range res.Observations {
		if f, ok := o.Data.(IncrementFact); ok && o.Kind == KindIncrement {
			out = append(out, check.Increment{ID: f.ID, Node: nameOf(res, o.Node), At: o.Time, Stamp: f.Stamp,
				Delta: f.Delta, Read: f.Read, Value: f.Value})
		}
	}
	return out
}

// finalRegisters replays each server's kept writes; servers are the nodes
// named like n0, in ID order. A wiped disk is not modelled: LWW keeps its
// register across restarts.
func finalRegisters(res sim.Result) []workload.ServerFinal[Register] {
	return workload.ServerFinals(res, func(o sim.Observed) (Register, bool) {
		f, ok := o.Data.(ApplyFact)
		return f.Write, ok && o.Kind == KindApply && f.Kept
	})
}

// regString renders a register for reports: "2 (i2, stamped 50ms by n1)".
func regString(r Register) string {
	if !r.Set {
		return "0 (initial)"
	}
	return strconv.FormatInt(r.Value, 10) + " (" + r.Inc + ", stamped " + check.Millis(r.Stamp) + " by " + r.Writer + ")"
}

// nameOf is the printable name of a node in a result.
func nameOf(res sim.Result, id sim.NodeID) string { return workload.NodeName(res, id) }
