package primarybackup

import (
	"strings"

	"simrun/sim"
)

// onPromote starts the operator's promotion of this backup: it takes the
// next epoch and fences every other server, becoming primary only when all
// have acknowledged or FailoverTimeout passes. Fencing first means the old
// primary's tenure ends before the new one begins, so a planned failover
// never has two primaries. A node already primary or promoting ignores it.
func (n *node) onPromote(env sim.Env) {
	if n.role != backup {
		return
	}
	n.epoch++
	n.known = false
	n.persist(env)
	n.role = promoting
	n.failover.Stop(env)
	n.acks, n.handoff = map[sim.NodeID]bool{}, nil
	n.observeRole(env, CauseOperator, "")
	peers := env.Peers()
	if len(peers) == 0 {
		n.finishPromotion(env)
		return
	}
	for _, p := range peers {
		env.Send(p, Fence{Epoch: n.epoch})
	}
	n.fence.Set(env, n.cfg.FailoverTimeout, tagFence)
}

// onFence acknowledges a fence of the current epoch (Receive has already
// made this node a backup of it). A node that was primary until this fence
// hands over its whole state. A node that itself holds or claims the epoch
// does not answer; the same-epoch rule settles it.
func (n *node) onFence(env sim.Env, from sim.NodeID, wasPrimary bool) {
	if n.role != backup {
		return
	}
	n.heard(env, from)
	ack := FenceAck{Epoch: n.epoch, WasPrimary: wasPrimary}
	if wasPrimary {
		ack.Index, ack.Entries = n.index, n.entries()
	}
	env.Send(from, ack)
}

// onFenceAck counts an acknowledgement and keeps a former primary's state.
func (n *node) onFenceAck(env sim.Env, from sim.NodeID, m FenceAck) {
	if n.role != promoting {
		return
	}
	n.acks[from] = true
	if m.WasPrimary {
		n.handoff, n.handoffFrom = &m, from
	}
	if len(n.acks) >= len(env.Peers()) {
		n.finishPromotion(env)
	}
}

// finishPromotion makes the promoting node primary, first taking the state a
// fenced primary handed over, since that primary was the authority until it
// stepped down.
func (n *node) finishPromotion(env sim.Env) {
	n.fence.Stop(env)
	detail := n.fenceReport(env)
	if h := n.handoff; h != nil {
		n.replaceState(env, h.Entries, h.Index, SourceHandover, n.handoffFrom)
	}
	n.becomePrimary(env, CauseOperator, detail)
}

// fenceReport says which servers acknowledged the fence and which did not,
// in peer order, for the story.
func (n *node) fenceReport(env sim.Env) string {
	var fenced, silent []string
	for _, p := range env.Peers() {
		if n.acks[p] {
			fenced = append(fenced, env.NameOf(p))
		} else {
			silent = append(silent, env.NameOf(p))
		}
	}
	var parts []string
	if len(fenced) > 0 {
		parts = append(parts, "fenced "+strings.Join(fenced, ", "))
	}
	if len(silent) > 0 {
		parts = append(parts, "no answer from "+strings.Join(silent, ", ")+" within "+n.cfg.FailoverTimeout.String())
	}
	return strings.Join(parts, "; ")
}
