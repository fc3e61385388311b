package check

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Transaction event kinds, as TxnEvent.Kind spells them. They are
// protocol-neutral: 2PC's Prepared, 3PC's CanCommit-Yes and TCC's
// successful Try all become "prepared" plus "vote-yes", so one checker
// judges every atomic-commit protocol.
const (
	TxnBegin    = "begin"    // a coordinator started the txn; Participants set
	TxnVoteYes  = "vote-yes" // a participant voted Yes (it is now uncertain)
	TxnVoteNo   = "vote-no"  // a participant voted No
	TxnPrepared = "prepared" // a participant logged that it can commit
	TxnCommit   = "commit"   // a node decided commit
	TxnAbort    = "abort"    // a node decided abort
	TxnLock     = "lock"     // a participant took Key's lock for the txn
	TxnUnlock   = "unlock"   // ... and released it
	TxnTimeout  = "timeout"  // a node gave up waiting (a failure suspected)
	TxnCrash    = "crash"    // the node crashed (Txn is "")
	TxnRestart  = "restart"  // the node restarted (Txn is "")
)

// TxnEvent is one protocol-neutral fact about a transaction at a node.
type TxnEvent struct {
	At           time.Duration
	Node         string
	Txn          string
	Kind         string
	Key          string   // lock, unlock
	Participants []string // begin
	Why          string   // commit, abort, vote-no: the reason, for stories
}

// TxnLog is everything the atomic-commit checkers read about one run: the
// events in the order they happened, the end of the run and the faults.
type TxnLog struct {
	Events []TxnEvent
	// End is the simulated time the run stopped: open intervals end here.
	End time.Duration
	// Faults counts fault-schedule actions; LastFault is the last one's time.
	Faults    int
	LastFault time.Duration
}

// decisionOf is what one node decided about one txn.
type decisionOf struct {
	node   string
	commit bool
	at     time.Duration
	why    string
}

// txnFacts gathers one transaction's events for the checkers.
type txnFacts struct {
	id        string
	begin     *TxnEvent
	yes       map[string]time.Duration // participant -> first Yes vote
	decisions []decisionOf
	timeouts  int
	heard     map[string]bool // nodes with any event for the txn
}

// byTxn groups the log's events by transaction, transactions in order of
// first appearance (so Details name the earliest offender).
func (l TxnLog) byTxn() []*txnFacts {
	index := map[string]int{} // lookups only
	var out []*txnFacts
	for i := range l.Events {
		e := &l.Events[i]
		if e.Txn == "" {
			continue
		}
		j, ok := index[e.Txn]
		if !ok {
			j = len(out)
			index[e.Txn] = j
			out = append(out, &txnFacts{id: e.Txn, yes: map[string]time.Duration{}, heard: map[string]bool{}})
		}
		f := out[j]
		f.heard[e.Node] = true
		switch e.Kind {
		case TxnBegin:
			if f.begin == nil {
				f.begin = e
			}
		case TxnVoteYes:
			if _, seen := f.yes[e.Node]; !seen {
				f.yes[e.Node] = e.At
			}
		case TxnCommit, TxnAbort:
			f.decisions = append(f.decisions, decisionOf{e.Node, e.Kind == TxnCommit, e.At, e.Why})
		case TxnTimeout:
			f.timeouts++
		}
	}
	return out
}

// Atomicity (name "atomicity", safety) checks the atomic-commit rules over
// a run: no transaction both committed and aborted anywhere; at most one
// decision per node per transaction; a commit only after every participant
// voted Yes; and when every participant voted Yes and nothing failed (no
// fault, no timeout), no abort.
func Atomicity(l TxnLog) Result {
	res := Result{Name: "atomicity", Safety: true}
	var lines []string
	txns := l.byTxn()
	decided := 0
	for _, f := range txns {
		decided += len(f.decisions)
		lines = append(lines, f.atomicityProblems(l.Faults)...)
	}
	if len(lines) == 0 {
		res.OK = true
		res.Detail = fmt.Sprintf("%d transactions, %d decisions: every node that decided a transaction decided the same way, once, and only after all Yes votes for a commit",
			len(txns), decided)
		return res
	}
	res.Detail = lines[0]
	if len(lines) > 1 {
		res.Evidence = capEvidence(lines[1:])
	}
	return res
}

