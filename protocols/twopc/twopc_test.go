package twopc

import (
	"strings"
	"testing"
	"time"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

const ms = time.Millisecond

// dropLink is a test-only sim.Network (package faults is not ours to use
// here): a fixed 10ms link, except that messages From→To sent in
// [Start, End) are lost.
type dropLink struct {
	From, To   sim.NodeID
	Start, End time.Duration
}

func (d dropLink) Route(now time.Duration, from, to sim.NodeID, msg sim.Message, out []sim.Delivery) ([]sim.Delivery, string) {
	if from == d.From && to == d.To && now >= d.Start && now < d.End {
		return out, "cut"
	}
	return sim.FixedLatency(10*ms).Route(now, from, to, msg, out)
}

// world builds n servers running cfg over net, with an optional crash of
// node at crashAt, restarted after restartAfter (0: never).
func world(t *testing.T, cfg *Config, n int, net sim.Network, crash sim.NodeID, crashAt, restartAfter time.Duration) sim.Result {
	t.Helper()
	w := sim.New(sim.Config{Seed: 1, Deadline: 3 * time.Second, MaxEvents: 100_000, Network: net})
	servers := make([]sim.NodeID, n)
	for i := range servers {
		servers[i] = sim.NodeID(i)
	}
	f := New(*cfg, servers)
	for i := range n {
		w.AddNode("n"+string(rune('0'+i)), sim.Server, f)
	}
	if crashAt > 0 {
		w.At(crashAt, "crash", "", func() { w.Crash(crash, false, false) })
		if restartAfter > 0 {
			w.At(crashAt+restartAfter, "restart", "", func() { w.Restart(crash) })
		}
	}
	return w.Run()
}

func t1(writes map[string]string) *Config {
	cfg := DefaultConfig()
	cfg.Transactions = []workload.Txn{{At: 0, ID: "t1", Writes: writes}}
	return cfg
}

func results(res sim.Result) (atomic, term check.Result) {
	r := Check(res, Checks)
	return r[0], r[1]
}

// TestCooperativeTerminationSavesUnilateralSchedule: under the
// 2pc-unilateral-abort schedule (COMMIT to n1 lost) the correct protocol
// asks n2, learns COMMIT and stays atomic; the naive one breaks.
func TestCooperativeTerminationSavesUnilateralSchedule(t *testing.T) {
	cut := dropLink{From: 0, To: 1, Start: 15 * ms, End: time.Second}
	cfg := t1(map[string]string{"n1": "x=1", "n2": "y=1"})
	a, term := results(world(t, cfg, 3, cut, 0, 0, 0))
	if !a.OK || !term.OK {
		t.Fatalf("correct 2PC under a lost COMMIT: atomicity %v (%s), termination %v (%s)", a.OK, a.Detail, term.OK, term.Detail)
	}
	cfg.NaiveUnilateralAbort = true
	if a, _ := results(world(t, cfg, 3, cut, 0, 0, 0)); a.OK {
		t.Fatalf("naive unilateral abort under a lost COMMIT stayed atomic: %s", a.Detail)
	}
}

// TestPresumedAbort: a coordinator that crashes before deciding and
// restarts aborts (no decision record), and the blocked participants
// follow: atomic and terminated.
func TestPresumedAbort(t *testing.T) {
	cfg := t1(map[string]string{"n1": "x=1", "n2": "y=1"})
	res := world(t, cfg, 3, sim.FixedLatency(10*ms), 0, 15*ms, 500*ms)
	a, term := results(res)
	if !a.OK || !term.OK {
		t.Fatalf("atomicity %v (%s), termination %v (%s)", a.OK, a.Detail, term.OK, term.Detail)
	}
	story := strings.Join(Story(res), "\n")
	if !strings.Contains(story, "n0 aborts t1: presumed abort") || !strings.Contains(story, "n1 aborts t1") {
		t.Fatalf("story does not show the presumed abort reaching n1:\n%s", story)
	}
}

// TestBlockingWithoutCoordinator: the 2pc-blocking schedule blocks both
// participants and the termination check says so, naming the lock.
func TestBlockingWithoutCoordinator(t *testing.T) {
	cfg := t1(map[string]string{"n1": "x=1", "n2": "y=1"})
	res := world(t, cfg, 3, sim.FixedLatency(10*ms), 0, 20*ms, 0)
	a, term := results(res)
	if !a.OK || term.OK {
		t.Fatalf("want atomic and blocked: atomicity %v, termination %v (%s)", a.OK, term.OK, term.Detail)
	}
	if m := Metrics(res); len(m.Blocked) != 1 || m.MaxLockHold() < 2900*ms {
		t.Fatalf("metrics: blocked %v, longest lock hold %v", m.Blocked, m.MaxLockHold())
	}
}

// TestLockConflictVotesNo: with lock_wait 0 a Prepare for a locked key
// gets a No and its transaction aborts; the first still commits.
func TestLockConflictVotesNo(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Transactions = []workload.Txn{
		{At: 0, ID: "t1", Writes: map[string]string{"n1": "x=1"}},
		{At: 5 * ms, ID: "t2", Coordinator: "n2", Writes: map[string]string{"n1": "x=2"}},
	}
	res := world(t, cfg, 3, sim.FixedLatency(10*ms), 0, 0, 0)
	story := strings.Join(Story(res), "\n")
	for _, want := range []string{"n1 votes No on t2: key x is locked by t1", "t1: committed at n0, n1", "t2: aborted"} {
		if !strings.Contains(story, want) {
			t.Fatalf("story lacks %q:\n%s", want, story)
		}
	}
}

// TestValidate: bad settings name their key.
func TestValidate(t *testing.T) {
	cfg := DefaultConfig()
	cfg.VoteNoProbability = 2
	if err := cfg.Validate(); err == nil || !strings.HasPrefix(err.Error(), "vote_no_probability:") {
		t.Fatalf("got %v", err)
	}
	cfg = t1(map[string]string{"n0": "x=1"})
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "cannot also be a participant") {
		t.Fatalf("coordinator as participant: got %v", err)
	}
	cfg = t1(map[string]string{"n1": "x"})
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "not key=value") {
		t.Fatalf("bad write: got %v", err)
	}
}
