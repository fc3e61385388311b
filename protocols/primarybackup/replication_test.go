package primarybackup

import (
	"strings"
	"testing"
	"time"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// trio is a test-only network for three servers and one client (IDs 0..2
// servers, 3 the client): 10ms links, 30ms to and from n2 (a far backup),
// and, when starve is set, every Replicate and SyncState to n1 is lost, so
// n1 hears heartbeats but falls behind.
type trio struct{ starve bool }

func (t trio) Route(_ time.Duration, from, to sim.NodeID, msg sim.Message, out []sim.Delivery) ([]sim.Delivery, string) {
	if t.starve && to == 1 {
		switch msg.(type) {
		case Replicate, SyncState:
			return out, "loss"
		}
	}
	delay := 10 * time.Millisecond
	if from == 2 || to == 2 {
		delay = 30 * time.Millisecond
	}
	return append(out, sim.Delivery{Delay: delay, From: from, Msg: msg}), ""
}

// trioRun runs three servers and client c0 (home n0) writing x at 100, 200
// and 300ms, with n0 crashing at crashAt if it is > 0.
func trioRun(cfg Config, net trio, crashAt time.Duration) sim.Result {
	w := sim.New(sim.Config{Seed: 1, Deadline: 1500 * ms, MaxEvents: 1_000_000, Network: net})
	servers := []sim.NodeID{0, 1, 2}
	for _, name := range []string{"n0", "n1", "n2"} {
		w.AddNode(name, sim.Server, New(cfg, servers))
	}
	w.AddNode("c0", sim.Client, workload.NewClient(workload.ClientConfig{Home: 0, Timeout: 200 * ms, Retries: 2,
		Script: []workload.Script{write(100*ms, "x", "1"), write(200*ms, "x", "2"), write(300*ms, "x", "3")}}))
	if crashAt > 0 {
		w.At(crashAt, "crash", "n0", func() { w.Crash(0, false, false) })
	}
	return w.Run()
}

// Purpose: the modes cost what they should. Every write takes the client's
// 20ms round trip; semi-sync adds the nearest backup's (n1, 20ms), sync the
// farthest one's (n2, 60ms). No write is lost and no role changes.
func TestReplicationModeLatency(t *testing.T) {
	want := map[string]time.Duration{ReplicationAsync: 20 * ms, ReplicationSemiSync: 40 * ms, ReplicationSync: 80 * ms}
	for mode, lat := range want {
		cfg := *DefaultConfig()
		cfg.Replication = mode
		res := trioRun(cfg, trio{}, 0)
		s := check.WriteLatency(workload.History(res))
		if s.Count != 3 || s.P50 != lat || s.Max != lat {
			t.Errorf("%s: %+v, want 3 writes of %v", mode, s, lat)
		}
		if !strings.HasPrefix(LatencyLine(res), "write latency: p50 ") {
			t.Errorf("%s: latency line %q", mode, LatencyLine(res))
		}
	}
}

// Purpose: failover to the most up-to-date backup. n1 hears heartbeats but
// misses every write; n0 dies at 500ms. With failover_to most-up-to-date,
// n1 defers to n2, which holds every acknowledged write (semi-sync made
// sure of it): all checks hold. With the old rule both promote at once,
// n2 yields to the lower ID, and n1's empty state wipes the writes.
func TestFailoverToMostUpToDate(t *testing.T) {
	cfg := *DefaultConfig()
	cfg.Replication = ReplicationSemiSync
	cfg.FailoverTo = FailoverToMostUpToDate
	res := trioRun(cfg, trio{starve: true}, 500*ms)
	mustHold(t, res)
	if !contains(Story(res), "n2 promotes itself") || contains(Story(res), "n1 promotes itself") {
		t.Errorf("n2 did not take over alone:\n%s", strings.Join(Story(res), "\n"))
	}
	cfg.FailoverTo = FailoverToAny
	res = trioRun(cfg, trio{starve: true}, 500*ms)
	if r := Check(res, []string{CheckDurableWrites})[0]; r.OK {
		t.Errorf("failover to any backup kept every write: %s\n%s", r.Detail, strings.Join(Story(res), "\n"))
	}
}

// Purpose: the new settings are validated with their yaml keys, and the
// zero values mean the original behaviour.
func TestReplicationConfigValidate(t *testing.T) {
	for key, mut := range map[string]func(*Config){
		"replication:":     func(c *Config) { c.Replication = "quorum" },
		"replication_lag:": func(c *Config) { c.ReplicationLag = -ms },
		"failover_to:":     func(c *Config) { c.FailoverTo = "random" },
	} {
		c := DefaultConfig()
		mut(c)
		if err := c.Validate(); err == nil || !strings.HasPrefix(err.Error(), key) {
			t.Errorf("%s: got %v", key, err)
		}
	}
	zero := Config{Heartbeat: 50 * ms, Failover: FailoverAuto, FailoverTimeout: 150 * ms}
	if err := zero.Validate(); err != nil || zero.mode() != ReplicationAsync || zero.probes() {
		t.Errorf("zero replication settings: %v, mode %q, probes %v", err, zero.mode(), zero.probes())
	}
}
