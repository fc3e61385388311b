package explore

import (
	"os"
	"sync/atomic"
	"testing"
	"time"

	"simrun/check"
	"simrun/scenarios"
	"simrun/sim"
)

// TestMain doubles as the child process of TestSweepSurvivesSIGKILL: with
// EXPLORE_CHILD_DIR set, the test binary runs one sweep into that
// directory and exits, like `simrun sweep` would.
func TestMain(m *testing.M) {
	if dir := os.Getenv("EXPLORE_CHILD_DIR"); dir != "" {
		os.Exit(childSweep(dir))
	}
	os.Exit(m.Run())
}

// nondetRuns makes explore-nondet's runs differ: the counter is shared by
// every run in the process, which is exactly what a protocol must not do.
var nondetRuns atomic.Int64

// nondetNode sets one timer whose delay depends on how many runs came
// before it.
type nondetNode struct{}

func (nondetNode) Start(env sim.Env) {
	env.SetTimer(time.Duration(1+nondetRuns.Add(1)%50)*time.Millisecond, "tick")
}
func (nondetNode) Receive(sim.Env, sim.NodeID, sim.Message) {}
func (nondetNode) Timer(sim.Env, any)                       {}

// panickyNode panics at boot for about half the seeds: a protocol bug
// that only some seeds reach.
type panickyNode struct{ nondetNode }

func (panickyNode) Start(env sim.Env) {
	if env.Rand().IntN(2) == 0 {
		panic("panicky: this seed reaches a bug")
	}
}

func init() {
	scenarios.Register(scenarios.Protocol{
		Name:   "explore-panicky",
		Checks: []string{"ok"},
		Build: func(scenarios.Config, []sim.NodeID) func(sim.NodeID) sim.Node {
			return func(sim.NodeID) sim.Node { return panickyNode{} }
		},
		Check: func(sim.Result, []string) []check.Result {
			return []check.Result{{Name: "ok", OK: true, Safety: true, Detail: "always"}}
		},
	})
	scenarios.Register(scenarios.Protocol{
		Name:   "explore-nondet",
		Checks: []string{"ok"},
		Build: func(scenarios.Config, []sim.NodeID) func(sim.NodeID) sim.Node {
			return func(sim.NodeID) sim.Node { return nondetNode{} }
		},
		Check: func(sim.Result, []string) []check.Result {
			return []check.Result{{Name: "ok", OK: true, Safety: true, Detail: "always"}}
		},
	})
}

// load loads a catalogue scenario or a file, failing the test on error.
func load(t testing.TB, name string, sets ...string) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Find(name, sets)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sweep runs a sweep, failing the test on error.
func sweep(t testing.TB, opts Options) *Report {
	t.Helper()
	rep, err := Sweep(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// seedsOf lists the seeds of records in order.
func seedsOf(recs []Record) []uint64 {
	out := make([]uint64, len(recs))
	for i, r := range recs {
		out[i] = r.Seed
	}
	return out
}

// loadFile loads a scenario file outside a test (the child process).
func loadFile(path string) (*scenarios.Scenario, error) { return scenarios.LoadFile(path, nil) }
