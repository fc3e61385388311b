// Package faults holds simrun's fault models: link models with latency
// distributions, directed partitions and their named shapes, and fault
// schedules (the "nemesis") that crash, pause, skew, corrupt and command
// nodes at chosen simulated times.
//
// Why it exists: the kernel (package sim) only knows that a Network decides
// each message's fate and that World has crash, restart, pause and clock
// controls. What a hostile environment looks like — a fair-loss link, a
// long-tailed delay, a majority ring, a crash that loses unsynced writes —
// is decided here, as data, so a scenario can name it, a report can draw
// it, and a shrinker can remove it.
//
// Determinism: nothing here starts a goroutine, reads the wall clock or
// uses the global random source. The Network draws only from the stream it
// was built with (the World's "net" stream), in a fixed, documented order
// (see Network.Route), and makes no draw for a probability that is zero, so
// a seed keeps its meaning when unrelated links are added. Storage is kept
// in slices indexed by from*nodes+to, never in maps whose order could leak.
package faults
