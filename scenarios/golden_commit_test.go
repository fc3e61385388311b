package scenarios

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"simrun/protocols/threepc"
	"simrun/workload"
)

// The atomic-commit scenarios' hashes at seed 1 (see goldenHashes).
func init() {
	pin("2pc-blocking", "944e92f30ebb5dd3")
	pin("2pc-recovery", "64862ca4bce2fbee")
	pin("2pc-unilateral-abort", "25a371811926f76f")
	pin("3pc-divergence", "5464fafa5aaa5eb0")
	pin("3pc-crash-only", "fb72e2da86850846")
	pin("3pc-quorum", "58bb5d05ad496116")
	pin("tcc-cancel", "7a49bc3c63084a68")
}

// swarmSeeds is how many random schedules a swarm test runs: 50 in CI,
// 2,000 with SIMRUN_LONG=1 (the figure the issue asks for), or exactly
// SIMRUN_SWARM_SEEDS when set (for longer hunts).
func swarmSeeds() uint64 {
	if n, err := strconv.ParseUint(os.Getenv("SIMRUN_SWARM_SEEDS"), 10, 64); err == nil && n > 0 {
		return n
	}
	if os.Getenv("SIMRUN_LONG") != "" {
		return 2000
	}
	return 50
}

// commitSwarm is the transaction script of the swarm tests: three
// transactions over n1..n3, coordinated by n0, with a 10% chance of a No
// on each vote so both outcomes occur.
func commitSwarm(base *Scenario, quorum bool) *Scenario {
	s := *base
	cfg := *base.Config.(*threepc.Config)
	cfg.Quorum = quorum
	cfg.VoteNoProbability = 0.1
	cfg.Transactions = []workload.Txn{
		{At: 0, ID: "t1", Writes: map[string]string{"n1": "a=1", "n2": "b=1", "n3": "c=1"}},
		{At: 250 * time.Millisecond, ID: "t2", Writes: map[string]string{"n1": "d=1", "n2": "e=1", "n3": "f=1"}},
		{At: 500 * time.Millisecond, ID: "t3", Writes: map[string]string{"n1": "g=1", "n2": "h=1", "n3": "i=1"}},
	}
	s.Config = &cfg
	s.Duration = 4 * time.Second
	return &s
}

// crashOnly draws a crash-only schedule: the coordinator n0 and all but
// one participant (the survivor, drawn too) each crash up to twice in the
// first 800ms, each crash either for good or for a restart 1..500ms later.
// One participant never crashing is 3PC's premise ("not a total
// failure"): without it, a restarted participant can block, as it must.
func crashOnly(r *rand.Rand) []Fault {
	survivor := "n" + fmt.Sprint(1+r.IntN(3))
	var out []Fault
	for _, node := range []string{"n0", "n1", "n2", "n3"} {
		if node == survivor {
			continue
		}
		at := time.Duration(0)
		for range 2 {
			if r.Float64() < 0.4 {
				break
			}
			at += time.Duration(r.IntN(400)) * time.Millisecond
			c := &Crash{Node: node}
			if r.IntN(2) == 0 {
				c.RestartAfter = time.Duration(1+r.IntN(500)) * time.Millisecond
			}
			out = append(out, Fault{At: at, Kind: FaultCrash, Crash: c})
			if c.RestartAfter == 0 {
				break
			}
			at += c.RestartAfter + time.Millisecond
		}
	}
	return out
}

// TestThreePCCrashOnlySwarm: over random crash-only schedules, classic 3PC
// is always atomic and every live participant decides every transaction
// within the termination bound after the last fault (never blocked).
func TestThreePCCrashOnlySwarm(t *testing.T) {
	s := commitSwarm(mustFind(t, "3pc-crash-only"), false)
	n := swarmSeeds()
	led, learned := 0, 0 // seeds where a recovery coordinator decided; where a restarted participant learned
	for seed := uint64(1); seed <= n; seed++ {
		r := rand.New(rand.NewPCG(seed, 0x3c))
		s.Faults = crashOnly(r)
		o, err := Run(s, RunOptions{Seed: &seed})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range o.Checks {
			if !c.OK {
				t.Fatalf("seed %d: %s failed: %s\nfaults: %v\nstory:\n%s", seed, c.Name, c.Detail, s.ScheduleText(), joinLines(o.Story()))
			}
		}
		story := joinLines(o.Story())
		if strings.Contains(story, "led the termination protocol") {
			led++
		}
		if strings.Contains(story, "will not lead") {
			learned++
		}
	}
	// Both paths are rare enough (about 11% and 2% of seeds) that only the
	// long run is sure to meet the second.
	if (n >= 50 && led == 0) || (n >= 1000 && learned == 0) {
		t.Fatalf("the swarm never exercised recovery (%d seeds with a recovery coordinator, %d with a restarted participant)", led, learned)
	}
	t.Logf("%d crash-only seeds: all atomic, none blocked past the bound; a recovery coordinator decided in %d, a restarted uncertain participant had to ask in %d",
		n, led, learned)
}

