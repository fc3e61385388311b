package scenarios

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// hashOf runs a scenario with one seed and returns its trace hash.
func hashOf(t testing.TB, s *Scenario, seed uint64) string {
	t.Helper()
	o, err := Run(s, RunOptions{Seed: &seed})
	if err != nil {
		t.Fatal(err)
	}
	return o.Result.HashString()
}

func lossy(t testing.TB) *Scenario {
	t.Helper()
	s, err := LoadFile("testdata/lossy.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSameSeedSameHashOverSeeds: over 100 seeds of a scenario with random
// latency, loss, duplication, a partition and a crash, running a seed twice
// in one process gives the same hash, and different seeds give different
// hashes (they draw different delays, so the runs differ).
func TestSameSeedSameHashOverSeeds(t *testing.T) {
	s := lossy(t)
	seen := map[string]uint64{}
	for seed := uint64(1); seed <= 100; seed++ {
		a, b := hashOf(t, s, seed), hashOf(t, s, seed)
		if a != b {
			t.Fatalf("seed %d: two runs in one process gave %s and %s", seed, a, b)
		}
		if other, dup := seen[a]; dup {
			t.Fatalf("seeds %d and %d gave the same hash %s", other, seed, a)
		}
		seen[a] = seed
	}
}

// childEnv marks the re-executed test binary that prints hashes.
const childEnv = "SIMRUN_HASH_CHILD"

// TestHashChild is not a test on its own: run by
// TestSameHashAcrossProcesses in a child process, it prints the hashes of
// seeds 1..20 of the lossy scenario and of every catalogue scenario at
// seeds 1 and 2.
func TestHashChild(t *testing.T) {
	if os.Getenv(childEnv) == "" {
		t.Skip("runs only as the child of TestSameHashAcrossProcesses")
	}
	fmt.Print(hashLines(t))
}

// hashLines renders the hashes the cross-process test compares.
func hashLines(t testing.TB) string {
	var b strings.Builder
	s := lossy(t)
	for seed := uint64(1); seed <= 20; seed++ {
		fmt.Fprintf(&b, "hash %d %s\n", seed, hashOf(t, s, seed))
	}
	for _, c := range Catalogue() {
		for seed := uint64(1); seed <= 2; seed++ {
			fmt.Fprintf(&b, "hash %s %d %s\n", c.Name, seed, hashOf(t, c, seed))
		}
	}
	return b.String()
}

// TestSameHashAcrossProcesses: the same seeds (of the lossy scenario and
// of every catalogue scenario) give the same hashes in separate processes with GOMAXPROCS=1 and GOMAXPROCS=2 as in this one, so
// nothing in a run depends on scheduling, map seeds or addresses.
func TestSameHashAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	want := hashLines(t)
	for _, procs := range []string{"1", "2"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), childEnv+"=1", "GOMAXPROCS="+procs)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child with GOMAXPROCS=%s: %v\n%s", procs, err, out)
		}
		var got strings.Builder
		for _, line := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(line, "hash ") {
				got.WriteString(line + "\n")
			}
		}
		if got.String() != want {
			t.Fatalf("GOMAXPROCS=%s gave\n%s\nthis process gave\n%s", procs, got.String(), want)
		}
	}
}

// goldenHashes pins every catalogue scenario's hash at seed 1. A change in
// behaviour changes a hash; updating the pin is then a deliberate, reviewed
// act (TestCatalogueHashes prints the new value). Each protocol pins its
// own scenarios in its golden_<protocol>_test.go through pin.
var goldenHashes = map[string]string{}

// pin records a scenario's expected hash at seed 1.
func pin(scenario, hash string) {
	if _, dup := goldenHashes[scenario]; dup {
		panic("pinned twice: " + scenario)
	}
	goldenHashes[scenario] = hash
}

// TestCatalogueHashes: every catalogue scenario, at seed 1, has its pinned
// hash and does what it expects.
func TestCatalogueHashes(t *testing.T) {
	for _, s := range Catalogue() {
		seed := uint64(1)
		o, err := Run(s, RunOptions{Seed: &seed})
		if err != nil {
			t.Fatal(err)
		}
		got := o.Result.HashString()
		want, ok := goldenHashes[s.Name]
		if !ok {
			t.Errorf("%s: no pinned hash; add %q: %q to goldenHashes", s.Name, s.Name, got)
		} else if got != want {
			t.Errorf("%s: hash at seed 1 is %s, pinned %s (a behaviour change: review, then update goldenHashes)", s.Name, got, want)
		}
		if !o.ExpectationMet {
			t.Errorf("%s: verdict %s, expected %s", s.Name, o.Verdict, s.ExpectText())
		}
	}
}
