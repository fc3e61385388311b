package threepc

import (
	"fmt"
	"strings"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// timerParticipant dispatches the participant's timers.
func (n *node) timerParticipant(env sim.Env, t workload.TxnTag) {
	p, ok := n.part[t.Txn]
	if ok && t.Kind == tagLeadResend {
		n.resendLead(env, p)
		return
	}
	if !ok || p.decided() {
		return
	}
	switch t.Kind {
	case tagWait:
		n.startTermination(env, p)
	case tagWindow:
		n.concludeRound(env, p)
	case tagRound:
		n.finishPreRound(env, p)
	}
}

// startTermination asks every other participant (and the coordinator)
// for its state. A recovered participant of the non-quorum protocol only
// asks: it adopts a decision if someone knows one.
func (n *node) startTermination(env sim.Env, p *partTxn) {
	if !p.voted() {
		return
	}
	if !p.timedOut {
		p.timedOut = true
		why := "no word within the participant timeout while " + p.rec.State + "; runs the termination protocol"
		if p.recovered && !n.cfg.Quorum {
			why = "restarted while " + p.rec.State + "; asks the others and will not lead"
		}
		workload.ObserveTxn(env, workload.TxnFact{Txn: p.id, Kind: check.TxnTimeout, Why: why})
	}
	for _, q := range p.rec.Parts {
		if q != env.ID() {
			env.Send(q, StateReq{Txn: p.id})
		}
	}
	if p.recovered && !n.cfg.Quorum {
		p.wait.Set(env, n.cfg.ParticipantTimeout, workload.TxnTag{Kind: tagWait, Txn: p.id})
		return
	}
	p.answers = map[sim.NodeID]StateResp{}
	p.wait.Set(env, n.cfg.TerminationWindow, workload.TxnTag{Kind: tagWindow, Txn: p.id})
}

// concludeRound elects the recovery coordinator among those that answered
// (the lowest-numbered; recovered ones do not count without quorums) and,
// if it is this node, decides or starts a Pre* round.
func (n *node) concludeRound(env sim.Env, p *partTxn) {
	states := map[sim.NodeID]string{env.ID(): p.rec.State}
	for _, q := range p.rec.Parts {
		if a, ok := p.answers[q]; ok && q != env.ID() && (n.cfg.Quorum || !a.Recovered) {
			states[q] = a.State
		}
	}
	p.answers = nil
	reach := sortedIDs(keys(states))
	if reach[0] != env.ID() {
		p.wait.Set(env, n.cfg.ParticipantTimeout, workload.TxnTag{Kind: tagWait, Txn: p.id})
		return
	}
	p.reach = names(env, reach)
	if n.cfg.Quorum {
		n.leadQuorum(env, p, states)
		return
	}
	if pc := inState(states, StatePreCommitted); len(pc) > 0 {
		n.startPreRound(env, p, true, states, fmt.Sprintf("led the termination protocol reaching %s; %s pre-committed, so commit",
			p.reach, names(env, pc)))
		return
	}
	n.lead(env, p, false, fmt.Sprintf("led the termination protocol reaching %s; nobody pre-committed, so abort", p.reach))
}

// leadQuorum is the quorum variant's recovery coordinator: commit needs
// V_C pre-committed, abort V_A pre-aborted; too few reachable blocks.
func (n *node) leadQuorum(env sim.Env, p *partTxn, states map[sim.NodeID]string) {
	vc, va := n.cfg.quorums(len(p.rec.Parts))
	pc, pa, unc := inState(states, StatePreCommitted), inState(states, StatePreAborted), inState(states, StateUncertain)
	switch {
	case len(pc) > 0 && p.rec.State != StatePreAborted && len(pc)+len(unc) >= vc:
		n.startPreRound(env, p, true, states, fmt.Sprintf("led the quorum termination reaching %s: %s pre-committed, a commit quorum (V_C=%d) is in reach", p.reach, names(env, pc), vc))
	case len(pc) == 0 && len(pa)+len(unc) >= va:
		n.startPreRound(env, p, false, states, fmt.Sprintf("led the quorum termination reaching %s: nobody pre-committed, an abort quorum (V_A=%d) is in reach", p.reach, va))
	default:
		n.block(env, p, fmt.Sprintf("reaches only %s: fewer than V_C=%d able to pre-commit or V_A=%d able to pre-abort; blocks instead of deciding", p.reach, vc, va))
	}
}

// block waits for another round: the quorum variant's safe answer to a
// minority.
func (n *node) block(env sim.Env, p *partTxn, why string) {
	if !p.blocked {
		p.blocked = true
		workload.ObserveTxn(env, workload.TxnFact{Txn: p.id, Kind: workload.TxnWait, Why: why})
	}
	p.wait.Set(env, n.cfg.ParticipantTimeout, workload.TxnTag{Kind: tagWait, Txn: p.id})
}

// startPreRound moves this node and the uncertain participants it reached
// to pre-committed (commit) or pre-aborted, then waits a window for acks.
func (n *node) startPreRound(env sim.Env, p *partTxn, commit bool, states map[sim.NodeID]string, why string) {
	target := StatePreCommitted
	if !commit {
		target = StatePreAborted
	}
	if p.rec.State == StateUncertain {
		n.log(env, p, target)
		workload.ObserveTxn(env, workload.TxnFact{Txn: p.id, Kind: target, Why: "as recovery coordinator"})
	}
	p.round, p.have, p.roundCommit, p.reach = map[sim.NodeID]bool{}, map[sim.NodeID]bool{env.ID(): true}, commit, why
	for _, q := range sortedIDs(keys(states)) {
		switch {
		case states[q] == target:
			p.have[q] = true
		case q == env.ID():
		case commit:
			env.Send(q, PreCommit{Txn: p.id})
		case !n.cfg.Quorum || states[q] == StateUncertain:
			env.Send(q, PreAbort{Txn: p.id})
		}
	}
	if commit && !n.cfg.Quorum {
		// Classic 3PC: tell every participant, reached or not.
		for _, q := range p.rec.Parts {
			if _, reached := states[q]; !reached {
				env.Send(q, PreCommit{Txn: p.id})
			}
		}
	}
	p.wait.Set(env, n.cfg.TerminationWindow, workload.TxnTag{Kind: tagRound, Txn: p.id})
}

// finishPreRound decides once the round's acks are in: classic 3PC
// commits after its PreCommit round whatever the acks; the quorum variant
// needs V_C (V_A) participants in the target state, else it blocks.
func (n *node) finishPreRound(env sim.Env, p *partTxn) {
	if p.round == nil {
		return
	}
	in := p.have
	for q := range p.round {
		in[q] = true
	}
	commit, why := p.roundCommit, p.reach
	p.round, p.have = nil, nil
	if n.cfg.Quorum {
		vc, va := n.cfg.quorums(len(p.rec.Parts))
		need := va
		if commit {
			need = vc
		}
		if len(in) < need {
			n.block(env, p, fmt.Sprintf("only %d of the %d needed are in state after its round; blocks", len(in), need))
			return
		}
	}
	n.lead(env, p, commit, why)
}

// lead decides as recovery coordinator and tells every participant,
// resending until each acks (one that was down learns when it is back).
func (n *node) lead(env sim.Env, p *partTxn, commit bool, why string) {
	n.settle(env, p, commit, why)
	p.decAcks = map[sim.NodeID]bool{env.ID(): true}
	n.resendLead(env, p)
}

// resendLead sends a recovery coordinator's decision to those that have
// not acked it, and comes back until all have.
func (n *node) resendLead(env sim.Env, p *partTxn) {
	pending := false
	for _, q := range p.rec.Parts {
		if !p.decAcks[q] {
			env.Send(q, Decision{Txn: p.id, Commit: p.rec.State == StateCommitted})
			pending = true
		}
	}
	if pending {
		env.SetTimer(n.cfg.Resend, workload.TxnTag{Kind: tagLeadResend, Txn: p.id})
	}
}

func keys(m map[sim.NodeID]string) map[sim.NodeID]bool {
	out := make(map[sim.NodeID]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// inState lists, sorted, the nodes in state s.
func inState(states map[sim.NodeID]string, s string) []sim.NodeID {
	var out []sim.NodeID
	for _, q := range sortedIDs(keys(states)) {
		if states[q] == s {
			out = append(out, q)
		}
	}
	return out
}

// names renders node IDs as "{n1,n2}".
func names(env sim.Env, ids []sim.NodeID) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = env.NameOf(id)
	}
	return "{" + strings.Join(parts, ",") + "}"
}
