package quorum

import (
	"fmt"
	"strconv"
	"strings"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// Check names, in the order scenarios usually list them.
const (
	CheckStaleRead    = "stale-read"
	CheckConvergence  = "convergence"
	CheckAntiEntropy  = "anti-entropy"
	CheckLinearizable = "linearizable"
)

// Checks lists the checks Check understands, so a loader can reject a
// misspelt name with the list of valid ones.
var Checks = []string{CheckStaleRead, CheckConvergence, CheckAntiEntropy, CheckLinearizable}

// AEBudgetPercent is the bar for Merkle anti-entropy: the sessions
// that repair must send at most this share of a full sync's bytes.
const AEBudgetPercent = 10

// diskLost is the detail sim records on a crash that wipes the disk.
const diskLost = "disk lost"

// Check runs the named checks over a finished run: stale-read over the
// client operations joined with the versions coordinators gave them,
// convergence over each replica's final state (replayed from preload and
// applies), anti-entropy over the exchange's byte counts, linearizable
// over the client history. An unknown name yields a failed result.
func Check(res sim.Result, names []string) []check.Result {
	out := make([]check.Result, 0, len(names))
	for _, name := range names {
		switch name {
		case CheckStaleRead:
			out = append(out, check.StaleRead(VersionedOps(res)))
		case CheckConvergence:
			states, holders := FinalStates(res)
			out = append(out, check.ReplicaConvergence(states, holders))
		case CheckAntiEntropy:
			out = append(out, check.AntiEntropyBytes(Sessions(res), AEBudgetPercent))
		case CheckLinearizable:
			out = append(out, check.Linearizable(workload.History(res)).Result)
		default:
			out = append(out, check.Result{Name: name, Detail: fmt.Sprintf(
				"quorum has no check %q (it has: %s)", name, strings.Join(Checks, ", "))})
		}
	}
	return out
}

// VersionedOps joins each client operation that completed OK with the
// version its coordinator reported: a write's new version, a read's
// returned entry (the latest report for that request with the value the
// client got, since a retried read is coordinated afresh).
func VersionedOps(res sim.Result) []check.VersionedOp {
	type reqKey struct {
		client string
		seq    uint64
	}
	coord := map[reqKey][]CoordFact{} // lookups only
	for _, o := range res.Observations {
		if f, ok := o.Data.(CoordFact); ok && o.Kind == KindCoord {
			k := reqKey{f.Client, f.Seq}
			coord[k] = append(coord[k], f)
		}
	}
	invoked := map[reqKey]sim.Observed{} // lookups only
	var out []check.VersionedOp
	for _, o := range res.Observations {
		switch d := o.Data.(type) {
		case workload.Invoked:
			if o.Kind == workload.KindInvoke {
				invoked[reqKey{nameOf(res, o.Node), d.Seq}] = o
			}
		case workload.Completed:
			k := reqKey{nameOf(res, o.Node), d.Seq}
			inv, ok := invoked[k]
			if o.Kind != workload.KindComplete || !ok || d.Outcome != check.OK {
				continue
			}
			in := inv.Data.(workload.Invoked)
			f, found := matchCoord(coord[k], in.Op, d.Output)
			if !found {
				continue
			}
			value := in.Value
			if in.Op == workload.OpRead {
				value = d.Output
			}
			out = append(out, check.VersionedOp{Client: k.client, Kind: in.Op, Key: in.Key, Value: value,
				Version: f.E.Ver, Invoke: inv.Time, Complete: o.Time})
		}
	}
	return out
}

// matchCoord picks the coordinator report behind a client's answer.
func matchCoord(facts []CoordFact, op, output string) (CoordFact, bool) {
	for i := len(facts) - 1; i >= 0; i-- {
		if facts[i].Op == op && (op != workload.OpRead || facts[i].E.Value == output) {
			return facts[i], true
		}
	}
	return CoordFact{}, false
}

// FinalStates replays each replica's state: the preload at boot, its
// applies, and a wiped disk taking it back to the preload. It also returns
// each key's preference list, so replicas are compared only on keys they
// hold.
func FinalStates(res sim.Result) ([]check.ReplicaState, func(string) []string) {
	var order []sim.NodeID
	kv := map[sim.NodeID]map[string]Entry{} // lookups only; order keeps the sequence
	preload := map[sim.NodeID]PreloadFact{} // lookups only
	var servers []string
	n := 0
	for _, o := range res.Observations {
		switch d := o.Data.(type) {
		case PreloadFact:
			if _, seen := kv[o.Node]; !seen {
				order = append(order, o.Node)
				kv[o.Node] = preloaded(d.Keys, d.Value)
			}
			preload[o.Node], servers, n = d, d.Servers, d.N
		case ApplyFact:
			if o.Kind == KindApply && kv[o.Node] != nil {
				kv[o.Node][d.Key] = d.E
			}
		default:
			if o.Kind == sim.KindCrash && o.Data == diskLost && kv[o.Node] != nil {
				kv[o.Node] = preloaded(preload[o.Node].Keys, preload[o.Node].Value)
			}
		}
	}
	states := make([]check.ReplicaState, 0, len(order))
	for _, id := range order {
		s := check.ReplicaState{Node: nameOf(res, id), KV: make(map[string]string, len(kv[id]))}
		for k, e := range kv[id] {
			s.KV[k] = shown(e.Value) + " (" + e.Ver.String() + ")"
		}
		states = append(states, s)
	}
	holders := func(key string) []string { return preference(key, servers, n) }
	if n == 0 || n == len(servers) {
		holders = nil
	}
	return states, holders
}

// preloaded is the preload every replica boots from: keys k0..k{keys-1},
// all holding value at version 1@preload.
func preloaded(keys int, value string) map[string]Entry {
	kv := make(map[string]Entry, keys)
	for i := range keys {
		kv["k"+strconv.Itoa(i)] = Entry{Value: value, Ver: Version{Counter: 1, Writer: preloadWriter}}
	}
	return kv
}

// Sessions folds the anti-entropy observations into sessions, in the
// order they started.
func Sessions(res sim.Result) []check.AESession {
	var out []check.AESession
	index := map[string]int{} // session id -> position in out; lookups only
	for _, o := range res.Observations {
		f, ok := o.Data.(AEFact)
		if !ok || o.Kind != KindAE {
			continue
		}
		i, seen := index[f.Session]
		if !seen {
			i = len(out)
			index[f.Session] = i
			out = append(out, check.AESession{ID: f.Session, Start: o.Time})
		}
		s := &out[i]
		s.Bytes += f.Bytes
		s.FullBytes += f.FullBytes
		s.Leaves += f.Leaves
		s.Entries += f.Entries
	}
	return out
}

// shown names a value for people: "absent" for "".
func shown(v string) string {
	if v == "" {
		return "absent"
	}
	return v
}

// nameOf is the printable name of a node in a finished run.
func nameOf(res sim.Result, id sim.NodeID) string {
	if id >= 0 && int(id) < len(res.Names) {
		return res.Names[id]
	}
	return "operator"
}
