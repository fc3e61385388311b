package sim

import "time"

// Timer is a re-armable timer a node keeps in a field (an election
// timeout, a heartbeat, a retry). Protocols used to hand-roll it; it
// lives here so each one need not re-learn the trap it avoids: a zero
// TimerID is a valid id, so a node must remember whether it armed the
// timer, or stopping a never-armed timer could cancel another live one.
// The zero Timer is unarmed and ready to use. It is state of the node,
// not of the run: it calls only SetTimer and CancelTimer on the Env.
type Timer struct {
	id TimerID
	// armed: id names a timer this node set and has neither stopped nor
	// marked Fired. Stop cancels only while armed.
	armed bool
}

// Set (re)arms the timer to fire Timer(tag) after the given local-clock
// duration, stopping the pending one first so at most one is in flight.
func (t *Timer) Set(env Env, after time.Duration, tag any) {
	t.Stop(env)
	t.id, t.armed = env.SetTimer(after, tag), true
}

// Stop cancels the timer if it is armed; stopping an unarmed timer does
// nothing, which makes "stop whatever is pending" always safe.
func (t *Timer) Stop(env Env) {
	if t.armed {
		env.CancelTimer(t.id)
		t.armed = false
	}
}

// Armed reports whether the timer is pending as far as its owner knows:
// set, and neither stopped nor marked Fired since.
func (t *Timer) Armed() bool { return t.armed }

// Fired records that the timer's tag has been delivered, so Armed is
// false and a later Stop cancels nothing. Owners that test Armed call it
// from Node.Timer; for the others a Stop after firing is harmless (the
// kernel ignores a fired id), so calling it is optional.
func (t *Timer) Fired() { t.armed = false }

// Deadline is a timeout restarted far more often than it expires (an
// election timeout restarted by every Append, a request timeout by every
// attempt). Cancelling and setting a timer at each restart would leave a
// cancelled event in the queue each time; a Deadline only moves its due
// time, keeps a pending timer that fires no later than that, and when the
// timer fires early sets it again for the rest. The zero Deadline is
// unarmed. Times are on the node's local clock, like SetTimer's.
type Deadline struct {
	timer Timer
	// at is when the deadline falls due; timerAt when the pending timer
	// fires. Invariant: while timer is armed, timerAt <= at.
	at, timerAt time.Duration
}

// Set moves the deadline to after from now; tag is what the node's Timer
// will see.
func (d *Deadline) Set(env Env, after time.Duration, tag any) {
	d.at = env.Now() + after
	if d.timer.Armed() && d.timerAt <= d.at {
		return
	}
	d.timer.Set(env, after, tag)
	d.timerAt = d.at
}

// Stop disarms the deadline (also how an owner that no longer cares about
// it marks a delivered tag).
func (d *Deadline) Stop(env Env) { d.timer.Stop(env) }

// Expired is called from Node.Timer when the tag arrives. It reports
// whether the deadline has passed; if not, the timer was early and is set
// again, with the same tag, for the rest.
func (d *Deadline) Expired(env Env, tag any) bool {
	d.timer.Fired()
	if now := env.Now(); now < d.at {
		d.timer.Set(env, d.at-now, tag)
		d.timerAt = d.at
		return false
	}
	return true
}
