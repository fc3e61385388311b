package paxos

import (
	"slices"
	"strings"
	"testing"
	"time"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

const ms = time.Millisecond

// basicWorld builds a Basic Paxos cluster of n servers over 10ms links.
func basicWorld(cfg Config, n int, deadline time.Duration) *sim.World {
	w := sim.New(sim.Config{Seed: 1, Deadline: deadline, MaxEvents: 1_000_000, Network: sim.FixedLatency(10 * ms)})
	servers := make([]sim.NodeID, n)
	for i := range servers {
		servers[i] = sim.NodeID(i)
	}
	for i := range n {
		w.AddNode("n"+string(rune('0'+i)), sim.Server, New(cfg, servers))
	}
	return w
}

// results indexes check results by name.
func results(rs []check.Result) map[string]check.Result {
	out := map[string]check.Result{}
	for _, r := range rs {
		out[r.Name] = r
	}
	return out
}

// Purpose: bad settings are errors naming the yaml key; names are checked
// for shape in Validate and against the cluster size in Resolve.
func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("default invalid: %v", err)
	}
	if err := DefaultMultiConfig().Validate(); err != nil {
		t.Fatalf("default multi invalid: %v", err)
	}
	bad := map[string]func(c *Config){
		"acceptors:":         func(c *Config) { c.Acceptors = nil },
		"acceptors[1]:":      func(c *Config) { c.Acceptors = []string{"n0", "x1"} },
		"proposers[0].value": func(c *Config) { c.Proposers[0].Value = "" },
		"proposers[1]:":      func(c *Config) { c.Proposers[1].Node = "n3" },
		"retry:":             func(c *Config) { c.Retry = "sometimes" },
		"backoff_max:":       func(c *Config) { c.Retry, c.BackoffMax = RetryBackoff, 0 },
		"retry_timeout:":     func(c *Config) { c.RetryTimeout = 0 },
	}
	for want, mutate := range bad {
		c := DefaultConfig()
		mutate(c)
		if err := c.Validate(); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: got %v", want, err)
		}
	}
	if _, err := Resolve(*DefaultConfig(), 4); err == nil || !strings.Contains(err.Error(), "n4 does not exist") {
		t.Errorf("Resolve with 4 servers: %v", err)
	}
	m := DefaultMultiConfig()
	m.ElectionTimeout = m.Heartbeat
	if err := m.Validate(); err == nil || !strings.HasPrefix(err.Error(), "election_timeout:") {
		t.Errorf("multi election_timeout: %v", err)
	}
}

// Purpose: SCENARIOS.md's dueling proposers - with immediate retry no
// value is chosen by the deadline and the story counts the pre-empted
// ballots; with backoff a value is chosen and the story says which, when.
func TestDuelingAndBackoff(t *testing.T) {
	res := basicWorld(*DefaultConfig(), 5, time.Second).Run()
	story := Story(res)
	last := story[len(story)-1]
	if !strings.HasPrefix(last, "no value was chosen by the deadline t=1000ms: 27 ballots were pre-empted (n3: 14, n4: 13)") {
		t.Errorf("dueling closing line: %q", last)
	}
	r := results(Check(res, Checks))
	if r[CheckChosen].OK || !r[CheckAgreement].OK || !r[CheckPromiseMonotonic].OK || !r[CheckAcceptAbovePromise].OK {
		t.Errorf("dueling verdicts: %+v", r)
	}
	cfg := *DefaultConfig()
	cfg.Retry = RetryBackoff
	res = basicWorld(cfg, 5, time.Second).Run()
	story = Story(res)
	if last := story[len(story)-1]; !strings.HasPrefix(last, `value "Y" was chosen at t=95ms in ballot 1.n4`) {
		t.Errorf("backoff closing line: %q", last)
	}
	for _, c := range Check(res, Checks) {
		if !c.OK {
			t.Errorf("backoff: %s failed: %s", c.Name, c.Detail)
		}
	}
}

// Purpose: an accept-anything acceptor (n0) in the dueling run accepts
// n3's ballot after promising n4's; accept-above-promise must say so,
// while an honest run of the same schedule passes it (the test above).
func TestAcceptAnythingCaught(t *testing.T) {
	w := basicWorld(*DefaultConfig(), 5, 200*ms)
	w.SetByzantine(0, BehaviourAcceptAnything, true)
	r := results(Check(w.Run(), Checks))
	if a := r[CheckAcceptAbovePromise]; a.OK || !strings.Contains(a.Detail, "n0 at 60ms accepted in ballot 1.3 after promising 1.4") {
		t.Errorf("accept-anything not caught: %+v", a)
	}
}

