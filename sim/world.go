package sim

import (
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"
)

// Config fixes everything about a run except the nodes themselves.
type Config struct {
	// Seed derives every random stream of the run.
	Seed uint64
	// Deadline is the simulated time at which the run stops (required, > 0).
	Deadline time.Duration
	// MaxEvents bounds the number of events processed (required, > 0): a
	// livelock ends as a verdict, never as a hang.
	MaxEvents int64
	// Network decides each message's fate; nil means FixedLatency(10ms).
	Network Network
	// Trace, when set, receives every event as one JSON line.
	Trace io.Writer
	// OnObserve, when set, sees each observation as it is recorded; it may
	// call World.Stop (for example at the first invariant violation).
	OnObserve func(Observed)
}

// EndReason says why a run stopped.
type EndReason string

const (
	// EndDeadline: simulated time reached Config.Deadline.
	EndDeadline EndReason = "deadline"
	// EndQuiescent: no event was left to process.
	EndQuiescent EndReason = "quiescent"
	// EndBudget: Config.MaxEvents events were processed.
	EndBudget EndReason = "event-budget"
	// EndStopped: World.Stop was called.
	EndStopped EndReason = "stopped"
)

// Result is what a finished run leaves behind.
type Result struct {
	Seed uint64
	// Hash is the FNV-1a fingerprint of every event in order.
	Hash uint64
	// Events counts the recorded events (the trace's length).
	Events int64
	// Cancelled counts timers cancelled before they fired: each cost the
	// queue a push and a pop for nothing, so a protocol that re-arms a
	// timer on every message shows here (it is not part of the trace).
	Cancelled int64
	// Now is the simulated time at the end.
	Now time.Duration
	End EndReason
	// Observations in the order they were recorded.
	Observations []Observed
	// Names maps NodeID to its printable name.
	Names []string
	// TraceErr is the first error writing the trace, if any.
	TraceErr error
}

// HashString renders the hash the way summaries and the CLI print it.
func (r Result) HashString() string { return fmt.Sprintf("%016x", r.Hash) }

type eventKind uint8

const (
	evTimer eventKind = iota
	evDeliver
	evControl
)

// event is one pending happening. It lives in World.slab; the heap holds
// only its key. Invariant: an event's slot is in use from schedule until
// it fires (or is dropped), then returns to the free list.
type event struct {
	kind      eventKind
	cancelled bool
	node      NodeID // the node it happens to (unused for control events)
	from      NodeID // sender as the receiver will see it
	gen       uint32 // slot generation, part of TimerID
	inc       uint32 // timer: incarnation of the node that set it
	fate      Fate
	tag       any
	msg       Message
	text      string // deliver: canonical message (only when tracing); control: its label detail
	digest    uint64 // deliver: digest of the canonical message, always
	label     string // control: trace kind
	fn        func()
	after     time.Duration // timer: global delay asked for (to re-arm after a pause)
	scheduled time.Duration // when the event was scheduled to fire
}

// World is one simulation run: the nodes, the clock, the queue.
// Use New, AddNode for each node, optionally schedule controls with At,
// then Run once.
type World struct {
	cfg   Config
	now   time.Duration
	seq   uint64
	heap  eventHeap
	slab  []event
	free  []uint32
	nodes []*node
	net   Network
	rec   *recorder
	// cancelled counts cancelled timers popped from the queue (Result.Cancelled).
	cancelled int64
	// obs holds observations in fixed-size chunks, so a long run never
	// copies what it already recorded; Run joins them once at the end.
	obs   [][]Observed
	route []Delivery // scratch for Network.Route
	buf   []byte     // scratch for canonical encoding
	stop  bool
	ran   bool
}

// New returns a World for cfg. It panics on a Config that cannot bound a
// run (that is a programming error, not bad input: scenarios validate first).
func New(cfg Config) *World {
	if cfg.Deadline <= 0 || cfg.MaxEvents <= 0 {
		panic("sim: Config needs Deadline > 0 and MaxEvents > 0")
	}
	net := cfg.Network
	if net == nil {
		net = FixedLatency(10 * time.Millisecond)
	}
	return &World{cfg: cfg, net: net, rec: newRecorder(cfg.Trace)}
}

// SetNetwork replaces the network (faults builds it after the World, since
// it draws from the World's streams).
func (w *World) SetNetwork(n Network) { w.net = n }

// Stream returns the run's random stream with the given stable name.
func (w *World) Stream(name string) *rand.Rand { return NewStream(w.cfg.Seed, name) }

