package quorum_test

import (
	"strings"
	"testing"

	"simrun/check"
	"simrun/protocols/quorum"
	"simrun/scenarios"
	"simrun/workload"
)

// run runs a scenario (catalogue name or file) with overrides at its own
// seed, or at seed when seed > 0.
func run(t *testing.T, name string, seed uint64, overrides ...string) *scenarios.Outcome {
	t.Helper()
	s, err := scenarios.Find(name, overrides)
	if err != nil {
		t.Fatal(err)
	}
	opts := scenarios.RunOptions{}
	if seed > 0 {
		opts.Seed = &seed
	}
	o, err := scenarios.Run(s, opts)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// result finds a named check's result.
func result(t *testing.T, o *scenarios.Outcome, name string) check.Result {
	t.Helper()
	for _, r := range o.Checks {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no %s result in %+v", name, o.Checks)
	return check.Result{}
}

// Purpose: read-repair's known-bad twin. With read_repair off the same run
// leaves n2 at x=1 forever, so convergence fails (a violation) and names
// n2; with it on (the catalogue run) n2 takes x=2 by read repair.
func TestReadRepairIsWhatConverges(t *testing.T) {
	bad := run(t, "read-repair", 0, "config.read_repair=false")
	r := result(t, bad, quorum.CheckConvergence)
	if r.OK || bad.Verdict != check.VerdictViolation || !strings.Contains(r.Detail, "n2: 1 (1@n0)") {
		t.Errorf("read repair off: verdict %s, convergence %+v; want a violation with n2 at 1@n0", bad.Verdict, r)
	}
	good := run(t, "read-repair", 0)
	if !good.ExpectationMet || !strings.Contains(strings.Join(good.Story(), "\n"), "n2 takes x=2 (2@n0) from n1 by read repair") {
		t.Errorf("read-repair: verdict %s, story:\n%s", good.Verdict, strings.Join(good.Story(), "\n"))
	}
}

// Purpose: quorum-stale-read is a stale read only because W+R <= N: the
// same faults with W=2, R=2 (and c1 reading through n1 as there) complete
// no write that a read misses, while the catalogue run is flagged.
func TestStaleReadNeedsSmallQuorums(t *testing.T) {
	bad := run(t, "quorum-stale-read", 0)
	if r := result(t, bad, quorum.CheckStaleRead); r.OK || !strings.Contains(r.Detail, "c1's read of x at 400ms returned 1") {
		t.Errorf("W=1, R=1: stale-read %+v, want c1's read flagged", r)
	}
	ok := run(t, "quorum-stale-read", 0, "config.w=2", "config.r=2")
	if r := result(t, ok, quorum.CheckStaleRead); !r.OK {
		t.Errorf("W=2, R=2: stale-read %+v, want ok", r)
	}
}

// Purpose: W+R > N is not linearizability. testdata's run has an
// unfinished write seen by one read and missed by a later one: stale-read
// holds (no completed write was missed) and linearizable fails.
func TestOverlapIsNotLinearizable(t *testing.T) {
	o := run(t, "testdata/overlap-not-linearizable.yaml", 0)
	if !result(t, o, quorum.CheckStaleRead).OK || result(t, o, quorum.CheckLinearizable).OK {
		t.Errorf("checks %+v: want stale-read ok, linearizable failed", o.Checks)
	}
}

// Purpose: the Merkle exchange finds exactly the divergent keys. In
// anti-entropy every acknowledged write happened while n2 was cut off, so
// the repairing session must send exactly one entry per distinct key
// written, and stay within the 10% budget at several seeds. With
// anti-entropy off, the replicas stay apart (convergence's known-bad run).
func TestAntiEntropySendsOnlyTheDifference(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		o := run(t, "anti-entropy", seed)
		keys := map[string]bool{}
		for _, op := range o.History {
			if op.Kind == "write" && op.Outcome != check.Fail {
				keys[op.Key] = true
			}
		}
		entries := 0
		for _, s := range quorum.Sessions(o.Result) {
			entries += s.Entries
		}
		if !o.ExpectationMet || entries != len(keys) {
			t.Errorf("seed %d: verdict %s, %d entries sent for %d keys written; checks %+v",
				seed, o.Verdict, entries, len(keys), o.Checks)
		}
	}
	off := run(t, "anti-entropy", 0, "config.anti_entropy=0s")
	if r := result(t, off, quorum.CheckConvergence); r.OK || !strings.Contains(r.Detail, "of 10000 keys differ") {
		t.Errorf("anti-entropy off: convergence %+v, want failure", r)
	}
}

// Purpose: with more servers than N, each key lives on its preference list
// only; writes, reads and anti-entropy honour it and convergence compares
// only the holders. Five servers, N=3, random load through two homes.
func TestPreferenceListsWithFiveServers(t *testing.T) {
	o := run(t, "anti-entropy", 0, "nodes=5", "config.preload=500")
	for _, name := range []string{quorum.CheckConvergence, quorum.CheckStaleRead} {
		if r := result(t, o, name); !r.OK {
			t.Errorf("%s: %+v", name, r)
		}
	}
}

// Purpose: a bad config is an error naming its key, not a panic.
func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		mutate func(*quorum.Config)
		want   string
	}{
		{func(c *quorum.Config) { c.W = 4 }, "w: must be in [1, n=3]"},
		{func(c *quorum.Config) { c.R = 0 }, "r: must be in"},
		{func(c *quorum.Config) { c.MerkleDepth = 40 }, "merkle_depth"},
		{func(c *quorum.Config) { c.AntiEntropy = -1 }, "anti_entropy"},
	} {
		c := quorum.DefaultConfig()
		tc.mutate(c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate() = %v, want %q", err, tc.want)
		}
	}
	if err := quorum.DefaultConfig().Validate(); err != nil {
		t.Errorf("default config: %v", err)
	}
}

// Purpose: n larger than the cluster is a load error naming n, not the
// panic New raises when the run is built.
func TestConfigValidateNodes(t *testing.T) {
	c := quorum.DefaultConfig() // n=3
	if err := c.ValidateNodes([]string{"n0", "n1"}); err == nil || !strings.HasPrefix(err.Error(), "n:") {
		t.Errorf("ValidateNodes(2 nodes) = %v, want an error on n", err)
	}
	if err := c.ValidateNodes([]string{"n0", "n1", "n2"}); err != nil {
		t.Errorf("ValidateNodes(3 nodes) = %v, want nil", err)
	}
}

// Purpose: a retransmitted write must not become a second version. In
// testdata's run c0's write x=2 misses its quorum, is retried twice and
// completes on the third attempt; every replica's copy of x=2 carries the
// one version 2@n0, and no version 3 ever exists.
func TestRetryKeepsVersion(t *testing.T) {
	o := run(t, "testdata/retry-same-version.yaml", 0)
	if !o.ExpectationMet {
		t.Fatalf("verdict %s, checks %+v", o.Verdict, o.Checks)
	}
	attempts, applies := 0, 0
	for _, ob := range o.Result.Observations {
		switch d := ob.Data.(type) {
		case workload.Completed:
			if d.Seq == 1 {
				attempts = d.Attempts
			}
		case quorum.ApplyFact:
			if d.E.Value == "2" {
				applies++
				if d.E.Ver != (check.Version{Counter: 2, Writer: "n0"}) {
					t.Errorf("x=2 applied as %s, want 2@n0", d.E.Ver)
				}
			}
		}
	}
	if attempts != 3 || applies != 3 {
		t.Errorf("write x=2: %d attempts, %d applies; want 3 attempts, one apply per replica", attempts, applies)
	}
}
