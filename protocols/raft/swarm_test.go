package raft_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"simrun/protocols/raft"
	"simrun/scenarios"
)

// swarmSeeds is how many seeds TestSwarm runs: 50 always (CI), 2,000
// with SIMRUN_LONG=1 (the bar).
func swarmSeeds() uint64 {
	if os.Getenv("SIMRUN_LONG") == "1" {
		return 2000
	}
	return 50
}

// TestSwarm runs the raft-swarm scenario (a fixed hostile schedule of
// crashes, restarts, partitions, pauses and a clock skew over a lossy,
// duplicating network with random load) over many seeds, varying only the
// seed: every seed must keep every Figure 3 property and linearizability,
// and make progress after the last fault. A failure names the seed, which
// replays it exactly: `simrun run raft-swarm --seed N`.
func TestSwarm(t *testing.T) {
	s, err := scenarios.Find("raft-swarm", nil)
	if err != nil {
		t.Fatal(err)
	}
	n := swarmSeeds()
	if testing.Short() {
		n = 10
	}
	failures := 0
	for seed := uint64(1); seed <= n; seed++ {
		o, err := scenarios.Run(s, scenarios.RunOptions{Seed: &seed})
		if err != nil {
			t.Fatal(err)
		}
		if o.Verdict == "hold" {
			continue
		}
		failures++
		var failed []string
		for _, c := range o.Checks {
			if !c.OK {
				failed = append(failed, c.Name+": "+c.Detail)
			}
		}
		t.Errorf("seed %d: verdict %s\n  %s", seed, o.Verdict, strings.Join(failed, "\n  "))
		if failures >= 5 {
			t.Fatalf("stopping after %d failing seeds", failures)
		}
	}
}

// TestReadModesOnTheStaleReadSchedule: on raft-stale-read's schedule (a
// leader cut off from the majority while a new leader commits x=2), local
// reads are not linearizable, while ReadIndex and lease reads are: the
// deposed leader cannot confirm a round, and its lease (ElectionMin less
// the drift bound) has run out long before the read arrives.
func TestReadModesOnTheStaleReadSchedule(t *testing.T) {
	want := map[string]string{"local": "violation", "readindex": "hold", "lease": "hold"}
	for _, mode := range []string{"local", "readindex", "lease"} {
		s, err := scenarios.Find("raft-stale-read", []string{"config.read=" + mode})
		if err != nil {
			t.Fatal(err)
		}
		o, err := scenarios.Run(s, scenarios.RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if string(o.Verdict) != want[mode] {
			t.Errorf("read=%s: verdict %s, want %s", mode, o.Verdict, want[mode])
		}
	}
}

// TestMembership (§6): over 20 seeds, adding the spare n3 and then
// removing the leader n0, one server at a time under load, keeps every
// safety property and liveness; n3 receives the log once added, and after
// n0's removal a leader among n1..n3 is elected.
func TestMembership(t *testing.T) {
	s, err := scenarios.LoadFile("testdata/membership.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	for seed := uint64(1); seed <= 20; seed++ {
		o, err := scenarios.Run(s, scenarios.RunOptions{Seed: &seed})
		if err != nil {
			t.Fatal(err)
		}
		if o.Verdict != "hold" {
			t.Fatalf("seed %d: verdict %s: %+v", seed, o.Verdict, o.Checks)
		}
		run, _ := raft.Records(o.Result)
		n3 := 0
		for _, e := range run.Entries {
			if e.Node == "n3" {
				n3++
			}
		}
		if n3 == 0 {
			t.Errorf("seed %d: the added server n3 never stored an entry", seed)
		}
		last := run.Leaders[len(run.Leaders)-1]
		if last.Node == "n0" || last.At < 1500*time.Millisecond {
			t.Errorf("seed %d: last leader %s at %v; want a new leader other than the removed n0", seed, last.Node, last.At)
		}
	}
}

// TestClaimHigherTerm: a node inflating the term of every message it sends
// disrupts elections (terms jump by hundreds) but, over 20 seeds, breaks
// no safety property: a term orders elections and vouches for no log.
func TestClaimHigherTerm(t *testing.T) {
	s, err := scenarios.LoadFile("testdata/claim-higher-term.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	for seed := uint64(1); seed <= 20; seed++ {
		o, err := scenarios.Run(s, scenarios.RunOptions{Seed: &seed})
		if err != nil {
			t.Fatal(err)
		}
		if o.Verdict != "hold" {
			t.Fatalf("seed %d: verdict %s: %+v", seed, o.Verdict, o.Checks)
		}
		run, _ := raft.Records(o.Result)
		if top := run.Leaders[len(run.Leaders)-1].Term; top < 100 {
			t.Errorf("seed %d: highest leader term %d; the lie should have inflated it past 100", seed, top)
		}
	}
}
