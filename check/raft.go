package check

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The Raft paper's Figure 3 lists five properties Raft guarantees at all
// times. The checkers below test them after the fact over protocol-neutral
// records, so any log-replication protocol that reports leaders, log
// entries, truncations, commits and applies can be judged the same way
// (hashicorp/raft's fuzzy verifiers do the same: one leader per term,
// identical logs, identical state machines).
//
// Every record carries Order, its position in the run's observations, so
// records of the same instant are replayed in the order they happened.

// RaftLeader records that Node became leader of Term at At.
type RaftLeader struct {
	Node  string
	Term  uint64
	At    time.Duration
	Order int
}

// RaftEntry records that Node stored Value at Index with entry term Term
// (an append to its log). Value identifies the command ("noop", "x=1 c0#3").
type RaftEntry struct {
	Node  string
	Index uint64
	Term  uint64
	Value string
	At    time.Duration
	Order int
}

// RaftTruncate records that Node deleted its log from Index on, while its
// current term was Term.
type RaftTruncate struct {
	Node  string
	Index uint64
	Term  uint64
	At    time.Duration
	Order int
}

// RaftReset records that Node lost its whole log (a crash that lost the
// disk): the replay of its log starts over, as the node did.
type RaftReset struct {
	Node  string
	At    time.Duration
	Order int
}

// RaftCommit records that Node learned Index (entry term Term, Value) is
// committed while its own current term was InTerm.
type RaftCommit struct {
	Node   string
	Index  uint64
	Term   uint64
	Value  string
	InTerm uint64
	At     time.Duration
	Order  int
}

// RaftApply records that Node applied Value at Index to its state machine.
type RaftApply struct {
	Node  string
	Index uint64
	Value string
	At    time.Duration
	Order int
}

// RaftRun is everything the Figure 3 checkers read about one run.
type RaftRun struct {
	Leaders   []RaftLeader
	Entries   []RaftEntry
	Truncates []RaftTruncate
	Resets    []RaftReset
	Commits   []RaftCommit
	Applies   []RaftApply
}

// ElectionSafety (§5.2): at most one leader can be elected in a given term.
func ElectionSafety(run RaftRun) Result {
	res := Result{Name: "election-safety", Safety: true}
	first := map[uint64]RaftLeader{} // term -> first leader; lookups only
	var lines []string
	for _, l := range run.Leaders {
		f, ok := first[l.Term]
		switch {
		case !ok:
			first[l.Term] = l
		case f.Node != l.Node:
			lines = append(lines, fmt.Sprintf("term %d: %s elected at %s and %s elected at %s",
				l.Term, f.Node, Millis(f.At), l.Node, Millis(l.At)))
		}
	}
	if len(lines) > 0 {
		res.Detail = "two leaders in one term: " + lines[0]
		res.Evidence = capEvidence(lines)
		return res
	}
	res.OK = true
	res.Detail = fmt.Sprintf("%d elections, at most one leader per term", len(run.Leaders))
	return res
}

// LeaderAppendOnly (§5.3): a leader never overwrites or deletes entries in
// its log; it only appends. A truncation by a node during its own term as
// leader is the evidence.
func LeaderAppendOnly(run RaftRun) Result {
	res := Result{Name: "leader-append-only", Safety: true}
	type tenure struct {
		node string
		term uint64
	}
	led := map[tenure]RaftLeader{} // lookups only
	for _, l := range run.Leaders {
		led[tenure{l.Node, l.Term}] = l
	}
	var lines []string
	for _, t := range run.Truncates {
		if l, ok := led[tenure{t.Node, t.Term}]; ok && t.Order > l.Order {
			lines = append(lines, fmt.Sprintf("%s, leader of term %d since %s, deleted its log from index %d at %s",
				t.Node, t.Term, Millis(l.At), t.Index, Millis(t.At)))
		}
	}
	if len(lines) > 0 {
		res.Detail = lines[0]
		res.Evidence = capEvidence(lines)
		return res
	}
	res.OK = true
	res.Detail = fmt.Sprintf("no leader deleted from its own log (%d truncations, all by followers)", len(run.Truncates))
	return res
}

