package workload

import (
	"simrun/check"
	"simrun/sim"
)

// History rebuilds the client history of a run from the clients' invoke and
// complete observations. An operation never completed by the end of the run
// is Unknown with Complete = res.Now: it may have taken effect at any time
// after its invocation. The result is sorted by invoke time, then client.
func History(res sim.Result) check.History {
	type opKey struct {
		node sim.NodeID
		seq  uint64
	}
	invoked := 0
	for _, o := range res.Observations {
		if _, ok := o.Data.(Invoked); ok && o.Kind == KindInvoke {
			invoked++
		}
	}
	index := make(map[opKey]int, invoked) // lookups only: never iterated
	h := make(check.History, 0, invoked)
	for _, o := range res.Observations {
		switch d := o.Data.(type) {
		case Invoked:
			if o.Kind != KindInvoke {
				continue
			}
			index[opKey{o.Node, d.Seq}] = len(h)
			h = append(h, check.Op{Client: nameOf(res, o.Node), Server: d.Server, Kind: d.Op,
				Key: d.Key, Value: d.Value, Invoke: o.Time, Complete: res.Now, Outcome: check.Unknown})
		case Completed:
			i, ok := index[opKey{o.Node, d.Seq}]
			if o.Kind != KindComplete || !ok {
				continue
			}
			op := &h[i]
			op.Complete, op.Outcome, op.Output = o.Time, d.Outcome, d.Output
			if d.Server != "" {
				op.Server = d.Server
			}
		}
	}
	h.Sort()
	return h
}

// nameOf is the printable name of a node in a finished run.
func nameOf(res sim.Result, id sim.NodeID) string {
	if id >= 0 && int(id) < len(res.Names) {
		return res.Names[id]
	}
	return "operator"
}
