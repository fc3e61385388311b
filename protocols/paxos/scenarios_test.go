package paxos_test

import (
	"slices"
	"strings"
	"testing"

	"simrun/check"
	"simrun/protocols/paxos"
	"simrun/scenarios"
	"simrun/workload"
)

// runCatalogue runs a catalogue scenario at its own seed.
func runCatalogue(t *testing.T, name string) *scenarios.Outcome {
	t.Helper()
	s, err := scenarios.Find(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	o, err := scenarios.Run(s, scenarios.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !o.ExpectationMet {
		t.Errorf("%s: verdict %s, expected %s", name, o.Verdict, s.ExpectText())
	}
	return o
}

// Purpose: SCENARIOS.md's multipaxos-leader-change - the new leader n2
// runs phase 1 over slots 3..5, re-proposes the values n1 accepted in
// slots 3 and 5 and fills slot 4 with a no-op; the story says so, c3 reads
// the re-proposed x=2, and c0's retried write is answered from the
// session table (acknowledged once, not applied twice).
func TestLeaderChangeFillsHoles(t *testing.T) {
	o := runCatalogue(t, "multipaxos-leader-change")
	var lead *paxos.LeadFact
	for _, ob := range o.Result.Observations {
		if f, ok := ob.Data.(paxos.LeadFact); ok && f.Ballot.Round == 2 {
			lead = &f
		}
	}
	if lead == nil {
		t.Fatal("no leader of round 2")
	}
	var re []int64
	for _, e := range lead.Reproposed {
		re = append(re, e.Slot)
	}
	if lead.From != 3 || lead.Through != 5 || !slices.Equal(re, []int64{3, 5}) || !slices.Equal(lead.NoOps, []int64{4}) {
		t.Errorf("lead fact = %+v, want slots 3 and 5 re-proposed, 4 a no-op", *lead)
	}
	if !slices.ContainsFunc(o.Story(), func(l string) bool {
		return strings.Contains(l, "re-proposes slot 3 (c0#1 write x=2") && strings.Contains(l, "fills slot 4 with a no-op")
	}) {
		t.Errorf("story does not tell the holes being filled:\n%s", strings.Join(o.Story(), "\n"))
	}
	reads := map[string]string{}
	for _, op := range o.History {
		if op.Kind == workload.OpRead && op.Outcome == check.OK {
			reads[op.Client+"/"+op.Key] = op.Output
		}
		if op.Outcome != check.OK {
			t.Errorf("operation not acknowledged: %+v", op)
		}
	}
	if reads["c3/x"] != "2" || reads["c3/z"] != "3" || reads["c3/y"] != "2" {
		t.Errorf("reads = %v", reads)
	}
}

// Purpose: the stories of the Basic Paxos scenarios say what the issue
// asks: how many ballots the duel pre-empted with nothing chosen by the
// deadline; when and which value backoff got chosen; two values chosen
// under the liar and the amnesiac, one after an honest crash-recover.
func TestBasicStories(t *testing.T) {
	want := map[string]string{
		"paxos-dueling":            "no value was chosen by the deadline t=2000ms: 56 ballots were pre-empted (n3: 28, n4: 28)",
		"paxos-dueling-backoff":    `value "Y" was chosen at t=95ms in ballot 1.n4`,
		"paxos-byzantine-acceptor": `two values were chosen: "X" at t=30ms and "Y" at t=230ms`,
		"paxos-amnesia":            `two values were chosen: "X" at t=30ms and "Y" at t=230ms`,
		"paxos-crash-recover":      `value "X" was chosen at t=30ms in ballot 1.n3`,
	}
	for name, line := range want {
		o := runCatalogue(t, name)
		if last := o.Story()[len(o.Story())-1]; !strings.HasPrefix(last, line) {
			t.Errorf("%s: closing line %q, want %q", name, last, line)
		}
	}
}
