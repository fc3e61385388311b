package workload

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"simrun/check"
	"simrun/sim"
)

const ms = time.Millisecond

// server modes of the fake KV server used to drive clients.
const (
	echo     = iota // apply and answer OK
	silent          // never answer
	refuse          // answer OK=false, Err "nope"
	doubled         // apply and answer OK twice (a duplicating network)
	dropOne         // ignore each Seq's first attempt, refuse later ones
	redirect        // refuse with Redirect "n1"
)

// fakeServer is a one-node KV that behaves as its mode says, so each test
// exercises one client path without a real protocol.
type fakeServer struct {
	mode int
	kv   map[string]string
	seen map[uint64]bool
}

func (s *fakeServer) Start(sim.Env)      { s.kv, s.seen = map[string]string{}, map[uint64]bool{} }
func (s *fakeServer) Timer(sim.Env, any) {}
func newServer(mode int) func(sim.NodeID) sim.Node {
	return func(sim.NodeID) sim.Node { return &fakeServer{mode: mode} }
}

func (s *fakeServer) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	r, ok := msg.(Request)
	if !ok {
		return
	}
	first := !s.seen[r.Seq]
	s.seen[r.Seq] = true
	switch {
	case s.mode == silent, s.mode == dropOne && first:
		return
	case s.mode == refuse, s.mode == dropOne:
		env.Send(from, Reply{Seq: r.Seq, Err: "nope"})
		return
	case s.mode == redirect:
		env.Send(from, Reply{Seq: r.Seq, Err: "not primary", Redirect: "n1"})
		return
	}
	if r.Op == OpWrite {
		s.kv[r.Key] = r.Value
	}
	env.Send(from, Reply{Seq: r.Seq, OK: true, Value: s.kv[r.Key]})
	if s.mode == doubled {
		env.Send(from, Reply{Seq: r.Seq, OK: true, Value: s.kv[r.Key]})
	}
}

// run builds servers n0.. (one per mode) and clients c0.. (one per config),
// runs to deadline and returns the result and the trace records.
func run(t *testing.T, seed uint64, deadline time.Duration, modes []int, clients ...ClientConfig) (sim.Result, []sim.Record) {
	t.Helper()
	var trace bytes.Buffer
	w := sim.New(sim.Config{Seed: seed, Deadline: deadline, MaxEvents: 1_000_000,
		Network: sim.FixedLatency(10 * ms), Trace: &trace})
	for i, m := range modes {
		w.AddNode("n"+string(rune('0'+i)), sim.Server, newServer(m))
	}
	for i, c := range clients {
		w.AddNode("c"+string(rune('0'+i)), sim.Client, NewClient(c))
	}
	res := w.Run()
	recs, err := sim.ReadTrace(&trace)
	if err != nil {
		t.Fatal(err)
	}
	return res, recs
}

func script(ops ...Script) ClientConfig {
	return ClientConfig{Home: 0, Timeout: 50 * ms, Retries: 2, Script: ops}
}

// Purpose: the happy path — a write then a read, both acknowledged, with the
// times the fixed 10ms link implies, and the read returning the write.
func TestClientOK(t *testing.T) {
	res, _ := run(t, 1, time.Second, []int{echo},
		script(Script{At: 10 * ms, Op: OpWrite, Key: "x", Value: "1"}, Script{At: 50 * ms, Op: OpRead, Key: "x"}))
	want := check.History{
		{Client: "c0", Server: "n0", Kind: OpWrite, Key: "x", Value: "1", Invoke: 10 * ms, Complete: 30 * ms, Outcome: check.OK},
		{Client: "c0", Server: "n0", Kind: OpRead, Key: "x", Output: "1", Invoke: 50 * ms, Complete: 70 * ms, Outcome: check.OK},
	}
	if got := History(res); !reflect.DeepEqual(got, want) {
		t.Fatalf("history:\n got %+v\nwant %+v", got, want)
	}
}

