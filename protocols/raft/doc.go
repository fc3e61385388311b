// Package raft is the Raft consensus protocol (Ongaro and Ousterhout, "In
// Search of an Understandable Consensus Algorithm", 2014) as a pure state
// machine on the sim contract, serving a linearizable key-value store to
// the workload clients.
//
// Its shape follows etcd-io/raft: the role is a swapped function value
// (stepFollower, stepCandidate, stepLeader), and the term check of §5.1
// runs once in Receive before the role's handler sees a message. Every
// durable change (term, vote, log) is Put and Synced before the node sends
// anything that depends on it, so crash-recover is safe; a disk that is
// lost breaks that promise on purpose (raft-lost-disk).
//
// Variants a scenario toggles (Config): fixed or randomized election
// timeouts (with per-node overrides, used to force the paper's Figure 8),
// the correct commit rule or the naive one that counts replicas of
// older-term entries, PreVote and CheckQuorum, and three read modes (local,
// ReadIndex, lease), and single-server membership changes (§6) driven by
// operator commands (add-nK, remove-nK). Byzantine behaviours (vote-any,
// equivocate, claim-higher-term) show what Raft does not tolerate.
//
// Replication is paced: a leader keeps one Append in flight per follower
// and sends the next batch when the reply comes back, so what arrives
// meanwhile (writes, and reads waiting for a ReadIndex round) travels
// together and batches grow with load instead of every proposal costing a
// round. Heartbeats go only to followers that have heard nothing for an
// interval (half of one while an Append is unanswered, so a lost message
// is resent before a follower starves into an election).
//
// Nodes report elections, appends, truncations, commits and applies as
// observations; Check turns them into check.RaftRun records and runs the
// Figure 3 checkers, linearizability and liveness over them.
package raft
