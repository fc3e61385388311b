package paxos

import (
	"cmp"
	"slices"

	"simrun/check"
	"simrun/sim"
)

// campaign starts phase 1 for a ballot one round above any seen, over
// every slot from the first this node has not applied.
func (n *multiNode) campaign(env sim.Env) {
	round := max(n.seen.Round, n.acc.promised.Round) + 1
	n.ballot = check.Ballot{Round: round, Node: int(n.id)}
	n.role, n.promises, n.from, n.leaderKnown = candidate, map[sim.NodeID][]SlotCmd{}, n.applied+1, false
	n.armElection(env) // no quorum by then: try a higher ballot
	n.broadcast(env, LogPrepare{Ballot: n.ballot, From: n.from})
}

// onPrepare is the acceptor's phase 1b over all slots from m.From. A
// promise-nothing liar promises but reports no accepted entry.
func (n *multiNode) onPrepare(env sim.Env, from sim.NodeID, m LogPrepare) {
	n.noteBallot(env, m.Ballot)
	var entries []SlotCmd
	for slot, e := range n.acc.accepted {
		if slot >= m.From {
			entries = append(entries, SlotCmd{Slot: slot, Ballot: e.Ballot, Cmd: e.Cmd})
		}
	}
	slices.SortFunc(entries, func(a, b SlotCmd) int { return cmp.Compare(a.Slot, b.Slot) }) // map order must not leak
	lie := env.Byzantine(BehaviourPromiseNothing) && len(entries) > 0
	if !n.acc.promise(env, m.Ballot, lie) {
		n.send(env, from, LogNack{Ballot: m.Ballot, Promised: n.acc.promised})
		return
	}
	if lie {
		entries = nil
	}
	if from != n.id {
		n.leaderKnown = false
		n.armElection(env) // give the candidate time to finish phase 1
	}
	n.send(env, from, LogPromise{Ballot: m.Ballot, From: m.From, Entries: entries})
}

// onPromise collects promises; a quorum makes this node leader.
func (n *multiNode) onPromise(env sim.Env, from sim.NodeID, m LogPromise) {
	if n.role != candidate || m.Ballot != n.ballot || m.From != n.from {
		return
	}
	n.promises[from] = m.Entries
	if len(n.promises) == n.quorum() {
		n.becomeLeader(env)
	}
}

// becomeLeader ends phase 1. For every slot from `from` through the highest
// slot any promise reported, it proposes, in its own ballot: the value it
// already knows is chosen, else the highest-ballot value the quorum
// reported (re-proposed unchanged: it may have been chosen), else a no-op
// (nothing in the quorum accepted anything there, so nothing can have been
// chosen, and the hole must be filled before later slots can be applied).
func (n *multiNode) becomeLeader(env sim.Env) {
	best, through := n.mergePromises()
	n.role, n.leader, n.leaderKnown = leader, n.id, true
	n.pending, n.waiting, n.next = map[int64]*openSlot{}, map[string]uint64{}, through+1
	n.election.Stop(env)
	fact := LeadFact{Ballot: n.ballot, From: n.from, Through: through}
	cmds := make([]Cmd, 0, through-n.from+1)
	for slot := n.from; slot <= through; slot++ {
		cmd, known := n.chosen[slot]
		e, reported := best[slot]
		switch {
		case known:
			fact.Reproposed = append(fact.Reproposed, SlotCmd{Slot: slot, Ballot: e.Ballot, Cmd: cmd})
		case reported:
			cmd = e.Cmd
			fact.Reproposed = append(fact.Reproposed, e)
		default:
			cmd = Cmd{NoOp: true}
			fact.NoOps = append(fact.NoOps, slot)
		}
		cmds = append(cmds, cmd)
	}
	env.Observe(sim.Observation{Kind: KindLead, Data: fact})
	for i, cmd := range cmds {
		n.propose(env, n.from+int64(i), cmd)
	}
	n.beat(env)
}

