package crdt

import (
	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// Checks lists the checks Check understands (shared with lww).
var Checks = workload.CounterChecks()

// Check runs the named checks over a finished run: no-lost-increments
// (every replica ends at the sum of all increments) and convergence
// (every replica ends with the same P and N entries).
func Check(res sim.Result, names []string) []check.Result {
	var finals []workload.CounterReplica
	for _, f := range finalStates(res) {
		finals = append(finals, workload.CounterReplica{State: f.Last.String(),
			CounterFinal: check.CounterFinal{Node: f.Node, Value: f.Last.Value()}})
	}
	return workload.CheckCounter("crdt", names, Increments(res), finals)
}

// Increments reads every increment of the run from its observations.
func Increments(res sim.Result) []check.Increment {
	var out []check.Increment
	for _, o := range res.Observations {
		if f, ok := o.Data.(IncrementFact); ok && o.Kind == KindIncrement {
			out = append(out, check.Increment{ID: f.ID, Node: nameOf(res, o.Node), At: o.Time, Delta: f.Delta, Value: f.Value})
		}
	}
	return out
}

// finalStates takes each server's last state; servers are the nodes named
// like n0, in ID order.
func finalStates(res sim.Result) []workload.ServerFinal[State] {
	return workload.ServerFinals(res, func(o sim.Observed) (State, bool) {
		f, ok := o.Data.(StateFact)
		return f.State, ok && o.Kind == KindState
	})
}

// nameOf is the printable name of a node in a result.
func nameOf(res sim.Result, id sim.NodeID) string { return workload.NodeName(res, id) }