// Now is the global simulated time.
func (w *World) Now() time.Duration { return w.now }

// AddNode adds a node named name with the given role; factory builds its
// instance at boot and after every restart. Nodes must be added before Run.
func (w *World) AddNode(name string, role Role, factory func(NodeID) Node) NodeID {
	if w.ran {
		panic("sim: AddNode after Run")
	}
	id := NodeID(len(w.nodes))
	n := &node{w: w, id: id, name: name, role: role, factory: factory,
		storage: newStorage(), rand: w.Stream("node/" + name), up: true,
		byzantine: map[string]bool{}}
	w.nodes = append(w.nodes, n)
	return id
}

// Lookup finds a node by name.
func (w *World) Lookup(name string) (NodeID, bool) {
	for _, n := range w.nodes {
		if n.name == name {
			return n.id, true
		}
	}
	return 0, false
}

// Name returns the printable name of id ("operator" for Operator).
func (w *World) Name(id NodeID) string {
	if id >= 0 && int(id) < len(w.nodes) {
		return w.nodes[id].name
	}
	if id == Operator {
		return "operator"
	}
	return fmt.Sprintf("node?%d", int(id))
}

// NodeCount is the number of nodes added.
func (w *World) NodeCount() int { return len(w.nodes) }

// Up reports whether node id is running (not crashed).
func (w *World) Up(id NodeID) bool { return w.nodes[id].up }

// Stop ends the run after the current event.
func (w *World) Stop() { w.stop = true }

// At schedules fn at simulated time t as a control event recorded in the
// trace as kind with the given detail. Fault schedules are built from it.
func (w *World) At(t time.Duration, kind, detail string, fn func()) {
	slot := w.alloc()
	ev := &w.slab[slot]
	ev.kind, ev.label, ev.text, ev.fn = evControl, kind, detail, fn
	w.push(t, slot)
}

// Inject delivers msg to node to at time t as if sent by Operator (an
// operator's command, such as a manual failover).
func (w *World) Inject(t time.Duration, to NodeID, msg Message) {
	slot := w.alloc()
	ev := &w.slab[slot]
	ev.kind, ev.node, ev.from, ev.msg = evDeliver, to, Operator, msg
	ev.digest, ev.text = w.encode(msg, "")
	w.push(t, slot)
}

// Run processes events until the deadline, the event budget, an empty
// queue or Stop, and returns the Result. A World runs once.
func (w *World) Run() Result {
	if w.ran {
		panic("sim: Run called twice")
	}
	w.ran = true
	for _, n := range w.nodes {
		n.computePeers()
	}
	for _, n := range w.nodes {
		w.rec.add(0, "start", n.name, "", "")
		n.boot()
	}
	end := w.loop()
	names := make([]string, len(w.nodes))
	for i, n := range w.nodes {
		names[i] = n.name
	}
	err := w.rec.flush()
	return Result{Seed: w.cfg.Seed, Hash: w.rec.hash, Events: w.rec.count, Cancelled: w.cancelled, Now: w.now,
		End: end, Observations: w.observations(), Names: names, TraceErr: err}
}

func (w *World) loop() EndReason {
	for {
		if w.stop {
			return EndStopped
		}
		if len(w.heap) == 0 {
			return EndQuiescent
		}
		if w.rec.count >= w.cfg.MaxEvents {
			return EndBudget
		}
		if w.heap[0].at > w.cfg.Deadline {
			w.now = w.cfg.Deadline
			return EndDeadline
		}
		k := w.heap.pop()
		w.now = k.at
		w.fire(k.slot)
	}
}

func (w *World) fire(slot uint32) {
	ev := &w.slab[slot]
	switch ev.kind {
	case evTimer:
		n := w.nodes[ev.node]
		if ev.cancelled || ev.inc != n.inc || !n.up {
			if ev.cancelled {
				w.cancelled++
			}
			w.release(slot)
			return
		}
		if n.paused {
			n.deferred = append(n.deferred, slot)
			return
		}
		tag := ev.tag
		w.release(slot)
		w.rec.add(w.now, "timer", n.name, "", tagText(tag))
		n.instance.Timer(n, tag)
	case evDeliver:
		w.deliver(slot)
	case evControl:
		label, text, fn := ev.label, ev.text, ev.fn
		w.release(slot)
		w.rec.add(w.now, label, "", "", text)
		w.observed(Observed{Time: w.now, Node: Operator, Observation: Observation{Kind: KindFault, Data: FaultFact{Kind: label, Text: text}}})
		fn()
	}
}

