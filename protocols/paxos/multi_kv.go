package paxos

import (
	"simrun/sim"
	"simrun/workload"
)

// onRequest serves a client. Only the leader proposes; a follower that
// knows the leader redirects, and one that does not stays silent (the
// client times out and retries) because a refusal would tell the client
// the operation failed, and it might not have.
func (n *multiNode) onRequest(env sim.Env, from sim.NodeID, m workload.Request) {
	if n.role != leader {
		if n.leaderKnown && n.leader != n.id {
			env.Send(from, workload.Reply{Seq: m.Seq, Err: "not leader", Redirect: env.NameOf(n.leader)})
		}
		return
	}
	if s, ok := n.sessions[m.Client]; ok && m.Seq <= s.seq {
		if m.Seq == s.seq {
			env.Send(from, s.reply) // applied already: the same answer again
		}
		return
	}
	n.clients[m.Client] = from
	if seq, ok := n.waiting[m.Client]; ok && seq == m.Seq {
		return // a retransmission of a command already in the log
	}
	n.waiting[m.Client] = m.Seq
	slot := n.next
	n.next++
	n.propose(env, slot, Cmd{Client: m.Client, Seq: m.Seq, Op: m.Op, Key: m.Key, Value: m.Value})
}

// learn records chosen commands and applies the log as far as it is
// contiguous. A slot already known keeps its command: a chosen value
// never changes (agreement is checked from the acceptors, not here).
func (n *multiNode) learn(env sim.Env, entries []SlotCmd) {
	for _, e := range entries {
		if _, ok := n.chosen[e.Slot]; !ok && e.Slot > 0 {
			n.chosen[e.Slot] = e.Cmd
		}
	}
	for {
		cmd, ok := n.chosen[n.applied+1]
		if !ok {
			return
		}
		n.applied++
		n.execute(env, cmd)
	}
}

// execute applies one command to the KV, once per (client, Seq): a command
// chosen twice (a retry re-proposed in a later slot) takes effect the
// first time and is answered from the session after.
func (n *multiNode) execute(env sim.Env, cmd Cmd) {
	if cmd.NoOp {
		return
	}
	if s, ok := n.sessions[cmd.Client]; ok && cmd.Seq <= s.seq {
		if cmd.Seq == s.seq {
			n.answer(env, cmd.Client, s.reply)
		}
		return
	}
	reply := workload.Reply{Seq: cmd.Seq, OK: true}
	switch cmd.Op {
	case workload.OpWrite:
		n.kv[cmd.Key] = cmd.Value
	case workload.OpRead:
		reply.Value = n.kv[cmd.Key]
	}
	n.sessions[cmd.Client] = session{seq: cmd.Seq, reply: reply}
	n.answer(env, cmd.Client, reply)
}

// answer replies to a client the leader is waiting on for this Seq.
func (n *multiNode) answer(env sim.Env, client string, reply workload.Reply) {
	if seq, ok := n.waiting[client]; n.role != leader || !ok || seq != reply.Seq {
		return
	}
	delete(n.waiting, client)
	env.Send(n.clients[client], reply)
}

// onCatchUp sends a learner the chosen commands it lacks, from m.From on,
// as far as this node knows them contiguously (at most catchUpMax).
func (n *multiNode) onCatchUp(env sim.Env, from sim.NodeID, m CatchUp) {
	var entries []SlotCmd
	for slot := max(m.From, 1); len(entries) < catchUpMax; slot++ {
		cmd, ok := n.chosen[slot]
		if !ok {
			break
		}
		entries = append(entries, SlotCmd{Slot: slot, Cmd: cmd})
	}
	if len(entries) > 0 {
		env.Send(from, Chosen{Entries: entries})
	}
}
