package workload

import (
	"strings"
	"testing"

	"simrun/check"
	"simrun/sim"
)

// TestIncrementTagText: the timer texts are part of every counter run's
// hash, so they must stay "increment/iK" and "gossip".
func TestIncrementTagText(t *testing.T) {
	if got := IncrementTag(2).String(); got != "increment/i3" {
		t.Fatalf("IncrementTag(2) = %q, want increment/i3", got)
	}
	if got := (GossipTag{}).String(); got != "gossip" {
		t.Fatalf("GossipTag = %q, want gossip", got)
	}
}

// TestIncrementScriptValidate names the yaml key of each bad setting.
func TestIncrementScriptValidate(t *testing.T) {
	for _, tc := range []struct {
		inc  Increment
		want string
	}{
		{Increment{At: -1, Node: "n0", Delta: 1}, "increments[0].at"},
		{Increment{Node: "n3", Delta: 1}, "increments[0].node"},
		{Increment{Node: "n1", Delta: 0}, "increments[0].delta"},
	} {
		c := DefaultIncrementScript()
		c.Servers, c.Increments = 3, []Increment{tc.inc}
		if err := c.Validate(); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%+v: got %v, want an error on %s", tc.inc, err, tc.want)
		}
	}
	if err := DefaultIncrementScript().Validate(); err != nil {
		t.Fatalf("default script rejected: %v", err)
	}
}

// TestIncrementScriptValidateNodes: an increment at a server the scenario
// does not have is a load error, not the panic New raises.
func TestIncrementScriptValidateNodes(t *testing.T) {
	c := DefaultIncrementScript()
	c.Increments = []Increment{{Node: "n5", Delta: 1}}
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate without the node count: %v (n5 may exist)", err)
	}
	if err := c.ValidateNodes([]string{"n0", "n1", "n2"}); err == nil || !strings.HasPrefix(err.Error(), "increments[0].node") {
		t.Errorf("ValidateNodes(3 nodes) = %v, want an error on increments[0].node", err)
	}
}

// TestServerFinals keeps each server's last accepted observation, skips
// clients, and leaves a silent server at the zero value.
func TestServerFinals(t *testing.T) {
	res := sim.Result{Names: []string{"n0", "c0", "n1"}, Observations: []sim.Observed{
		{Node: 0, Observation: sim.Observation{Kind: "v", Data: 1}},
		{Node: 1, Observation: sim.Observation{Kind: "v", Data: 7}},
		{Node: 0, Observation: sim.Observation{Kind: "v", Data: 2}},
		{Node: 0, Observation: sim.Observation{Kind: "other", Data: 9}},
	}}
	got := ServerFinals(res, func(o sim.Observed) (int, bool) {
		v, ok := o.Data.(int)
		return v, ok && o.Kind == "v"
	})
	want := []ServerFinal[int]{{Node: "n0", Last: 2}, {Node: "n1"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

// TestCheckCounterKnownBad: a replica short of the increments' sum fails
// no-lost-increments, differing states fail convergence, and an unknown
// check fails naming the protocol.
func TestCheckCounterKnownBad(t *testing.T) {
	incs := []check.Increment{{ID: "i1", Node: "n0", Delta: 1}, {ID: "i2", Node: "n1", Delta: 1}}
	finals := []CounterReplica{
		{CounterFinal: check.CounterFinal{Node: "n0", Value: 2}, State: "2"},
		{CounterFinal: check.CounterFinal{Node: "n1", Value: 1}, State: "1"},
	}
	got := CheckCounter("lww", []string{check.CheckNoLostIncrements, check.CheckConvergence, "bogus"}, incs, finals)
	if len(got) != 3 {
		t.Fatalf("got %d results, want 3", len(got))
	}
	for _, r := range got {
		if r.OK {
			t.Errorf("%s passed a known-bad run: %s", r.Name, r.Detail)
		}
	}
	if !strings.HasPrefix(got[2].Detail, `lww has no check "bogus"`) {
		t.Errorf("unknown check detail %q does not name the protocol", got[2].Detail)
	}
}
