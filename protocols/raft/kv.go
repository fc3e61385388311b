package raft

import (
	"simrun/sim"
	"simrun/workload"
)

// onRequest serves a client (§8). Only the leader serves; a follower that
// knows the leader redirects, one that does not stays silent so the client
// retries after its timeout (a refusal would make it give up).
func (n *node) onRequest(env sim.Env, from sim.NodeID, req workload.Request) {
	if n.role != leader {
		if to := n.redirectTarget(); to != none {
			env.Send(from, workload.Reply{Seq: req.Seq, Err: "not leader", Redirect: env.NameOf(to)})
		}
		return
	}
	if req.Op == workload.OpRead {
		n.onRead(env, from, req)
		return
	}
	n.onWrite(env, from, req)
}

// redirectTarget is where a follower sends clients: the leader it knows;
// failing that, a server outside the configuration points at a member,
// since no leader will ever contact it again.
func (n *node) redirectTarget() sim.NodeID {
	if n.leader != none && n.leader != n.id {
		return n.leader
	}
	if !n.selfMember() {
		for i, s := range n.servers {
			if n.isMember(i) && s != n.id {
				return s
			}
		}
	}
	return none
}

// onWrite appends a client's write once (§8): a Seq already applied is
// answered at once, a Seq already in the uncommitted log waits for that
// entry rather than being appended twice.
func (n *node) onWrite(env sim.Env, from sim.NodeID, req workload.Request) {
	ls := n.lead
	if seq, ok := n.sessions[req.Client]; ok && req.Seq <= seq {
		if req.Seq == seq { // a retransmission of the last applied command
			env.Send(from, workload.Reply{Seq: req.Seq, OK: true})
		}
		return
	}
	if seq, ok := ls.pending[req.Client]; ok && seq >= req.Seq {
		for i := n.lastIndex(); i > n.commit; i-- {
			if e := n.log[i-1]; e.Client == req.Client && e.Seq == req.Seq {
				ls.waiters[i] = waiter{client: from, seq: req.Seq}
				return
			}
		}
		return // an older Seq: the client has moved on
	}
	ls.pending[req.Client] = req.Seq
	index := n.appendLocal(env, Entry{Term: n.term, Client: req.Client, Seq: req.Seq, Key: req.Key, Value: req.Value})
	ls.waiters[index] = waiter{client: from, seq: req.Seq}
}

// onRead serves a read in the configured mode. ReadIndex (§8) and the
// lease both need an entry of this term committed first (the no-op), so
// the commit index is at least that of every earlier leader.
func (n *node) onRead(env sim.Env, from sim.NodeID, req workload.Request) {
	switch {
	case n.cfg.Read == ReadLocal:
		n.answerRead(env, from, req, ReadLocal)
	case n.cfg.Read == ReadLease && n.termCommitted() && env.Now() < n.lead.leaseUntil:
		n.answerRead(env, from, req, ReadLease)
	default:
		// Confirm leadership: a round opened after the read arrived must
		// reach a majority. Reads arriving while it gathers share it.
		ls := n.lead
		ls.reads = append(ls.reads, readWait{client: from, req: req, seq: ls.seq + 1})
		ls.roundWanted = true
		n.scheduleFlush(env)
	}
}

// termCommitted reports whether an entry of the leader's term committed.
func (n *node) termCommitted() bool { return n.termAt(n.commit) == n.term }

// serveReads answers the waiting reads whose heartbeat round a majority
// acknowledged, and extends the lease to the newest such round.
func (n *node) serveReads(env sim.Env) {
	ls := n.lead
	confirmed := n.confirmedSeq()
	for len(ls.sentAt) > 0 && ls.sentAt[0].seq <= confirmed {
		ls.leaseUntil = max(ls.leaseUntil, ls.sentAt[0].at+n.cfg.lease())
		ls.sentAt = ls.sentAt[1:]
	}
	if len(ls.reads) == 0 || !n.termCommitted() {
		return
	}
	kept := ls.reads[:0]
	for _, r := range ls.reads {
		if r.seq <= confirmed {
			n.answerRead(env, r.client, r.req, ReadIndex)
		} else {
			kept = append(kept, r)
		}
	}
	ls.reads = kept
}

// confirmedSeq is the newest heartbeat round a majority (this leader
// included) has acknowledged.
func (n *node) confirmedSeq() uint64 {
	ls := n.lead
	best := uint64(0)
	for _, cand := range ls.ackSeq {
		count := 0
		for i, s := range n.servers {
			if n.isMember(i) && (s == n.id || ls.ackSeq[i] >= cand) {
				count++
			}
		}
		if count >= n.quorum() {
			best = max(best, cand)
		}
	}
	return best
}

func (n *node) answerRead(env sim.Env, to sim.NodeID, req workload.Request, mode string) {
	v := n.kv[req.Key]
	env.Observe(sim.Observation{Kind: KindRead, Data: ReadFact{Term: n.term, Mode: mode, Key: req.Key, Value: v, Client: req.Client}})
	env.Send(to, workload.Reply{Seq: req.Seq, OK: true, Value: v})
}

// apply runs the newly committed entries through the state machine in log
// order (§5.3), skipping a command whose Seq its client already applied
// (§8), and answers the clients waiting on the leader.
func (n *node) apply(env sim.Env) {
	from := n.applied + 1
	for n.applied < n.commit {
		n.applied++
		e := n.log[n.applied-1]
		if seq, ok := n.sessions[e.Client]; e.Client != "" && (!ok || e.Seq > seq) {
			n.sessions[e.Client] = e.Seq
			n.kv[e.Key] = e.Value
		}
		if n.lead == nil {
			continue
		}
		if w, ok := n.lead.waiters[n.applied]; ok {
			delete(n.lead.waiters, n.applied)
			if w.seq == e.Seq && e.Client != "" {
				env.Send(w.client, workload.Reply{Seq: w.seq, OK: true})
			}
		}
	}
	env.Observe(sim.Observation{Kind: KindApply, Data: ApplyFact{From: from, To: n.applied}})
	if n.lead != nil {
		n.serveReads(env)
	}
}
