package sim

import (
	"bytes"
	"testing"
	"time"
)

// chatter is a test protocol that uses every Env facility: random timers,
// random sends, storage and observations, so its hash depends on all of them.
type chatter struct{ count int }

func (c *chatter) Start(env Env) {
	if v, ok := env.Storage().Get("count"); ok {
		c.count = v.(int)
	}
	env.Observe(Observation{Kind: "boot", Data: c.count})
	env.SetTimer(time.Duration(env.Rand().IntN(50))*time.Millisecond, "tick")
}

func (c *chatter) Receive(env Env, from NodeID, msg Message) {
	c.count++
	env.Storage().Put("count", c.count)
	env.Storage().Sync()
}

func (c *chatter) Timer(env Env, tag any) {
	peers := env.Peers()
	env.Send(peers[env.Rand().IntN(len(peers))], Ping{N: c.count})
	env.SetTimer(time.Duration(1+env.Rand().IntN(50))*time.Millisecond, "tick")
}

// Ping is the message of the test protocols.
type Ping struct{ N int }

func runChatter(seed uint64, trace *bytes.Buffer) Result {
	cfg := Config{Seed: seed, Deadline: time.Second, MaxEvents: 100_000}
	if trace != nil {
		cfg.Trace = trace
	}
	w := New(cfg)
	for _, name := range []string{"n0", "n1", "n2"} {
		w.AddNode(name, Server, func(NodeID) Node { return &chatter{} })
	}
	w.At(300*time.Millisecond, "crash", "n1", func() { w.Crash(1, false, false) })
	w.At(400*time.Millisecond, "restart", "n1", func() { w.Restart(1) })
	return w.Run()
}

// TestSameSeedSameHash: the whole point of the kernel — a seed fixes the run.
func TestSameSeedSameHash(t *testing.T) {
	a, b := runChatter(7, nil), runChatter(7, nil)
	if a.Hash != b.Hash || a.Events != b.Events {
		t.Fatalf("same seed differs: %x/%d vs %x/%d", a.Hash, a.Events, b.Hash, b.Events)
	}
	if c := runChatter(8, nil); c.Hash == a.Hash {
		t.Fatalf("seeds 7 and 8 gave the same hash %x", a.Hash)
	}
}

// TestTraceMatchesHash: the JSONL trace holds exactly what the hash covers,
// so a stored trace can be verified and diffed.
func TestTraceMatchesHash(t *testing.T) {
	var buf bytes.Buffer
	res := runChatter(3, &buf)
	recs, err := ReadTrace(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(recs)) != res.Events {
		t.Fatalf("trace has %d records, result says %d events", len(recs), res.Events)
	}
	if got := HashRecords(recs); got != res.Hash {
		t.Fatalf("trace rehash %x != run hash %x", got, res.Hash)
	}
}

// TestCrashRecoverKeepsStorage: a restart builds a fresh instance that
// sees the synced disk, and timers of the dead incarnation never fire.
func TestCrashRecoverKeepsStorage(t *testing.T) {
	res := runChatter(5, nil)
	var boots []int
	for _, o := range res.Observations {
		if o.Kind == "boot" && o.Node == 1 {
			boots = append(boots, o.Data.(int))
		}
	}
	if len(boots) != 2 || boots[0] != 0 || boots[1] == 0 {
		t.Fatalf("n1 boots saw counts %v; want [0, >0] (disk kept across restart)", boots)
	}
}

// recorderNode records timer firings with its local clock.
type recorderNode struct{ fired *[]time.Duration }

func (r *recorderNode) Start(env Env)                { env.SetTimer(100*time.Millisecond, "t") }
func (r *recorderNode) Receive(Env, NodeID, Message) {}
func (r *recorderNode) Timer(env Env, tag any) {
	*r.fired = append(*r.fired, env.Now())
	if len(*r.fired) < 3 {
		env.SetTimer(100*time.Millisecond, "t")
	}
}

// TestPauseStallsTimersAndClock: a paused node's timers wait, and after
// resume its local clock has not moved across the pause.
func TestPauseStallsTimersAndClock(t *testing.T) {
	var fired []time.Duration
	w := New(Config{Seed: 1, Deadline: time.Second, MaxEvents: 1000})
	w.AddNode("n0", Server, func(NodeID) Node { return &recorderNode{fired: &fired} })
	w.At(150*time.Millisecond, "pause", "n0", func() { w.Pause(0) })
	w.At(350*time.Millisecond, "resume", "n0", func() { w.Resume(0) })
	w.Run()
	// Local times: 100, then the second timer (due at global 200) stalls
	// until 400 global; local clock lost 200ms so it reads 200, then 300.
	want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond}
	if len(fired) != 3 || fired[0] != want[0] || fired[1] != want[1] || fired[2] != want[2] {
		t.Fatalf("local fire times %v, want %v", fired, want)
	}
}

