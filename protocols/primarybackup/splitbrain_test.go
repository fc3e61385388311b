package primarybackup

import (
	"slices"
	"strings"
	"testing"

	"simrun/sim"
	"simrun/workload"
)

// The split-brain schedule's clients (SCENARIOS.md, split-brain).
var (
	splitC0 = []workload.Script{write(120*ms, "x", "1"), read(350*ms, "x"), write(400*ms, "x", "3"), read(700*ms, "x")}
	splitC1 = []workload.Script{write(300*ms, "x", "2"), read(350*ms, "x"), read(700*ms, "x")}
)

// Purpose: reproduce split-brain as SCENARIOS.md tells it — with automatic
// failover a partition leaves two primaries acknowledging writes, each side
// reads its own value, and after the heal the deposed primary's acknowledged
// write x=3 is gone. All three checks must say so, naming the two nodes.
func TestSplitBrain(t *testing.T) {
	res := cluster(*DefaultConfig(), splitCut, 1000*ms, splitC0, splitC1).Run()
	for _, line := range Story(res) {
		t.Log(line)
	}
	want := []string{"c0@350ms=1", "c1@350ms=2", "c0@700ms=2", "c1@700ms=2"}
	if got := reads(res); !slices.Equal(got, want) {
		t.Errorf("reads = %v, want %v", got, want)
	}
	promo := roles(res, n1)[1]
	if promo.Role != RolePrimary || promo.Epoch != 2 || promo.At < 200*ms || promo.At > 260*ms {
		t.Errorf("n1's second role = %+v, want primary of epoch 2 at about 250ms", promo)
	}
	results := Check(res, Checks)
	for i, name := range Checks {
		if r := results[i]; r.Name != name || r.OK {
			t.Errorf("%s: ok=%v (%s), want a violation", name, r.OK, r.Detail)
		}
	}
	evidence := func(i int) string { return results[i].Detail + strings.Join(results[i].Evidence, " ") }
	if e := evidence(0); !strings.Contains(e, "n0") || !strings.Contains(e, "n1") {
		t.Errorf("single-primary evidence does not name n0 and n1: %s", e)
	}
	if e := evidence(1); !strings.Contains(e, "x=3") || !strings.Contains(e, "n1") {
		t.Errorf("durable-writes evidence does not name the lost x=3 and n1: %s", e)
	}
	if e := evidence(2); !strings.Contains(e, "key x") {
		t.Errorf("linearizable evidence does not name key x: %s", e)
	}
}

// Purpose: the story names the turning points of split-brain (promotion by
// timeout, step-down on a higher epoch, the state replacement losing x=3)
// and the writes each primary accepted.
func TestSplitBrainStory(t *testing.T) {
	story := Story(cluster(*DefaultConfig(), splitCut, 1000*ms, splitC0, splitC1).Run())
	for _, want := range []string{
		"t=0ms n0 is primary (epoch 1)",
		"n1 promotes itself: primary (epoch 2) after 150ms without a heartbeat",
		"n0 steps down: saw epoch 2 from n1",
		"n0 replaces its state with n1's (sync): x: 3 → 2",
		"n0 (epoch 1) accepted 2 writes: x=1 at 130ms, x=3 at 410ms",
		"n1 (epoch 2) accepted 1 write: x=2 at 310ms",
	} {
		if !contains(story, want) {
			t.Errorf("story lacks %q:\n%s", want, strings.Join(story, "\n"))
		}
	}
}

// Purpose: the same clients without the partition — one primary, every
// write replicated, so all three checks hold (a checker that always fails
// would be caught here), and c1's writes reach n0 through a redirect.
func TestNoPartitionHolds(t *testing.T) {
	res := cluster(*DefaultConfig(), sim.FixedLatency(10*ms), 1000*ms, splitC0, splitC1).Run()
	mustHold(t, res)
	want := []string{"c0@350ms=2", "c1@350ms=2", "c0@700ms=3", "c1@700ms=3"}
	if got := reads(res); !slices.Equal(got, want) {
		t.Errorf("reads = %v, want %v", got, want)
	}
	if got := roles(res, n1); len(got) != 1 {
		t.Errorf("n1 changed role without a fault: %+v", got)
	}
}

// Purpose: a seed is a proof — the same run twice gives the same hash.
func TestDeterministic(t *testing.T) {
	a := cluster(*DefaultConfig(), splitCut, 1000*ms, splitC0, splitC1).Run()
	b := cluster(*DefaultConfig(), splitCut, 1000*ms, splitC0, splitC1).Run()
	if a.Hash != b.Hash || a.Events != b.Events {
		t.Fatalf("runs differ: %s/%d vs %s/%d", a.HashString(), a.Events, b.HashString(), b.Events)
	}
}
