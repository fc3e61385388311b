package explore

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"simrun/scenarios"
)

// TestSwarmIsASeedFunction checks that a seed's swarm parameters are the
// same every time and that different seeds differ: a swarm failure must
// replay from its seed alone.
func TestSwarmIsASeedFunction(t *testing.T) {
	base := load(t, "testdata/split-brain-3.yaml")
	a, b := Swarm(base, 7, DefaultSwarmStop), Swarm(base, 7, DefaultSwarmStop)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("seed 7 gave two different swarms:\n%+v\n%+v", a, b)
	}
	distinct := map[string]bool{}
	for seed := uint64(1); seed <= 20; seed++ {
		distinct[Swarm(base, seed, DefaultSwarmStop).Faults] = true
	}
	if len(distinct) < 15 {
		t.Errorf("20 seeds gave only %d distinct schedules", len(distinct))
	}
}

// TestSwarmSchedules checks, over many seeds and cluster sizes, that every
// generated schedule loads, that every class is sometimes off and
// sometimes on, that no fault window outlasts the stop point, that a final
// heal sits there, and that crash-stops hit at most a minority.
func TestSwarmSchedules(t *testing.T) {
	for _, nodes := range []string{"nodes=2", "nodes=3", "nodes=5"} {
		base := load(t, "testdata/split-brain-3.yaml", nodes)
		on, off := map[string]int{}, map[string]int{}
		for seed := uint64(1); seed <= 150; seed++ {
			p := Swarm(base, seed, 0.5)
			s, err := scenarios.Load(base.File, base.Source, p.Sets)
			if err != nil {
				t.Fatalf("%s seed %d: the swarm schedule does not load: %v\n%v", nodes, seed, err, p.Sets)
			}
			checkWindows(t, s, 500*time.Millisecond)
			if 2*p.Crash >= len(s.Nodes) && p.Crash > 0 {
				t.Errorf("%s seed %d: %d crash-stops is not a minority", nodes, seed, p.Crash)
			}
			counts := map[string]float64{"crash-recover": float64(p.CrashRecover), "partition": float64(p.Partition),
				"pause": float64(p.Pause), "clock": float64(p.Clock), "loss": p.Loss, "duplicate": p.Duplicate}
			if len(s.Nodes) >= 3 {
				counts["crash"] = float64(p.Crash)
			}
			for class, c := range counts {
				if c > 0 {
					on[class]++
				} else {
					off[class]++
				}
			}
		}
		for _, class := range []string{"crash-recover", "partition", "pause", "clock", "loss", "duplicate"} {
			if on[class] == 0 || off[class] == 0 {
				t.Errorf("%s: class %s on in %d seeds, off in %d: swarm must switch each class both ways", nodes, class, on[class], off[class])
			}
		}
	}
}

// checkWindows checks that every fault of s starts and ends by stop and
// that the last fault is a heal at stop.
func checkWindows(t *testing.T, s *scenarios.Scenario, stop time.Duration) {
	t.Helper()
	last := s.Faults[len(s.Faults)-1]
	if last.Kind != scenarios.FaultHeal || last.At != stop {
		t.Errorf("last fault is %s at %v, want the final heal at %v", last.Kind, last.At, stop)
	}
	for _, f := range s.Faults {
		if end := f.At + faultWindow(f); end > stop {
			t.Errorf("%s at %v ends at %v, after the stop at %v", f.Kind, f.At, end, stop)
		}
	}
	if !slices.IsSortedFunc(s.Faults, func(a, b scenarios.Fault) int { return cmpUint(uint64(a.At), uint64(b.At)) }) {
		t.Errorf("faults are not in time order")
	}
}

// TestSwarmDirectVariantIsTheLoadedOne checks, over many seeds, that the
// variant a sweep builds directly (for speed) is the scenario its replay
// command loads, so a failure replays as it ran.
func TestSwarmDirectVariantIsTheLoadedOne(t *testing.T) {
	for _, name := range []string{"split-brain", "testdata/split-brain-3.yaml", "testdata/lossy-3.yaml"} {
		base := load(t, name)
		for seed := uint64(1); seed <= 200; seed++ {
			p := Swarm(base, seed, DefaultSwarmStop)
			direct, err1 := p.Scenario(base)
			loaded, err2 := p.Load(base)
			if err1 != nil || err2 != nil || !SameScenario(direct, loaded) {
				t.Fatalf("%s seed %d: direct and loaded variants differ (%v, %v)\n%+v\n%+v", name, seed, err1, err2, direct, loaded)
			}
		}
	}
}

// TestSwarmLossReplacesTheScenarios checks that on a lossy base a seed
// with loss and duplication off really runs without them: zero means the
// class is off, not "keep the file's".
func TestSwarmLossReplacesTheScenarios(t *testing.T) {
	base := load(t, "testdata/lossy-3.yaml")
	for seed := uint64(1); seed <= 50; seed++ {
		p := Swarm(base, seed, DefaultSwarmStop)
		s, err := p.Load(base)
		if err != nil {
			t.Fatal(err)
		}
		if s.Network.Default.Loss != p.Loss || s.Network.Default.Duplicate != p.Duplicate {
			t.Fatalf("seed %d: swarm drew loss %g dup %g, the run has %g %g", seed, p.Loss, p.Duplicate,
				s.Network.Default.Loss, s.Network.Default.Duplicate)
		}
	}
}