// partitionsAndCrashes draws up to three partitions (random groups of the
// four servers, each healed 50..600ms later) and up to three crashes of
// any server (for good or restarted 1..500ms later), all in the first
// second.
func partitionsAndCrashes(r *rand.Rand) []Fault {
	nodes := []string{"n0", "n1", "n2", "n3"}
	var out []Fault
	at := time.Duration(0)
	for range 1 + r.IntN(3) {
		at += time.Duration(r.IntN(300)) * time.Millisecond
		var a, b []string
		for _, n := range nodes {
			if r.IntN(2) == 0 {
				a = append(a, n)
			} else {
				b = append(b, n)
			}
		}
		if len(a) > 0 && len(b) > 0 {
			out = append(out, Fault{At: at, Kind: FaultPartition, Partition: &Partition{Shape: ShapeGroups, Groups: [][]string{a, b}}})
		}
		at += time.Duration(50+r.IntN(550)) * time.Millisecond
		out = append(out, Fault{At: at, Kind: FaultHeal})
	}
	for range r.IntN(4) {
		c := &Crash{Node: nodes[r.IntN(4)]}
		if r.IntN(2) == 0 {
			c.RestartAfter = time.Duration(1+r.IntN(500)) * time.Millisecond
		}
		out = append(out, Fault{At: time.Duration(r.IntN(1000)) * time.Millisecond, Kind: FaultCrash, Crash: c})
	}
	return out
}

// TestThreePCQuorumSwarm: over random partitions and crashes, quorum 3PC
// is always atomic (it may block: liveness is counted, not required).
func TestThreePCQuorumSwarm(t *testing.T) {
	s := commitSwarm(mustFind(t, "3pc-quorum"), true)
	n := swarmSeeds()
	blocked := 0
	for seed := uint64(1); seed <= n; seed++ {
		r := rand.New(rand.NewPCG(seed, 0x3e))
		s.Faults = partitionsAndCrashes(r)
		o, err := Run(s, RunOptions{Seed: &seed})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range o.Checks {
			switch {
			case c.Name == "atomicity" && !c.OK:
				t.Fatalf("seed %d: atomicity failed: %s\nfaults: %v\nstory:\n%s", seed, c.Detail, s.ScheduleText(), joinLines(o.Story()))
			case !c.OK:
				blocked++
			}
		}
	}
	t.Logf("%d seeds of partitions and crashes: all atomic; %d ended with a live participant undecided", n, blocked)
}

// mustFind loads a catalogue scenario, failing the test if it cannot.
func mustFind(t *testing.T, name string) *Scenario {
	t.Helper()
	s, err := Find(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func joinLines(lines []string) string {
	out := ""
	for _, l := range lines {
		out += "  " + l + "\n"
	}
	return out
}

// TestThreePCClassicSwarmDiverges gives the quorum swarm teeth: the same
// random partitions and crashes, run with classic 3PC, must break
// atomicity on some seed — otherwise the swarm could not tell quorum 3PC
// from the protocol it fixes.
func TestThreePCClassicSwarmDiverges(t *testing.T) {
	s := commitSwarm(mustFind(t, "3pc-quorum"), false)
	n := swarmSeeds()
	broken := 0
	for seed := uint64(1); seed <= n; seed++ {
		r := rand.New(rand.NewPCG(seed, 0x3e))
		s.Faults = partitionsAndCrashes(r)
		o, err := Run(s, RunOptions{Seed: &seed})
		if err != nil {
			t.Fatal(err)
		}
		if o.Checks[0].Name == "atomicity" && !o.Checks[0].OK {
			broken++
		}
	}
	if broken == 0 {
		t.Fatalf("classic 3PC stayed atomic over %d seeds of partitions: the swarm is too weak", n)
	}
	t.Logf("classic 3PC broke atomicity on %d of %d seeds of partitions and crashes", broken, n)
}

// TestThreePCTotalFailureStaysAtomic drops crashOnly's premise: any
// server, every participant included, may crash (up to twice, for good
// or restarted). 3PC may then block — a participant restarted after
// voting cannot decide alone — but it must still never diverge.
func TestThreePCTotalFailureStaysAtomic(t *testing.T) {
	s := commitSwarm(mustFind(t, "3pc-crash-only"), false)
	n := swarmSeeds()
	blocked := 0
	for seed := uint64(1); seed <= n; seed++ {
		r := rand.New(rand.NewPCG(seed, 0x77))
		s.Faults = anyCrashes(r)
		o, err := Run(s, RunOptions{Seed: &seed})
		if err != nil {
			t.Fatal(err)
		}
		if a := o.Checks[0]; !a.OK {
			t.Fatalf("seed %d: atomicity failed: %s\nfaults: %v\nstory:\n%s", seed, a.Detail, s.ScheduleText(), joinLines(o.Story()))
		}
		if !o.Checks[1].OK {
			blocked++
		}
	}
	t.Logf("%d seeds of crashes of any server: all atomic; %d blocked (a total failure)", n, blocked)
}

// anyCrashes gives every server a 70% chance of crashing (and, once
// restarted, of crashing again) in the first second; two crashes in
// three restart 1..500ms later.
func anyCrashes(r *rand.Rand) []Fault {
	var out []Fault
	for _, node := range []string{"n0", "n1", "n2", "n3"} {
		at := time.Duration(0)
		for range 2 {
			if r.Float64() < 0.3 {
				break
			}
			at += time.Duration(r.IntN(400)) * time.Millisecond
			c := &Crash{Node: node}
			if r.IntN(3) > 0 {
				c.RestartAfter = time.Duration(1+r.IntN(500)) * time.Millisecond
			}
			out = append(out, Fault{At: at, Kind: FaultCrash, Crash: c})
			if c.RestartAfter == 0 {
				break
			}
			at += c.RestartAfter + time.Millisecond
		}
	}
	return out
}
