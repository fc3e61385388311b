package check

import (
	"testing"
)

// raftGood is a small correct history: n0 leads term 1 and replicates
// x=1 at index 1 to n1; both commit and apply it; n1 then leads term 2
// with the entry in its log.
func raftGood() RaftRun {
	return RaftRun{
		Leaders: []RaftLeader{{Node: "n0", Term: 1, At: msT(10), Order: 0}, {Node: "n1", Term: 2, At: msT(500), Order: 7}},
		Entries: []RaftEntry{
			{Node: "n0", Index: 1, Term: 1, Value: "x=1", At: msT(20), Order: 1},
			{Node: "n1", Index: 1, Term: 1, Value: "x=1", At: msT(30), Order: 2},
		},
		Commits: []RaftCommit{{Node: "n0", Index: 1, Term: 1, Value: "x=1", InTerm: 1, At: msT(40), Order: 3}},
		Applies: []RaftApply{
			{Node: "n0", Index: 1, Value: "x=1", At: msT(40), Order: 4},
			{Node: "n1", Index: 1, Value: "x=1", At: msT(90), Order: 5},
		},
	}
}

// TestRaftCheckersHoldOnACorrectRun: every Figure 3 checker accepts a
// correct run, so the known-bad tests below fail for the right reason.
func TestRaftCheckersHoldOnACorrectRun(t *testing.T) {
	run := raftGood()
	for _, res := range []Result{ElectionSafety(run), LeaderAppendOnly(run), LogMatching(run), LeaderCompleteness(run), StateMachineSafety(run)} {
		if !res.OK || !res.Safety {
			t.Errorf("%s: want a passing safety check, got ok=%v safety=%v: %s", res.Name, res.OK, res.Safety, res.Detail)
		}
	}
}

// TestElectionSafetyTwoLeadersInOneTerm: two nodes elected in one term is
// the violation, and the detail names both leaders and the term.
func TestElectionSafetyTwoLeadersInOneTerm(t *testing.T) {
	run := raftGood()
	run.Leaders = append(run.Leaders, RaftLeader{Node: "n2", Term: 2, At: msT(520), Order: 8})
	res := ElectionSafety(run)
	if res.OK {
		t.Fatal("two leaders of term 2 passed")
	}
	wantDetail(t, res.Detail, "term 2", "n1", "n2", "500ms", "520ms")
}

// TestLeaderAppendOnlyLeaderTruncates: a leader deleting from its own log
// during its term is the violation; a follower doing it is not.
func TestLeaderAppendOnlyLeaderTruncates(t *testing.T) {
	run := raftGood()
	run.Truncates = []RaftTruncate{{Node: "n1", Index: 1, Term: 1, At: msT(300), Order: 6}}
	if res := LeaderAppendOnly(run); !res.OK {
		t.Fatalf("a follower's truncation failed the check: %s", res.Detail)
	}
	run.Truncates = append(run.Truncates, RaftTruncate{Node: "n1", Index: 1, Term: 2, At: msT(600), Order: 9})
	res := LeaderAppendOnly(run)
	if res.OK {
		t.Fatal("a leader deleting its own entry passed")
	}
	wantDetail(t, res.Detail, "n1", "term 2", "index 1", "600ms")
}

// TestLogMatchingConflictingEntries: two commands at one index and term
// (an equivocating leader) is the violation.
func TestLogMatchingConflictingEntries(t *testing.T) {
	run := raftGood()
	run.Entries = append(run.Entries, RaftEntry{Node: "n2", Index: 1, Term: 1, Value: "x=1'", At: msT(31), Order: 6})
	res := LogMatching(run)
	if res.OK {
		t.Fatal("conflicting entries at index 1 term 1 passed")
	}
	wantDetail(t, res.Detail, "index 1 term 1", "n0", `"x=1"`, "n2", `"x=1'"`)
}

// TestLeaderCompletenessLeaderMissingCommittedEntry: a leader elected
// without an entry committed in an earlier term is the violation (the
// lost-disk and Figure 8 failures); the entry being truncated before the
// election is what makes it missing.
func TestLeaderCompletenessLeaderMissingCommittedEntry(t *testing.T) {
	run := raftGood()
	run.Truncates = []RaftTruncate{{Node: "n1", Index: 1, Term: 1, At: msT(300), Order: 6}}
	res := LeaderCompleteness(run)
	if res.OK {
		t.Fatal("a leader without a committed entry passed")
	}
	wantDetail(t, res.Detail, "n1", "term 2", "index 1", `"x=1"`, "committed in term 1")
	// A lost disk is the same evidence.
	run = raftGood()
	run.Resets = []RaftReset{{Node: "n1", At: msT(300), Order: 6}}
	if LeaderCompleteness(run).OK {
		t.Fatal("a leader whose disk was wiped passed")
	}
}

// TestStateMachineSafetyDivergentApplies: two nodes applying different
// commands at one index is the violation.
func TestStateMachineSafetyDivergentApplies(t *testing.T) {
	run := raftGood()
	run.Applies = append(run.Applies, RaftApply{Node: "n4", Index: 1, Value: "y=9", At: msT(700), Order: 10})
	res := StateMachineSafety(run)
	if res.OK {
		t.Fatal("divergent applies passed")
	}
	wantDetail(t, res.Detail, "index 1", "n0", `"x=1"`, "n4", `"y=9"`, "700ms")
}

// TestStableLeader: no leader at all, or an election in the final window,
// is a liveness failure; a leader with a quiet window passes.
func TestStableLeader(t *testing.T) {
	end, window := msT(3000), msT(1000)
	campaigns := []RaftLeader{{Node: "n0", Term: 1, At: msT(5)}}
	if res := StableLeader(RaftRun{}, campaigns, end, window); res.OK || res.Safety {
		t.Fatalf("no leader: want a failed liveness check, got ok=%v safety=%v", res.OK, res.Safety)
	}
	run := raftGood()
	if res := StableLeader(run, campaigns, end, window); !res.OK {
		t.Fatalf("a quiet end failed: %s", res.Detail)
	}
	late := append(campaigns, RaftLeader{Node: "n3", Term: 9, At: msT(2500)})
	res := StableLeader(run, late, end, window)
	if res.OK {
		t.Fatal("an election in the final window passed")
	}
	wantDetail(t, res.Detail, "n3", "term 9", "2500ms")
}
