package raft

import (
	"fmt"
	"time"

	"simrun/sim"
)

// becomeFollower makes this node a follower of its current term (§5.2)
// and restarts its election countdown.
func (n *node) becomeFollower(env sim.Env, cause, detail string) {
	n.stopLeading(env)
	n.role, n.step = follower, stepFollower
	n.votes = nil
	n.observeRole(env, cause, detail)
	n.armElection(env)
}

// armElection (re)starts the election countdown with a fresh timeout:
// drawn from the node's seeded stream, fixed, or overridden by name. A
// follower restarts it at every Append, hence a sim.Deadline.
func (n *node) armElection(env sim.Env) {
	n.timeoutDrawn = n.cfg.electionTimeout(env.Name(), env.Rand().Int64N)
	n.election.Set(env, n.timeoutDrawn, tagElection)
}

// onElectionTimer runs when the election timer fires: moot for a leader,
// early if a leader was heard since it was set, else the timeout.
func (n *node) onElectionTimer(env sim.Env) {
	if n.role == leader {
		n.election.Stop(env)
		return
	}
	if n.election.Expired(env, tagElection) {
		n.onElectionTimeout(env)
	}
}

// onElectionTimeout: no leader was heard for a whole timeout, so this node
// stands for election (§5.2), first asking in a pre-vote if configured.
func (n *node) onElectionTimeout(env sim.Env) {
	if !n.selfMember() {
		n.armElection(env) // a spare or removed server never stands
		return
	}
	if n.cfg.PreVote {
		n.preCampaign(env)
		return
	}
	n.campaign(env)
}

// preCampaign (§9.6) asks the others whether they would vote for this node
// in term+1, without raising anyone's term: a node cut off from the leader
// cannot win, so it cannot disrupt the cluster either.
func (n *node) preCampaign(env sim.Env) {
	n.role, n.step = preCandidate, stepCandidate
	n.votes = map[sim.NodeID]bool{n.id: true}
	n.leader = none
	n.observeRole(env, "timeout", n.timeoutDrawn.String())
	n.armElection(env)
	n.requestVotes(env, n.term+1, true)
	n.maybeWin(env)
}

// campaign (§5.2): increment the term, vote for itself durably, and ask
// every other server for its vote.
func (n *node) campaign(env sim.Env) {
	n.term++
	n.vote = n.id
	n.persistMeta(env)
	n.role, n.step = candidate, stepCandidate
	n.votes = map[sim.NodeID]bool{n.id: true}
	n.leader = none
	n.observeRole(env, "timeout", n.timeoutDrawn.String())
	n.armElection(env)
	n.requestVotes(env, n.term, false)
	n.maybeWin(env)
}

func (n *node) requestVotes(env sim.Env, term uint64, pre bool) {
	if env.Byzantine(BehaviourClaimHigherTerm) {
		term += 100
	}
	rv := RequestVote{Term: term, LastIndex: n.lastIndex(), LastTerm: n.termAt(n.lastIndex()), PreVote: pre}
	for _, p := range env.Peers() {
		env.Send(p, rv)
	}
}

// upToDate is the election restriction (§5.4.1): a voter grants its vote
// only to a candidate whose log is at least as up-to-date as its own,
// comparing the last entries' terms, then the logs' lengths.
func (n *node) upToDate(lastIndex, lastTerm uint64) bool {
	mine := n.termAt(n.lastIndex())
	return lastTerm > mine || lastTerm == mine && lastIndex >= n.lastIndex()
}

// inLease reports whether, with CheckQuorum, this node heard a leader
// within the minimum election timeout (or is the leader): then a vote
// request is a disruption, not a sign the leader is gone (§6, §9.6).
func (n *node) inLease(env sim.Env) bool {
	return n.cfg.CheckQuorum && n.heardLeaderLately(env)
}

// onPreVoteRequest answers a pre-vote without changing any state: granted
// when the candidate's term would be newer, its log is up-to-date and this
// node has not heard a leader lately.
func (n *node) onPreVoteRequest(env sim.Env, from sim.NodeID, rv RequestVote) {
	grant := rv.Term > n.term && n.upToDate(rv.LastIndex, rv.LastTerm) && !n.heardLeaderLately(env)
	if env.Byzantine(BehaviourVoteAny) {
		grant = true
	}
	if grant {
		env.Send(from, Vote{Term: rv.Term, Granted: true, PreVote: true})
		return
	}
	env.Send(from, Vote{Term: n.outTerm(env), PreVote: true})
}

// heardLeaderLately: a leader (or this node as leader) was active within
// the minimum election timeout, so a pre-vote has no reason to succeed.
func (n *node) heardLeaderLately(env sim.Env) bool {
	if n.role == leader {
		return true
	}
	return n.leader != none && n.heardAny && env.Now()-n.heardLeader < n.cfg.ElectionMin
}

