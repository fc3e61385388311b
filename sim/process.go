package sim

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"time"
)

// node is the kernel's record of one simulated process; it is also the Env
// handed to that process, so Env calls cost no allocation.
type node struct {
	w        *World
	id       NodeID
	name     string
	role     Role
	factory  func(NodeID) Node
	instance Node
	storage  *memStorage
	rand     *rand.Rand
	peers    []NodeID

	// up is false between a crash and a restart. Invariant: instance is
	// nil exactly when !up.
	up bool
	// inc counts incarnations; a timer set by an earlier incarnation is
	// discarded when it fires.
	inc uint32

	// paused nodes hear nothing and their timers stall; the events that
	// would have reached them wait in deferred (slab slots, in fire order).
	paused    bool
	pausedAt  time.Duration
	deferred  []uint32
	byzantine map[string]bool

	// The local clock: local(g) = anchorLocal + scale(g - anchorGlobal - stalled)
	// where stalled is the time spent paused since the anchor. scale
	// applies drift (parts per million).
	anchorGlobal time.Duration
	anchorLocal  time.Duration
	stalled      time.Duration
	driftPPM     int64
}

func (n *node) computePeers() {
	n.peers = n.peers[:0]
	for _, o := range n.w.nodes {
		if o.id != n.id && o.role == Server {
			n.peers = append(n.peers, o.id)
		}
	}
}

func (n *node) boot() {
	n.instance = n.factory(n.id)
	n.up = true
	n.instance.Start(n)
}

// ID implements Env.
func (n *node) ID() NodeID { return n.id }

// Name implements Env.
func (n *node) Name() string { return n.name }

// NameOf implements Env.
func (n *node) NameOf(id NodeID) string { return n.w.Name(id) }

// Peers implements Env. The slice is shared: callers must not modify it.
func (n *node) Peers() []NodeID { return n.peers }

// Now implements Env: the local clock.
func (n *node) Now() time.Duration { return n.local(n.w.now) }

func (n *node) local(g time.Duration) time.Duration {
	if n.paused {
		g = n.pausedAt
	}
	elapsed := g - n.anchorGlobal - n.stalled
	// elapsed*drift/1e6, split so a day at a million ppm cannot overflow.
	e := int64(elapsed)
	drift := (e/1_000_000)*n.driftPPM + (e%1_000_000)*n.driftPPM/1_000_000
	return n.anchorLocal + elapsed + time.Duration(drift)
}

// Send implements Env.
func (n *node) Send(to NodeID, msg Message) { n.w.send(n, to, msg) }

// SetTimer implements Env. after is measured on the local clock, so a
// fast clock fires its timers early in global time.
func (n *node) SetTimer(after time.Duration, tag any) TimerID {
	if after < 0 {
		after = 0
	}
	global := after
	if n.driftPPM != 0 {
		// Round up, so the local clock has reached `after` when it fires.
		global = scaleUp(after, 1_000_000, uint64(1_000_000+n.driftPPM))
	}
	w := n.w
	slot := w.alloc()
	ev := &w.slab[slot]
	ev.kind, ev.node, ev.inc, ev.tag, ev.after = evTimer, n.id, n.inc, tag, global
	at := w.now + global
	if at < w.now {
		at = math.MaxInt64 // overflow: never, in any run
	}
	w.push(at, slot)
	return TimerID(uint64(ev.gen)<<32 | uint64(slot))
}

// scaleUp returns ceil(d*num/den) without overflow for any d >= 0.
func scaleUp(d time.Duration, num, den uint64) time.Duration {
	hi, lo := bits.Mul64(uint64(d), num)
	lo, carry := bits.Add64(lo, den-1, 0)
	hi += carry
	if hi >= den {
		return math.MaxInt64 // a clock this slow never gets there
	}
	q, _ := bits.Div64(hi, lo, den)
	return time.Duration(q)
}

// CancelTimer implements Env.
func (n *node) CancelTimer(id TimerID) {
	slot, gen := uint32(id), uint32(id>>32)
	if int(slot) >= len(n.w.slab) {
		return
	}
	ev := &n.w.slab[slot]
	if ev.gen == gen && ev.kind == evTimer && ev.node == n.id {
		ev.cancelled = true
	}
}

// Rand implements Env.
func (n *node) Rand() *rand.Rand { return n.rand }

// Storage implements Env.
func (n *node) Storage() Storage { return n.storage }