// LogMatching (§5.3): if two logs contain an entry with the same index and
// term, the entries are identical (and, inductively, so are all entries
// before them). An entry stored anywhere with the same index and term as an
// earlier one but another command is the evidence.
func LogMatching(run RaftRun) Result {
	res := Result{Name: "log-matching", Safety: true}
	type slot struct{ index, term uint64 }
	seen := map[slot]RaftEntry{} // lookups only
	var lines []string
	for _, e := range run.Entries {
		s := slot{e.Index, e.Term}
		f, ok := seen[s]
		switch {
		case !ok:
			seen[s] = e
		case f.Value != e.Value:
			lines = append(lines, fmt.Sprintf("index %d term %d: %s holds %q (since %s) but %s holds %q (since %s)",
				e.Index, e.Term, f.Node, f.Value, Millis(f.At), e.Node, e.Value, Millis(e.At)))
		}
	}
	if len(lines) > 0 {
		res.Detail = "conflicting entries at one index and term: " + lines[0]
		res.Evidence = capEvidence(lines)
		return res
	}
	res.OK = true
	res.Detail = fmt.Sprintf("%d stored entries, one command per (index, term)", len(run.Entries))
	return res
}

// raftLogs is every node's log during a replay.
type raftLogs map[string][]RaftEntry // node -> log, log[i] holds index i+1; lookups only

// replayLogs returns the logs of every node as they stood just before each
// leader's election (keyed by the leader record's Order).
func replayLogs(run RaftRun) map[int][]RaftEntry {
	// A step is one record of run, by kind and position, in the order the
	// run recorded it.
	const (
		stepEntry = iota
		stepTruncate
		stepReset
		stepLeader
	)
	type step struct {
		order, kind, i int
	}
	steps := make([]step, 0, len(run.Entries)+len(run.Truncates)+len(run.Resets)+len(run.Leaders))
	for i, e := range run.Entries {
		steps = append(steps, step{e.Order, stepEntry, i})
	}
	for i, t := range run.Truncates {
		steps = append(steps, step{t.Order, stepTruncate, i})
	}
	for i, r := range run.Resets {
		steps = append(steps, step{r.Order, stepReset, i})
	}
	for i, ld := range run.Leaders {
		steps = append(steps, step{ld.Order, stepLeader, i})
	}
	slices.SortStableFunc(steps, func(a, b step) int { return cmp.Compare(a.order, b.order) })
	out := map[int][]RaftEntry{}
	logs := raftLogs{}
	for _, s := range steps {
		switch s.kind {
		case stepEntry:
			e := run.Entries[s.i]
			log := logs[e.Node]
			for uint64(len(log)) < e.Index {
				log = append(log, RaftEntry{})
			}
			log[e.Index-1] = e
			logs[e.Node] = log
		case stepTruncate:
			t := run.Truncates[s.i]
			if uint64(len(logs[t.Node])) >= t.Index {
				logs[t.Node] = logs[t.Node][:t.Index-1]
			}
		case stepReset:
			logs[run.Resets[s.i].Node] = nil
		case stepLeader:
			ld := run.Leaders[s.i]
			out[ld.Order] = slices.Clone(logs[ld.Node])
		}
	}
	return out
}

