package check

import (
	"testing"
)

// txnEv builds a transaction event at ms on node.
func txnEv(ms int, node, txn, kind string) TxnEvent {
	return TxnEvent{At: msT(ms), Node: node, Txn: txn, Kind: kind}
}

// goodCommit is a clean 2PC run of t1 over n1, n2: begin, two Yes votes,
// locks, then commit everywhere and unlock.
func goodCommit() TxnLog {
	begin := txnEv(0, "n0", "t1", TxnBegin)
	begin.Participants = []string{"n1", "n2"}
	lock1, unlock1 := txnEv(10, "n1", "t1", TxnLock), txnEv(30, "n1", "t1", TxnUnlock)
	lock1.Key, unlock1.Key = "x", "x"
	return TxnLog{End: msT(1000), Events: []TxnEvent{
		begin, lock1, txnEv(10, "n1", "t1", TxnVoteYes), txnEv(10, "n2", "t1", TxnVoteYes),
		txnEv(20, "n0", "t1", TxnCommit), txnEv(30, "n1", "t1", TxnCommit), unlock1, txnEv(30, "n2", "t1", TxnCommit),
	}}
}

// TestAtomicityHolds: a clean run passes both checkers.
func TestAtomicityHolds(t *testing.T) {
	l := goodCommit()
	if r := Atomicity(l); !r.OK || !r.Safety {
		t.Fatalf("clean run judged unsafe: %+v", r)
	}
	if r := Termination(l, msT(500)); !r.OK || r.Safety {
		t.Fatalf("clean run judged blocked: %+v", r)
	}
}

// TestAtomicityDivergence is the known-bad run of 3pc-divergence: one
// commit, two aborts.
func TestAtomicityDivergence(t *testing.T) {
	l := goodCommit()
	l.Events[len(l.Events)-1].Kind = TxnAbort
	r := Atomicity(l)
	if r.OK {
		t.Fatalf("commit at n1 and abort at n2 passed: %+v", r)
	}
	wantDetail(t, r.Detail, "t1", "committed by n0", "aborted by n2")
}

// TestAtomicityTwoDecisions: a node deciding twice (even the same way) is
// a violation.
func TestAtomicityTwoDecisions(t *testing.T) {
	l := goodCommit()
	l.Events = append(l.Events, txnEv(40, "n2", "t1", TxnCommit))
	if r := Atomicity(l); r.OK {
		t.Fatalf("n2 deciding twice passed: %+v", r)
	} else {
		wantDetail(t, r.Detail, "n2 decided twice")
	}
}

// TestAtomicityCommitBeforeVotes: a commit before every Yes is a violation.
func TestAtomicityCommitBeforeVotes(t *testing.T) {
	l := goodCommit()
	l.Events[3].At = msT(25) // n2's Yes now comes after n0's commit at 20ms
	if r := Atomicity(l); r.OK {
		t.Fatalf("commit at 20ms before n2's Yes at 25ms passed: %+v", r)
	} else {
		wantDetail(t, r.Detail, "n0 committed at 20ms before n2 voted Yes")
	}
}

// TestAtomicitySpuriousAbort: all Yes, no fault, no timeout, yet an
// abort: a violation; with a fault in the run, the same abort is allowed.
func TestAtomicitySpuriousAbort(t *testing.T) {
	l := goodCommit()
	l.Events = l.Events[:4]
	l.Events = append(l.Events, txnEv(20, "n0", "t1", TxnAbort), txnEv(30, "n1", "t1", TxnAbort), txnEv(30, "n2", "t1", TxnAbort))
	if r := Atomicity(l); r.OK {
		t.Fatalf("abort with all Yes and no failure passed: %+v", r)
	} else {
		wantDetail(t, r.Detail, "every participant voted Yes and nothing failed")
	}
	l.Faults = 1
	if r := Atomicity(l); !r.OK {
		t.Fatalf("abort after a fault judged unsafe: %+v", r)
	}
}

// TestTerminationBlocked is the known-bad run of 2pc-blocking: live
// participants never decide and keep their locks.
func TestTerminationBlocked(t *testing.T) {
	l := goodCommit()
	l.Events = l.Events[:4] // no decision, no unlock
	r := Termination(l, msT(500))
	if r.OK {
		t.Fatalf("undecided participants passed: %+v", r)
	}
	wantDetail(t, r.Detail, "t1 never decided at n1", "blocked: t1")
	m := CommitMetricsOf(l)
	if len(m.Blocked) != 1 || m.MaxLockHold() != msT(990) || m.TotalUncertain() != msT(1980) {
		t.Fatalf("metrics: blocked %v, lock hold %v, uncertain %v; want [t1], 990ms, 1980ms", m.Blocked, m.MaxLockHold(), m.TotalUncertain())
	}
}

// TestTerminationLate: a decision after the bound fails; a participant
// down at the end is excused.
func TestTerminationLate(t *testing.T) {
	l := goodCommit()
	l.Events[len(l.Events)-1].At = msT(900)
	if r := Termination(l, msT(500)); r.OK {
		t.Fatalf("n2 deciding at 900ms with a 500ms bound passed: %+v", r)
	} else {
		wantDetail(t, r.Detail, "only at 900ms")
	}
	l.Events = append(l.Events[:len(l.Events)-1], TxnEvent{At: msT(15), Node: "n2", Kind: TxnCrash})
	if r := Termination(l, msT(500)); !r.OK {
		t.Fatalf("n2 down at the end was not excused: %+v", r)
	}
}

// TestTerminationLockLeftBehind: a decided participant that still holds
// a lock (a reservation never released) fails.
func TestTerminationLockLeftBehind(t *testing.T) {
	l := goodCommit()
	l.Events = l.Events[:len(l.Events)-2]
	l.Events = append(l.Events, txnEv(30, "n2", "t1", TxnCommit))
	if r := Termination(l, msT(500)); r.OK {
		t.Fatalf("lock x never released passed: %+v", r)
	} else {
		wantDetail(t, r.Detail, "n1 still holds lock x for t1")
	}
}
