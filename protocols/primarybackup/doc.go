// Package primarybackup is a primary/backup key-value store with
// asynchronous replication and heartbeat failover: the protocol that makes
// split-brain happen on purpose.
//
// Why it exists: it is the simplest replicated store people actually run, and
// its two failover modes show the classic dilemma. With automatic failover a
// backup that stops hearing heartbeats promotes itself, so a partition leaves
// two primaries acknowledging writes, and the writes of the deposed one are
// thrown away when it steps down (scenario split-brain). With manual
// failover nothing unsafe happens, but nothing is available on the far side
// of a partition until an operator acts (scenario failover-manual). A
// majority protocol (package raft) removes the dilemma.
//
// The protocol, in brief. The first server starts as primary of epoch 1. The
// primary serves reads locally and applies a write, acknowledges it at once,
// then sends Replicate to the backups; it sends Heartbeat every
// Config.Heartbeat. Writes are numbered (Index) within a primary's lineage, so
// a backup that sees a gap asks for the primary's whole state (SyncRequest,
// SyncState). Every message between servers carries an epoch: one from an
// older epoch is ignored (a primary answers it with its own heartbeat so the
// sender learns), one from a newer epoch makes the receiver adopt it and
// become a backup of it, re-syncing its whole state from the new primary.
// That re-sync is where acknowledged writes are lost after a heal.
//
// Replication modes (Config.Replication; scenarios replication-*). Async,
// the default, is the above. Semi-sync and sync make backups acknowledge
// each Replicate (ReplicateAck) and hold the primary's answers, reads
// included, until one backup (semi-sync) or every backup (sync) holds the
// state the answer reflects. Config.ReplicationLag ships writes to the
// backups late, as a lagging replication stream does. Config.FailoverTo
// most-up-to-date makes a timed-out backup ask the others how far they got
// (Probe, ProbeAck) and promote itself only if none is ahead, so failover
// picks the backup that holds the most writes. The defaults send none of
// these messages, so the original scenarios run exactly as before.
//
// Observations (Kind: Data): "role": RoleFact at start and on every change of
// role or epoch; "accept-write": AcceptFact when a primary accepts a client
// write; "apply": ApplyFact whenever a node's KV changes. Check turns them,
// with the clients' history, into the verdicts of package check, and Story
// into a few readable lines.
package primarybackup
