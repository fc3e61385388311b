package paxos

import (
	"time"

	"simrun/check"
	"simrun/sim"
)

// prepare starts a new ballot: one round above everything this proposer
// has used or been told of, persisted before the Prepare leaves.
func (n *basicNode) prepare(env sim.Env) {
	round := max(n.ballot.Round, n.seen.Round) + 1
	n.ballot = check.Ballot{Round: round, Node: int(n.id)}
	env.Storage().Put(keyRound, round)
	env.Storage().Sync()
	n.phase, n.promises, n.value = preparing, map[sim.NodeID]Promise{}, ""
	env.Observe(sim.Observation{Kind: KindPropose, Data: ProposeFact{Ballot: n.ballot, Phase: PhasePrepare}})
	n.toAcceptors(env, Prepare{Ballot: n.ballot})
	env.SetTimer(n.cfg.RetryTimeout, retryTag{Round: round})
}

// toAcceptors sends msg to every acceptor, handling this node's own
// acceptor last and locally (no network hop to itself).
func (n *basicNode) toAcceptors(env sim.Env, msg sim.Message) {
	self := false
	for _, a := range n.roles.Acceptors {
		if a == n.id {
			self = true
			continue
		}
		env.Send(a, msg)
	}
	if self {
		n.Receive(env, n.id, msg)
	}
}

// onPromise collects promises; at a quorum the proposer takes the value of
// the highest-ballot accept reported (or its own if none) and, after
// AcceptDelay, asks for it to be accepted.
func (n *basicNode) onPromise(env sim.Env, from sim.NodeID, m Promise) {
	if n.phase != preparing || m.Ballot != n.ballot {
		return
	}
	n.promises[from] = m
	if len(n.promises) < n.quorum() {
		return
	}
	var best Promise
	for _, a := range n.roles.Acceptors { // sorted: the pick does not depend on map order
		if p, ok := n.promises[a]; ok && best.Accepted.Less(p.Accepted) {
			best = p
		}
	}
	n.value = n.prop.Value
	if !best.Accepted.IsZero() {
		n.value = best.Value
	}
	n.phase = delaying
	if n.cfg.AcceptDelay == 0 {
		n.sendAccept(env)
		return
	}
	env.SetTimer(n.cfg.AcceptDelay, acceptTag{Round: n.ballot.Round})
}

// sendAccept is phase 2a.
func (n *basicNode) sendAccept(env sim.Env) {
	n.phase = accepting
	env.Observe(sim.Observation{Kind: KindPropose, Data: ProposeFact{
		Ballot: n.ballot, Phase: PhaseAccept, Value: n.value, Adopted: n.value != n.prop.Value}})
	n.toAcceptors(env, Accept{Ballot: n.ballot, Value: n.value})
}

// onNack abandons the current ballot when an acceptor promised higher.
func (n *basicNode) onNack(env sim.Env, m Nack) {
	if n.seen.Less(m.Promised) {
		n.seen = m.Promised
	}
	active := n.phase == preparing || n.phase == delaying || n.phase == accepting
	if active && m.Ballot == n.ballot && n.ballot.Less(m.Promised) {
		n.preempted(env, m.Promised)
	}
}

// preempted records the lost ballot and retries by the configured policy:
// at once (naive), or after a random backoff from this node's stream.
func (n *basicNode) preempted(env sim.Env, by check.Ballot) {
	n.phase = idle
	if n.cfg.Retry == RetryImmediate {
		env.Observe(sim.Observation{Kind: KindPreempt, Data: PreemptFact{Ballot: n.ballot, By: by}})
		n.prepare(env)
		return
	}
	wait := time.Duration(env.Rand().Int64N(int64(n.cfg.BackoffMax)))
	env.Observe(sim.Observation{Kind: KindPreempt, Data: PreemptFact{Ballot: n.ballot, By: by, Wait: wait}})
	env.SetTimer(wait, proposeTag{})
}

// onAccepted is the learner: a value is learned when a quorum of acceptors
// accepted it in one ballot. A proposer that learns stops proposing.
func (n *basicNode) onAccepted(env sim.Env, from sim.NodeID, m Accepted) {
	if n.learned {
		return
	}
	vs := n.votes[m.Ballot]
	if vs == nil {
		vs = map[sim.NodeID]bool{}
		n.votes[m.Ballot] = vs
	}
	vs[from] = true
	if len(vs) < n.quorum() {
		return
	}
	n.learned = true
	env.Observe(sim.Observation{Kind: KindLearn, Data: LearnFact{Slot: 0, Value: m.Value}})
	if n.prop != nil {
		n.phase = done
	}
}
