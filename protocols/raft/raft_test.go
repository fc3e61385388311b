package raft

import (
	"strings"
	"testing"
	"time"

	"simrun/sim"
	"simrun/workload"
)

// TestConfigValidateNamesTheKey: each impossible setting is an error that
// names its yaml key, so a scenario author can find it.
func TestConfigValidateNamesTheKey(t *testing.T) {
	cases := map[string]func(c *Config){
		"heartbeat":         func(c *Config) { c.Heartbeat = 0 },
		"election_min":      func(c *Config) { c.ElectionMin = c.Heartbeat },
		"election_max":      func(c *Config) { c.ElectionMax = c.ElectionMin },
		"commit":            func(c *Config) { c.Commit = "sometimes" },
		"read":              func(c *Config) { c.Read = "eventually" },
		"lease_drift_ppm":   func(c *Config) { c.LeaseDriftPPM = -1 },
		"batch_max":         func(c *Config) { c.BatchMax = 0 },
		"election_override": func(c *Config) { c.ElectionOverride = map[string]time.Duration{"n1": 0} },
	}
	for key, spoil := range cases {
		c := DefaultConfig()
		spoil(c)
		err := c.Validate()
		if err == nil || !strings.HasPrefix(err.Error(), key+":") {
			t.Errorf("%s: want an error naming %s, got %v", key, key, err)
		}
	}
	if err := DefaultConfig().Validate(); err != nil {
		t.Errorf("the default config is invalid: %v", err)
	}
}

// TestValidateNodesNamesTheKey: a member or override naming no server is a
// load error naming its key, not a cluster silently without voters.
func TestValidateNodesNamesTheKey(t *testing.T) {
	nodes := []string{"n0", "n1", "n2"}
	cases := map[string]func(c *Config){
		"members":           func(c *Config) { c.Members = []string{"n0", "n7"} },
		"members ":          func(c *Config) { c.Members = []string{"n1", "n1"} },
		"election_override": func(c *Config) { c.ElectionOverride = map[string]time.Duration{"n9": time.Second} },
	}
	for name, spoil := range cases {
		key := strings.TrimSpace(name)
		c := DefaultConfig()
		spoil(c)
		err := c.ValidateNodes(nodes)
		if err == nil || !strings.HasPrefix(err.Error(), key+":") {
			t.Errorf("%s: want an error naming %s, got %v", name, key, err)
		}
	}
	c := DefaultConfig()
	c.Members, c.ElectionOverride = []string{"n0", "n2"}, map[string]time.Duration{"n1": time.Second}
	if err := c.ValidateNodes(nodes); err != nil {
		t.Errorf("a valid config is refused: %v", err)
	}
}

// TestLeaseNeverExceedsElectionMin: the lease is ElectionMin shortened by
// the drift bound, exactly, even where ElectionMin*ppm overflows int64.
func TestLeaseNeverExceedsElectionMin(t *testing.T) {
	for _, e := range []time.Duration{150 * time.Millisecond, 3 * time.Hour, 1000 * time.Hour} {
		c := DefaultConfig()
		c.ElectionMin, c.LeaseDriftPPM = e, 499_999
		want := e - time.Duration(float64(e)*2*499_999/1e6)
		if got := c.lease(); got <= 0 || got > e || got-want > time.Microsecond || want-got > time.Microsecond {
			t.Errorf("election_min %v: lease %v, want about %v", e, got, want)
		}
	}
}

// TestElectionTimeout (§5.2): draws fall in [ElectionMin, ElectionMax),
// the fixed mode ignores the draw, and an override beats both.
func TestElectionTimeout(t *testing.T) {
	c := DefaultConfig()
	rng := sim.NewStream(1, "test")
	for range 1000 {
		d := c.electionTimeout("n0", rng.Int64N)
		if d < c.ElectionMin || d >= c.ElectionMax {
			t.Fatalf("draw %v outside [%v, %v)", d, c.ElectionMin, c.ElectionMax)
		}
	}
	c.ElectionFixed = 150 * time.Millisecond
	if d := c.electionTimeout("n0", rng.Int64N); d != c.ElectionFixed {
		t.Errorf("fixed mode gave %v", d)
	}
	c.ElectionOverride = map[string]time.Duration{"n0": time.Second}
	if d := c.electionTimeout("n0", rng.Int64N); d != time.Second {
		t.Errorf("override gave %v", d)
	}
}

// retrier is a test client: once a leader is surely elected it sends the
// same write (one Seq) three times, then reads the key, recording replies.
type retrier struct {
	target  sim.NodeID
	replies []workload.Reply
}

func (r *retrier) Start(env sim.Env) { env.SetTimer(time.Second, "go") }

func (r *retrier) Timer(env sim.Env, tag any) {
	if tag == "go" {
		for range 3 {
			env.Send(r.target, workload.Request{Client: "c0", Seq: 7, Op: workload.OpWrite, Key: "x", Value: "v"})
		}
		env.SetTimer(200*time.Millisecond, "read")
		return
	}
	env.Send(r.target, workload.Request{Client: "c0", Seq: 8, Op: workload.OpRead, Key: "x"})
}