// atomicityProblems lists what is wrong with one transaction's decisions.
func (f *txnFacts) atomicityProblems(faults int) []string {
	var lines []string
	var commits, aborts []decisionOf
	count := map[string]int{} // node -> decisions; lookups only
	for _, d := range f.decisions {
		count[d.node]++
		if count[d.node] == 2 {
			lines = append(lines, fmt.Sprintf("%s: %s decided twice (second time at %s)", f.id, d.node, ms(d.at)))
		}
		if d.commit {
			commits = append(commits, d)
		} else {
			aborts = append(aborts, d)
		}
	}
	if len(commits) > 0 && len(aborts) > 0 {
		lines = append(lines, fmt.Sprintf("%s was committed by %s and aborted by %s", f.id, decidersText(commits), decidersText(aborts)))
	}
	if f.begin == nil {
		return lines
	}
	for _, d := range commits {
		if p, ok := f.missingYes(d.at); ok {
			lines = append(lines, fmt.Sprintf("%s: %s committed at %s before %s voted Yes", f.id, d.node, ms(d.at), p))
			break
		}
	}
	if _, missing := f.missingYes(time.Duration(1 << 62)); !missing && faults == 0 && f.timeouts == 0 && len(aborts) > 0 {
		lines = append(lines, fmt.Sprintf("%s: every participant voted Yes and nothing failed, yet %s aborted", f.id, decidersText(aborts)))
	}
	return lines
}

// missingYes names the first participant (in begin order) with no Yes vote
// at or before t.
func (f *txnFacts) missingYes(t time.Duration) (string, bool) {
	for _, p := range f.begin.Participants {
		if at, ok := f.yes[p]; !ok || at > t {
			return p, true
		}
	}
	return "", false
}

// decidersText renders decisions as "n1 (155ms), n2 (135ms)".
func decidersText(ds []decisionOf) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("%s (%s)", d.node, ms(d.at))
	}
	return strings.Join(parts, ", ")
}

// Termination (name "termination", liveness) checks that every transaction
// that began was decided at every participant that heard of it and is up
// at the end of the run, within bound after the later of its begin and the
// last fault, and that such participants released every lock they took. A
// participant that is down at the end owes nothing: it will learn the
// outcome when it recovers; nor does one that never heard of the
// transaction (it was down throughout, and holds nothing for it). The
// Evidence carries the metrics of CommitMetricsOf.
func Termination(l TxnLog, bound time.Duration) Result {
	res := Result{Name: "termination"}
	down := l.downAtEnd()
	var lines []string
	for _, f := range l.byTxn() {
		if f.begin == nil {
			continue
		}
		deadline := max(f.begin.At, l.LastFault) + bound
		for _, p := range f.begin.Participants {
			if down[p] || !f.heard[p] {
				continue
			}
			if at, ok := f.decidedAt(p); !ok {
				lines = append(lines, fmt.Sprintf("%s never decided at %s (blocked to the end of the run at %s)", f.id, p, ms(l.End)))
			} else if at > deadline {
				lines = append(lines, fmt.Sprintf("%s decided at %s only at %s, after the bound %s (%s after %s)",
					f.id, p, ms(at), ms(deadline), ms(bound), ms(max(f.begin.At, l.LastFault))))
			}
		}
	}
	m := CommitMetricsOf(l)
	for _, h := range m.LockHolds {
		if h.Open && !down[h.Node] {
			lines = append(lines, fmt.Sprintf("%s still holds lock %s for %s at the end (since %s)", h.Node, h.Key, h.Txn, ms(h.From)))
		}
	}
	if len(lines) == 0 {
		res.OK = true
		res.Detail = fmt.Sprintf("every transaction was decided at every live participant within %s of its start or the last fault; %s",
			ms(bound), m.Summary())
		res.Evidence = capEvidence(m.Lines())
		return res
	}
	res.Detail = lines[0] + "; " + m.Summary()
	res.Evidence = capEvidence(append(lines[1:], m.Lines()...))
	return res
}

// decidedAt is when node first decided the txn.
func (f *txnFacts) decidedAt(node string) (time.Duration, bool) {
	for _, d := range f.decisions {
		if d.node == node {
			return d.at, true
		}
	}
	return 0, false
}

// downAtEnd lists the nodes whose last crash was not followed by a restart.
func (l TxnLog) downAtEnd() map[string]bool {
	down := map[string]bool{}
	for _, e := range l.Events {
		switch e.Kind {
		case TxnCrash:
			down[e.Node] = true
		case TxnRestart:
			down[e.Node] = false
		}
	}
	return down
}

// Span is an interval during which Node was in some state for Txn (and Key,
// for a lock). Open means it lasted to the end of the run (To = End).
type Span struct {
	Node, Txn, Key string
	From, To       time.Duration
	Open           bool
}

// Length is how long the span lasted.
func (s Span) Length() time.Duration { return s.To - s.From }

// CommitMetrics are the costs of atomic commit the report plots: how long
// participants sat uncertain (voted Yes, no decision), how long locks were
// held, and which transactions were still blocked at the end.
type CommitMetrics struct {
	Uncertain []Span
	LockHolds []Span
	// Blocked lists transactions some participant was still uncertain
	// about at the end of the run, sorted.
	Blocked []string
}

