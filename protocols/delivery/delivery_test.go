package delivery

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"simrun/check"
	"simrun/sim"
)

const ms = time.Millisecond

// tamper is a test-only network (package faults is not ours to use here):
// 10ms links, and the Nth message of a chosen type is lost, forged (its
// sender becomes n2) or corrupted (its own Corrupt), once each.
type tamper struct {
	lose, forge, corrupt func(msg sim.Message) bool
	r                    *rand.Rand
}

func (t *tamper) Route(_ time.Duration, from, _ sim.NodeID, msg sim.Message, out []sim.Delivery) ([]sim.Delivery, string) {
	d := sim.Delivery{Delay: 10 * ms, From: from, Msg: msg}
	switch {
	case t.lose != nil && t.lose(msg):
		return out, "loss"
	case t.forge != nil && t.forge(msg):
		d.From, d.Fate = 0, sim.Forged
	case t.corrupt != nil && t.corrupt(msg):
		d.Msg, d.Fate = msg.(interface {
			Corrupt(*rand.Rand) sim.Message
		}).Corrupt(t.r), sim.Corrupted
	}
	return append(out, d), ""
}

// firstAck is true once: for the first Ack of request id.
func firstAck(id uint64) func(sim.Message) bool {
	done := false
	return func(m sim.Message) bool {
		a, ok := m.(Ack)
		if ok && a.ID == id && !done {
			done = true
			return true
		}
		return false
	}
}

// firstInc is true once: for the first Increment with id (from either
// sender).
func firstInc(id uint64) func(sim.Message) bool {
	done := false
	return func(m sim.Message) bool {
		i, ok := m.(Increment)
		if ok && i.ID == id && !done {
			done = true
			return true
		}
		return false
	}
}

// run plays senders n1 and n2 sending 3 increments each to the counter n0
// over net, and runs every check.
func run(t *testing.T, mode, channel string, net sim.Network) (sim.Result, map[string]check.Result) {
	t.Helper()
	cfg := Config{Mode: mode, Channel: channel, Requests: 3, Interval: 20 * ms, Retransmit: 50 * ms, MaxSends: 10}
	w := sim.New(sim.Config{Seed: 1, Deadline: 2 * time.Second, MaxEvents: 100_000, Network: net})
	servers := []sim.NodeID{0, 1, 2}
	f := New(cfg, servers)
	for _, name := range []string{"n0", "n1", "n2"} {
		w.AddNode(name, sim.Server, f)
	}
	res := w.Run()
	out := map[string]check.Result{}
	for _, r := range Check(res, Checks) {
		out[r.Name] = r
	}
	return res, out
}

// Purpose: a lost Ack makes at-least-once apply the retransmission again
// (applied-once fails naming the request); exactly-once deduplicates it.
func TestLostAckDuplicates(t *testing.T) {
	_, got := run(t, AtLeastOnce, Plain, &tamper{lose: firstAck(2)})
	if r := got[check.CheckAppliedOnce]; r.OK || !strings.Contains(r.Detail, "n1#2") {
		t.Errorf("at-least-once: applied-once = %+v, want a failure naming n1#2", r)
	}
	res, got := run(t, ExactlyOnce, Plain, &tamper{lose: firstAck(2)})
	for _, r := range got {
		if !r.OK {
			t.Errorf("exactly-once: %s failed: %s", r.Name, r.Detail)
		}
	}
	if !contains(Story(res), "deduplication suppressed 1 repeat") {
		t.Errorf("story does not count the suppressed repeat:\n%s", strings.Join(Story(res), "\n"))
	}
}

// Purpose: at-most-once never retransmits, so a lost Increment is never
// applied: delivered (liveness) fails, nothing is applied twice.
func TestAtMostOnceLoses(t *testing.T) {
	_, got := run(t, AtMostOnce, Plain, &tamper{lose: firstInc(1)})
	if r := got[check.CheckDelivered]; r.OK || r.Safety {
		t.Errorf("delivered = %+v, want a liveness failure", r)
	}
	if r := got[check.CheckAppliedOnce]; !r.OK {
		t.Errorf("applied-once failed: %+v", r)
	}
}

// Purpose: a forged sender or a corrupted payload is applied as garbage
// on a plain channel (integrity fails) and dropped on an authenticated
// one, where retransmission then delivers the real request (all hold).
func TestChannelDropsTampering(t *testing.T) {
	nets := map[string]func() *tamper{
		"forged":    func() *tamper { return &tamper{forge: firstInc(2)} },
		"corrupted": func() *tamper { return &tamper{corrupt: firstInc(2), r: rand.New(rand.NewPCG(1, 2))} },
	}
	for name, net := range nets {
		_, got := run(t, ExactlyOnce, Plain, net())
		if r := got[check.CheckIntegrity]; r.OK {
			t.Errorf("%s, plain: integrity held: %s", name, r.Detail)
		}
		res, got := run(t, ExactlyOnce, Authenticated, net())
		for _, r := range got {
			if !r.OK {
				t.Errorf("%s, authenticated: %s failed: %s", name, r.Name, r.Detail)
			}
		}
		if !contains(Story(res), "the channel dropped 1 Increments") {
			t.Errorf("%s: story does not report the drop:\n%s", name, strings.Join(Story(res), "\n"))
		}
	}
}

// Purpose: bad settings are errors naming the yaml key; the default is
// valid.
func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatal(err)
	}
	for key, mut := range map[string]func(*Config){
		"mode:":       func(c *Config) { c.Mode = "twice" },
		"channel:":    func(c *Config) { c.Channel = "tls" },
		"retransmit:": func(c *Config) { c.Retransmit = 0 },
		"max_sends:":  func(c *Config) { c.MaxSends = 0 },
	} {
		c := DefaultConfig()
		mut(c)
		if err := c.Validate(); err == nil || !strings.HasPrefix(err.Error(), key) {
			t.Errorf("%s: got %v", key, err)
		}
	}
}

func contains(lines []string, sub string) bool {
	for _, l := range lines {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}
