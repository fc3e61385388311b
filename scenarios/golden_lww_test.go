package scenarios

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"
)

// The multi-master counter scenarios' hashes at seed 1 (see goldenHashes).
func init() {
	pin("lww-clock-skew", "f3bc7835eeda4425")
	pin("crdt-counter", "bba1aa4ec784e81b")
}

// TestLWWClockSkewNamesTheLostIncrement: the violation must name the
// increment the skewed replica made and the write that beat it, not just
// a wrong total — a student has to see which update vanished and why.
func TestLWWClockSkewNamesTheLostIncrement(t *testing.T) {
	o, err := Run(mustFind(t, "lww-clock-skew"), RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d := o.Checks[0].Detail
	for _, want := range []string{"increment i3", "at n2", "causally later", "kept i2"} {
		if !strings.Contains(d, want) {
			t.Errorf("no-lost-increments detail lacks %q: %s", want, d)
		}
	}
	if !o.Checks[1].OK {
		t.Errorf("LWW replicas should converge (on the wrong total): %s", o.Checks[1].Detail)
	}
}

// skewAndLoss gives every replica a random clock skew of up to ±5ms, the
// links a 20% loss, and one replica a crash in the first 300ms with a
// restart 1..200ms later, so gossip must repair lost pushes and missed
// states.
func skewAndLoss(s *Scenario, r *rand.Rand) {
	s.Faults = nil
	for _, n := range []string{"n0", "n1", "n2"} {
		skew := time.Duration(r.IntN(10_001)-5_000) * time.Microsecond
		s.Faults = append(s.Faults, Fault{Kind: FaultClock, Clock: &Clock{Node: n, Skew: skew}})
	}
	s.Faults = append(s.Faults, Fault{At: time.Duration(r.IntN(300)) * time.Millisecond, Kind: FaultCrash,
		Crash: &Crash{Node: []string{"n0", "n1", "n2"}[r.IntN(3)], RestartAfter: time.Duration(1+r.IntN(200)) * time.Millisecond}})
	s.Network.Default.Model = LinkFairLoss
	s.Network.Default.Loss = 0.2
}

// TestCounterSwarm: under random skews, message loss and a crash, the
// PN-counter always converges to the right total, while LWW on the same
// runs loses an increment on some seed — the swarm can tell the two
// apart. 50 seeds always; SIMRUN_LONG=1 runs 2,000.
func TestCounterSwarm(t *testing.T) {
	n := uint64(50)
	if os.Getenv("SIMRUN_LONG") == "1" {
		n = 2000
	}
	crdt, lww := *mustFind(t, "crdt-counter"), *mustFind(t, "lww-clock-skew")
	lost := 0
	for seed := uint64(1); seed <= n; seed++ {
		r := rand.New(rand.NewPCG(seed, 0x11))
		skewAndLoss(&crdt, r)
		lww.Faults, lww.Network = crdt.Faults, crdt.Network
		o, err := Run(&crdt, RunOptions{Seed: &seed})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range o.Checks {
			if !c.OK {
				t.Fatalf("seed %d: crdt %s failed: %s\nstory:\n%s", seed, c.Name, c.Detail, joinLines(o.Story()))
			}
		}
		if o, err = Run(&lww, RunOptions{Seed: &seed}); err != nil {
			t.Fatal(err)
		}
		if !o.Checks[0].OK {
			lost++
		}
	}
	if lost == 0 {
		t.Fatalf("LWW lost no increment over %d seeds of ±5ms skew: the swarm is too weak", n)
	}
	t.Logf("%d seeds of skew, 20%% loss and a crash: the PN-counter always right; LWW lost increments in %d", n, lost)
}
