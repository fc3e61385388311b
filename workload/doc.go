// Package workload holds the simulated clients every protocol is driven by:
// they send KV reads and writes, time out, retry, follow redirects, and record
// what they saw as observations, from which History rebuilds the run's client
// history for the checkers in package check.
//
// Why it is shared: a checker's verdict is only as honest as the history it
// reads. Keeping one client for all protocols means "acknowledged", "failed"
// and "unknown" mean the same thing in a Raft run and in a primary/backup run,
// so verdicts compare across protocols.
//
// A client is a sim.Node like any server: it acts only through its Env, draws
// randomness only from env.Rand(), and has at most one operation outstanding.
//
// It also holds the scripted workloads some servers run themselves — the
// counter increments of lww and crdt (increments.go), the transactions of
// 2PC, 3PC and TCC (txn.go) — and the node plumbing the protocols running
// the same script share (txnnode.go), since protocols never import each
// other: what two of them share lives here.
package workload
