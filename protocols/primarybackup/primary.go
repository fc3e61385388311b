package primarybackup

import (
	"simrun/sim"
	"simrun/workload"
)

// Errors a server returns to clients. A refusal means "not applied", which
// is what lets a client retry elsewhere safely.
const (
	errNotPrimary = "not primary"
	errEmptyValue = "empty value"
	errUnknownOp  = "unknown op"
)

// onRequest serves a client. Only the primary answers; a retransmission of
// the last answered Seq gets the same answer (no second apply), an older Seq
// is ignored (its client has moved on).
func (n *node) onRequest(env sim.Env, from sim.NodeID, r workload.Request) {
	if n.role != primary {
		n.refuse(env, from, r.Seq)
		return
	}
	if s, ok := n.sessions[r.Client]; ok && r.Seq <= s.seq {
		if r.Seq == s.seq && !s.held {
			env.Send(from, s.reply)
		}
		return
	}
	reply := n.serve(env, r)
	n.answer(env, from, r, reply)
	if r.Op == workload.OpWrite && reply.OK {
		// Async: after the acknowledgement, not before, the design choice
		// the split-brain scenario is about. Semi-sync and sync have held
		// the answer (answer) until backups acknowledge this Replicate.
		n.replicate(env, r.Key, r.Value)
	}
}

// refuse tells a client this node is not primary, naming the primary when
// it knows one, so the client can go there.
func (n *node) refuse(env sim.Env, to sim.NodeID, seq uint64) {
	reply := workload.Reply{Seq: seq, Err: errNotPrimary}
	if n.known && n.primary != n.id {
		reply.Redirect = env.NameOf(n.primary)
	}
	env.Send(to, reply)
}

// serve executes one request as primary: reads are local (no check that
// this node is still the primary: the stale reads of split-brain), writes
// are applied and made durable before the answer.
func (n *node) serve(env sim.Env, r workload.Request) workload.Reply {
	switch r.Op {
	case workload.OpRead:
		return workload.Reply{Seq: r.Seq, OK: true, Value: n.kv[r.Key]}
	case workload.OpWrite:
		if r.Value == "" {
			return workload.Reply{Seq: r.Seq, Err: errEmptyValue}
		}
		n.accept(env, r.Key, r.Value)
		return workload.Reply{Seq: r.Seq, OK: true}
	}
	return workload.Reply{Seq: r.Seq, Err: errUnknownOp}
}

// accept applies a client write as the next write of the lineage and syncs
// it to disk, so an acknowledged write survives this node's crash.
func (n *node) accept(env sim.Env, key, value string) {
	n.index++
	env.Observe(sim.Observation{Kind: KindAccept, Data: AcceptFact{Epoch: n.epoch, Key: key, Value: value}})
	n.setKey(env, key, value, SourceClient, n.id)
	n.persist(env)
}

// replicate sends the latest write to every backup.
func (n *node) replicate(env sim.Env, key, value string) {
	m := Replicate{Epoch: n.epoch, Index: n.index, Key: key, Value: value}
	if n.cfg.ReplicationLag > 0 {
		n.lagReplicate(env, m)
		return
	}
	for _, p := range env.Peers() {
		env.Send(p, m)
	}
}

// sendHeartbeats announces the index backups should have: the shipped
// writes only, so a lagging stream does not look like a lost Replicate.
func (n *node) sendHeartbeats(env sim.Env) {
	m := Heartbeat{Epoch: n.epoch, Index: n.index - uint64(len(n.backlog))}
	for _, p := range env.Peers() {
		env.Send(p, m)
	}
}

// onSyncRequest sends the primary's whole state; only a primary's state is
// authoritative, so others ignore the request.
func (n *node) onSyncRequest(env sim.Env, from sim.NodeID) {
	if n.role == primary {
		env.Send(from, SyncState{Epoch: n.epoch, Index: n.index, Entries: n.entries()})
	}
}
