package sim

import (
	"math/rand/v2"
	"time"
)

// NodeID names a simulated process: a server or a client. IDs are dense,
// starting at 0, in the order nodes were added to the World.
type NodeID int

// Operator is the pseudo-sender of messages injected by the fault schedule
// (for example an operator's manual failover command).
const Operator NodeID = -1

// Role separates the servers of the protocol under test from the clients
// that drive it. Peers() of a server lists the other servers; Peers() of a
// client lists all servers.
type Role int

const (
	// Server is a node of the protocol under test.
	Server Role = iota
	// Client is a simulated client issuing requests to servers.
	Client
)

// Message is anything one node sends another. Messages must be plain values
// (no pointers, funcs or channels): the kernel renders each one as its Go
// type name plus its JSON encoding, and that text enters the run's hash.
type Message any

// Node is a protocol process written as a pure state machine. The kernel
// calls it; it acts only through env. A crash throws the instance away; a
// restart builds a fresh one with the factory, which sees only its Storage.
type Node interface {
	// Start runs at boot, and again (on a fresh instance) after a restart.
	Start(env Env)
	// Receive handles one delivered message.
	Receive(env Env, from NodeID, msg Message)
	// Timer handles a timer this node set, identified by the tag it gave.
	Timer(env Env, tag any)
}

// TimerID identifies a pending timer so it can be cancelled.
type TimerID uint64

// Observation is a structured fact a node records for checkers and reports
// ("role", "accept-write", "invoke", ...). Data must be a plain value like a
// Message: it is rendered as JSON into the trace and the hash.
type Observation struct {
	Kind string
	Data any
}

// Observed is an Observation stamped by the kernel with when and where it
// happened (global simulated time, not the node's skewed clock).
type Observed struct {
	Time time.Duration
	Node NodeID
	Observation
}

// Env is everything a node may do. Each call is recorded where it matters
// (sends, timers fired, observations) so the run can be replayed.
type Env interface {
	// ID is this node's identity.
	ID() NodeID
	// Name is this node's printable name ("n0", "c1").
	Name() string
	// NameOf gives the printable name of any node.
	NameOf(id NodeID) string
	// Peers lists the other servers (for a client: all servers), in ID order.
	// The slice is shared with the kernel: read it, never modify it.
	Peers() []NodeID
	// Now is this node's local clock: skew, drift and pauses apply, so two
	// nodes may disagree about it.
	Now() time.Duration
	// Send hands msg to the network, which may delay, lose, duplicate,
	// corrupt or forge it.
	Send(to NodeID, msg Message)
	// SetTimer fires Timer(tag) after the given local-clock duration.
	SetTimer(after time.Duration, tag any) TimerID
	// CancelTimer stops a pending timer; cancelling a fired or unknown
	// timer does nothing.
	CancelTimer(id TimerID)
	// Rand is this node's own stream, derived from the run seed and the
	// node's name, so draws elsewhere do not shift it.
	Rand() *rand.Rand
	// Storage is this node's disk: it survives crash-recover.
	Storage() Storage
	// Observe records a fact for checkers and reports.
	Observe(o Observation)
	// Byzantine reports whether the fault schedule has switched this node
	// to the named lying behaviour. Honest code paths ignore it; a protocol
	// implements each behaviour it advertises behind this check.
	Byzantine(behaviour string) bool
}