// LeaderCompleteness (§5.4): if an entry is committed in a given term, it
// is present in the logs of the leaders of every higher term. The evidence
// is a leader elected without an entry some node had already seen
// committed in a lower term.
func LeaderCompleteness(run RaftRun) Result {
	res := Result{Name: "leader-completeness", Safety: true}
	logs := replayLogs(run)
	commits := firstCommits(run.Commits)
	var lines []string
	for _, l := range run.Leaders {
		log := logs[l.Order]
		for _, c := range commits {
			if c.InTerm >= l.Term {
				continue
			}
			if uint64(len(log)) >= c.Index && log[c.Index-1].Term == c.Term && log[c.Index-1].Value == c.Value {
				continue
			}
			lines = append(lines, fmt.Sprintf("%s became leader of term %d at %s without index %d (%q, term %d), which %s saw committed in term %d at %s",
				l.Node, l.Term, Millis(l.At), c.Index, c.Value, c.Term, c.Node, c.InTerm, Millis(c.At)))
		}
	}
	if len(lines) > 0 {
		res.Detail = lines[0]
		res.Evidence = capEvidence(lines)
		return res
	}
	res.OK = true
	res.Detail = fmt.Sprintf("every one of %d leaders held every entry committed in an earlier term", len(run.Leaders))
	return res
}

// firstCommits keeps, per (index, term, value), the commit seen in the
// lowest term: that is the strongest claim Leader Completeness must honour.
func firstCommits(commits []RaftCommit) []RaftCommit {
	type key struct {
		index, term uint64
		value       string
	}
	pos := map[key]int{} // lookups only
	var out []RaftCommit
	for _, c := range commits {
		k := key{c.Index, c.Term, c.Value}
		if i, ok := pos[k]; ok {
			if c.InTerm < out[i].InTerm {
				out[i] = c
			}
			continue
		}
		pos[k] = len(out)
		out = append(out, c)
	}
	return out
}

// StateMachineSafety (§5.4.3): if a server has applied a log entry at a
// given index to its state machine, no other server ever applies a
// different entry at that index.
func StateMachineSafety(run RaftRun) Result {
	res := Result{Name: "state-machine-safety", Safety: true}
	first := map[uint64]RaftApply{} // index -> first apply; lookups only
	var lines []string
	for _, a := range run.Applies {
		f, ok := first[a.Index]
		switch {
		case !ok:
			first[a.Index] = a
		case f.Value != a.Value:
			lines = append(lines, fmt.Sprintf("index %d: %s applied %q at %s but %s applied %q at %s",
				a.Index, f.Node, f.Value, Millis(f.At), a.Node, a.Value, Millis(a.At)))
		}
	}
	if len(lines) > 0 {
		res.Detail = "two state machines diverged: " + lines[0]
		res.Evidence = capEvidence(lines)
		return res
	}
	res.OK = true
	res.Detail = fmt.Sprintf("%d applies, one command per index on every node", len(run.Applies))
	return res
}

// StableLeader (a liveness check, name "stable-leader") says whether the
// cluster settled: some leader was elected, and no node started an election
// in the last window before end. Campaigns lists when a node stood for
// election (a real candidacy, not a pre-vote). It catches the livelocks
// where operations may trickle through but leadership never lasts.
func StableLeader(run RaftRun, campaigns []RaftLeader, end, window time.Duration) Result {
	res := Result{Name: "stable-leader"}
	if len(run.Leaders) == 0 {
		var terms []string
		for _, c := range campaigns {
			terms = append(terms, fmt.Sprint(c.Term))
		}
		res.Detail = fmt.Sprintf("no leader was ever elected in %s; %d campaigns", Millis(end), len(campaigns))
		if len(terms) > 0 {
			res.Detail += fmt.Sprintf(", terms reached %s", terms[len(terms)-1])
		}
		return res
	}
	var late []string
	for _, c := range campaigns {
		if c.At > end-window {
			late = append(late, fmt.Sprintf("%s stood for term %d at %s", c.Node, c.Term, Millis(c.At)))
		}
	}
	if len(late) > 0 {
		res.Detail = fmt.Sprintf("%d elections in the last %s of the run (%d leaders in all): %s",
			len(late), Millis(window), len(run.Leaders), strings.Join(late[:min(3, len(late))], "; "))
		res.Evidence = capEvidence(late)
		return res
	}
	last := run.Leaders[len(run.Leaders)-1]
	res.OK = true
	res.Detail = fmt.Sprintf("%s leads term %d since %s with no election in the last %s",
		last.Node, last.Term, Millis(last.At), Millis(window))
	return res
}
