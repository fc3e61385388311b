package sim

import "time"

// Fate says how one copy of a message reaches its receiver.
type Fate uint8

const (
	// Delivered is an honest, first copy.
	Delivered Fate = iota
	// Duplicated is an extra copy of an honest message.
	Duplicated
	// Corrupted is a copy whose payload the link changed.
	Corrupted
	// Forged is a copy whose claimed sender the link changed.
	Forged
	// Replayed is an old message the link sent again, in addition to this one.
	Replayed
)

var fateNames = [...]string{"deliver", "duplicate", "corrupt", "forge", "replay"}

// String names the fate as the trace writes it.
func (f Fate) String() string {
	if int(f) < len(fateNames) {
		return fateNames[f]
	}
	return "fate?"
}

// Delivery is one copy of a sent message that will arrive after Delay.
// From is the sender the receiver will see (a forged copy lies about it).
type Delivery struct {
	Delay time.Duration
	From  NodeID
	Msg   Message
	Fate  Fate
}

// Network decides the fate of every message: the seam between the kernel
// and the fault models of package faults. Route appends zero or more
// deliveries to out and returns it; when it returns none, reason says why
// the message was lost ("partition", "loss").
//
// Route must draw randomness only from streams it was built with, and must
// be a function of its inputs and its own state, so runs replay.
type Network interface {
	Route(now time.Duration, from, to NodeID, msg Message, out []Delivery) (deliveries []Delivery, reason string)
}

// FixedLatency is the simplest Network: every message arrives once, after
// the same delay. It is the default, and what examples use.
type FixedLatency time.Duration

// Route delivers msg once after the fixed delay.
func (d FixedLatency) Route(_ time.Duration, from, _ NodeID, msg Message, out []Delivery) ([]Delivery, string) {
	return append(out, Delivery{Delay: time.Duration(d), From: from, Msg: msg}), ""
}
