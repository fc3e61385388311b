package lww

import "simrun/workload"

// Increment is one scripted read-modify-write: at At, server Node adds
// Delta to its register. The type is shared with crdt (workload) so both
// protocols read the same scenario keys the same way.
type Increment = workload.Increment

// Config is the workload and the gossip rate a scenario sets; gossip
// pushes a replica's register. It is workload.IncrementScript, shared
// with crdt, so the two counters can run the very same script.
type Config = workload.IncrementScript

// DefaultConfig gossips every 100ms and scripts no increments.
func DefaultConfig() *Config { return workload.DefaultIncrementScript() }
