package raft

import (
	"fmt"
	"slices"
	"time"

	"simrun/sim"
)

// appendLocal appends e to a leader's own log durably and schedules the
// next Append round, so proposals arriving within BatchDelay travel
// together (batching).
func (n *node) appendLocal(env sim.Env, e Entry) uint64 {
	index := n.lastIndex() + 1
	n.log = append(n.log, e)
	n.persistLog(env)
	env.Observe(sim.Observation{Kind: KindAppend, Data: AppendFact{Term: n.term, Index: index, Entries: n.log[index-1 : index : index]}})
	if len(e.Members) > 0 {
		n.useConfig(env, index)
	}
	n.scheduleFlush(env)
	if n.memberCount() == 1 && n.selfMember() {
		n.maybeCommit(env)
	}
	return index
}

// scheduleFlush arms the flush after BatchDelay if some follower is idle
// (no Append in flight) to take what waits; busy followers get it with
// their next reply.
func (n *node) scheduleFlush(env sim.Env) {
	if n.flush.Armed() {
		return
	}
	for i, s := range n.servers {
		if s != n.id && n.isMember(i) && !n.lead.inflight[i] {
			n.flush.Set(env, n.cfg.BatchDelay, tagFlush)
			return
		}
	}
}

// broadcastAppend sends each idle follower what it lacks. A heartbeat
// opens a new round and also reaches every follower whose heartbeat is
// due (heartbeatDue), busy or not: it keeps followers from standing for
// election (§5.2), and it resends what a lost Append or reply left
// hanging. Under load the stream of batches leaves heartbeats nothing to
// do, and costs no message.
func (n *node) broadcastAppend(env sim.Env, heartbeat bool) {
	n.flush.Stop(env)
	ls := n.lead
	if heartbeat {
		n.openRound(env)
	}
	now := env.Now()
	for i, s := range n.servers {
		if s == n.id || !n.isMember(i) {
			continue
		}
		if (heartbeat && now >= n.heartbeatDue(i)) || (!ls.inflight[i] && n.wantsAppend(i)) {
			n.sendAppend(env, i)
		}
	}
}

// heartbeatDue is when follower i must next be sent an Append: a whole
// interval after the last one, or half an interval while that one is
// unanswered, so a lost Append or reply is resent soon enough that a few
// losses in a row cannot starve a follower into an election.
func (n *node) heartbeatDue(i int) time.Duration {
	ls := n.lead
	if ls.inflight[i] {
		return ls.lastSent[i] + n.cfg.Heartbeat/2
	}
	return ls.lastSent[i] + n.cfg.Heartbeat
}

// armHeartbeat sets the heartbeat for the first follower's due time, so
// no follower ever waits longer than Heartbeat however the batches fell.
func (n *node) armHeartbeat(env sim.Env) {
	now := env.Now()
	next := now + n.cfg.Heartbeat
	for i, s := range n.servers {
		if s != n.id && n.isMember(i) {
			next = min(next, n.heartbeatDue(i))
		}
	}
	n.heartbeat.Set(env, max(next-now, 0), tagHeartbeat)
}

// openRound starts round seq+1 for ReadIndex and the lease.
func (n *node) openRound(env sim.Env) {
	ls := n.lead
	ls.seq++
	ls.roundWanted = false
	ls.sentAt = append(ls.sentAt, roundSent{seq: ls.seq, at: env.Now()})
}

// wantsAppend reports whether follower i has anything to hear: entries it
// lacks, or a round a waiting read needs that it has not been sent.
func (n *node) wantsAppend(i int) bool {
	ls := n.lead
	if ls.next[i] <= n.lastIndex() || ls.roundWanted {
		return true
	}
	return len(ls.reads) > 0 && ls.sentSeq[i] < ls.reads[len(ls.reads)-1].seq
}

// sendAppend sends follower i the entries from its next index (at most
// BatchMax), and optimistically assumes they arrive: a loss shows up as a
// refusal at the next round, which moves next back (§5.3).
func (n *node) sendAppend(env sim.Env, i int) {
	ls := n.lead
	if ls.roundWanted {
		n.openRound(env)
	}
	prev := ls.next[i] - 1
	last := min(n.lastIndex(), prev+uint64(n.cfg.BatchMax))
	entries := n.log[prev:last:last]
	if env.Byzantine(BehaviourEquivocate) && i%2 == 0 && slices.ContainsFunc(entries, func(e Entry) bool { return e.Client != "" }) {
		entries = equivocate(entries)
		env.Observe(sim.Observation{Kind: KindLie, Data: LieFact{Behaviour: BehaviourEquivocate, To: env.NameOf(n.servers[i]),
			Detail: fmt.Sprintf("sends other commands at indexes %d..%d than it sends the rest", prev+1, last)}})
	}
	env.Send(n.servers[i], Append{Term: n.outTerm(env), PrevIndex: prev, PrevTerm: n.termAt(prev),
		Commit: n.commit, Seq: ls.seq, Entries: entries})
	ls.next[i] = last + 1
	ls.inflight[i], ls.sentSeq[i], ls.lastSent[i] = true, ls.seq, env.Now()
}

// equivocate is the Byzantine leader's lie: the same indexes and terms
// with other commands, for half of the followers.
func equivocate(entries []Entry) []Entry {
	out := slices.Clone(entries)
	for i := range out {
		if out[i].Client != "" {
			out[i].Value += "'"
		}
	}
	return out
}

