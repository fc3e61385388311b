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
