package threepc

import (
	"slices"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// partTxn is a transaction this node takes part in.
type partTxn struct {
	id    string
	rec   partRecord
	coord sim.NodeID
	// recovered: this incarnation restarted with the txn undecided in its
	// log. In the non-quorum protocol it never leads and its state does not
	// count, because while it was down a decision may have passed it by.
	recovered bool
	timedOut  bool // the first timeout was observed
	blocked   bool // the first "blocked" was observed
	wait      sim.Timer
	// answers collects a termination round's StateResps (nil when no
	// round is open).
	answers map[sim.NodeID]StateResp
	// round collects the acks of this node's Pre* round as recovery
	// coordinator (nil when none); have is who is already in the target
	// state, roundCommit says which round it is.
	round       map[sim.NodeID]bool
	have        map[sim.NodeID]bool
	roundCommit bool
	reach       string // who the round reached, for the decision's reason
	// decAcks: as recovery coordinator that decided, who has acked the
	// decision (nil otherwise).
	decAcks map[sim.NodeID]bool
}

func (p *partTxn) decided() bool {
	return p.rec.State == StateCommitted || p.rec.State == StateAborted
}

// voted reports whether the participant voted Yes and is undecided: the
// states in which it waits and terminates.
func (p *partTxn) voted() bool {
	switch p.rec.State {
	case StateUncertain, StatePreCommitted, StatePreAborted:
		return true
	}
	return false
}

// recoverParticipant rebuilds the participant side from the log.
func (n *node) recoverParticipant(env sim.Env) {
	workload.EachLogged(env.Storage(), prefixPart, func(id string, rec partRecord) {
		p := &partTxn{id: id, rec: rec}
		n.part[id] = p
		if p.voted() {
			p.recovered = true
			p.wait.Set(env, n.cfg.ParticipantTimeout, workload.TxnTag{Kind: tagWait, Txn: id})
		}
	})
}

// receiveParticipant dispatches the participant's messages.
func (n *node) receiveParticipant(env sim.Env, from sim.NodeID, msg sim.Message) {
	switch m := msg.(type) {
	case CanCommit:
		n.onCanCommit(env, from, m)
	case PreCommit:
		n.onPre(env, from, m.Txn, true)
	case PreAbort:
		n.onPre(env, from, m.Txn, false)
	case PreAbortAck:
		if p, ok := n.part[m.Txn]; ok && p.round != nil && !p.roundCommit {
			p.round[from] = true
		}
	case Decision:
		n.onDecision(env, from, m)
	case StateReq:
		n.onStateReq(env, from, m)
	case StateResp:
		n.onStateResp(env, from, m)
	}
}

// onCanCommit votes: No by script, by chance or on a lock conflict; else
// it logs uncertain and votes Yes.
func (n *node) onCanCommit(env sim.Env, from sim.NodeID, m CanCommit) {
	if p, ok := n.part[m.Txn]; ok {
		env.Send(from, Vote{Txn: m.Txn, Yes: p.rec.State != StateAborted})
		return
	}
	p := &partTxn{id: m.Txn, coord: from, rec: partRecord{Parts: m.Parts, Key: m.Key, Value: m.Value}}
	n.part[m.Txn] = p
	why := ""
	switch {
	case n.scriptedNo(env, m.Txn):
		why = "the script makes it vote No"
	case n.cfg.VoteNoProbability > 0 && env.Rand().Float64() < n.cfg.VoteNoProbability:
		why = "it drew a No (vote_no_probability)"
	case n.lockHolder(m.Key) != "":
		why = "key " + m.Key + " is locked by " + n.lockHolder(m.Key)
	}
	if why != "" {
		workload.ObserveTxn(env, workload.TxnFact{Txn: m.Txn, Kind: check.TxnVoteNo, Why: why})
		n.settle(env, p, false, "voted No")
		env.Send(from, Vote{Txn: m.Txn, Yes: false})
		return
	}
	n.log(env, p, StateUncertain)
	workload.ObserveTxn(env, workload.TxnFact{Txn: m.Txn, Kind: check.TxnLock, Key: m.Key})
	workload.ObserveTxn(env, workload.TxnFact{Txn: m.Txn, Kind: check.TxnPrepared})
	workload.ObserveTxn(env, workload.TxnFact{Txn: m.Txn, Kind: check.TxnVoteYes, Why: "logged; holds " + m.Key})
	env.Send(from, Vote{Txn: m.Txn, Yes: true})
	p.wait.Set(env, n.cfg.ParticipantTimeout, workload.TxnTag{Kind: tagWait, Txn: m.Txn})
}

// lockHolder names the undecided txn that holds key here, or "".
func (n *node) lockHolder(key string) string {
	for _, k := range sortedKeys(n.part) {
		if p := n.part[k]; p.voted() && p.rec.Key == key {
			return k
		}
	}
	return ""
}

func (n *node) scriptedNo(env sim.Env, txn string) bool {
	return workload.ScriptedNo(n.cfg.Transactions, txn, env.Name())
}

// log writes the participant's state durably.
func (n *node) log(env sim.Env, p *partTxn, state string) {
	p.rec.State = state
	st := env.Storage()
	st.Put(prefixPart+p.id, p.rec)
	st.Sync()
}

// onPre moves an undecided participant to pre-committed (commit) or
// pre-aborted and acks; a pre-committed participant never pre-aborts and
// vice versa, which is what keeps the quorum variant atomic.
func (n *node) onPre(env sim.Env, from sim.NodeID, id string, commit bool) {
	p, ok := n.part[id]
	if !ok {
		return
	}
	target := StatePreCommitted
	if !commit {
		target = StatePreAborted
	}
	switch {
	case p.rec.State == StateUncertain:
		n.log(env, p, target)
		workload.ObserveTxn(env, workload.TxnFact{Txn: id, Kind: target, Why: "told by " + env.NameOf(from)})
		p.wait.Set(env, n.cfg.ParticipantTimeout, workload.TxnTag{Kind: tagWait, Txn: id})
	case p.rec.State == target:
	case commit && p.rec.State == StateCommitted:
	default: // in the opposite Pre* state, decided the other way, or never voted
		return
	}
	if commit {
		env.Send(from, PreCommitAck{Txn: id})
	} else {
		env.Send(from, PreAbortAck{Txn: id})
	}
}

// onDecision applies a decision (the coordinator's or a recovery
// coordinator's) and acks it.
func (n *node) onDecision(env sim.Env, from sim.NodeID, m Decision) {
	if c, ok := n.coord[m.Txn]; ok && c.phase == "asking" {
		n.learn(env, c, m.Commit, from)
	}
	if n.isCoordinator(m.Txn) {
		return
	}
	p, ok := n.part[m.Txn]
	if !ok {
		// Down when CanCommit came: the decision is news, and an abort
		// remembered makes a late CanCommit get a No.
		p = &partTxn{id: m.Txn}
		n.part[m.Txn] = p
	}
	n.settle(env, p, m.Commit, "the decision of "+env.NameOf(from))
	env.Send(from, Ack{Txn: m.Txn})
}

// isCoordinator reports whether this node coordinates txn.
func (n *node) isCoordinator(txn string) bool {
	_, ok := n.coord[txn]
	return ok
}

// settle logs the decision, applies a commit and releases the lock.
func (n *node) settle(env sim.Env, p *partTxn, commit bool, why string) {
	if p.decided() {
		return
	}
	held := p.voted()
	state := StateAborted
	if commit {
		state = StateCommitted
		env.Storage().Put(prefixKV+p.rec.Key, p.rec.Value)
	}
	n.log(env, p, state)
	p.wait.Stop(env)
	p.answers, p.round = nil, nil
	workload.ObserveTxn(env, workload.TxnFact{Txn: p.id, Kind: decisionKind(commit), Why: why})
	if held {
		workload.ObserveTxn(env, workload.TxnFact{Txn: p.id, Kind: check.TxnUnlock, Key: p.rec.Key})
	}
}

// onStateReq answers with this node's state. A participant that has not
// voted yet aborts first: it may, and then nobody can commit.
func (n *node) onStateReq(env sim.Env, from sim.NodeID, m StateReq) {
	if c, ok := n.coord[m.Txn]; ok {
		if c.phase == "decided" {
			env.Send(from, StateResp{Txn: m.Txn, State: stateOf(c.commit)})
		}
		return
	}
	p, ok := n.part[m.Txn]
	if !ok {
		p = &partTxn{id: m.Txn}
		n.part[m.Txn] = p
	}
	if p.rec.State == StateNone {
		n.settle(env, p, false, env.NameOf(from)+" asked before this node voted: it aborts rather than vote")
	}
	env.Send(from, StateResp{Txn: m.Txn, State: p.rec.State, Recovered: p.recovered && !p.decided()})
}

func stateOf(commit bool) string {
	if commit {
		return StateCommitted
	}
	return StateAborted
}

// onStateResp adopts a decision, or files the answer in the open round.
func (n *node) onStateResp(env sim.Env, from sim.NodeID, m StateResp) {
	decided := m.State == StateCommitted || m.State == StateAborted
	if c, ok := n.coord[m.Txn]; ok && c.phase == "asking" && decided {
		n.learn(env, c, m.State == StateCommitted, from)
	}
	p, ok := n.part[m.Txn]
	if !ok || p.decided() {
		return
	}
	if decided {
		n.settle(env, p, m.State == StateCommitted, "learned from "+env.NameOf(from)+" during the termination protocol")
		return
	}
	if p.answers != nil {
		p.answers[from] = m
	}
}

func sortedKeys(m map[string]*partTxn) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
