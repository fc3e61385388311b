package workload

import (
	"strconv"

	"simrun/check"
	"simrun/sim"
)

// invoke starts operation w: a fresh Seq (persisted first, so no restart
// reuses it), an "invoke" observation, and the first attempt.
func (c *client) invoke(env sim.Env, w waiting) {
	if c.cur != nil {
		panic("workload: invoke while an operation is outstanding")
	}
	seq := c.nextSeq
	c.nextSeq++
	env.Storage().Put(seqKey, c.nextSeq)
	env.Storage().Sync()
	value := w.value
	if w.op == OpWrite && value == "" {
		// Unique per client ("c0-17") so every read names exactly one write,
		// which keeps the linearizability check sharp.
		value = c.name + "-" + strconv.FormatUint(seq, 10)
	}
	c.slot = inflight{seq: seq, op: w.op, key: w.key, value: value, target: c.target}
	c.cur = &c.slot
	env.Observe(sim.Observation{Kind: KindInvoke, Data: Invoked{
		Seq: seq, Op: w.op, Key: w.key, Value: value, Server: env.NameOf(c.target)}})
	c.send(env)
}

// send makes one attempt of the outstanding operation at its target and
// arms that attempt's timeout.
func (c *client) send(env sim.Env) {
	cur := c.cur
	cur.sends++
	env.Send(cur.target, Request{Client: c.name, Seq: cur.seq, Op: cur.op, Key: cur.key, Value: cur.value})
	c.timeout.Set(env, c.cfg.Timeout, timeoutTag{})
}

// canRetry reports whether the attempt budget (1 + Retries) has room left.
func (c *client) canRetry() bool { return c.cur.sends < 1+c.cfg.Retries }

// Receive handles a Reply to the outstanding operation. Late and duplicate
// replies (another Seq, or no operation outstanding) are ignored. A refusal
// counts only from the current target: a stale refusal from a server the
// client has since left says nothing about the attempt still in flight.
func (c *client) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	r, ok := msg.(Reply)
	if !ok || c.cur == nil || r.Seq != c.cur.seq {
		return
	}
	cur := c.cur
	if r.OK {
		output := ""
		if cur.op == OpRead {
			output = r.Value
		}
		c.complete(env, check.OK, output, "")
		return
	}
	if from != cur.target {
		return
	}
	if id, ok := c.redirect(env, r.Redirect); ok && c.canRetry() {
		// A refusal means "not applied here", so trying elsewhere with the
		// same Seq is safe. The hint sticks for later operations too.
		cur.target, c.target = id, id
		c.send(env)
		return
	}
	outcome := check.Fail
	if cur.maybeApplied {
		outcome = check.Unknown
	}
	c.complete(env, outcome, "", r.Err)
}

// redirect resolves a Redirect hint to a server other than the current
// target; an unknown name or a hint back to the same server is no hint.
func (c *client) redirect(env sim.Env, name string) (sim.NodeID, bool) {
	if name == "" {
		return 0, false
	}
	for _, id := range env.Peers() {
		if env.NameOf(id) == name && id != c.cur.target {
			return id, true
		}
	}
	return 0, false
}

// onTimeoutTimer runs when the timeout timer fires: moot if no operation
// is outstanding, early if the latest attempt was sent after it was set,
// else the attempt timed out.
func (c *client) onTimeoutTimer(env sim.Env) {
	if c.cur == nil {
		c.timeout.Stop(env)
		return
	}
	if c.timeout.Expired(env, timeoutTag{}) {
		c.onTimeout(env)
	}
}

// onTimeout retransmits the same Seq to the same server while the budget
// lasts, then gives up with outcome unknown (the op may have been applied).
// Giving up also forgets a redirect hint: a server that went silent is no
// better a guess than home.
func (c *client) onTimeout(env sim.Env) {
	cur := c.cur
	cur.maybeApplied = true
	if c.canRetry() {
		c.send(env)
		return
	}
	c.target = c.cfg.Home
	c.complete(env, check.Unknown, "", "timeout")
}

// complete records how the outstanding operation ended and starts the next
// waiting one, if any, at once.
func (c *client) complete(env sim.Env, outcome check.Outcome, output, errText string) {
	cur := c.cur
	env.Observe(sim.Observation{Kind: KindComplete, Data: Completed{
		Seq: cur.seq, Outcome: outcome, Output: output, Err: errText,
		Server: env.NameOf(cur.target), Attempts: cur.sends}})
	c.cur = nil
	if len(c.queue) > 0 {
		next := c.queue[0]
		// Shift rather than re-slice, so the queue reuses its array
		// instead of crawling along and reallocating (it holds at most
		// queueMax plus the script).
		c.queue = c.queue[:copy(c.queue, c.queue[1:])]
		c.invoke(env, next)
	}
}
