package check

import (
	"strings"
	"testing"
	"time"
)

func vop(client, kind, key, value string, counter uint64, writer string, inv, done int) VersionedOp {
	return VersionedOp{Client: client, Kind: kind, Key: key, Value: value,
		Version: Version{Counter: counter, Writer: writer},
		Invoke:  time.Duration(inv) * time.Millisecond, Complete: time.Duration(done) * time.Millisecond}
}

// Purpose: the known-bad run of quorum-stale-read in miniature — x=2
// (version 2@n0) is acknowledged at 320ms and a read invoked at 400ms
// returns version 1@n0. StaleRead must fail as a safety check and name both.
func TestStaleReadFlagsOlderVersion(t *testing.T) {
	ops := []VersionedOp{
		vop("c0", "write", "x", "1", 1, "n0", 100, 110),
		vop("c0", "write", "x", "2", 2, "n0", 300, 320),
		vop("c1", "read", "x", "1", 1, "n0", 400, 410),
	}
	r := StaleRead(ops)
	if r.OK || !r.Safety {
		t.Fatalf("StaleRead = %+v, want a safety failure", r)
	}
	for _, want := range []string{"c1's read of x at 400ms", "version 1@n0", "x=2 (version 2@n0) completed at 320ms"} {
		if !strings.Contains(r.Detail, want) {
			t.Errorf("detail %q lacks %q", r.Detail, want)
		}
	}
}

// Purpose: a read that overlaps a write, or returns a newer version than
// every completed write, is not stale: only writes completed before the
// read began count (this is why the check is weaker than linearizability).
func TestStaleReadAllowsOverlapAndNewer(t *testing.T) {
	ops := []VersionedOp{
		vop("c0", "write", "x", "1", 1, "n0", 100, 110),
		vop("c0", "write", "x", "2", 2, "n0", 300, 500), // still running at 400
		vop("c1", "read", "x", "1", 1, "n0", 400, 410),
		vop("c2", "read", "x", "3", 3, "n1", 120, 130), // newer than all: fine
		vop("c2", "read", "y", "", 0, "", 600, 610),    // absent, no write to y
	}
	if r := StaleRead(ops); !r.OK {
		t.Fatalf("StaleRead = %+v, want ok", r)
	}
}

// Purpose: ReplicaConvergence must fail (as safety, like Converged) when one
// replica holds an older version or lacks a key, and list the key.
func TestConvergenceFlagsDivergentReplica(t *testing.T) {
	states := []ReplicaState{
		{Node: "n0", KV: map[string]string{"x": "2 (2@n0)", "y": "1 (1@n1)"}},
		{Node: "n1", KV: map[string]string{"x": "2 (2@n0)", "y": "1 (1@n1)"}},
		{Node: "n2", KV: map[string]string{"x": "1 (1@n0)"}},
	}
	r := ReplicaConvergence(states, nil)
	if r.OK || !r.Safety {
		t.Fatalf("ReplicaConvergence = %+v, want a safety failure", r)
	}
	if !strings.Contains(r.Detail, "2 of 2 keys differ") || !strings.Contains(r.Detail, "n2: 1 (1@n0)") ||
		len(r.Evidence) != 1 || !strings.Contains(r.Evidence[0], "n2: absent") {
		t.Errorf("ReplicaConvergence = %+v, want both keys named, y absent on n2", r)
	}
	states[2].KV = map[string]string{"x": "2 (2@n0)", "y": "1 (1@n1)"}
	if r := ReplicaConvergence(states, nil); !r.OK {
		t.Errorf("identical replicas: %+v, want ok", r)
	}
}

// Purpose: with preference lists, a replica that does not hold a key is
// not compared on it; one that should hold it still is.
func TestConvergenceHonoursHolders(t *testing.T) {
	states := []ReplicaState{
		{Node: "n0", KV: map[string]string{"x": "1 (1@n0)"}},
		{Node: "n1", KV: map[string]string{"x": "1 (1@n0)"}},
		{Node: "n2", KV: map[string]string{}},
	}
	if r := ReplicaConvergence(states, func(string) []string { return []string{"n0", "n1"} }); !r.OK {
		t.Errorf("n2 holds no x by its preference list: %+v, want ok", r)
	}
	if r := ReplicaConvergence(states, func(string) []string { return []string{"n1", "n2"} }); r.OK {
		t.Errorf("n2 should hold x: %+v, want a failure", r)
	}
}

// Purpose: the anti-entropy budget — sessions that repaired must send at
// most budget% of their full syncs' bytes; idle sessions do not count
// toward the ratio, and a run where nothing was ever repaired fails (there
// is no figure to report).
func TestAntiEntropyBytesBudget(t *testing.T) {
	idle := AESession{ID: "n0/1", Bytes: 28, FullBytes: 500_000}
	cheap := AESession{ID: "n0/2", Bytes: 24_306, FullBytes: 575_762, Leaves: 97, Entries: 97}
	dear := AESession{ID: "n1/1", Bytes: 70_000, FullBytes: 575_762, Leaves: 900, Entries: 900}
	r := AntiEntropyBytes([]AESession{idle, cheap}, 10)
	if !r.OK || !strings.Contains(r.Detail, "session that found differences sent 24,306 bytes (97 entries) vs 575,762 for a full sync (4.2%") {
		t.Errorf("cheap: %+v", r)
	}
	if r := AntiEntropyBytes([]AESession{idle, dear}, 10); r.OK || r.Safety || !strings.Contains(r.Detail, "(12.2%") {
		t.Errorf("70,000 of 575,762 bytes is 12.2%%: %+v, want a liveness failure", r)
	}
	if r := AntiEntropyBytes([]AESession{cheap, dear}, 10); !r.OK {
		t.Errorf("94,306 of 1,151,524 bytes is 8.2%%, within budget: %+v", r)
	}
	if r := AntiEntropyBytes([]AESession{idle}, 10); r.OK {
		t.Errorf("nothing repaired: %+v, want a failure", r)
	}
	if got := commas(1234567); got != "1,234,567" {
		t.Errorf("commas = %q", got)
	}
}
