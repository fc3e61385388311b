package twopc

import (
	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// recoverParticipant rebuilds a restarted participant from its log: a
// transaction still Prepared takes its lock back and waits for the
// decision again (it may not decide alone).
func (n *node) recoverParticipant(env sim.Env) {
	workload.EachLogged(env.Storage(), prefixPart, func(id string, rec partRecord) {
		p := &partTxn{rec: rec, from: rec.Coord, id: id}
		n.part[id] = p
		if rec.State == StatePrepared {
			n.locks[rec.Key] = id
			p.timer.Set(env, n.cfg.ParticipantTimeout, workload.TxnTag{Kind: tagDecision, Txn: id})
		}
	})
}

// onPrepare handles a Prepare: vote No, wait for the lock, or prepare and
// vote Yes. A repeated Prepare gets the vote already given.
func (n *node) onPrepare(env sim.Env, from sim.NodeID, m Prepare) {
	if p, ok := n.part[m.Txn]; ok {
		if !p.waiting {
			env.Send(from, Vote{Txn: m.Txn, Yes: p.rec.State != StateAbort})
		}
		return
	}
	p := &partTxn{rec: partRecord{Coord: from, Parts: m.Parts, Key: m.Key, Value: m.Value}, from: from, id: m.Txn}
	n.part[m.Txn] = p
	switch {
	case n.scriptedNo(env, m.Txn):
		n.refuse(env, p, "the script makes it vote No")
	case n.cfg.VoteNoProbability > 0 && env.Rand().Float64() < n.cfg.VoteNoProbability:
		n.refuse(env, p, "it drew a No (vote_no_probability)")
	case n.locks[m.Key] != "" && n.cfg.LockWait == 0:
		n.refuse(env, p, "key "+m.Key+" is locked by "+n.locks[m.Key])
	case n.locks[m.Key] != "":
		p.waiting = true
		n.queue[m.Key] = append(n.queue[m.Key], m.Txn)
		p.timer.Set(env, n.cfg.LockWait, workload.TxnTag{Kind: tagLock, Txn: m.Txn})
		workload.ObserveTxn(env, workload.TxnFact{Txn: m.Txn, Kind: workload.TxnWait,
			Why: "key " + m.Key + " is locked by " + n.locks[m.Key] + "; waiting for the lock"})
	default:
		n.prepare(env, m.Txn, p)
	}
}

// scriptedNo reports whether the script makes this node vote No on txn.
func (n *node) scriptedNo(env sim.Env, txn string) bool {
	return workload.ScriptedNo(n.cfg.Transactions, txn, env.Name())
}

// prepare takes the lock, logs Prepared durably, and only then votes Yes.
func (n *node) prepare(env sim.Env, id string, p *partTxn) {
	p.waiting = false
	p.rec.State = StatePrepared
	n.locks[p.rec.Key] = id
	st := env.Storage()
	st.Put(prefixPart+id, p.rec)
	st.Sync()
	workload.ObserveTxn(env, workload.TxnFact{Txn: id, Kind: check.TxnLock, Key: p.rec.Key})
	workload.ObserveTxn(env, workload.TxnFact{Txn: id, Kind: check.TxnPrepared})
	workload.ObserveTxn(env, workload.TxnFact{Txn: id, Kind: check.TxnVoteYes, Why: "prepared and logged; holds " + p.rec.Key})
	env.Send(p.from, Vote{Txn: id, Yes: true})
	p.timer.Stop(env)
	p.timer.Set(env, n.cfg.ParticipantTimeout, workload.TxnTag{Kind: tagDecision, Txn: id})
}

// refuse votes No: a participant that has not voted Yes may abort alone.
func (n *node) refuse(env sim.Env, p *partTxn, why string) {
	id := p.id
	workload.ObserveTxn(env, workload.TxnFact{Txn: id, Kind: check.TxnVoteNo, Why: why})
	n.settle(env, id, p, false, "voted No")
	env.Send(p.from, Vote{Txn: id, Yes: false})
}

// settle logs a participant's decision durably, applies a commit, releases
// the lock and lets the next waiter for the key prepare.
func (n *node) settle(env sim.Env, id string, p *partTxn, commit bool, why string) {
	if p.rec.State == StateCommit || p.rec.State == StateAbort {
		return
	}
	wasPrepared := p.rec.State == StatePrepared
	p.rec.State = StateAbort
	if commit {
		p.rec.State = StateCommit
	}
	st := env.Storage()
	st.Put(prefixPart+id, p.rec)
	if commit {
		st.Put(prefixKV+p.rec.Key, p.rec.Value)
	}
	st.Sync()
	p.timer.Stop(env)
	if p.waiting {
		n.dequeue(p)
		p.waiting = false
	}
	workload.ObserveTxn(env, workload.TxnFact{Txn: id, Kind: decisionKind(commit), Why: why})
	if wasPrepared && n.locks[p.rec.Key] == id {
		delete(n.locks, p.rec.Key)
		workload.ObserveTxn(env, workload.TxnFact{Txn: id, Kind: check.TxnUnlock, Key: p.rec.Key})
		n.wake(env, p.rec.Key)
	}
}

// dequeue removes a waiting txn from its key's queue.
func (n *node) dequeue(p *partTxn) {
	id := p.id
	q := n.queue[p.rec.Key]
	for i, t := range q {
		if t == id {
			n.queue[p.rec.Key] = append(q[:i:i], q[i+1:]...)
			return
		}
	}
}

// wake lets the first txn waiting for key prepare.
func (n *node) wake(env sim.Env, key string) {
	q := n.queue[key]
	if len(q) == 0 {
		return
	}
	n.queue[key] = q[1:]
	n.prepare(env, q[0], n.part[q[0]])
}

// onDecision applies the coordinator's decision and acks it.
func (n *node) onDecision(env sim.Env, from sim.NodeID, m Decision) {
	if p, ok := n.part[m.Txn]; ok {
		n.settle(env, m.Txn, p, m.Commit, "the coordinator's decision")
	} else {
		// The decision overtook the Prepare (or the Prepare was lost): an
		// abort is remembered so a late Prepare gets a No.
		p := &partTxn{rec: partRecord{Coord: from}, from: from, id: m.Txn}
		n.part[m.Txn] = p
		n.settle(env, m.Txn, p, m.Commit, "the coordinator's decision")
	}
	env.Send(from, Ack{Txn: m.Txn})
}

// onDecisionTimeout is a prepared participant that heard no decision.
func (n *node) onDecisionTimeout(env sim.Env, id string) {
	p, ok := n.part[id]
	if !ok || p.rec.State != StatePrepared {
		return
	}
	if n.cfg.NaiveUnilateralAbort {
		workload.ObserveTxn(env, workload.TxnFact{Txn: id, Kind: check.TxnTimeout, Why: "no decision within the participant timeout"})
		n.settle(env, id, p, false, "naive unilateral abort after the timeout, although it had voted Yes")
		return
	}
	if !p.timedOut {
		p.timedOut = true
		workload.ObserveTxn(env, workload.TxnFact{Txn: id, Kind: check.TxnTimeout,
			Why: "no decision within the participant timeout; asks the coordinator and the other participants"})
	}
	env.Send(p.rec.Coord, StateReq{Txn: id})
	for _, q := range p.rec.Parts {
		if q != env.ID() {
			env.Send(q, StateReq{Txn: id})
		}
	}
	p.timer.Set(env, n.cfg.ParticipantTimeout, workload.TxnTag{Kind: tagDecision, Txn: id})
}

// onStateReq answers the termination protocol's question.
func (n *node) onStateReq(env sim.Env, from sim.NodeID, m StateReq) {
	if v, ok := env.Storage().Get(prefixCoord + m.Txn); ok {
		env.Send(from, StateResp{Txn: m.Txn, State: decisionKind(v.(coordRecord).Commit)})
		return
	}
	if c, ok := n.coord[m.Txn]; ok && !c.decided {
		env.Send(from, StateResp{Txn: m.Txn, State: StateUncertain})
		return
	}
	p, ok := n.part[m.Txn]
	if !ok {
		// Not yet asked to prepare: it has not voted, so it may abort and
		// the asker may too.
		p = &partTxn{rec: partRecord{}, from: from, id: m.Txn}
		n.part[m.Txn] = p
	}
	if p.rec.State == "" {
		n.settle(env, m.Txn, p, false, env.NameOf(from)+" asked before this node voted: it aborts rather than vote")
	}
	state := p.rec.State
	if state == StatePrepared {
		state = StateUncertain
	}
	env.Send(from, StateResp{Txn: m.Txn, State: state})
}

// onStateResp adopts a decision another node knows.
func (n *node) onStateResp(env sim.Env, from sim.NodeID, m StateResp) {
	p, ok := n.part[m.Txn]
	if !ok || p.rec.State != StatePrepared || m.State == StateUncertain {
		return
	}
	n.settle(env, m.Txn, p, m.State == StateCommit, "learned from "+env.NameOf(from)+" after the timeout")
}
