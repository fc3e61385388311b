package crdt

import (
	"fmt"
	"strconv"
	"strings"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// Checks lists the checks Check understands.
var Checks = []string{check.CheckNoLostIncrements, check.CheckConvergence}

// Check runs the named checks over a finished run: no-lost-increments
// (every replica ends at the sum of all increments) and convergence
// (every replica ends with the same P and N entries).
func Check(res sim.Result, names []string) []check.Result {
	finals := finalStates(res)
	out := make([]check.Result, 0, len(names))
	for _, name := range names {
		switch name {
		case check.CheckNoLostIncrements:
			var cf []check.CounterFinal
			for _, f := range finals {
				cf = append(cf, check.CounterFinal{Node: f.node, Value: f.state.Value()})
			}
			out = append(out, check.LostIncrements(Increments(res), cf))
		case check.CheckConvergence:
			states := map[string]string{}
			for _, f := range finals {
				states[f.node] = f.state.String()
			}
			out = append(out, check.Converged(states))
		default:
			out = append(out, check.Result{Name: name, Detail: fmt.Sprintf(
				"crdt has no check %q (it has: %s)", name, strings.Join(Checks, ", "))})
		}
	}
	return out
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

// final is one replica's state at the end of the run.
type final struct {
	node  string
	state State
}

// finalStates takes each server's last state; servers are the nodes named
// like n0, in ID order.
func finalStates(res sim.Result) []final {
	var out []final
	index := map[sim.NodeID]int{} // node -> position in out; lookups only
	for id, name := range res.Names {
		if _, ok := workload.ServerIndex(name); ok {
			index[sim.NodeID(id)] = len(out)
			out = append(out, final{node: name})
		}
	}
	for _, o := range res.Observations {
		if f, ok := o.Data.(StateFact); ok && o.Kind == KindState {
			if i, ok := index[o.Node]; ok {
				out[i].state = f.State
			}
		}
	}
	return out
}

// nameOf is the printable name of a node in a result.
func nameOf(res sim.Result, id sim.NodeID) string {
	if int(id) >= 0 && int(id) < len(res.Names) {
		return res.Names[id]
	}
	return "node" + strconv.Itoa(int(id))
}
