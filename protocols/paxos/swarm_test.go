package paxos_test

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"

	"simrun/scenarios"
)

// swarmSeeds is how many seeds TestMultiPaxosSwarm runs: 50 always (CI),
// 2,000 with SIMRUN_LONG=1 (the bar).
func swarmSeeds() uint64 {
	if os.Getenv("SIMRUN_LONG") == "1" {
		return 2000
	}
	return 50
}

// TestMultiPaxosSwarm runs multipaxos-swarm (a fixed hostile schedule of
// crashes, restarts, partitions, pauses and a clock skew over a lossy,
// duplicating network with random load) over many seeds, varying only the
// seed: every seed must keep agreement, the acceptor discipline and
// linearizability, and make progress after the last fault. A failure
// names the seed, which replays it: `simrun run multipaxos-swarm --seed N`.
// Seeds run on parallel workers; each run is single-threaded and
// deterministic, so the split does not change any verdict.
func TestMultiPaxosSwarm(t *testing.T) {
	s, err := scenarios.Find("multipaxos-swarm", nil)
	if err != nil {
		t.Fatal(err)
	}
	n := swarmSeeds()
	if testing.Short() {
		n = 10
	}
	seeds := make(chan uint64)
	var mu sync.Mutex
	var failures []string
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seed := range seeds {
				if msg := swarmRun(s, seed); msg != "" {
					mu.Lock()
					failures = append(failures, msg)
					mu.Unlock()
				}
			}
		}()
	}
	for seed := uint64(1); seed <= n; seed++ {
		seeds <- seed
	}
	close(seeds)
	wg.Wait()
	for i, f := range failures {
		if i == 10 {
			t.Errorf("... and %d more failing seeds", len(failures)-i)
			break
		}
		t.Error(f)
	}
	t.Logf("%d seeds, %d not hold", n, len(failures))
}

// swarmRun runs one seed and describes it if it did not hold.
func swarmRun(s *scenarios.Scenario, seed uint64) string {
	o, err := scenarios.Run(s, scenarios.RunOptions{Seed: &seed})
	if err != nil {
		return fmt.Sprintf("seed %d: %v", seed, err)
	}
	if o.Verdict == "hold" {
		return ""
	}
	var failed []string
	for _, c := range o.Checks {
		if !c.OK {
			failed = append(failed, c.Name+": "+c.Detail)
		}
	}
	return fmt.Sprintf("seed %d: verdict %s\n  %s", seed, o.Verdict, strings.Join(failed, "\n  "))
}
