package workload

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"simrun/check"
	"simrun/sim"
)

// Purpose: History rebuilds queued and unfinished operations faithfully — a
// scripted op due while another is outstanding waits its turn (its invoke
// time is when it really started), an op still outstanding at the end is
// Unknown completing at res.Now, and the result is sorted by invoke then
// client.
func TestHistoryQueuedAndUnfinished(t *testing.T) {
	c0 := script(Script{At: 10 * ms, Op: OpWrite, Key: "x", Value: "1"}, Script{At: 15 * ms, Op: OpRead, Key: "x"})
	c1 := ClientConfig{Home: 1, Timeout: time.Second, Script: []Script{{At: 10 * ms, Op: OpRead, Key: "y"}}}
	res, _ := run(t, 1, 200*ms, []int{echo, silent}, c0, c1)
	want := check.History{
		{Client: "c0", Server: "n0", Kind: OpWrite, Key: "x", Value: "1", Invoke: 10 * ms, Complete: 30 * ms, Outcome: check.OK},
		{Client: "c1", Server: "n1", Kind: OpRead, Key: "y", Invoke: 10 * ms, Complete: 200 * ms, Outcome: check.Unknown},
		{Client: "c0", Server: "n0", Kind: OpRead, Key: "x", Output: "1", Invoke: 30 * ms, Complete: 50 * ms, Outcome: check.OK},
	}
	if got := History(res); !reflect.DeepEqual(got, want) {
		t.Fatalf("history:\n got %+v\nwant %+v", got, want)
	}
}

// randomRun drives one echo server with two random clients.
func randomRun(t *testing.T, seed uint64) (sim.Result, check.History) {
	r := &Random{Rate: 30, Keys: 3, ReadFraction: 0.5, Start: 0, Stop: 500 * ms}
	cfg := ClientConfig{Home: 0, Timeout: 50 * ms, Retries: 1, Random: r}
	res, _ := run(t, seed, time.Second, []int{echo}, cfg, cfg)
	return res, History(res)
}

// Purpose: random operations come only from the seed — the same seed gives
// the same history and hash, another seed a different one — and every write
// value is unique per client ("c0-17"), as the linearizability check needs.
func TestRandomDeterministic(t *testing.T) {
	res1, h1 := randomRun(t, 7)
	res2, h2 := randomRun(t, 7)
	res3, h3 := randomRun(t, 8)
	if res1.Hash != res2.Hash || !reflect.DeepEqual(h1, h2) {
		t.Fatal("same seed, different runs")
	}
	if res1.Hash == res3.Hash || reflect.DeepEqual(h1, h3) {
		t.Fatal("different seeds, same run")
	}
	if len(h1) < 20 {
		t.Fatalf("only %d random ops at 30/s for 0.5s from two clients", len(h1))
	}
	seen := map[string]bool{}
	reads, writes := 0, 0
	for _, op := range h1 {
		if op.Outcome != check.OK {
			t.Errorf("unexpected op %+v", op)
		}
		if op.Kind == OpRead {
			reads++
			continue
		}
		writes++
		if seen[op.Value] || !strings.HasPrefix(op.Value, op.Client+"-") {
			t.Errorf("write value %q is not unique to %s", op.Value, op.Client)
		}
		seen[op.Value] = true
	}
	if reads == 0 || writes == 0 {
		t.Errorf("reads=%d writes=%d, want a mix at read_fraction 0.5", reads, writes)
	}
}

// Purpose: a restarted client neither reuses a Seq (it is on disk) nor
// replays scripted ops whose time passed before the restart.
func TestClientRestart(t *testing.T) {
	w := sim.New(sim.Config{Seed: 1, Deadline: time.Second, MaxEvents: 10_000})
	w.AddNode("n0", sim.Server, newServer(echo))
	c := w.AddNode("c0", sim.Client, NewClient(script(
		Script{At: 10 * ms, Op: OpWrite, Key: "x", Value: "1"},
		Script{At: 40 * ms, Op: OpWrite, Key: "x", Value: "2"},
		Script{At: 100 * ms, Op: OpRead, Key: "x"})))
	w.At(50*ms, "crash", "c0", func() { w.Crash(c, false, false) })
	w.At(60*ms, "restart", "c0", func() { w.Restart(c) })
	res := w.Run()
	var seqs []uint64
	for _, o := range res.Observations {
		if d, ok := o.Data.(Invoked); ok {
			seqs = append(seqs, d.Seq)
		}
	}
	if !reflect.DeepEqual(seqs, []uint64{0, 1, 2}) {
		t.Fatalf("seqs = %v, want 0 1 2 (no replay, no reuse)", seqs)
	}
	h := History(res)
	if h[1].Outcome != check.Unknown || h[2].Output != "2" {
		t.Fatalf("history = %+v, want the write cut by the crash unknown and the read to see 2", h)
	}
}

// Purpose: bad configurations are errors naming the field, not panics.
func TestClientConfigValidate(t *testing.T) {
	cases := map[string]ClientConfig{
		"timeout":          {Timeout: 0},
		"retries":          {Timeout: ms, Retries: -1},
		"script[0]: value": {Timeout: ms, Script: []Script{{Op: OpWrite, Key: "x"}}},
		"script[0]: op":    {Timeout: ms, Script: []Script{{Op: "cas", Key: "x"}}},
		"random: rate":     {Timeout: ms, Random: &Random{Keys: 1}},
		"random: stop":     {Timeout: ms, Random: &Random{Rate: 1, Keys: 1, Start: 2 * ms, Stop: ms}},
	}
	for want, cfg := range cases {
		err := cfg.Validate()
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Validate(%+v) = %v, want an error starting %q", cfg, err, want)
		}
	}
	if err := script(Script{Op: OpRead, Key: "x"}).Validate(); err != nil {
		t.Errorf("valid config rejected: %v", err)
	}
}

// Purpose: an open-loop client faster than its server keeps a bounded queue
// and reports what it sheds, rather than growing without end or dropping
// silently.
func TestRandomShedsWhenQueueFull(t *testing.T) {
	cfg := ClientConfig{Home: 0, Timeout: time.Second, Random: &Random{Rate: 10_000, Keys: 1, Stop: 100 * ms}}
	res, _ := run(t, 3, 200*ms, []int{silent}, cfg)
	invokes, sheds := 0, 0
	for _, o := range res.Observations {
		switch o.Kind {
		case KindInvoke:
			invokes++
		case KindShed:
			sheds++
		}
	}
	if invokes != 1 || sheds < 500 {
		t.Fatalf("invokes=%d sheds=%d, want 1 outstanding op, %d queued, the rest (~900) shed", invokes, sheds, queueMax)
	}
	if h := History(res); len(h) != 1 || h[0].Outcome != check.Unknown {
		t.Fatalf("history = %+v, want the one outstanding op unknown", h)
	}
}