// cutNet is a test-only sim.Network (package faults is not ours to use
// here): 10ms links, except that the listed pairs are cut both ways.
type cutNet [][2]sim.NodeID

func (c cutNet) Route(now time.Duration, from, to sim.NodeID, msg sim.Message, out []sim.Delivery) ([]sim.Delivery, string) {
	for _, p := range c {
		if (p[0] == from && p[1] == to) || (p[0] == to && p[1] == from) {
			return out, "partition"
		}
	}
	return sim.FixedLatency(10*ms).Route(now, from, to, msg, out)
}

// Purpose: a promise-nothing acceptor (n2) that has accepted X reports
// nothing in its Promise, and the fact says it lied. With n3 reaching only
// {n0,n2} and n4 only {n1,n2} (paxos-byzantine-acceptor), that single lie
// gets Y chosen after X, and agreement reports it.
func TestPromiseNothingHides(t *testing.T) {
	cfg := *DefaultConfig()
	cfg.AcceptDelay = 0
	cfg.Proposers[1].Start = 100 * ms
	w := sim.New(sim.Config{Seed: 1, Deadline: 300 * ms, MaxEvents: 100_000, Network: cutNet{{3, 1}, {4, 0}}})
	servers := []sim.NodeID{0, 1, 2, 3, 4}
	for _, name := range []string{"n0", "n1", "n2", "n3", "n4"} {
		w.AddNode(name, sim.Server, New(cfg, servers))
	}
	w.SetByzantine(2, BehaviourPromiseNothing, true)
	res := w.Run()
	var lied []string
	for _, o := range res.Observations {
		if f, ok := o.Data.(PromiseFact); ok && f.Lied {
			lied = append(lied, res.Names[o.Node])
		}
	}
	if !slices.Equal(lied, []string{"n2"}) {
		t.Errorf("liars = %v, want [n2]", lied)
	}
	r := results(Check(res, Checks))
	if r[CheckAgreement].OK || !r[CheckPromiseMonotonic].OK || !r[CheckAcceptAbovePromise].OK {
		t.Errorf("verdicts: %+v", r)
	}
}

// multiWorld builds a Multi-Paxos cluster of 5 servers over 10ms links,
// with client c0 (home n0) running s0 and c1 (home n1) running s1.
func multiWorld(deadline time.Duration, s0, s1 []workload.Script) *sim.World {
	w := sim.New(sim.Config{Seed: 1, Deadline: deadline, MaxEvents: 1_000_000, Network: sim.FixedLatency(10 * ms)})
	servers := []sim.NodeID{0, 1, 2, 3, 4}
	for _, name := range []string{"n0", "n1", "n2", "n3", "n4"} {
		w.AddNode(name, sim.Server, NewMulti(*DefaultMultiConfig(), servers))
	}
	w.AddNode("c0", sim.Client, workload.NewClient(workload.ClientConfig{Home: 0, Timeout: 100 * ms, Retries: 5, Script: s0}))
	w.AddNode("c1", sim.Client, workload.NewClient(workload.ClientConfig{Home: 1, Timeout: 100 * ms, Retries: 5, Script: s1}))
	return w
}

// Purpose: the KV serves writes and reads through the log, and a crash of
// the leader hands over to a new one that answers the client; with a
// majority gone for good the liveness check reports no progress (its
// known-bad run) while safety holds.
func TestMultiFailoverAndLostMajority(t *testing.T) {
	s0 := []workload.Script{{At: 100 * ms, Op: workload.OpWrite, Key: "x", Value: "1"}}
	s1 := []workload.Script{
		{At: 1000 * ms, Op: workload.OpWrite, Key: "y", Value: "2"},
		{At: 1500 * ms, Op: workload.OpRead, Key: "x"},
	}
	w := multiWorld(2*time.Second, s0, s1)
	w.At(200*ms, "crash", "n0", func() { w.Crash(0, false, false) })
	res := w.Run()
	for _, c := range CheckMulti(res, MultiChecks) {
		if !c.OK {
			t.Errorf("failover: %s failed: %s", c.Name, c.Detail)
		}
	}
	h := workload.History(res)
	if got := h[len(h)-1]; got.Outcome != check.OK || got.Output != "1" {
		t.Errorf("read after failover = %+v, want x=1 (chosen under the old leader)", got)
	}
	w = multiWorld(2*time.Second, s0, s1)
	for id := range 3 {
		w.At(200*ms, "crash", "n", func() { w.Crash(sim.NodeID(id), false, false) })
	}
	res = w.Run()
	r := results(CheckMulti(res, MultiChecks))
	if r[CheckLiveness].OK || !r[CheckAgreement].OK || !r[CheckLinearizable].OK {
		t.Errorf("lost majority: %+v", r)
	}
}