// Observation kinds the kernel itself records (already in the trace as
// crash and restart lines), so checkers can end a node's claims at a crash.
const (
	KindCrash   = "sim.crash"
	KindRestart = "sim.restart"
	// KindFault marks a control event of the fault schedule (a partition,
	// a heal, a crash, a restart...); its Data is a FaultFact and its Node
	// is Operator. Liveness checks measure progress after the last one.
	KindFault = "sim.fault"
)

// FaultFact is the Data of a KindFault observation: the trace kind and
// description of one scheduled fault action.
type FaultFact struct {
	Kind string
	Text string
}

// Observe implements Env.
func (n *node) Observe(o Observation) {
	w := n.w
	ob := Observed{Time: w.now, Node: n.id, Observation: o}
	w.observed(ob)
	digest, text := w.encode(o.Data, "")
	w.rec.addDigest(w.now, "observe", n.name, o.Kind, digest, text)
	if w.cfg.OnObserve != nil {
		w.cfg.OnObserve(ob)
	}
}

// Byzantine implements Env.
func (n *node) Byzantine(behaviour string) bool { return n.byzantine[behaviour] }

// Crash stops node id now: its instance and pending timers are gone,
// messages to it are dropped until Restart. The disk keeps its synced
// writes; unsynced ones survive unless loseUnsynced; wipe loses the disk.
func (w *World) Crash(id NodeID, loseUnsynced, wipe bool) {
	n := w.nodes[id]
	if !n.up {
		return
	}
	detail := ""
	switch {
	case wipe:
		detail = "disk lost"
	case loseUnsynced:
		detail = "unsynced writes lost"
	}
	w.rec.add(w.now, "crash", n.name, "", detail)
	w.observed(Observed{Time: w.now, Node: id, Observation: Observation{Kind: KindCrash, Data: detail}})
	n.up, n.instance, n.paused = false, nil, false
	n.inc++
	n.storage.crash(loseUnsynced, wipe)
	for _, slot := range n.deferred {
		w.release(slot)
	}
	n.deferred = n.deferred[:0]
}

// Restart boots a fresh instance of a crashed node; it sees only Storage.
func (w *World) Restart(id NodeID) {
	n := w.nodes[id]
	if n.up {
		return
	}
	w.rec.add(w.now, "restart", n.name, "", "")
	w.observed(Observed{Time: w.now, Node: id, Observation: Observation{Kind: KindRestart}})
	n.boot()
}

// Pause stops node id as a long GC pause would: it hears nothing, its
// timers stall and its clock stops, until Resume.
func (w *World) Pause(id NodeID) {
	n := w.nodes[id]
	if !n.up || n.paused {
		return
	}
	w.rec.add(w.now, "pause", n.name, "", "")
	n.pausedAt = w.now
	n.paused = true
}

// Resume ends a pause: stalled timers are re-armed for the time they still
// had, held messages arrive now in their original order, and the node's
// clock resumes from where it stopped, as if no time had passed.
func (w *World) Resume(id NodeID) {
	n := w.nodes[id]
	if !n.up || !n.paused {
		return
	}
	w.rec.add(w.now, "resume", n.name, "", "")
	stall := w.now - n.pausedAt
	n.stalled += stall
	n.paused = false
	for _, slot := range n.deferred {
		at := w.now
		if w.slab[slot].kind == evTimer {
			at = w.slab[slot].scheduled + stall
		}
		w.push(max(at, w.now), slot)
	}
	n.deferred = n.deferred[:0]
}

// SetClock gives node id a clock offset by skew from its current reading
// and running fast (driftPPM > 0) or slow from now on.
func (w *World) SetClock(id NodeID, skew time.Duration, driftPPM int64) {
	n := w.nodes[id]
	if driftPPM <= -1_000_000 {
		panic(fmt.Sprintf("sim: drift %d ppm would stop or reverse %s's clock", driftPPM, n.name))
	}
	w.rec.add(w.now, "clock", n.name, "", fmt.Sprintf("skew=%v drift=%dppm", skew, driftPPM))
	local := n.local(w.now)
	n.anchorGlobal, n.anchorLocal, n.stalled = w.now, local+skew, 0
	if n.paused {
		n.anchorGlobal = n.pausedAt
	}
	n.driftPPM = driftPPM
}

// SetByzantine switches node id to (on) or away from (off) a lying
// behaviour its protocol implements; it outlives restarts.
func (w *World) SetByzantine(id NodeID, behaviour string, on bool) {
	n := w.nodes[id]
	w.rec.add(w.now, "byzantine", n.name, "", fmt.Sprintf("%s=%v", behaviour, on))
	n.byzantine[behaviour] = on
}
