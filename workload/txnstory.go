package workload

import (
	"fmt"
	"strings"

	"simrun/check"
	"simrun/sim"
)

// TxnFact kinds the checkers ignore and stories tell.
const (
	// TxnWait: a participant holds a request back or blocks (Why says why).
	TxnWait = "wait"
	// TxnPreCommitted and TxnPreAborted: a 3PC participant logged the
	// intermediate state (Why says who moved it there).
	TxnPreCommitted = "precommitted"
	TxnPreAborted   = "preaborted"
)

// TxnStory tells an atomic-commit run for people, shared by 2PC, 3PC and
// TCC: one line per step in time order (begins, votes, timeouts, waits,
// decisions with their reasons, crashes), then per transaction who
// committed and who aborted, then how long each lock was held and who sat
// uncertain. Facts of a node that never touched a transaction (clients)
// are left out.
func TxnStory(res sim.Result) []string {
	l := TxnLog(res)
	var lines []string
	for _, e := range l.Events {
		if s := eventLine(e); s != "" {
			lines = append(lines, "t="+check.Millis(e.At)+" "+e.Node+" "+s)
		}
	}
	lines = append(lines, outcomeLines(l)...)
	return append(lines, check.CommitMetricsOf(l).Lines()...)
}

// eventLine renders one event, or "" for those the story skips.
func eventLine(e check.TxnEvent) string {
	because := ""
	if e.Why != "" {
		because = ": " + e.Why
	}
	switch e.Kind {
	case check.TxnBegin:
		return fmt.Sprintf("begins %s with participants %s", e.Txn, strings.Join(e.Participants, ", "))
	case check.TxnVoteYes:
		return "votes Yes on " + e.Txn + because
	case check.TxnVoteNo:
		return "votes No on " + e.Txn + because
	case check.TxnLock:
		return fmt.Sprintf("locks %s for %s", e.Key, e.Txn)
	case check.TxnUnlock:
		return fmt.Sprintf("releases %s (held for %s)", e.Key, e.Txn)
	case check.TxnTimeout:
		return "times out on " + e.Txn + because
	case TxnWait:
		return "waits on " + e.Txn + because
	case TxnPreCommitted:
		return "pre-commits " + e.Txn + because
	case TxnPreAborted:
		return "pre-aborts " + e.Txn + because
	case check.TxnCommit:
		return "commits " + e.Txn + because
	case check.TxnAbort:
		return "aborts " + e.Txn + because
	case check.TxnCrash:
		return "crashes"
	case check.TxnRestart:
		return "restarts from its log"
	}
	return ""
}

// outcomeLines says, per transaction, who committed and who aborted.
func outcomeLines(l check.TxnLog) []string {
	type outcome struct {
		id             string
		commit, abort  []string
		participants   []string
		undecidedNames []string
	}
	var order []*outcome
	byID := map[string]*outcome{} // lookups only
	for _, e := range l.Events {
		if e.Txn == "" {
			continue
		}
		o, ok := byID[e.Txn]
		if !ok {
			o = &outcome{id: e.Txn}
			byID[e.Txn] = o
			order = append(order, o)
		}
		switch e.Kind {
		case check.TxnBegin:
			o.participants = e.Participants
		case check.TxnCommit:
			o.commit = append(o.commit, e.Node)
		case check.TxnAbort:
			o.abort = append(o.abort, e.Node)
		}
	}
	var lines []string
	for _, o := range order {
		for _, p := range o.participants {
			if !contains(o.commit, p) && !contains(o.abort, p) {
				o.undecidedNames = append(o.undecidedNames, p)
			}
		}
		var parts []string
		if len(o.commit) > 0 {
			parts = append(parts, "committed at "+strings.Join(o.commit, ", "))
		}
		if len(o.abort) > 0 {
			parts = append(parts, "aborted at "+strings.Join(o.abort, ", "))
		}
		if len(o.undecidedNames) > 0 {
			parts = append(parts, "undecided at "+strings.Join(o.undecidedNames, ", "))
		}
		verdict := ""
		switch {
		case len(o.commit) > 0 && len(o.abort) > 0:
			verdict = " — NOT ATOMIC"
		case len(o.undecidedNames) > 0:
			verdict = " — blocked"
		}
		lines = append(lines, fmt.Sprintf("%s: %s%s", o.id, strings.Join(parts, "; "), verdict))
	}
	return lines
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
