package faults

import (
	"fmt"
	"math/rand/v2"
	"time"

	"simrun/sim"
)

// ringSize bounds how many old messages a link remembers for replay: a
// replay attack needs a recent message, and a bound keeps memory at
// nodes² × ringSize however long the run.
const ringSize = 8

// Network is the fault-injecting sim.Network: a Link per directed pair
// plus directed cuts. Build it with the World's "net" stream so message
// fates depend on the seed and on nothing else.
type Network struct {
	r     *rand.Rand
	nodes int
	// links[from*nodes+to] governs messages from→to. Invariant: every
	// entry passed Link.Validate.
	links []Link
	// cut[from*nodes+to] is true while from→to is partitioned.
	// Invariant: cut[i*nodes+i] is never true (self-sends are never cut).
	cut []bool
	// rings[from*nodes+to] remembers the last ringSize messages sent on
	// that link while its Replay was > 0; nil until first needed.
	rings []*ring
}

// ring is a bounded memory of messages, oldest overwritten first.
// Invariant: 0 <= n <= ringSize and next < ringSize.
type ring struct {
	msgs    [ringSize]sim.Message
	n, next int
}

func (g *ring) push(m sim.Message) {
	g.msgs[g.next] = m
	g.next = (g.next + 1) % ringSize
	g.n = min(g.n+1, ringSize)
}

// NewNetwork returns a network of nodes nodes in which every directed pair
// (a node to itself included) uses def. It panics on an invalid def or a
// node count below 1: scenarios validate links before building a run.
func NewNetwork(r *rand.Rand, nodes int, def Link) *Network {
	if nodes < 1 {
		panic(fmt.Sprintf("faults: NewNetwork needs at least one node (got %d)", nodes))
	}
	if err := def.Validate(); err != nil {
		panic("faults: NewNetwork: " + err.Error())
	}
	n := &Network{r: r, nodes: nodes, links: make([]Link, nodes*nodes),
		cut: make([]bool, nodes*nodes), rings: make([]*ring, nodes*nodes)}
	for i := range n.links {
		n.links[i] = def
	}
	return n
}

// index maps a directed pair to its slot, asserting both ends exist.
func (n *Network) index(from, to sim.NodeID) int {
	if from < 0 || int(from) >= n.nodes || to < 0 || int(to) >= n.nodes {
		panic(fmt.Sprintf("faults: link %d->%d outside a %d-node network", from, to, n.nodes))
	}
	return int(from)*n.nodes + int(to)
}

// SetLink replaces the from→to link (one direction only, so asymmetric
// links are possible). It panics on an invalid link, as NewNetwork does.
func (n *Network) SetLink(from, to sim.NodeID, l Link) {
	if err := l.Validate(); err != nil {
		panic(fmt.Sprintf("faults: SetLink %d->%d: %v", from, to, err))
	}
	n.links[n.index(from, to)] = l
}

// Link returns the from→to link, so a run can print what it used.
func (n *Network) Link(from, to sim.NodeID) Link { return n.links[n.index(from, to)] }

// Route implements sim.Network. A message to self is never cut, lost or
// tampered with; it takes one latency draw of the from→from link. Any
// other message goes through these steps, in this order, each drawing from
// the stream only when its probability is above zero (the order is part
// of what a seed means; change it only with a note in the changelog):
//
//  1. partition: a cut from→to drops it ("partition"), with no draw;
//  2. loss: one Float64; below Loss drops it ("loss");
//  3. latency: one sample for the first copy;
//  4. tamper: one Float64 u; u < Corrupt corrupts the first copy
//     (Corruptible's own draws, or Garbage's), else u < Corrupt+Forge
//     forges its sender (one IntN);
//  5. duplicate: one Float64; below Duplicate adds an honest copy with
//     its own latency sample;
//  6. replay: one Float64; below Replay, and if the link remembers an
//     older message, one IntN picks it and one latency sample delays it.
//     The message is then remembered (only while Replay > 0, and only
//     if it was carried: a lost message cannot be replayed).
func (n *Network) Route(_ time.Duration, from, to sim.NodeID, msg sim.Message, out []sim.Delivery) ([]sim.Delivery, string) {
	i := n.index(from, to)
	l := &n.links[i]
	if from == to {
		return append(out, sim.Delivery{Delay: l.Latency.Sample(n.r), From: from, Msg: msg}), ""
	}
	if n.cut[i] {
		return out, "partition"
	}
	if n.hit(l.Loss) {
		return out, "loss"
	}
	out = append(out, n.tamper(l, sim.Delivery{Delay: l.Latency.Sample(n.r), From: from, Msg: msg}))
	if n.hit(l.Duplicate) {
		out = append(out, sim.Delivery{Delay: l.Latency.Sample(n.r), From: from, Msg: msg, Fate: sim.Duplicated})
	}
	if l.Replay > 0 {
		out = n.replay(i, l, from, msg, out)
	}
	return out, ""
}

// hit draws one Float64 and reports whether it fell below p; for p <= 0
// it draws nothing, so a fault that is switched off costs no randomness.
func (n *Network) hit(p float64) bool {
	return p > 0 && n.r.Float64() < p
}

// tamper applies step 4 of Route to the first copy d. Corrupt and forge
// share one draw so a copy has exactly one fate and each happens at
// exactly its own rate.
func (n *Network) tamper(l *Link, d sim.Delivery) sim.Delivery {
	p := l.Corrupt + l.Forge
	if p <= 0 {
		return d
	}
	u := n.r.Float64()
	switch {
	case u < l.Corrupt:
		d.Msg, d.Fate = corrupt(n.r, d.Msg), sim.Corrupted
	case u < p && n.nodes > 1:
		liar := sim.NodeID(n.r.IntN(n.nodes - 1))
		if liar >= d.From {
			liar++ // any node but the true sender
		}
		d.From, d.Fate = liar, sim.Forged
	}
	return d
}

// replay applies step 6 of Route: maybe resend an older message of link i,
// then remember msg.
func (n *Network) replay(i int, l *Link, from sim.NodeID, msg sim.Message, out []sim.Delivery) []sim.Delivery {
	g := n.rings[i]
	if g == nil {
		g = &ring{}
		n.rings[i] = g
	}
	if n.hit(l.Replay) && g.n > 0 {
		old := g.msgs[n.r.IntN(g.n)]
		out = append(out, sim.Delivery{Delay: l.Latency.Sample(n.r), From: from, Msg: old, Fate: sim.Replayed})
	}
	g.push(msg)
	return out
}

// Cut partitions the from→to direction only: from's messages to to are
// dropped until Heal; to's messages to from still pass. Cutting a node
// from itself does nothing (self-sends are never cut).
func (n *Network) Cut(from, to sim.NodeID) {
	i := n.index(from, to)
	if from != to {
		n.cut[i] = true
	}
}

// Apply adds p's cuts to those in force; it never reconnects anything.
func (n *Network) Apply(p Partition) {
	for _, c := range p.Cuts {
		n.Cut(c[0], c[1])
	}
}

// Heal restores all connectivity, ending every partition at once.
func (n *Network) Heal() { clear(n.cut) }

// Connected reports whether messages from→to currently pass the
// partitions (they may still be lost by the link).
func (n *Network) Connected(from, to sim.NodeID) bool { return !n.cut[n.index(from, to)] }
