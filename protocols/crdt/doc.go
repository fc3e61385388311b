// Package crdt is a PN-counter, the state-based CRDT for a counter that
// goes up and down: each replica keeps, for every replica r, P[r] (the sum
// of r's increments) and N[r] (the sum of r's decrements); the value is
// ΣP − ΣN, and merging two states takes the pointwise maximum.
//
// Why it exists: it is the answer to lww-clock-skew. Each replica only
// ever grows its own entries, so no update can overwrite another one;
// merge is commutative, associative and idempotent, so replicas that have
// seen the same increments hold the same state whatever the order,
// duplication or delay of the gossip — and no clock is consulted at all.
// Scenario crdt-counter runs lww-clock-skew's increments, clock skew
// included, and every replica ends at the right total.
//
// The protocol, in brief. Config.Increments scripts the workload at the
// servers (as in package lww): at its time a replica adds delta to its own
// P or N entry and pushes its state to every peer; every GossipInterval it
// pushes its state again, so pushes lost on the wire are repaired. The
// state is kept in Storage, synced on each change.
//
// Observations: "increment" (IncrementFact) for each local update and
// "state" (StateFact) whenever a replica's state changes, by an increment
// or a merge. Check reads them (check.LostIncrements, check.Converged);
// Story tells them.
package crdt
