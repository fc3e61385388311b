package check

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Ballot orders Paxos proposals. Round is compared first and Node (the
// proposer's NodeID) breaks ties, so two proposers never share a ballot and
// every pair of ballots is ordered. The zero Ballot is "none": lower than
// every ballot a proposer uses (Round starts at 1).
type Ballot struct {
	Round int64
	Node  int
}

// Less reports whether b orders before o.
func (b Ballot) Less(o Ballot) bool {
	return b.Round < o.Round || (b.Round == o.Round && b.Node < o.Node)
}

// IsZero reports the "none" ballot.
func (b Ballot) IsZero() bool { return b == Ballot{} }

// String renders "round.node" ("3.4"), or "none".
func (b Ballot) String() string {
	if b.IsZero() {
		return "none"
	}
	return fmt.Sprintf("%d.%d", b.Round, b.Node)
}

// PaxosAccept is one acceptor accepting Value for Slot in Ballot, as the
// acceptor itself reported it. Agreement is computed from these alone,
// never from what learners or proposers say they learned, because a learner
// can only repeat what it was told while an accept is the fact that makes a
// value chosen. Basic Paxos uses a single slot (0).
type PaxosAccept struct {
	Acceptor string
	Slot     int64
	Ballot   Ballot
	Value    string
	At       time.Duration
}

// PaxosChoice is a value chosen for a slot: a quorum of distinct acceptors
// accepted it in the same ballot. At is when the quorum-th accept happened.
type PaxosChoice struct {
	Slot      int64
	Ballot    Ballot
	Value     string
	At        time.Duration
	Acceptors []string // the first quorum of acceptors, in the order they accepted
}

// describe renders a choice for a Detail: "X in ballot 1.3 by {n0,n2} at 40ms".
func (c PaxosChoice) describe() string {
	return fmt.Sprintf("%q in ballot %s by {%s} at %s", c.Value, c.Ballot, strings.Join(c.Acceptors, ","), Millis(c.At))
}

// PaxosChosen lists every (slot, ballot, value) that a quorum of distinct
// acceptors accepted, in the order the quorum was reached. An acceptor that
// accepts the same proposal twice (a duplicate message) counts once.
func PaxosChosen(accepts []PaxosAccept, quorum int) []PaxosChoice {
	if quorum <= 0 {
		panic(fmt.Sprintf("check: PaxosChosen with quorum %d", quorum))
	}
	type proposal struct {
		slot   int64
		ballot Ballot
		value  string
	}
	voters := map[proposal][]string{} // lookups only: output order comes from accepts
	var out []PaxosChoice
	for _, a := range accepts {
		p := proposal{a.Slot, a.Ballot, a.Value}
		vs := voters[p]
		if slices.Contains(vs, a.Acceptor) {
			continue
		}
		vs = append(vs, a.Acceptor)
		voters[p] = vs
		if len(vs) == quorum {
			out = append(out, PaxosChoice{Slot: a.Slot, Ballot: a.Ballot, Value: a.Value, At: a.At, Acceptors: slices.Clone(vs)})
		}
	}
	return out
}

// Agreement (name "agreement", a safety check) says whether at most one
// value was chosen per slot, over the acceptors' own accepts. The same value
// chosen again in a later ballot is fine (that is how Paxos keeps a choice);
// a different value is the violation, and the Detail names both quorums.
func Agreement(accepts []PaxosAccept, quorum int) Result {
	choices := PaxosChosen(accepts, quorum)
	first := map[int64]PaxosChoice{} // slot -> first choice; lookups only
	var bad []string
	slots := 0
	for _, c := range choices {
		f, seen := first[c.Slot]
		if !seen {
			first[c.Slot] = c
			slots++
			continue
		}
		if f.Value != c.Value {
			bad = append(bad, fmt.Sprintf("slot %d: %s, then %s", c.Slot, f.describe(), c.describe()))
		}
	}
	if len(bad) > 0 {
		return Result{Name: "agreement", Safety: true, Detail: fmt.Sprintf(
			"two values chosen for one slot (%d conflicting choices); first: %s", len(bad), bad[0]),
			Evidence: capEvidence(bad)}
	}
	return Result{Name: "agreement", OK: true, Safety: true, Detail: fmt.Sprintf(
		"%d slots chosen, each with a single value (%d accepts by acceptors, quorum %d)", slots, len(accepts), quorum)}
}

// PaxosValueChosen (name "chosen", a liveness check) says whether some value
// was chosen by deadline: the progress Basic Paxos owes. FLP allows a run
// where it never happens; the dueling proposers are that run.
func PaxosValueChosen(accepts []PaxosAccept, quorum int, deadline time.Duration) Result {
	choices := PaxosChosen(accepts, quorum)
	slices.SortStableFunc(choices, func(a, b PaxosChoice) int { return cmp.Compare(a.At, b.At) })
	if len(choices) == 0 || choices[0].At > deadline {
		return Result{Name: "chosen", Detail: fmt.Sprintf(
			"no value was chosen by %s (%d accepts by acceptors, none by a quorum of %d in one ballot)",
			Millis(deadline), len(accepts), quorum)}
	}
	return Result{Name: "chosen", OK: true, Detail: "chosen: " + choices[0].describe()}
}
