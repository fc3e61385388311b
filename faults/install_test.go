package faults

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"simrun/sim"
)

const ms = time.Millisecond

// Ping and Pong make the test protocol: n0 pings n1 every 100ms of its
// local clock and counts its pings in Storage (synced), so a restarted n0
// carries on counting; n1 answers every ping from a node.
type (
	Ping struct{ N int }
	Pong struct{ N int }
)

type pingNode struct{ sent int }

func (p *pingNode) Start(env sim.Env) {
	if env.ID() != 0 {
		return
	}
	if v, ok := env.Storage().Get("sent"); ok {
		p.sent = v.(int)
	}
	env.Observe(sim.Observation{Kind: "boot", Data: p.sent})
	env.SetTimer(100*ms, "tick")
}

func (p *pingNode) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	switch m := msg.(type) {
	case Ping:
		env.Observe(sim.Observation{Kind: "got", Data: m.N})
		if from != sim.Operator {
			env.Send(from, Pong(m))
		}
	case Pong:
		env.Observe(sim.Observation{Kind: "pong", Data: m.N})
	}
}

func (p *pingNode) Timer(env sim.Env, _ any) {
	p.sent++
	env.Storage().Put("sent", p.sent)
	env.Storage().Sync()
	if env.Byzantine("lie") {
		env.Observe(sim.Observation{Kind: "lying", Data: p.sent})
	}
	env.Send(1, Ping{N: p.sent})
	env.SetTimer(100*ms, "tick")
}

// run is one second of the ping protocol over link under schedule s.
type run struct {
	res    sim.Result
	trace  []sim.Record
	builds []int // instances built per node
}

func runPing(t *testing.T, seed uint64, link Link, s Schedule) run {
	t.Helper()
	var buf bytes.Buffer
	var r run
	r.builds = make([]int, 2)
	w := sim.New(sim.Config{Seed: seed, Deadline: time.Second, MaxEvents: 10_000, Trace: &buf})
	for _, name := range []string{"n0", "n1"} {
		w.AddNode(name, sim.Server, func(id sim.NodeID) sim.Node { r.builds[id]++; return &pingNode{} })
	}
	net := NewNetwork(w.Stream("net"), w.NodeCount(), link)
	w.SetNetwork(net)
	Install(w, net, s)
	r.res = w.Run()
	var err error
	if r.trace, err = sim.ReadTrace(&buf); err != nil {
		t.Fatal(err)
	}
	return r
}

var tenMs = Link{Latency: Latency{Dist: Constant, Mean: 10 * ms}}

// find returns the trace records of the given kind and node ("" = any).
func (r run) find(kind, node string) []sim.Record {
	var out []sim.Record
	for _, rec := range r.trace {
		if rec.Kind == kind && (node == "" || rec.Node == node) {
			out = append(out, rec)
		}
	}
	return out
}

// data returns the Data of node's observations of the given kind.
func (r run) data(node sim.NodeID, kind string) []any {
	var out []any
	for _, o := range r.res.Observations {
		if o.Node == node && o.Kind == kind {
			out = append(out, o.Data)
		}
	}
	return out
}

// TestInstallCrashRecover checks that a crash-recover throws the instance
// away, builds a fresh one at the restart time, and that the fresh one
// sees what the old one synced to Storage; the control lines carry the
// action's description.
func TestInstallCrashRecover(t *testing.T) {
	r := runPing(t, 1, tenMs, Schedule{{At: 250 * ms, Kind: KindCrash, Node: 0, RestartAfter: 300 * ms}})
	if r.builds[0] != 2 || r.builds[1] != 1 {
		t.Errorf("instances built %v, want n0 twice and n1 once", r.builds)
	}
	if got := r.data(0, "boot"); !slices.Equal(got, []any{0, 2}) {
		t.Errorf("n0 booted seeing sent=%v, want [0 2]", got)
	}
	crash := r.find("crash", "")
	if len(crash) != 2 || crash[0].Text != "crash n0 (restart after 300ms)" || crash[0].Time != 250*ms {
		t.Errorf("crash records %+v, want the control line then the kernel's", crash)
	}
	if restart := r.find("restart", ""); len(restart) != 2 || restart[0].Time != 550*ms {
		t.Errorf("restart records %+v, want two at 550ms", restart)
	}
}

