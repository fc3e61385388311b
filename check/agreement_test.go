package check

import (
	"strings"
	"testing"
	"time"
)

// acc builds one accept for the agreement tests.
func acc(acceptor string, slot int64, round int64, node int, value string, atMs int) PaxosAccept {
	return PaxosAccept{Acceptor: acceptor, Slot: slot, Ballot: Ballot{Round: round, Node: node}, Value: value,
		At: time.Duration(atMs) * time.Millisecond}
}

// Purpose: ballots order by round, then node; zero is "none" and lowest.
func TestBallotOrder(t *testing.T) {
	a, b, c := Ballot{1, 4}, Ballot{2, 3}, Ballot{2, 4}
	if !a.Less(b) || !b.Less(c) || c.Less(a) || a.Less(a) || !(Ballot{}).Less(a) {
		t.Errorf("ballot order wrong")
	}
	if (Ballot{}).String() != "none" || c.String() != "2.4" {
		t.Errorf("String: %s %s", Ballot{}, c)
	}
}

// Purpose: the known-bad run of paxos-byzantine-acceptor - X chosen by
// {n0,n2} in 1.3, Y by {n1,n2} in 1.4 - fails agreement and names both
// quorums; a second quorum for the same value in a later ballot does not.
func TestAgreementKnownBad(t *testing.T) {
	bad := []PaxosAccept{
		acc("n0", 0, 1, 3, "X", 20), acc("n2", 0, 1, 3, "X", 20),
		acc("n1", 0, 1, 4, "Y", 220), acc("n2", 0, 1, 4, "Y", 220),
	}
	r := Agreement(bad, 2)
	if r.OK || !r.Safety || r.Name != "agreement" {
		t.Fatalf("two values chosen passed: %+v", r)
	}
	for _, want := range []string{`"X" in ballot 1.3 by {n0,n2}`, `"Y" in ballot 1.4 by {n1,n2}`} {
		if !strings.Contains(r.Detail, want) {
			t.Errorf("detail %q lacks %q", r.Detail, want)
		}
	}
	good := []PaxosAccept{
		acc("n0", 0, 1, 3, "X", 20), acc("n2", 0, 1, 3, "X", 20),
		acc("n1", 0, 1, 4, "X", 220), acc("n2", 0, 1, 4, "X", 220),
		acc("n1", 1, 1, 4, "Z", 230), // slot 1: one accept only, not chosen
	}
	if r := Agreement(good, 2); !r.OK || !strings.HasPrefix(r.Detail, "1 slots chosen") {
		t.Errorf("same value twice failed: %+v", r)
	}
}

// Purpose: one acceptor accepting twice (a duplicate message) is one vote,
// so no quorum of 2 forms and two different values are not "chosen".
func TestChosenCountsAcceptorsOnce(t *testing.T) {
	dups := []PaxosAccept{acc("n0", 0, 1, 3, "X", 10), acc("n0", 0, 1, 3, "X", 11), acc("n1", 0, 1, 4, "Y", 12), acc("n1", 0, 1, 4, "Y", 13)}
	if got := PaxosChosen(dups, 2); len(got) != 0 {
		t.Errorf("duplicates made a quorum: %+v", got)
	}
	if r := Agreement(dups, 2); !r.OK {
		t.Errorf("nothing chosen failed agreement: %+v", r)
	}
}

// Purpose: the chosen liveness check fails on the dueling proposers' run
// (accepts never reach a quorum in one ballot), fails when the choice comes
// after the deadline, and passes with the value and time otherwise.
func TestValueChosenKnownBad(t *testing.T) {
	duel := []PaxosAccept{acc("n0", 0, 1, 3, "X", 60), acc("n1", 0, 1, 4, "Y", 95), acc("n2", 0, 2, 3, "X", 130)}
	if r := PaxosValueChosen(duel, 2, time.Second); r.OK || r.Safety || r.Name != "chosen" {
		t.Errorf("livelock passed: %+v", r)
	}
	late := []PaxosAccept{acc("n0", 0, 1, 3, "X", 1500), acc("n1", 0, 1, 3, "X", 1500)}
	if r := PaxosValueChosen(late, 2, time.Second); r.OK {
		t.Errorf("choice after the deadline passed: %+v", r)
	}
	if r := PaxosValueChosen(late, 2, 2*time.Second); !r.OK || !strings.Contains(r.Detail, "1500ms") {
		t.Errorf("choice in time failed: %+v", r)
	}
}
