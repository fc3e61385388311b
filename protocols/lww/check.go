package lww

import (
	"fmt"
	"strconv"
	"strings"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// CheckConvergence is the name of the eventual-convergence check.
const CheckConvergence = check.CheckConvergence

// Checks lists the checks Check understands.
var Checks = []string{check.CheckNoLostIncrements, CheckConvergence}

// Check runs the named checks over a finished run: no-lost-increments
// (every replica ends at the sum of all increments; a lost one is named
// with the write that beat it) and convergence (every replica ends with
// the same register).
func Check(res sim.Result, names []string) []check.Result {
	incs, finals := Increments(res), finalRegisters(res)
	out := make([]check.Result, 0, len(names))
	for _, name := range names {
		switch name {
		case check.CheckNoLostIncrements:
			var cf []check.CounterFinal
			for _, f := range finals {
				cf = append(cf, check.CounterFinal{Node: f.node, Value: f.reg.Value, Last: f.reg.Inc})
			}
			out = append(out, check.LostIncrements(incs, cf))
		case CheckConvergence:
			states := map[string]string{}
			for _, f := range finals {
				states[f.node] = regString(f.reg)
			}
			out = append(out, check.Converged(states))
		default:
			out = append(out, check.Result{Name: name, Detail: fmt.Sprintf(
				"lww has no check %q (it has: %s)", name, strings.Join(Checks, ", "))})
		}
	}
	return out
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

// final is one replica's register at the end of the run.
type final struct {
	node string
	reg  Register
}

// finalRegisters replays each server's kept writes; servers are the nodes
// named like n0, in ID order. A wiped disk is not modelled: LWW keeps its
// register across restarts.
func finalRegisters(res sim.Result) []final {
	var out []final
	index := map[sim.NodeID]int{} // node -> position in out; lookups only
	for id, name := range res.Names {
		if _, ok := workload.ServerIndex(name); ok {
			index[sim.NodeID(id)] = len(out)
			out = append(out, final{node: name})
		}
	}
	for _, o := range res.Observations {
		if f, ok := o.Data.(ApplyFact); ok && o.Kind == KindApply && f.Kept {
			if i, ok := index[o.Node]; ok {
				out[i].reg = f.Write
			}
		}
	}
	return out
}

// regString renders a register for reports: "2 (i2, stamped 50ms by n1)".
func regString(r Register) string {
	if !r.Set {
		return "0 (initial)"
	}
	return strconv.FormatInt(r.Value, 10) + " (" + r.Inc + ", stamped " + check.Millis(r.Stamp) + " by " + r.Writer + ")"
}

// nameOf is the printable name of a node in a result.
func nameOf(res sim.Result, id sim.NodeID) string {
	if int(id) >= 0 && int(id) < len(res.Names) {
		return res.Names[id]
	}
	return "node" + strconv.Itoa(int(id))
}