// mergePromises picks, per slot, the highest-ballot entry the promises
// reported, and the last slot to cover (including slots this node knows
// are chosen).
func (n *multiNode) mergePromises() (map[int64]SlotCmd, int64) {
	best := map[int64]SlotCmd{} // lookups only
	through := n.from - 1
	for _, s := range n.servers { // server order: the merge is deterministic
		for _, e := range n.promises[s] {
			if b, ok := best[e.Slot]; e.Slot >= n.from && (!ok || b.Ballot.Less(e.Ballot)) {
				best[e.Slot] = e
				through = max(through, e.Slot)
			}
		}
	}
	for slot := range n.chosen { // a max: order does not matter
		through = max(through, slot)
	}
	return best, through
}

// propose runs phase 2 for one slot.
func (n *multiNode) propose(env sim.Env, slot int64, cmd Cmd) {
	n.pending[slot] = &openSlot{cmd: cmd, votes: map[sim.NodeID]bool{}}
	n.broadcast(env, LogAccept{Ballot: n.ballot, Slot: slot, Cmd: cmd})
}

// onAccept is the acceptor's phase 2b. Accepting from a leader also
// restarts the silence countdown.
func (n *multiNode) onAccept(env sim.Env, from sim.NodeID, m LogAccept) {
	n.noteBallot(env, m.Ballot)
	if !n.acc.accept(env, m.Slot, m.Ballot, m.Cmd.String(), m.Cmd) {
		n.send(env, from, LogNack{Ballot: m.Ballot, Promised: n.acc.promised})
		return
	}
	if from != n.id {
		n.leader, n.leaderKnown = from, true
		n.armElection(env)
	}
	n.send(env, from, LogAccepted{Ballot: m.Ballot, Slot: m.Slot})
}

// onAccepted counts phase 2b answers; at a quorum the slot is chosen and
// every learner is told.
func (n *multiNode) onAccepted(env sim.Env, from sim.NodeID, m LogAccepted) {
	if n.role != leader || m.Ballot != n.ballot {
		return
	}
	p := n.pending[m.Slot]
	if p == nil {
		return
	}
	p.votes[from] = true
	if len(p.votes) < n.quorum() {
		return
	}
	delete(n.pending, m.Slot)
	entries := []SlotCmd{{Slot: m.Slot, Cmd: p.cmd}}
	for _, s := range n.servers {
		if s != n.id {
			env.Send(s, Chosen{Entries: entries})
		}
	}
	n.learn(env, entries)
}

// onNack: a higher promise somewhere; a candidate or leader of the refused
// ballot steps down.
func (n *multiNode) onNack(env sim.Env, m LogNack) {
	if m.Ballot == n.ballot {
		n.noteBallot(env, m.Promised)
	} else if n.seen.Less(m.Promised) {
		n.seen = m.Promised
	}
}

// beat is the leader's heartbeat: it tells every server it is alive and
// how far it has applied, and retransmits Accepts still short of a quorum
// to the servers that have not answered (messages get lost).
func (n *multiNode) beat(env sim.Env) {
	hb := Heartbeat{Ballot: n.ballot, Applied: n.applied}
	for _, s := range n.servers {
		if s != n.id {
			env.Send(s, hb)
		}
	}
	slots := make([]int64, 0, len(n.pending))
	for slot := range n.pending {
		slots = append(slots, slot)
	}
	slices.Sort(slots)
	for _, slot := range slots {
		p := n.pending[slot]
		for _, s := range n.servers {
			if !p.votes[s] && s != n.id {
				env.Send(s, LogAccept{Ballot: n.ballot, Slot: slot, Cmd: p.cmd})
			}
		}
	}
	n.heartbeat.Set(env, n.cfg.Heartbeat, tagHeartbeat)
}

// onHeartbeat follows a leader at least as high as this node's promise; a
// stale leader is told (Nack) so it steps down. A learner behind the
// leader asks to catch up.
func (n *multiNode) onHeartbeat(env sim.Env, from sim.NodeID, m Heartbeat) {
	n.noteBallot(env, m.Ballot)
	if m.Ballot.Less(n.acc.promised) {
		env.Send(from, LogNack{Ballot: m.Ballot, Promised: n.acc.promised})
		return
	}
	if n.role != follower {
		return // this node's own ballot equals m.Ballot only if it sent it
	}
	n.leader, n.leaderKnown = from, true
	n.armElection(env)
	if m.Applied > n.applied {
		env.Send(from, CatchUp{From: n.applied + 1})
	}
}