// onVoteRequest is §5.2 and §5.4.1 for a request of the current term: one
// vote per term, first come first served, to an up-to-date candidate. The
// vote is on disk before the answer leaves.
func (n *node) onVoteRequest(env sim.Env, from sim.NodeID, rv RequestVote) {
	grant := (n.vote == none || n.vote == from) && n.upToDate(rv.LastIndex, rv.LastTerm)
	if !grant && env.Byzantine(BehaviourVoteAny) {
		grant = true
		why := fmt.Sprintf("although it already voted for %s in term %d", env.NameOf(n.vote), n.term)
		if !n.upToDate(rv.LastIndex, rv.LastTerm) {
			why = fmt.Sprintf("although the candidate's log (last index %d, term %d) is behind its own (last index %d, term %d)",
				rv.LastIndex, rv.LastTerm, n.lastIndex(), n.termAt(n.lastIndex()))
		}
		env.Observe(sim.Observation{Kind: KindLie, Data: LieFact{Behaviour: BehaviourVoteAny, To: env.NameOf(from),
			Detail: fmt.Sprintf("grants its vote in term %d %s", n.term, why)}})
	}
	if grant {
		if n.vote != from {
			n.vote = from
			n.persistMeta(env)
		}
		n.armElection(env)
	}
	env.Send(from, Vote{Term: n.outTerm(env), Granted: grant})
}

// stepFollower handles server messages of the current term as a follower.
func stepFollower(n *node, env sim.Env, from sim.NodeID, msg sim.Message) {
	switch m := msg.(type) {
	case RequestVote:
		n.onVoteRequest(env, from, m)
	case Append:
		n.onAppend(env, from, m)
	}
}

// stepCandidate handles messages of the current term while standing (or
// pre-standing) for election.
func stepCandidate(n *node, env sim.Env, from sim.NodeID, msg sim.Message) {
	switch m := msg.(type) {
	case RequestVote:
		n.onVoteRequest(env, from, m)
	case Append:
		// Another server won this term (§5.2): follow it.
		n.leader = from
		n.becomeFollower(env, "leader", env.NameOf(from))
		n.onAppend(env, from, m)
	case Vote:
		n.onVote(env, from, m)
	}
}

// onVote counts a granted vote; a pre-vote counts only for the term this
// node would stand in.
func (n *node) onVote(env sim.Env, from sim.NodeID, v Vote) {
	if !v.Granted {
		return
	}
	if v.PreVote != (n.role == preCandidate) || v.PreVote && v.Term != n.term+1 {
		return
	}
	if i := n.pos(from); i < 0 || !n.isMember(i) {
		return // only members' votes count
	}
	n.votes[from] = true
	n.maybeWin(env)
}

// maybeWin moves on once a majority granted: from pre-vote to a real
// campaign, or from candidate to leader.
func (n *node) maybeWin(env sim.Env) {
	if len(n.votes) < n.quorum() {
		return
	}
	if n.role == preCandidate {
		n.campaign(env)
		return
	}
	n.becomeLeader(env)
}

// becomeLeader takes office (§5.2): initialise next and match, append the
// term's no-op under the correct commit rule (§5.4.2, §8), and tell every
// follower at once.
func (n *node) becomeLeader(env sim.Env) {
	n.election.Stop(env)
	n.role, n.step, n.leader, n.votes = leader, stepLeader, n.id, nil
	size := len(n.servers)
	ls := &leaderState{next: make([]uint64, size), match: make([]uint64, size), ackSeq: make([]uint64, size),
		heard: make([]time.Duration, size), inflight: make([]bool, size), sentSeq: make([]uint64, size),
		lastSent: make([]time.Duration, size), waiters: map[uint64]waiter{}, pending: map[string]uint64{}}
	now := env.Now()
	for i := range ls.next {
		// lastSent a whole interval ago: the first heartbeat reaches everyone.
		ls.next[i], ls.heard[i], ls.lastSent[i] = n.lastIndex()+1, now, now-n.cfg.Heartbeat
	}
	for _, e := range n.log[n.commit:] {
		if seq, ok := ls.pending[e.Client]; e.Client != "" && (!ok || e.Seq > seq) {
			ls.pending[e.Client] = e.Seq
		}
	}
	n.lead = ls
	n.observeRole(env, "votes", "")
	if n.cfg.Commit == CommitCorrect {
		n.appendLocal(env, Entry{Term: n.term})
	}
	n.broadcastAppend(env, true)
	n.heartbeat.Set(env, n.cfg.Heartbeat, tagHeartbeat)
	if n.cfg.CheckQuorum {
		n.checkQuorum.Set(env, n.cfg.ElectionMin, tagCheckQuorum)
	}
}

// stopLeading drops a leader's volatile state. Waiting clients get no
// answer: their entries may still commit under the next leader, and a
// refusal would claim otherwise; they time out and retry there.
func (n *node) stopLeading(env sim.Env) {
	if n.lead == nil {
		return
	}
	n.lead = nil
	n.heartbeat.Stop(env)
	n.flush.Stop(env)
	n.checkQuorum.Stop(env)
}

// onCheckQuorum: a leader that has not heard from a majority within the
// minimum election timeout steps down, so a leader cut off from the
// cluster stops serving (and a lease never outlives the leadership).
func (n *node) onCheckQuorum(env sim.Env) {
	now := env.Now()
	heard := 0
	for i, s := range n.servers {
		if n.isMember(i) && (s == n.id || now-n.lead.heard[i] < n.cfg.ElectionMin) {
			heard++
		}
	}
	if heard < n.quorum() {
		n.leader = none
		n.becomeFollower(env, "check-quorum", "")
		return
	}
	n.checkQuorum.Set(env, n.cfg.ElectionMin, tagCheckQuorum)
}