func (r *retrier) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	if rep, ok := msg.(workload.Reply); ok {
		if rep.Redirect != "" { // follow the leader and try again
			id := from
			for _, p := range env.Peers() {
				if env.NameOf(p) == rep.Redirect {
					id = p
				}
			}
			r.target = id
			env.Send(id, workload.Request{Client: "c0", Seq: rep.Seq, Op: workload.OpWrite, Key: "x", Value: "v"})
			return
		}
		r.replies = append(r.replies, rep)
	}
}

// TestRetriedWriteAppliesOnce (§8): a command retransmitted with the same
// (client, Seq) is appended and applied once, and every copy that reaches
// the leader is answered OK.
func TestRetriedWriteAppliesOnce(t *testing.T) {
	w := sim.New(sim.Config{Seed: 3, Deadline: 3 * time.Second, MaxEvents: 1_000_000})
	servers := []sim.NodeID{0, 1, 2}
	factory := New(*DefaultConfig(), servers)
	for _, name := range []string{"n0", "n1", "n2"} {
		w.AddNode(name, sim.Server, factory)
	}
	cl := &retrier{}
	w.AddNode("c0", sim.Client, func(sim.NodeID) sim.Node { return cl })
	res := w.Run()
	run, _ := Records(res)
	appended := 0
	for _, e := range run.Entries {
		if strings.Contains(e.Value, "c0#7") {
			appended++
		}
	}
	if appended != 3 { // once on each of the three logs
		t.Errorf("the write was stored %d times across 3 logs, want 3", appended)
	}
	ok := 0
	for _, rep := range cl.replies {
		if rep.OK && rep.Seq == 7 {
			ok++
		}
	}
	if ok == 0 {
		t.Errorf("no OK reply to the write: %+v", cl.replies)
	}
	if last := cl.replies[len(cl.replies)-1]; last.Seq != 8 || last.Value != "v" {
		t.Errorf("the read after the write got %+v, want v", last)
	}
}

// steadyTrace runs a healthy 5-node cluster under the benchmark's load for
// the given simulated time and returns its result and trace records.
func steadyTrace(t *testing.T, d time.Duration) (sim.Result, []sim.Record) {
	t.Helper()
	var buf strings.Builder
	w := sim.New(sim.Config{Seed: 1, Deadline: d, MaxEvents: 1 << 30, Trace: &buf})
	servers := []sim.NodeID{0, 1, 2, 3, 4}
	factory := New(*DefaultConfig(), servers)
	for _, id := range servers {
		w.AddNode("n"+string(rune('0'+id)), sim.Server, factory)
	}
	for i := 0; i < benchClients; i++ {
		cfg := workload.ClientConfig{Home: servers[i%len(servers)], Timeout: 500 * time.Millisecond, Retries: 5,
			Random: &workload.Random{Rate: benchRate / benchClients, Keys: 100, ReadFraction: 0.5}}
		w.AddNode("c"+string(rune('0'+i)), sim.Client, workload.NewClient(cfg))
	}
	res := w.Run()
	recs, err := sim.ReadTrace(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	return res, recs
}

// TestSteadyStateBatchesAndKeepsTimersLazy pins the cost of a healthy
// cluster's operation, which BenchmarkRaftSteady measures: with one
// Append in flight per follower, reads and writes share rounds (well under
// one round per operation), heartbeats mostly find nothing due, and a
// follower's election timer and a client's timeout move deadlines instead
// of being cancelled and set again on every message.
func TestSteadyStateBatchesAndKeepsTimersLazy(t *testing.T) {
	res, recs := steadyTrace(t, 20*time.Second)
	count := map[string]int{}
	for _, r := range recs {
		switch {
		case r.Kind == "deliver" && strings.HasPrefix(r.Text, "raft.Append{"):
			count["append"]++
		case r.Kind == "deliver" && strings.HasPrefix(r.Text, "workload.Request{"):
			count["request"]++
		case r.Kind == "timer":
			count["timer "+r.Text]++
		}
	}
	ops := count["request"]
	if ops < 1800 {
		t.Fatalf("only %d requests in 20 s of 100 ops/s", ops)
	}
	if rounds := float64(count["append"]) / 4; rounds > 0.7*float64(ops) {
		t.Errorf("%.0f Append rounds for %d requests: proposals are not batched", rounds, ops)
	}
	// 4 followers hear ~2 Appends per operation: a timer cancelled and set
	// again at each, or a client timeout cancelled at each answer, would
	// leave about that many cancelled timers in the queue.
	if res.Cancelled > int64(ops/4) {
		t.Errorf("%d timers cancelled for %d requests: election deadlines or client timeouts are not lazy", res.Cancelled, ops)
	}
	if e := count["timer election"]; e > ops/2 {
		t.Errorf("%d election timer events for %d requests", e, ops)
	}
	// The heartbeat fires when the first follower is due; followers fall
	// due at different times, so a few fires per interval, most sending
	// nothing.
	if hb := count["timer heartbeat"]; hb > 4*20*20 {
		t.Errorf("%d heartbeat timer events in 20 s of 50 ms heartbeats", hb)
	}
}