// TestClockDrift: a fast clock reads ahead and fires its timers early.
func TestClockDrift(t *testing.T) {
	var fired []time.Duration
	w := New(Config{Seed: 1, Deadline: time.Second, MaxEvents: 1000})
	w.AddNode("n0", Server, func(NodeID) Node { return &recorderNode{fired: &fired} })
	w.SetClock(0, 5*time.Millisecond, 100_000) // +5ms, 10% fast
	res := w.Run()
	if fired[0] != 105*time.Millisecond {
		t.Fatalf("first local fire %v, want 105ms", fired[0])
	}
	if res.End != EndQuiescent || res.Now >= 300*time.Millisecond {
		t.Fatalf("three 100ms local timers on a 10%%-fast clock ended at %v (%s)", res.Now, res.End)
	}
}

// canceller sets two timers and cancels the first.
type canceller struct{ fired *[]string }

func (c *canceller) Start(env Env) {
	id := env.SetTimer(10*time.Millisecond, "a")
	env.SetTimer(20*time.Millisecond, "b")
	env.CancelTimer(id)
	env.CancelTimer(id) // twice is harmless
}
func (c *canceller) Receive(Env, NodeID, Message) {}
func (c *canceller) Timer(env Env, tag any)       { *c.fired = append(*c.fired, tag.(string)) }

// TestCancelTimer: a cancelled timer never fires; a stale id is harmless.
func TestCancelTimer(t *testing.T) {
	var fired []string
	w := New(Config{Seed: 1, Deadline: time.Second, MaxEvents: 100})
	w.AddNode("n0", Server, func(NodeID) Node { return &canceller{fired: &fired} })
	res := w.Run()
	if len(fired) != 1 || fired[0] != "b" {
		t.Fatalf("fired %v, want [b]", fired)
	}
	if res.Cancelled != 1 {
		t.Fatalf("Result.Cancelled = %d, want 1", res.Cancelled)
	}
}

// spinner re-arms a zero-delay timer forever: a livelock.
type spinner struct{}

func (spinner) Start(env Env)                { env.SetTimer(0, "spin") }
func (spinner) Receive(Env, NodeID, Message) {}
func (spinner) Timer(env Env, tag any)       { env.SetTimer(0, "spin") }

// TestEventBudgetEndsLivelock: a run that makes no progress in simulated
// time still ends, with the budget as its reason.
func TestEventBudgetEndsLivelock(t *testing.T) {
	w := New(Config{Seed: 1, Deadline: time.Second, MaxEvents: 500})
	w.AddNode("n0", Server, func(NodeID) Node { return spinner{} })
	res := w.Run()
	if res.End != EndBudget || res.Events != 500 || res.Now != 0 {
		t.Fatalf("end %s after %d events at %v; want event-budget after 500 at 0", res.End, res.Events, res.Now)
	}
}

// TestStorageCrashModes: synced writes survive every crash; unsynced ones
// only when the crash keeps them; a wipe loses all.
func TestStorageCrashModes(t *testing.T) {
	for _, tc := range []struct {
		name               string
		loseUnsynced, wipe bool
		wantA, wantB       bool
	}{
		{"flushed", false, false, true, true},
		{"lose-unsynced", true, false, true, false},
		{"wipe", false, true, false, false},
	} {
		s := newStorage()
		s.Put("a", 1)
		s.Sync()
		s.Put("b", 2)
		s.crash(tc.loseUnsynced, tc.wipe)
		_, a := s.Get("a")
		_, b := s.Get("b")
		if a != tc.wantA || b != tc.wantB {
			t.Errorf("%s: a=%v b=%v, want %v %v", tc.name, a, b, tc.wantA, tc.wantB)
		}
	}
}

// TestDropToCrashedNode: a message arriving at a crashed node is dropped
// and the trace says so.
func TestDropToCrashedNode(t *testing.T) {
	var buf bytes.Buffer
	w := New(Config{Seed: 1, Deadline: time.Second, MaxEvents: 1000, Trace: &buf})
	w.AddNode("n0", Server, func(NodeID) Node { return &pinger{} })
	w.AddNode("n1", Server, func(NodeID) Node { return &pinger{} })
	w.At(105*time.Millisecond, "crash", "n1", func() { w.Crash(1, false, false) })
	w.Run()
	if !bytes.Contains(buf.Bytes(), []byte(`"kind":"drop","node":"n1","peer":"n0","text":"down: `)) {
		t.Fatalf("no drop to the crashed node in trace:\n%s", buf.String())
	}
}

// pinger: node 0 pings node 1 every 100ms.
type pinger struct{}

func (pinger) Start(env Env) {
	if env.ID() == 0 {
		env.SetTimer(100*time.Millisecond, "tick")
	}
}
func (pinger) Receive(Env, NodeID, Message) {}
func (pinger) Timer(env Env, tag any) {
	env.Send(1, Ping{})
	env.SetTimer(100*time.Millisecond, "tick")
}