func (w *World) deliver(slot uint32) {
	ev := &w.slab[slot]
	n := w.nodes[ev.node]
	if !n.up {
		d, text := w.encode(ev.msg, "down: ")
		w.rec.addDigest(w.now, "drop", n.name, w.Name(ev.from), d, text)
		w.release(slot)
		return
	}
	if n.paused {
		n.deferred = append(n.deferred, slot)
		return
	}
	from, msg, text, digest, fate := ev.from, ev.msg, ev.text, ev.digest, ev.fate
	w.release(slot)
	kind := "deliver"
	if fate != Delivered {
		kind = "deliver-" + fate.String()
	}
	w.rec.addDigest(w.now, kind, n.name, w.Name(from), digest, text)
	n.instance.Receive(n, from, msg)
}

// send routes one message through the network and schedules its copies.
func (w *World) send(from *node, to NodeID, msg Message) {
	if to < 0 || int(to) >= len(w.nodes) {
		panic(fmt.Sprintf("sim: %s sends to unknown node %d", from.name, to))
	}
	digest, text := w.encode(msg, "")
	toName := w.nodes[to].name
	w.rec.addDigest(w.now, "send", from.name, toName, digest, text)
	ds, reason := w.net.Route(w.now, from.id, to, msg, w.route[:0])
	w.route = ds[:0]
	if len(ds) == 0 {
		w.rec.add(w.now, "drop", from.name, toName, reason)
		return
	}
	for _, d := range ds {
		slot := w.alloc()
		ev := &w.slab[slot]
		ev.kind, ev.node, ev.from, ev.msg, ev.fate = evDeliver, to, d.From, d.Msg, d.Fate
		ev.digest, ev.text = digest, text
		if d.Fate != Delivered {
			ev.digest, ev.text = w.encode(d.Msg, "")
			w.rec.addDigest(w.now, d.Fate.String(), from.name, toName, ev.digest, ev.text)
		}
		w.push(w.now+max(d.Delay, 0), slot)
	}
}

// encode renders v canonically (after prefix) into the World's scratch
// buffer and returns its digest, and its text when the trace needs it: the
// event loop's one encoding per message or observation, allocation-free
// when not tracing.
func (w *World) encode(v any, prefix string) (uint64, string) {
	w.buf = appendCanonical(append(w.buf[:0], prefix...), v)
	text := ""
	if w.rec.tracing() {
		text = string(w.buf)
	}
	return digestBytes(w.buf), text
}

// Observation chunks start small (a short run, as sweeps make by the
// thousand, should not pay for a long one) and double up to a cap kept
// small, so the chunks hold little more than the observations and a run
// allocates about twice what it recorded, the final join included.
const (
	obsChunkMin = 1 << 5
	obsChunkMax = 1 << 10
)

// observations joins the chunks; a run with one chunk hands it over.
func (w *World) observations() []Observed {
	if len(w.obs) == 1 {
		return w.obs[0]
	}
	return slices.Concat(w.obs...)
}

// observed keeps one observation for the Result.
func (w *World) observed(o Observed) {
	if n := len(w.obs); n == 0 || len(w.obs[n-1]) == cap(w.obs[n-1]) {
		size := obsChunkMin
		if n > 0 {
			size = min(2*cap(w.obs[n-1]), obsChunkMax)
		}
		w.obs = append(w.obs, make([]Observed, 0, size))
	}
	last := &w.obs[len(w.obs)-1]
	*last = append(*last, o)
}

func (w *World) alloc() uint32 {
	if n := len(w.free); n > 0 {
		slot := w.free[n-1]
		w.free = w.free[:n-1]
		return slot
	}
	w.slab = append(w.slab, event{})
	return uint32(len(w.slab) - 1)
}

// release returns a slot to the free list, clearing references so the
// garbage collector can reclaim messages, and bumps its generation so a
// stale TimerID cannot cancel the slot's next occupant.
func (w *World) release(slot uint32) {
	gen := w.slab[slot].gen + 1
	w.slab[slot] = event{gen: gen}
	w.free = append(w.free, slot)
}

func (w *World) push(at time.Duration, slot uint32) {
	w.slab[slot].scheduled = at
	w.heap.push(eventKey{at: at, seq: w.seq, slot: slot})
	w.seq++
}
