package explore

import (
	"slices"
	"strings"
	"testing"
	"time"

	"simrun/scenarios"
)

// irrelevant are faults on n2, the server no client uses, and on the
// clock: split-brain fails the same way with or without them.
var irrelevant = []string{
	"{at: 20ms, clock: n2, skew: 40ms, drift_ppm: 500}",
	"{at: 50ms, crash: n2, restart_after: 120ms}",
	"{at: 250ms, pause: n2, for: 200ms}",
	"{at: 650ms, partition: {isolate: n2}}",
	"{at: 700ms, crash: n2, restart_after: 100ms, lose_unsynced: true}",
	"{at: 720ms, pause: n2, for: 50ms}",
	"{at: 800ms, heal: {}}",
}

// TestShrinkReturnsToTheEssentialFaults adds irrelevant faults elsewhere
// (on n2) to the 3-node split-brain and checks that shrink drops every one
// of them, keeps the partition of n0 from n1 that is the failure, fails
// the same checks, and writes a scenario that reproduces from its text.
func TestShrinkReturnsToTheEssentialFaults(t *testing.T) {
	plain := load(t, "testdata/split-brain-3.yaml")
	noisy := load(t, "testdata/split-brain-3.yaml",
		"faults=["+strings.Join(append([]string{plain.Faults[0].YAML(), plain.Faults[1].YAML()}, irrelevant...), ", ")+"]")
	var log strings.Builder
	res, err := Shrink(ShrinkOptions{Base: noisy, Seed: 1, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("shrink steps:\n%s", log.String())
	if res.FaultsBefore != 9 || res.FaultsAfter != 1 {
		t.Fatalf("faults %d → %d; want 9 → 1", res.FaultsBefore, res.FaultsAfter)
	}
	f := res.Scenario.Faults[0]
	if f.Kind != scenarios.FaultPartition || f.Partition.Shape != scenarios.ShapeGroups ||
		!containsGroup(f.Partition.Groups, "n0", "c0") || !containsGroup(f.Partition.Groups, "n1", "c1") {
		t.Fatalf("kept %s, want the partition of {n0,c0} from {n1,c1}", f)
	}
	if want := []string{"durable-writes", "linearizable", "single-primary"}; !slices.Equal(res.Failing, want) {
		t.Errorf("failing checks %v, want %v", res.Failing, want)
	}
	if res.DurationAfter > res.DurationBefore || res.DurationAfter < 700*time.Millisecond {
		t.Errorf("duration %v → %v: must not grow, nor cut the reads at 700ms", res.DurationBefore, res.DurationAfter)
	}
	if res.NodesAfter != 2 {
		t.Errorf("nodes %d → %d; n2 is irrelevant, so 2 servers must do", res.NodesBefore, res.NodesAfter)
	}
	wantReproduces(t, res)
}

// TestShrink3PCDivergenceToThePartition is the issue's own example: the
// catalogue's 3pc-divergence (a partition at 20ms, n0's crash at 26ms, a
// heal at 1s) with six more faults after every participant has decided
// (a clock skew, crashes, a pause, a second partition and heal). The
// violation needs the partition alone: with n0 alive, n0 and n1 commit on
// their side and n2, n3 abort on theirs. Shrink must keep just that
// partition, still fail atomicity, and write a scenario that reproduces.
func TestShrink3PCDivergenceToThePartition(t *testing.T) {
	plain := load(t, "3pc-divergence")
	var faults []string
	for _, f := range plain.Faults {
		faults = append(faults, f.YAML())
	}
	faults = append(faults,
		"{at: 5ms, clock: n3, skew: 3ms, drift_ppm: 200}",
		"{at: 400ms, crash: n2, restart_after: 100ms}",
		"{at: 600ms, pause: n1, for: 150ms}",
		"{at: 1200ms, partition: {isolate: n3}}",
		"{at: 1300ms, crash: n1, restart_after: 200ms}",
		"{at: 1600ms, heal: {}}")
	noisy := load(t, "3pc-divergence", "faults=["+strings.Join(faults, ", ")+"]")
	res, err := Shrink(ShrinkOptions{Base: noisy, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.FaultsBefore != 9 || res.FaultsAfter != 1 {
		t.Fatalf("faults %d → %d; want 9 → 1", res.FaultsBefore, res.FaultsAfter)
	}
	f := res.Scenario.Faults[0]
	if f.Kind != scenarios.FaultPartition || !containsGroup(f.Partition.Groups, "n0", "n1") || !containsGroup(f.Partition.Groups, "n2", "n3") {
		t.Fatalf("kept %s, want the partition {n0,n1} | {n2,n3}", f)
	}
	if !slices.Equal(res.Failing, []string{"atomicity"}) {
		t.Errorf("failing checks %v, want [atomicity]", res.Failing)
	}
	if res.DurationAfter >= res.DurationBefore {
		t.Errorf("duration %v → %v: nothing happens after the decisions, so it must shrink", res.DurationBefore, res.DurationAfter)
	}
	wantReproduces(t, res)
}

// wantReproduces fails the test unless the minimal scenario's text loads
// and runs to the same hash, doing what its expect says.
func wantReproduces(t *testing.T, res *ShrinkResult) {
	t.Helper()
	again, err := scenarios.Load("min.yaml", res.Source, nil)
	if err != nil {
		t.Fatalf("the minimal scenario does not load: %v\n%s", err, res.Source)
	}
	o, err := scenarios.Run(again, scenarios.RunOptions{})
	if err != nil {
		t.Fatalf("the minimal scenario does not run: %v", err)
	}
	if !o.ExpectationMet || o.Result.HashString() != res.Hash {
		t.Fatalf("the minimal scenario does not reproduce: met %v, hash %s vs %s", o.ExpectationMet, o.Result.HashString(), res.Hash)
	}
}

func containsGroup(groups [][]string, members ...string) bool {
	for _, g := range groups {
		if slices.Equal(g, members) {
			return true
		}
	}
	return false
}

// TestShrinkRefusesAPassingRun checks that a run failing nothing is not
// "shrunk" into an empty scenario.
func TestShrinkRefusesAPassingRun(t *testing.T) {
	_, err := Shrink(ShrinkOptions{Base: load(t, "failover-manual"), Seed: 1})
	if err != ErrNoFailure {
		t.Fatalf("err = %v, want ErrNoFailure", err)
	}
}
