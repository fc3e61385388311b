package primarybackup

import (
	"fmt"
	"strings"
	"time"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// Check names, in the order scenarios usually list them.
const (
	CheckSinglePrimary = "single-primary"
	CheckDurableWrites = "durable-writes"
	CheckLinearizable  = "linearizable"
)

// Checks lists the checks Check understands, so a scenario loader can
// reject a misspelt name with the list of valid ones.
var Checks = []string{CheckSinglePrimary, CheckDurableWrites, CheckLinearizable}

// Commands lists the operator commands Command understands, for the same
// reason.
var Commands = []string{"promote"}

// Command maps an operator command of a fault schedule to the message to
// inject (from sim.Operator) at the chosen server.
func Command(name string) (sim.Message, error) {
	if name == "promote" {
		return Promote{}, nil
	}
	return nil, fmt.Errorf("unknown command %q (primarybackup has: %s)", name, strings.Join(Commands, ", "))
}

// diskLost is the detail sim records on a crash that wipes the disk; the
// rebuilt state of such a node starts empty again.
const diskLost = "disk lost"

// Check runs the named checks over a finished run, in the order given:
// single-primary over the tenures and accepted writes, durable-writes over
// the client history and the authoritative node's final state, and
// linearizable over the history. An unknown name yields a failed liveness
// result naming the valid ones rather than a panic (loaders should validate
// against Checks first).
func Check(res sim.Result, names []string) []check.Result {
	tenures := tenures(res)
	hist := workload.History(res)
	out := make([]check.Result, 0, len(names))
	for _, name := range names {
		switch name {
		case CheckSinglePrimary:
			out = append(out, check.SinglePrimary(tenures, accepts(res)))
		case CheckDurableWrites:
			node := authoritative(tenures)
			out = append(out, check.DurableWrites(hist, finalState(res, node), node))
		case CheckLinearizable:
			out = append(out, check.Linearizable(hist).Result)
		default:
			out = append(out, check.Result{Name: name, Detail: fmt.Sprintf(
				"primarybackup has no check %q (it has: %s)", name, strings.Join(Checks, ", "))})
		}
	}
	return out
}

// Linearizability is the linearizable check with what it takes to draw
// porcupine's visualisation of a failure (LinResult.WriteVisualization).
func Linearizability(res sim.Result) check.LinResult {
	return check.Linearizable(workload.History(res))
}

// tenures reads who was primary when from "role" observations. A tenure
// starts at a primary role and ends at the node's next role of another kind
// or epoch, or at its crash; one still running at the end stays open.
func tenures(res sim.Result) []check.Tenure {
	var out []check.Tenure
	open := map[sim.NodeID]int{} // node -> index of its open tenure in out; lookups only
	end := func(node sim.NodeID, at time.Duration) {
		if i, ok := open[node]; ok {
			out[i].End = at
			delete(open, node)
		}
	}
	for _, o := range res.Observations {
		if o.Kind == sim.KindCrash {
			end(o.Node, o.Time)
			continue
		}
		f, ok := o.Data.(RoleFact)
		if o.Kind != KindRole || !ok {
			continue
		}
		if j, isOpen := open[o.Node]; isOpen && (f.Role != RolePrimary || f.Epoch != out[j].Epoch) {
			end(o.Node, o.Time)
		}
		if _, isOpen := open[o.Node]; f.Role == RolePrimary && !isOpen {
			open[o.Node] = len(out)
			out = append(out, check.Tenure{Node: nameOf(res, o.Node), Epoch: f.Epoch, Start: o.Time, End: -1})
		}
	}
	return out
}

// accepts lists the writes primaries accepted, in the order they happened.
func accepts(res sim.Result) []check.Accept {
	var out []check.Accept
	for _, o := range res.Observations {
		if f, ok := o.Data.(AcceptFact); ok && o.Kind == KindAccept {
			out = append(out, check.Accept{Node: nameOf(res, o.Node), Epoch: f.Epoch, At: o.Time, Key: f.Key, Value: f.Value})
		}
	}
	return out
}

// authoritative names the node whose final state clients should find their
// writes in: the primary of the highest epoch still in office at the end
// (the earliest such tenure on a tie), else the last node to become primary.
func authoritative(tenures []check.Tenure) string {
	best := -1
	for i, t := range tenures {
		if t.End < 0 && (best < 0 || t.Epoch > tenures[best].Epoch) {
			best = i
		}
	}
	if best < 0 {
		for i, t := range tenures {
			if best < 0 || t.Start >= tenures[best].Start {
				best = i
			}
		}
	}
	if best < 0 {
		return "(no primary)"
	}
	return tenures[best].Node
}

// finalState replays the named node's applies: its KV at the end of the
// run. A crash that lost the disk starts it over, as it did the node.
func finalState(res sim.Result, name string) map[string]string {
	kv := map[string]string{}
	for _, o := range res.Observations {
		if nameOf(res, o.Node) != name {
			continue
		}
		if o.Kind == sim.KindCrash && o.Data == diskLost {
			clear(kv)
		}
		f, ok := o.Data.(ApplyFact)
		switch {
		case !ok || o.Kind != KindApply:
		case f.Value == "":
			delete(kv, f.Key)
		default:
			kv[f.Key] = f.Value
		}
	}
	return kv
}

// nameOf is the printable name of a node in a finished run.
func nameOf(res sim.Result, id sim.NodeID) string {
	if id >= 0 && int(id) < len(res.Names) {
		return res.Names[id]
	}
	return "operator"
}
