// Package lww is a multi-master counter on a last-writer-wins register:
// every replica accepts increments, each increment is a read-modify-write
// of the local register stamped with the replica's LOCAL clock, and the
// replicas gossip their writes; a replica keeps whichever write carries the
// larger stamp (ties broken by the writer's name).
//
// Why it exists: last-writer-wins is what Cassandra-style stores do with
// concurrent writes, and it trusts wall clocks. With one clock 2ms behind,
// an increment that read its neighbour's value — causally later — carries
// an older stamp and loses to the very write it read: the increment is
// silently discarded, every replica agrees on the wrong total, and nobody
// is told (scenario lww-clock-skew). The PN-counter CRDT of package crdt
// runs the same workload and converges to the right total (crdt-counter).
//
// The protocol, in brief. Config.Increments scripts the workload at the
// servers, as twopc scripts its transactions: at its time, a replica reads
// its register (value v, written by increment r), writes v+delta stamped
// env.Now() and applies it by the LWW rule (its own write can lose!), then
// sends the write to every peer. Every GossipInterval each replica also
// sends its current register to its peers, so writes lost on the wire
// still spread. The register is kept in Storage and synced on each change,
// so a restarted replica resumes from it.
//
// Observations: "increment" (IncrementFact) for each read-modify-write and
// "apply" (ApplyFact) for each write a replica kept or discarded. Check
// reads them (check.LostIncrements, check.Converged); Story tells them.
package lww
