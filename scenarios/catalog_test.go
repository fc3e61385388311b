package scenarios

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCatalogueLoads checks that every embedded scenario loads cleanly
// (Catalogue panics otherwise), is sorted by name, says what it teaches and
// is named after its file. It runs against the primarybackup stand-in now
// and against the real protocol once that is registered (see TestMain).
func TestCatalogueLoads(t *testing.T) {
	all := Catalogue()
	if len(all) < 2 {
		t.Fatalf("catalogue has %d scenarios", len(all))
	}
	names := make([]string, len(all))
	for i, s := range all {
		names[i] = s.Name
		if len(strings.Fields(s.Teaches)) < 40 {
			t.Errorf("%s: teaches is too short to teach anything: %q", s.Name, s.Teaches)
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("catalogue not sorted: %v", names)
	}
	for _, want := range []string{"failover-manual", "split-brain"} {
		if !slices.Contains(names, want) {
			t.Errorf("catalogue lacks %s: %v", want, names)
		}
	}
}

// TestCatalogueIsFresh checks that callers get their own copies, so one
// caller changing a scenario cannot change another's.
func TestCatalogueIsFresh(t *testing.T) {
	a, b := Catalogue(), Catalogue()
	a[0].Seed = 12345
	if b[0].Seed == 12345 {
		t.Error("Catalogue returns shared scenarios")
	}
}

// TestSplitBrainSchedule checks the split-brain timeline against
// SCENARIOS.md, through the text `simrun explain` prints.
func TestSplitBrainSchedule(t *testing.T) {
	s, err := Find("split-brain", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"t=100ms  partition {n0,c0} | {n1,c1}",
		"t=120ms  c0 write x=1 (to n0)",
		"t=300ms  c1 write x=2 (to n1)",
		"t=350ms  c0 read x (from n0)",
		"t=350ms  c1 read x (from n1)",
		"t=400ms  c0 write x=3 (to n0)",
		"t=600ms  heal",
		"t=700ms  c0 read x (from n0)",
		"t=700ms  c1 read x (from n1)",
	}
	if got := s.ScheduleText(); !slices.Equal(got, want) {
		t.Errorf("schedule =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if s.Expect.Verdict != VerdictViolation || len(s.Expect.Violations) != 3 {
		t.Errorf("expect = %+v", s.Expect)
	}
}

// TestFailoverManual checks the manual variant differs from split-brain
// where SCENARIOS.md says it does.
func TestFailoverManual(t *testing.T) {
	s, err := Find("failover-manual", nil)
	if err != nil {
		t.Fatal(err)
	}
	last := s.Faults[len(s.Faults)-1]
	if last.Kind != FaultOperator || *last.Operator != (Operator{Node: "n1", Command: "promote"}) || last.At.Milliseconds() != 2000 {
		t.Errorf("last fault = %+v", last)
	}
	if s.Expect.Verdict != VerdictHold || s.Duration.Seconds() != 3 {
		t.Errorf("expect %+v, duration %v", s.Expect, s.Duration)
	}
}

// TestFind checks the three ways Find resolves a name: catalogue, file,
// neither; and that overrides reach catalogue scenarios.
func TestFind(t *testing.T) {
	s, err := Find("split-brain", []string{"seed=42"})
	if err != nil || s.Seed != 42 || s.File != "scenarios/catalog/split-brain.yaml" {
		t.Fatalf("Find(split-brain) = %+v, %v", s, err)
	}
	path := filepath.Join(t.TempDir(), "mine.yaml")
	if err := os.WriteFile(path, []byte(goodYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := Find(path, nil); err != nil || s.Name != "test-scenario" {
		t.Errorf("Find(path) = %v, %v", s, err)
	}
	_, err = Find("no-such-scenario", nil)
	assertError(t, err, "no-such-scenario: no such scenario in the catalogue (see simrun list) and no such file")
	_, err = Find("split-brain", []string{"nodes=1"})
	assertError(t, err, "scenarios/catalog/split-brain.yaml:32:22: workload.home.c1: node n1 does not exist (the only node is n0)")
}