// TestInstallPauseStallsTimers checks that a paused node's timer does not
// fire during the pause and fires after it for the time it still had.
func TestInstallPauseStallsTimers(t *testing.T) {
	r := runPing(t, 1, tenMs, Schedule{{At: 250 * ms, Kind: KindPause, Node: 0, For: 300 * ms}})
	var at []time.Duration
	for _, rec := range r.find("timer", "n0") {
		at = append(at, rec.Time)
	}
	want := []time.Duration{100 * ms, 200 * ms, 600 * ms, 700 * ms, 800 * ms, 900 * ms, 1000 * ms}
	if !slices.Equal(at, want) {
		t.Errorf("n0's timers fired at %v, want %v", at, want)
	}
	if len(r.find("resume", "")) != 2 {
		t.Error("want a resume control line and the kernel's resume line")
	}
}

// TestInstallPartitionDrops checks that messages across a partition are
// dropped with reason "partition" while it holds, and flow after the heal.
func TestInstallPartitionDrops(t *testing.T) {
	iso := Isolate([]sim.NodeID{0, 1}, 0, func(id sim.NodeID) string { return []string{"n0", "n1"}[id] })
	r := runPing(t, 1, tenMs, Schedule{
		{At: 150 * ms, Kind: KindPartition, Partition: iso},
		{At: 450 * ms, Kind: KindHeal},
	})
	var dropped []time.Duration
	for _, rec := range r.find("drop", "n0") {
		if rec.Text == "partition" && rec.Peer == "n1" {
			dropped = append(dropped, rec.Time)
		}
	}
	if !slices.Equal(dropped, []time.Duration{200 * ms, 300 * ms, 400 * ms}) {
		t.Errorf("pings dropped by the partition at %v, want 200ms, 300ms, 400ms", dropped)
	}
	if got := r.data(1, "got"); !slices.Equal(got, []any{1, 5, 6, 7, 8, 9}) {
		t.Errorf("n1 got pings %v, want 1 and 5..9", got)
	}
	if p := r.find("partition", ""); len(p) != 1 || p[0].Text != "partition {n0} | {n1}" {
		t.Errorf("partition records %+v", p)
	}
}

// TestInstallByzantineOperatorClock checks that a timed Byzantine fault is
// on exactly during its window, that an operator command arrives from
// sim.Operator at its time, and that a clock action reaches the kernel.
func TestInstallByzantineOperatorClock(t *testing.T) {
	r := runPing(t, 1, tenMs, Schedule{
		{At: 150 * ms, Kind: KindByzantine, Node: 0, Behaviour: "lie", For: 200 * ms},
		{At: 50 * ms, Kind: KindOperator, Node: 1, Command: Ping{N: 99}},
		{At: 0, Kind: KindClock, Node: 1, Skew: 5 * ms, DriftPPM: 100},
	})
	if got := r.data(0, "lying"); !slices.Equal(got, []any{2, 3}) {
		t.Errorf("n0 lied on pings %v, want 2 and 3", got)
	}
	if got := r.data(1, "got"); len(got) == 0 || got[0] != 99 {
		t.Errorf("n1 got %v, want the operator's 99 first", got)
	}
	del := r.find("deliver", "n1")
	if len(del) == 0 || del[0].Peer != "operator" || del[0].Time != 50*ms {
		t.Errorf("first delivery to n1 %+v, want the operator's at 50ms", del)
	}
	if c := r.find("clock", "n1"); len(c) != 1 || c[0].Text != "skew=5ms drift=100ppm" {
		t.Errorf("kernel clock records %+v", c)
	}
}

// TestInstallSeedsReplay checks the product's promise on a lossy,
// jittery link: the same seed gives the same hash, a different seed a
// different one.
func TestInstallSeedsReplay(t *testing.T) {
	lossy := Link{Model: FairLoss, Loss: 0.3, Duplicate: 0.1,
		Latency: Latency{Dist: Exponential, Mean: 20 * ms, Min: 5 * ms}}
	s := Schedule{{At: 300 * ms, Kind: KindCrash, Node: 1, RestartAfter: 100 * ms, LoseUnsynced: true}}
	a, b, c := runPing(t, 7, lossy, s), runPing(t, 7, lossy, s), runPing(t, 8, lossy, s)
	if a.res.Hash != b.res.Hash || a.res.Events != b.res.Events {
		t.Errorf("same seed, hashes %s and %s", a.res.HashString(), b.res.HashString())
	}
	if a.res.Hash == c.res.Hash {
		t.Errorf("seeds 7 and 8 gave the same hash %s", a.res.HashString())
	}
	if len(a.find("drop", "")) == 0 || len(a.find("duplicate", "")) == 0 {
		t.Error("the lossy link neither lost nor duplicated anything: the test proves nothing")
	}
}