// CommitMetricsOf measures a run. Crashes do not end a span: a prepared
// participant that crashes is still uncertain (its log says so), and its
// lock is still held when it recovers.
func CommitMetricsOf(l TxnLog) CommitMetrics {
	var m CommitMetrics
	unc := map[string]int{}  // node/txn -> open uncertain span index; lookups only
	lock := map[string]int{} // node/txn/key -> open lock span index; lookups only
	for _, e := range l.Events {
		k := e.Node + "/" + e.Txn
		switch e.Kind {
		case TxnVoteYes:
			if _, open := unc[k]; !open {
				unc[k] = len(m.Uncertain)
				m.Uncertain = append(m.Uncertain, Span{Node: e.Node, Txn: e.Txn, From: e.At, Open: true})
			}
		case TxnCommit, TxnAbort:
			if i, open := unc[k]; open {
				m.Uncertain[i].To, m.Uncertain[i].Open = e.At, false
				delete(unc, k)
			}
		case TxnLock:
			if _, open := lock[k+"/"+e.Key]; !open {
				lock[k+"/"+e.Key] = len(m.LockHolds)
				m.LockHolds = append(m.LockHolds, Span{Node: e.Node, Txn: e.Txn, Key: e.Key, From: e.At, Open: true})
			}
		case TxnUnlock:
			if i, open := lock[k+"/"+e.Key]; open {
				m.LockHolds[i].To, m.LockHolds[i].Open = e.At, false
				delete(lock, k+"/"+e.Key)
			}
		}
	}
	closeOpenSpans(m.Uncertain, l.End)
	closeOpenSpans(m.LockHolds, l.End)
	for _, s := range m.Uncertain {
		if s.Open && !slices.Contains(m.Blocked, s.Txn) {
			m.Blocked = append(m.Blocked, s.Txn)
		}
	}
	slices.Sort(m.Blocked)
	return m
}

func closeOpenSpans(spans []Span, end time.Duration) {
	for i := range spans {
		if spans[i].Open {
			spans[i].To = end
		}
	}
}

// TotalUncertain sums the uncertain spans; MaxLockHold is the longest hold.
func (m CommitMetrics) TotalUncertain() time.Duration { return spanTotal(m.Uncertain) }

// MaxLockHold is the longest any lock was held.
func (m CommitMetrics) MaxLockHold() time.Duration {
	var best time.Duration
	for _, s := range m.LockHolds {
		best = max(best, s.Length())
	}
	return best
}

func spanTotal(spans []Span) time.Duration {
	var sum time.Duration
	for _, s := range spans {
		sum += s.Length()
	}
	return sum
}

// Summary is one clause for a Detail: the three headline numbers.
func (m CommitMetrics) Summary() string {
	blocked := "none blocked"
	if len(m.Blocked) > 0 {
		blocked = "blocked: " + strings.Join(m.Blocked, ", ")
	}
	return fmt.Sprintf("uncertain %s in total, longest lock hold %s, %s", ms(m.TotalUncertain()), ms(m.MaxLockHold()), blocked)
}

// Lines renders every span, longest first, for Evidence and stories.
func (m CommitMetrics) Lines() []string {
	var out []string
	for _, s := range longestFirst(m.LockHolds) {
		out = append(out, fmt.Sprintf("lock %s at %s held by %s %s", s.Key, s.Node, s.Txn, spanText(s, "never released")))
	}
	for _, s := range longestFirst(m.Uncertain) {
		out = append(out, fmt.Sprintf("%s uncertain about %s %s", s.Node, s.Txn, spanText(s, "never decided")))
	}
	return out
}

// spanText renders "from 10ms to 2010ms (2000ms)" or "from 10ms to the
// end of the run (2990ms, never released)".
func spanText(s Span, open string) string {
	if s.Open {
		return fmt.Sprintf("from %s to the end of the run (%s, %s)", ms(s.From), ms(s.Length()), open)
	}
	return fmt.Sprintf("from %s to %s (%s)", ms(s.From), ms(s.To), ms(s.Length()))
}

func longestFirst(spans []Span) []Span {
	out := slices.Clone(spans)
	slices.SortStableFunc(out, func(a, b Span) int { return cmp.Compare(b.Length(), a.Length()) })
	return out
}

// Names of the atomic-commit checks, as scenario files list them.
const (
	CheckAtomicity   = "atomicity"
	CheckTermination = "termination"
)

// AtomicChecks runs the named atomic-commit checks (CheckAtomicity,
// CheckTermination) over a log, in the order given, for the protocols
// that share them (2PC, 3PC). An unknown name yields a failed result that
// lists the valid ones rather than a panic.
func AtomicChecks(l TxnLog, names []string, bound time.Duration, protocol string) []Result {
	out := make([]Result, 0, len(names))
	for _, name := range names {
		switch name {
		case CheckAtomicity:
			out = append(out, Atomicity(l))
		case CheckTermination:
			out = append(out, Termination(l, bound))
		default:
			out = append(out, Result{Name: name, Detail: fmt.Sprintf(
				"%s has no check %q (it has: %s, %s)", protocol, name, CheckAtomicity, CheckTermination)})
		}
	}
	return out
}
