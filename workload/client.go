package workload

import (
	"math"
	"strconv"
	"time"

	"simrun/sim"
)

// queueMax bounds the operations waiting behind the outstanding one. Only
// random arrivals are dropped when it is full: an open-loop generator faster
// than the servers would otherwise grow the queue without end, while a
// script is finite and every scripted op is kept.
const queueMax = 64

// seqKey is where a client keeps its next Seq on its disk, so a restarted
// client never reuses one (servers and History match operations by Seq).
const seqKey = "workload/next-seq"

// NewClient returns the factory of a client node with behaviour cfg. It
// panics on an invalid cfg: scenarios validate first, so that is a
// programming error (the same rule as sim.New).
func NewClient(cfg ClientConfig) func(sim.NodeID) sim.Node {
	if err := cfg.Validate(); err != nil {
		panic("workload: invalid client config: " + err.Error())
	}
	return func(sim.NodeID) sim.Node { return &client{cfg: cfg} }
}

// waiting is an operation whose time has come while another was outstanding.
type waiting struct {
	op, key, value string // value "" on a write: draw a unique one at invoke
}

// inflight is the one outstanding operation.
type inflight struct {
	seq            uint64
	op, key, value string
	target         sim.NodeID // where the latest attempt went
	sends          int        // Invariant: 1 <= sends <= 1+Retries
	// maybeApplied is set once an attempt timed out: that attempt may still
	// take effect, so a later refusal no longer proves the op failed.
	maybeApplied bool
}

// client is a simulated client: at most one operation outstanding, the rest
// waiting in order.
type client struct {
	cfg    ClientConfig
	name   string
	target sim.NodeID // where new operations go: Home, or the last redirect
	// nextSeq is the Seq of the next operation. Invariant: greater than every
	// Seq any incarnation of this client has used (it is on disk).
	nextSeq uint64
	queue   []waiting // Invariant: len(queue) <= queueMax + len(cfg.Script)
	cur     *inflight // nil when idle, else &slot
	slot    inflight  // the outstanding operation, reused from one to the next
	// timeout is the latest attempt's: an answered attempt leaves it to
	// fire early and find nothing to do, rather than cancelling a timer
	// per attempt. Invariant: armed while cur != nil.
	timeout sim.Deadline
}

// Timer tags. They print readably in the trace (sim renders Stringers).
type (
	scriptTag  int // index into cfg.Script
	randomTag  struct{}
	timeoutTag struct{}
)

func (t scriptTag) String() string { return "script/" + strconv.Itoa(int(t)) }
func (randomTag) String() string   { return "random" }
func (timeoutTag) String() string  { return "timeout" }

// Start arms the script and the random arrivals. After a restart it skips
// scripted operations whose time has passed (the previous incarnation issued
// or lost them) and resumes Seqs from disk, so restarting is harmless.
func (c *client) Start(env sim.Env) {
	c.name, c.target = env.Name(), c.cfg.Home
	if v, ok := env.Storage().Get(seqKey); ok {
		c.nextSeq = v.(uint64)
	}
	now := env.Now()
	for i, s := range c.cfg.Script {
		if s.At >= now {
			env.SetTimer(s.At-now, scriptTag(i))
		}
	}
	if r := c.cfg.Random; r != nil {
		c.scheduleRandom(env, max(r.Start, now))
	}
}

// Timer dispatches on the tag's type.
func (c *client) Timer(env sim.Env, tag any) {
	switch t := tag.(type) {
	case scriptTag:
		s := c.cfg.Script[t]
		c.submit(env, waiting{op: s.Op, key: s.Key, value: s.Value}, false)
	case randomTag:
		c.submit(env, c.drawOp(env), true)
		c.scheduleRandom(env, env.Now())
	case timeoutTag:
		c.onTimeoutTimer(env)
	}
}

// scheduleRandom arms the next random arrival an exponential gap after
// from: exponential gaps make the arrivals a Poisson process of Rate.
func (c *client) scheduleRandom(env sim.Env, from time.Duration) {
	r := c.cfg.Random
	g := env.Rand().ExpFloat64() / r.Rate * float64(time.Second)
	if g >= math.MaxInt64 || time.Duration(g) > math.MaxInt64-from {
		// Past the end of time (a tiny rate): no further arrival. Without
		// this the float-to-int conversion overflows, which Go leaves to
		// the CPU (a negative gap on amd64), so runs would differ by
		// platform and fire arrivals back to back.
		return
	}
	at := from + time.Duration(g)
	if r.Stop != 0 && at >= r.Stop {
		return
	}
	env.SetTimer(at-env.Now(), randomTag{})
}

// drawOp draws a random operation; a write's value is left for invoke to
// make unique from the Seq.
func (c *client) drawOp(env sim.Env) waiting {
	r := c.cfg.Random
	key := "k" + strconv.Itoa(env.Rand().IntN(r.Keys))
	if env.Rand().Float64() < r.ReadFraction {
		return waiting{op: OpRead, key: key}
	}
	return waiting{op: OpWrite, key: key}
}

// submit starts w now if the client is idle, else queues it behind the
// outstanding operation (random arrivals are dropped when the queue is full).
func (c *client) submit(env sim.Env, w waiting, random bool) {
	switch {
	case c.cur == nil:
		c.invoke(env, w)
	case random && len(c.queue) >= queueMax:
		// Say so rather than drop silently: a report can count sheds.
		env.Observe(sim.Observation{Kind: KindShed, Data: Invoked{Op: w.op, Key: w.key}})
	default:
		c.queue = append(c.queue, w)
	}
}