// onAppend is the follower side of AppendEntries (§5.3): refuse when the
// log lacks the entry before the new ones, otherwise delete conflicting
// entries, append the new ones durably, and learn the commit index.
func (n *node) onAppend(env sim.Env, from sim.NodeID, m Append) {
	n.leader = from
	n.heardLeader, n.heardAny = env.Now(), true
	n.armElection(env)
	reply := AppendReply{Term: n.outTerm(env), Seq: m.Seq}
	if m.PrevIndex > n.lastIndex() {
		reply.Hint = n.lastIndex() + 1
		env.Send(from, reply)
		return
	}
	if n.termAt(m.PrevIndex) != m.PrevTerm {
		reply.Hint = n.conflictHint(m.PrevIndex)
		env.Send(from, reply)
		return
	}
	n.storeEntries(env, m.PrevIndex, m.Entries)
	match := m.PrevIndex + uint64(len(m.Entries))
	// The commit index learned is capped by what this Append proved we
	// share with the leader: entries beyond match may still be stale.
	if c := min(m.Commit, match); c > n.commit {
		n.advanceCommit(env, c)
	}
	reply.Success, reply.Match = true, match
	env.Send(from, reply)
}

// conflictHint is where a leader should resume after a refusal at prev:
// the first index of the conflicting term, so one round skips the whole
// term instead of one entry (§5.3's optimization). It is always <= prev,
// so every refusal moves the leader back and the exchange ends. It is not
// clamped at the commit index: under the correct rules a committed entry
// never conflicts, and under the naive rule the scenario must show what
// happens when one does.
func (n *node) conflictHint(prev uint64) uint64 {
	t := n.termAt(prev)
	i := prev
	for i > 1 && n.termAt(i-1) == t {
		i--
	}
	return i
}

// storeEntries merges entries after prev into the log: entries already
// present with the same term are kept, the first conflict deletes the
// rest of the log (§5.3 step 3), and what is new is appended.
func (n *node) storeEntries(env sim.Env, prev uint64, entries []Entry) {
	for k, e := range entries {
		index := prev + 1 + uint64(k)
		if index <= n.lastIndex() && n.termAt(index) == e.Term {
			continue
		}
		if index <= n.lastIndex() {
			n.truncate(env, index)
		}
		n.log = append(n.log, entries[k:]...)
		n.persistLog(env)
		env.Observe(sim.Observation{Kind: KindAppend, Data: AppendFact{Term: n.term, Index: index, Entries: entries[k:]}})
		n.noteAppended(env, index)
		return
	}
}

// truncate deletes the log from index on. Committed entries are never
// deleted by an honest cluster; deleting one means some rule was broken.
func (n *node) truncate(env sim.Env, index uint64) {
	count := n.lastIndex() - index + 1
	n.log = n.log[: index-1 : index-1]
	n.persistLog(env)
	env.Observe(sim.Observation{Kind: KindTruncate, Data: TruncateFact{Term: n.term, Index: index, Count: count}})
	n.noteTruncated(env)
}

// stepLeader handles messages of the current term as leader.
func stepLeader(n *node, env sim.Env, from sim.NodeID, msg sim.Message) {
	switch m := msg.(type) {
	case RequestVote:
		env.Send(from, Vote{Term: n.outTerm(env)}) // already voted for itself this term
	case AppendReply:
		n.onAppendReply(env, from, m)
	}
}

// onAppendReply records a follower's progress, resends at once after a
// refusal (from where the follower's hint says), and otherwise sends the
// follower whatever gathered while its Append was in flight.
func (n *node) onAppendReply(env sim.Env, from sim.NodeID, m AppendReply) {
	ls := n.lead
	i := n.pos(from)
	if i < 0 {
		return
	}
	ls.heard[i] = env.Now()
	ls.ackSeq[i] = max(ls.ackSeq[i], m.Seq)
	if m.Seq >= ls.sentSeq[i] {
		ls.inflight[i] = false
	}
	if !m.Success {
		ls.next[i] = max(ls.match[i]+1, min(m.Hint, n.lastIndex()+1))
		n.sendAppend(env, i)
	} else if m.Match > ls.match[i] {
		ls.match[i] = m.Match
		ls.next[i] = max(ls.next[i], m.Match+1)
		n.maybeCommit(env)
	}
	if n.role != leader {
		return
	}
	n.serveReads(env)
	if !ls.inflight[i] && n.wantsAppend(i) {
		n.sendAppend(env, i) // the batch that gathered while this one flew
	}
}

// maybeCommit advances the commit index to the highest index stored on a
// majority. Under the correct rule (§5.4.2) only an entry of the current
// term is committed by counting; older entries commit with it. The naive
// rule counts any entry, which Figure 8 shows can lose a committed entry.
func (n *node) maybeCommit(env sim.Env) {
	ls := n.lead
	for idx := n.lastIndex(); idx > n.commit; idx-- {
		if n.cfg.Commit == CommitCorrect && n.termAt(idx) != n.term {
			return // terms only fall going back: nothing lower is of this term
		}
		count := 0
		for i, s := range n.servers {
			if n.isMember(i) && (s == n.id || ls.match[i] >= idx) {
				count++
			}
		}
		if count >= n.quorum() {
			n.advanceCommit(env, idx)
			return
		}
	}
}

// advanceCommit moves the commit index to c and applies what committed.
func (n *node) advanceCommit(env sim.Env, c uint64) {
	env.Observe(sim.Observation{Kind: KindCommit, Data: CommitFact{Term: n.term, From: n.commit + 1, To: c}})
	n.commit = c
	n.apply(env)
	if n.role == leader && n.confIndex <= n.commit && !n.selfMember() {
		// §6: a leader removed by a committed configuration steps down.
		n.leader = none
		n.becomeFollower(env, "removed", "")
	}
}
