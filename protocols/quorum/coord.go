package quorum

import (
	"slices"

	"simrun/sim"
	"simrun/workload"
)

// op is a request this node coordinates, from arrival until every replica
// answered or RequestTimeout passed (late read replies still repair).
type op struct {
	client   sim.NodeID
	req      workload.Request
	replicas []sim.NodeID
	entry    Entry // a write's new entry; a read's newest so far
	// answers lists replicas in the order they answered; reads keep each
	// one's entry too. Invariant: no replica appears twice.
	answers []sim.NodeID
	got     []Entry
	replied bool
}

// onRequest starts coordinating a client request: a write gets a new
// version and goes to every replica of its key, a read asks them all. A
// retransmitted write is answered if done, left alone while its request is
// live, and otherwise driven again with the version it already has, so a
// retry never creates a second, newer version of the same write.
func (n *node) onRequest(env sim.Env, from sim.NodeID, req workload.Request) {
	var entry Entry
	if req.Op == workload.OpWrite {
		lw, again := n.lastWrite[req.Client]
		again = again && lw.seq == req.Seq
		_, live := n.ops[lw.op]
		switch {
		case again && lw.done:
			env.Send(from, workload.Reply{Seq: req.Seq, OK: true})
			return
		case again && live:
			return // still gathering acks; the reply will come
		case again:
			entry = lw.entry
		default:
			n.clock++
			entry = Entry{Value: req.Value, Ver: Version{Counter: n.clock, Writer: n.name}}
		}
	}
	n.nextReq++
	id := n.nextReq
	o := &op{client: from, req: req, replicas: n.replicas(req.Key), entry: entry}
	n.ops[id] = o
	if req.Op == workload.OpWrite {
		n.lastWrite[req.Client] = clientWrite{seq: req.Seq, op: id, entry: entry}
	}
	env.SetTimer(n.cfg.RequestTimeout, opTimeout(id))
	for _, r := range o.replicas {
		switch {
		case r == n.id && req.Op == workload.OpWrite:
			n.apply(env, req.Key, o.entry, SourceWrite, n.name)
			n.onAck(env, r, id)
		case r == n.id:
			n.onReply(env, r, id, n.store[req.Key])
		case req.Op == workload.OpWrite:
			env.Send(r, Put{ReqID: id, Key: req.Key, E: o.entry})
		default:
			env.Send(r, Get{ReqID: id, Key: req.Key})
		}
	}
}

// answered records replica r's answer to o once; it reports false for a
// duplicate or a stranger.
func (o *op) answered(r sim.NodeID) bool {
	if !slices.Contains(o.replicas, r) || slices.Contains(o.answers, r) {
		return false
	}
	o.answers = append(o.answers, r)
	return true
}

// onAck counts a write acknowledgement; the W-th one answers the client.
func (n *node) onAck(env sim.Env, from sim.NodeID, id uint64) {
	o, ok := n.ops[id]
	if !ok || o.req.Op != workload.OpWrite || !o.answered(from) {
		return
	}
	if !o.replied && len(o.answers) >= n.cfg.W {
		o.replied = true
		n.lastWrite[o.req.Client] = clientWrite{seq: o.req.Seq, op: id, entry: o.entry, done: true}
		env.Send(o.client, workload.Reply{Seq: o.req.Seq, OK: true})
		n.observeCoord(env, o, nil)
	}
	n.finish(id, o)
}

// onReply gathers a read answer. The R-th answer returns the newest entry
// seen and repairs the replicas that answered with older ones; a later
// answer older than what was returned is repaired as it arrives.
func (n *node) onReply(env sim.Env, from sim.NodeID, id uint64, e Entry) {
	o, ok := n.ops[id]
	if !ok || o.req.Op != workload.OpRead || !o.answered(from) {
		return
	}
	o.got = append(o.got, e)
	if o.replied {
		if n.cfg.ReadRepair && e.Ver.Compare(o.entry.Ver) < 0 {
			n.repair(env, o, from)
		}
		n.finish(id, o)
		return
	}
	if e.Ver.Compare(o.entry.Ver) > 0 {
		o.entry = e
	}
	if len(o.answers) < n.cfg.R {
		return
	}
	o.replied = true
	env.Send(o.client, workload.Reply{Seq: o.req.Seq, OK: true, Value: o.entry.Value})
	var repaired []string
	for i, r := range o.answers {
		if n.cfg.ReadRepair && o.got[i].Ver.Compare(o.entry.Ver) < 0 {
			repaired = append(repaired, env.NameOf(r))
		}
	}
	n.observeCoord(env, o, repaired)
	for i, r := range o.answers {
		if n.cfg.ReadRepair && o.got[i].Ver.Compare(o.entry.Ver) < 0 {
			n.repair(env, o, r)
		}
	}
	n.finish(id, o)
}

// repair writes the read's newest entry back to replica r.
func (n *node) repair(env sim.Env, o *op, r sim.NodeID) {
	if r == n.id {
		n.apply(env, o.req.Key, o.entry, SourceRepair, n.name)
		return
	}
	env.Send(r, Put{Key: o.req.Key, E: o.entry})
}

// finish drops a request every replica has answered.
func (n *node) finish(id uint64, o *op) {
	if len(o.answers) == len(o.replicas) {
		delete(n.ops, id)
	}
}

// observeCoord records the answer given to the client.
func (n *node) observeCoord(env sim.Env, o *op, repaired []string) {
	seen := make([]string, len(o.answers))
	for i, r := range o.answers {
		seen[i] = env.NameOf(r)
		if o.req.Op == workload.OpRead {
			seen[i] += ": " + o.got[i].Ver.String()
		}
	}
	env.Observe(sim.Observation{Kind: KindCoord, Data: CoordFact{Client: o.req.Client, Seq: o.req.Seq,
		Op: o.req.Op, Key: o.req.Key, E: o.entry, Seen: seen, Repaired: repaired}})
}
