package primarybackup

import (
	"strings"
	"testing"
	"time"

	"simrun/sim"
	"simrun/workload"
)

// Purpose: bad settings are errors naming the yaml key, and the default is
// valid.
func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("default config invalid: %v", err)
	}
	cases := map[string]Config{
		"heartbeat:":        {Heartbeat: 0, Failover: FailoverAuto, FailoverTimeout: time.Second},
		"failover:":         {Heartbeat: ms, Failover: "sometimes", FailoverTimeout: time.Second},
		"failover_timeout:": {Heartbeat: 50 * ms, Failover: FailoverAuto, FailoverTimeout: 50 * ms},
	}
	for want, cfg := range cases {
		if err := cfg.Validate(); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Validate(%+v) = %v, want an error starting %q", cfg, err, want)
		}
	}
	manual := Config{Heartbeat: 50 * ms, Failover: FailoverManual, FailoverTimeout: 10 * ms}
	if err := manual.Validate(); err != nil {
		t.Errorf("manual failover needs no timeout above the heartbeat: %v", err)
	}
}

// Purpose: operator commands map to messages, and an unknown one is an
// error listing the valid ones; an unknown check name fails visibly.
func TestCommandAndUnknownCheck(t *testing.T) {
	if m, err := Command("promote"); err != nil || m != (Promote{}) {
		t.Errorf("Command(promote) = %v, %v", m, err)
	}
	if _, err := Command("demote"); err == nil || !strings.Contains(err.Error(), "promote") {
		t.Errorf("Command(demote) error = %v, want one listing promote", err)
	}
	res := cluster(*DefaultConfig(), sim.FixedLatency(10*ms), 100*ms, nil, nil).Run()
	if r := Check(res, []string{"agreement"}); len(r) != 1 || r[0].OK || !strings.Contains(r[0].Detail, "single-primary") {
		t.Errorf("unknown check gave %+v", r)
	}
}

// Purpose: two backups that lose the same primary at the same instant both
// promote into epoch 2; the higher ID yields on hearing the other, so the
// cluster converges on one primary, which then serves writes.
func TestSameEpochTieConverges(t *testing.T) {
	w := sim.New(sim.Config{Seed: 1, Deadline: 800 * ms, MaxEvents: 100_000})
	servers := []sim.NodeID{0, 1, 2}
	for _, name := range []string{"n0", "n1", "n2"} {
		w.AddNode(name, sim.Server, New(*DefaultConfig(), servers))
	}
	w.AddNode("c0", sim.Client, workload.NewClient(workload.ClientConfig{
		Home: 2, Timeout: 100 * ms, Retries: 2, Script: []workload.Script{write(600*ms, "x", "1"), read(650*ms, "x")}}))
	w.At(100*ms, "crash", "n0", func() { w.Crash(0, false, false) })
	res := w.Run()
	story := Story(res)
	for _, line := range story {
		t.Log(line)
	}
	if !contains(story, "n2 steps down: n1 also holds epoch 2") {
		t.Errorf("n2 did not yield to n1")
	}
	mustHold(t, res)
	if got := reads(res); len(got) != 1 || got[0] != "c0@650ms=1" {
		t.Errorf("reads = %v", got)
	}
}
