package primarybackup

import (
	"simrun/sim"
)

// fromPrimary accepts from as the primary of the current epoch, for a
// Heartbeat or Replicate of that epoch. Two nodes can hold one epoch (two
// backups promoting at once, or a fence that timed out): the one with the
// higher ID yields, so the pair converges. It returns false when this node
// keeps its claim and the message is to be ignored.
func (n *node) fromPrimary(env sim.Env, from sim.NodeID) bool {
	switch n.role {
	case primary:
		if from > n.id {
			return false // from yields when it hears our heartbeat
		}
		n.synced, n.known = false, false
		n.becomeBackup(env, CauseSameEpoch, env.NameOf(from))
	case promoting:
		n.synced, n.known = false, false
		n.becomeBackup(env, CauseSameEpoch, env.NameOf(from))
	}
	n.heard(env, from)
	return true
}

// heard records that from spoke as primary now: the silence countdown
// restarts.
func (n *node) heard(env sim.Env, from sim.NodeID) {
	n.primary, n.known = from, true
	n.stopProbe(env)
	n.lastHeard = env.Now()
	n.armFailover(env)
}

// onHeartbeat asks for a sync when this backup is new to the epoch or its
// Index differs from the primary's (it missed a Replicate, or holds writes
// the primary never had).
func (n *node) onHeartbeat(env sim.Env, from sim.NodeID, m Heartbeat) {
	if !n.fromPrimary(env, from) {
		return
	}
	if !n.synced || m.Index != n.index {
		env.Send(from, SyncRequest{Epoch: n.epoch})
	}
}

// onReplicate applies the next write of the lineage; a gap (a lost
// Replicate) or an unsynced state asks for a sync instead, and a duplicate
// is ignored.
func (n *node) onReplicate(env sim.Env, from sim.NodeID, m Replicate) {
	if !n.fromPrimary(env, from) {
		return
	}
	switch {
	case !n.synced || m.Index > n.index+1:
		env.Send(from, SyncRequest{Epoch: n.epoch})
	case m.Index == n.index+1:
		n.index = m.Index
		n.setKey(env, m.Key, m.Value, SourceReplicate, from)
		n.persist(env)
		n.ackIndex(env, from)
	default:
		n.ackIndex(env, from) // a duplicate: the ack may have been lost
	}
}

// onSyncState replaces this backup's whole state with the primary's. An
// answer older than what a synced backup holds would move it backwards, so
// it is ignored; a primary ignores it too (its own state is authoritative).
func (n *node) onSyncState(env sim.Env, from sim.NodeID, m SyncState) {
	if n.role != backup || (n.synced && m.Index < n.index) {
		return
	}
	n.heard(env, from)
	n.replaceState(env, m.Entries, m.Index, SourceSync, from)
	n.synced = true
	n.ackIndex(env, from)
}

// promoteSelf is automatic failover: the primary has been silent for
// FailoverTimeout, so this backup takes the next epoch and becomes primary
// at once, whatever it has missed and whether or not the old primary is
// still alive. That is the naive rule that permits split-brain.
func (n *node) promoteSelf(env sim.Env) {
	silent := env.Now() - n.lastHeard
	n.epoch++
	n.persist(env)
	n.becomePrimary(env, CauseTimeout, silent.String())
}
