package workload

import (
	"slices"
	"strings"
	"time"

	"simrun/check"
	"simrun/sim"
)

// This file is the node plumbing the atomic-commit protocols (2PC, 3PC)
// share: how a server tells a restart, resolves the script's server
// names, reads a scripted No vote, names its timers, and hands its run to
// the shared atomic-commit checks. The protocols differ in their messages
// and rules, not in any of this, so it lives one layer below them.

// TxnTag is a transaction timer's tag: what to do (Kind), for which
// transaction. Its String is what traces, and so run hashes, show
// ("vote/t1"), so it must not change.
type TxnTag struct{ Kind, Txn string }

// String renders the tag for traces: "kind/txn".
func (t TxnTag) String() string { return t.Kind + "/" + t.Txn }

// keyTxnBooted marks a disk that has booted before, to tell a restart.
const keyTxnBooted = "booted"

// BootTxnNode is the first thing a transaction server's Start does: it
// reports whether this disk booted before (a restart, which must recover
// from its log rather than start afresh) and marks it booted, durably.
func BootTxnNode(env sim.Env) (restarted bool) {
	st := env.Storage()
	_, restarted = st.Get(keyTxnBooted)
	if !restarted {
		st.Put(keyTxnBooted, true)
		st.Sync()
	}
	return restarted
}

// ServerID resolves a server name of a validated script ("n2") to its
// NodeID; servers lists the cluster in name order.
func ServerID(servers []sim.NodeID, name string) sim.NodeID {
	i, _ := ServerIndex(name)
	return servers[i]
}

// ScriptedNo reports whether the script makes server vote No on txn.
func ScriptedNo(txns []Txn, txn, server string) bool {
	for _, t := range txns {
		if t.ID == txn && slices.Contains(t.VoteNo, server) {
			return true
		}
	}
	return false
}

// TxnChecks lists the checks CheckTxns understands: the shared
// atomic-commit checks of package check.
func TxnChecks() []string { return []string{check.CheckAtomicity, check.CheckTermination} }

// CheckTxns runs the named atomic-commit checks over the protocol-neutral
// transaction log of a finished run; bound is how long a transaction may
// take to be decided everywhere, protocol names the caller in errors.
func CheckTxns(res sim.Result, names []string, bound time.Duration, protocol string) []check.Result {
	return check.AtomicChecks(TxnLog(res), names, bound, protocol)
}

// EachLogged calls f, in key order, for every record R a node logged under
// prefix+id in st: how a restarted transaction server finds the
// transactions it had taken part in. Keys is read once, before the first
// call, so f may write to st.
func EachLogged[R any](st sim.Storage, prefix string, f func(id string, rec R)) {
	for _, k := range st.Keys() {
		id, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		v, _ := st.Get(k)
		f(id, v.(R))
	}
}
