package primarybackup

import (
	"slices"
	"time"

	"simrun/sim"
	"simrun/workload"
)

// heldReply is an answer a semi-sync or sync primary withholds until
// enough backups hold the lineage's first index writes.
type heldReply struct {
	index  uint64
	to     sim.NodeID
	client string
	reply  workload.Reply
}

// resetTenure forgets what belongs to one tenure as primary or one
// failover attempt: acknowledgements, withheld answers (their clients time
// out and learn nothing, which is honest: the write may or may not
// survive), the unshipped backlog and any probe in progress. Timers are
// cancelled only if armed, so async runs without lag are unchanged.
func (n *node) resetTenure(env sim.Env) {
	n.match, n.held, n.backlog = nil, nil, nil
	if n.role == primary {
		n.match = map[sim.NodeID]uint64{}
	}
	n.stopProbe(env)
}

// answer sends a served request's reply, at once (async, or nothing to
// wait for) or once enough backups acknowledged the state it reflects. A
// read is held as well as a write: it may show a write no backup has yet,
// which a crash would take back.
func (n *node) answer(env sim.Env, to sim.NodeID, r workload.Request, reply workload.Reply) {
	if !n.cfg.waitsForAcks() || n.index <= n.committed(env) {
		n.sessions[r.Client] = session{seq: r.Seq, reply: reply}
		env.Send(to, reply)
		return
	}
	n.sessions[r.Client] = session{seq: r.Seq, reply: reply, held: true}
	n.held = append(n.held, heldReply{index: n.index, to: to, client: r.Client, reply: reply})
}

// committed is the highest index enough backups hold: the one most
// advanced backup for semi-sync, the least advanced one for sync.
func (n *node) committed(env sim.Env) uint64 {
	peers := env.Peers()
	if len(peers) == 0 {
		return n.index
	}
	got := make([]uint64, 0, len(peers))
	for _, p := range peers { // peer order: deterministic
		got = append(got, n.match[p])
	}
	slices.Sort(got)
	if n.cfg.mode() == ReplicationSync {
		return got[0]
	}
	return got[len(got)-1]
}

// onReplicateAck records how far a backup got and releases the answers
// that now have enough copies behind them.
func (n *node) onReplicateAck(env sim.Env, from sim.NodeID, m ReplicateAck) {
	if n.role != primary {
		return
	}
	n.match[from] = max(n.match[from], m.Index)
	upTo := n.committed(env)
	i := 0
	for ; i < len(n.held) && n.held[i].index <= upTo; i++ {
		h := n.held[i]
		if s, ok := n.sessions[h.client]; ok && s.seq == h.reply.Seq {
			s.held = false
			n.sessions[h.client] = s
		}
		env.Send(h.to, h.reply)
	}
	n.held = n.held[i:]
}

// ackIndex tells the primary how far this backup got, in the modes that
// wait for it.
func (n *node) ackIndex(env sim.Env, to sim.NodeID) {
	if n.cfg.waitsForAcks() && n.synced {
		env.Send(to, ReplicateAck{Epoch: n.epoch, Index: n.index})
	}
}

// unshipped is a write a lagging replication stream has not sent yet.
type unshipped struct {
	due time.Duration // local time it is shipped: accepted + ReplicationLag
	m   Replicate
}

// lagReplicate queues a write to ship ReplicationLag after its acceptance,
// with a timer of its own (stale timers find nothing due and do nothing).
func (n *node) lagReplicate(env sim.Env, m Replicate) {
	n.backlog = append(n.backlog, unshipped{due: env.Now() + n.cfg.ReplicationLag, m: m})
	env.SetTimer(n.cfg.ReplicationLag, tagShip)
}

// shipBacklog sends, in order, the writes whose lag has passed.
func (n *node) shipBacklog(env sim.Env) {
	if n.role != primary {
		n.backlog = nil
		return
	}
	i := 0
	for ; i < len(n.backlog) && n.backlog[i].due <= env.Now(); i++ {
		for _, p := range env.Peers() {
			env.Send(p, n.backlog[i].m)
		}
	}
	n.backlog = n.backlog[i:]
}

// onSilence is automatic failover's next step once the primary has been
// silent for FailoverTimeout: promote at once (FailoverToAny), or first ask
// the others how far they got (FailoverToMostUpToDate).
func (n *node) onSilence(env sim.Env) {
	if !n.cfg.probes() {
		n.promoteSelf(env)
		return
	}
	if n.probing {
		return
	}
	n.probing, n.answers = true, map[sim.NodeID]uint64{}
	for _, p := range env.Peers() {
		env.Send(p, Probe{Epoch: n.epoch, Index: n.index})
	}
	n.probe.Set(env, 2*n.cfg.Heartbeat, tagProbe)
}

// onProbeAck counts an answer; once every peer answered (a dead primary
// never does, so usually the probe timer decides) the prober decides.
func (n *node) onProbeAck(env sim.Env, from sim.NodeID, m ProbeAck) {
	if !n.probing {
		return
	}
	n.answers[from] = m.Index
	if len(n.answers) >= len(env.Peers()) {
		n.decideProbe(env)
	}
}

// decideProbe promotes this backup unless an answer shows another server
// further ahead (or as far, with a lower ID, the tie rule); then it waits
// for that one's heartbeats instead, failing over again if none come.
func (n *node) decideProbe(env sim.Env) {
	if !n.probing || n.role != backup {
		return
	}
	answers := n.answers
	n.stopProbe(env)
	for _, p := range env.Peers() { // peer order: deterministic
		idx, ok := answers[p]
		if ok && (idx > n.index || (idx == n.index && p < n.id)) {
			n.armFailover(env)
			return
		}
	}
	n.promoteSelf(env)
}

// stopProbe abandons a probe: a primary spoke, or the role changed.
func (n *node) stopProbe(env sim.Env) {
	n.probing, n.answers = false, nil
	n.probe.Stop(env)
}