// Purpose: a server that never answers — the client retransmits the same Seq
// Retries times, then gives up with outcome unknown (never fail: a lost
// answer does not prove the write was not applied).
func TestClientSilentServerUnknown(t *testing.T) {
	res, recs := run(t, 1, time.Second, []int{silent}, script(Script{At: 10 * ms, Op: OpWrite, Key: "x", Value: "1"}))
	sends := 0
	for _, r := range recs {
		if r.Kind == "send" && r.Node == "c0" {
			sends++
			if !strings.Contains(r.Text, `Seq:0 `) {
				t.Errorf("retransmission changed the Seq: %s", r.Text)
			}
		}
	}
	if sends != 3 {
		t.Errorf("sends = %d, want 1 + 2 retries", sends)
	}
	h := History(res)
	if len(h) != 1 || h[0].Outcome != check.Unknown || h[0].Complete != 160*ms {
		t.Fatalf("history = %+v, want one unknown op given up at 10+3*50ms", h)
	}
}

// Purpose: a refusal is a definite fail, and a duplicated OK completes the
// operation once (late and duplicate replies are ignored).
func TestClientFailAndDuplicate(t *testing.T) {
	res, _ := run(t, 1, time.Second, []int{refuse, doubled},
		script(Script{At: 10 * ms, Op: OpWrite, Key: "x", Value: "1"}),
		ClientConfig{Home: 1, Timeout: 50 * ms, Script: []Script{{At: 10 * ms, Op: OpWrite, Key: "y", Value: "2"}}})
	h := History(res)
	if len(h) != 2 || h[0].Outcome != check.Fail || h[1].Outcome != check.OK {
		t.Fatalf("history = %+v, want c0 fail then c1 ok", h)
	}
	completes := 0
	for _, o := range res.Observations {
		if o.Kind == KindComplete {
			completes++
		}
	}
	if completes != 2 {
		t.Errorf("%d completions, want 2 (the duplicate reply must be ignored)", completes)
	}
}

// Purpose: a refusal after a timed-out attempt is unknown, not fail — the
// first attempt may still have been applied.
func TestClientRefusalAfterTimeoutIsUnknown(t *testing.T) {
	res, _ := run(t, 1, time.Second, []int{dropOne}, script(Script{At: 10 * ms, Op: OpWrite, Key: "x", Value: "1"}))
	if h := History(res); len(h) != 1 || h[0].Outcome != check.Unknown {
		t.Fatalf("history = %+v, want unknown", h)
	}
}

// Purpose: a Redirect is followed with the same Seq and sticks, so the next
// operation goes straight to the hinted server.
func TestClientFollowsRedirect(t *testing.T) {
	res, _ := run(t, 1, time.Second, []int{redirect, echo},
		script(Script{At: 10 * ms, Op: OpWrite, Key: "x", Value: "1"}, Script{At: 100 * ms, Op: OpRead, Key: "x"}))
	h := History(res)
	if len(h) != 2 || h[0].Outcome != check.OK || h[0].Server != "n1" || h[0].Complete != 50*ms {
		t.Fatalf("write = %+v, want ok at n1 after one redirect (10+20+20ms)", h)
	}
	if h[1].Output != "1" || h[1].Complete != 120*ms {
		t.Fatalf("read = %+v, want 1 read straight from n1", h[1])
	}
}

// Purpose: a random rate so small that the next gap is past the end of
// time means no arrival at all. The gap's float-to-int conversion used to
// overflow (a negative gap on amd64), firing arrivals at once, before
// Start, one after another.
func TestClientTinyRandomRateNeverFires(t *testing.T) {
	cfg := ClientConfig{Home: 0, Timeout: 50 * ms, Random: &Random{Rate: 1e-12, Keys: 1, Start: 200 * ms}}
	res, _ := run(t, 1, time.Second, []int{echo}, cfg)
	if h := History(res); len(h) != 0 {
		t.Fatalf("a rate of 1e-12/s issued %d operations in 1s: %+v", len(h), h)
	}
}
