package crdt

import "simrun/workload"

// Increment is one scripted read-modify-write: at At, server Node adds
// Delta to its own entry (P for a positive delta, N for a negative one).
// The type is shared with lww (workload) so both protocols read the same
// scenario keys the same way.
type Increment = workload.Increment

// Config is the workload and the gossip rate a scenario sets; gossip
// pushes a replica's whole state. It is workload.IncrementScript, shared
// with lww, so the two counters can run the very same script.
type Config = workload.IncrementScript

// DefaultConfig gossips every 100ms and scripts no increments.
func DefaultConfig() *Config { return workload.DefaultIncrementScript() }
