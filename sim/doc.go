// Package sim is simrun's deterministic kernel: a virtual clock, one event
// queue, seeded random streams, and the contract a protocol node is written
// against.
//
// Why it exists: a distributed-systems bug is worth little until it can be
// replayed. Everything that can vary between two runs — message delays,
// losses, crashes, timer races, random draws — is decided here from one seed,
// so the same seed produces the same run byte for byte. Each event is
// rendered canonically and folded into a running FNV-1a hash (the run's
// fingerprint); the same lines can be written as a JSONL trace.
//
// A protocol is a set of Node values. The kernel calls Start, Receive and
// Timer; the node acts only through its Env: it sends, sets timers, draws
// from its own random stream, writes durable Storage and records
// Observations for checkers. No goroutines, no wall clock, no I/O.
//
// Faults are not decided here: a Network (package faults) decides the fate
// of each message, and fault actions are scheduled as control events that
// call World's crash, restart, pause and clock controls.
//
// Invariant of the whole package: the order in which events fire is a
// function of (seed, code) only. Events are ordered by (time, sequence
// number); the sequence number is assigned at insertion.
package sim
