package faults

import (
	"encoding/json"
	"math/bits"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"simrun/sim"
)

// Msg is a plain test message; N numbers it so replays can be recognised.
type Msg struct{ N int }

// Vote knows how to be corrupted plausibly: its term goes wrong.
type Vote struct{ Term int }

func (v Vote) Corrupt(r *rand.Rand) sim.Message { return Vote{Term: v.Term + 1 + r.IntN(5)} }

// tally counts what happened to draws messages sent 0->1 over link l on a
// 3-node network.
type tally struct {
	lost, delivered, dup, corrupt, forge, replay int
	routes                                       [][]sim.Delivery
}

func route(t *testing.T, l Link, keep bool) tally {
	t.Helper()
	n := NewNetwork(sim.NewStream(7, "net"), 3, Link{})
	n.SetLink(0, 1, l)
	var c tally
	for i := range draws {
		ds, reason := n.Route(0, 0, 1, Msg{N: i}, nil)
		if len(ds) == 0 {
			if reason != "loss" {
				t.Fatalf("message %d dropped for %q, want loss", i, reason)
			}
			c.lost++
			continue
		}
		for _, d := range ds {
			switch d.Fate {
			case sim.Delivered:
				c.delivered++
			case sim.Duplicated:
				c.dup++
			case sim.Corrupted:
				c.corrupt++
			case sim.Forged:
				c.forge++
			case sim.Replayed:
				c.replay++
			}
		}
		if keep {
			c.routes = append(c.routes, ds)
		}
	}
	return c
}

func rate(k int) float64 { return float64(k) / draws }

// TestReliableNeverLoses checks that a reliable link delivers every message
// exactly once, from its true sender, unaltered, with jittered latency.
func TestReliableNeverLoses(t *testing.T) {
	l := Link{Model: Reliable, Latency: Latency{Dist: Uniform, Min: time.Millisecond, Max: 9 * time.Millisecond}}
	c := route(t, l, true)
	for i, ds := range c.routes {
		if len(ds) != 1 || ds[0].Fate != sim.Delivered || ds[0].From != 0 || ds[0].Msg != (Msg{N: i}) {
			t.Fatalf("message %d routed as %+v, want one honest copy", i, ds)
		}
	}
}

// TestFairLossRates checks that a fair-loss link loses and duplicates at
// about its configured rates, and that duplicates are honest copies.
func TestFairLossRates(t *testing.T) {
	c := route(t, Link{Model: FairLoss, Loss: 0.1, Duplicate: 0.05}, true)
	near(t, "loss rate", rate(c.lost), 0.1, 0.01)
	near(t, "duplicate rate among delivered", float64(c.dup)/float64(c.delivered), 0.05, 0.01)
	if c.corrupt+c.forge+c.replay != 0 {
		t.Errorf("fair-loss link tampered: %+v", c)
	}
	for _, ds := range c.routes {
		if len(ds) == 2 && (ds[1].Msg != ds[0].Msg || ds[1].From != 0) {
			t.Fatalf("duplicate %+v differs from its original %+v", ds[1], ds[0])
		}
	}
}

// TestArbitraryRates checks that an arbitrary link corrupts, forges and
// replays at about its rates; that garbage differs from the original's
// JSON in 1 to 3 bits; that a forged sender is another real node (both others seen); and that
// a replay is one of the 8 messages sent before on the link.
func TestArbitraryRates(t *testing.T) {
	l := Link{Model: Arbitrary, Corrupt: 0.1, Forge: 0.05, Replay: 0.08}
	c := route(t, l, true)
	near(t, "corrupt rate", rate(c.corrupt), 0.1, 0.01)
	near(t, "forge rate", rate(c.forge), 0.05, 0.01)
	near(t, "replay rate", rate(c.replay), 0.08, 0.01)
	flips, liars := map[int]int{}, map[sim.NodeID]bool{}
	for i, ds := range c.routes {
		for _, d := range ds {
			switch d.Fate {
			case sim.Corrupted:
				flips[garbageFlips(t, Msg{N: i}, d.Msg)]++
			case sim.Forged:
				if d.From == 0 || d.From < 0 || d.From > 2 || d.Msg != (Msg{N: i}) {
					t.Fatalf("forged copy %+v of message %d: want another node as sender and the true payload", d, i)
				}
				liars[d.From] = true
			case sim.Replayed:
				if old := d.Msg.(Msg).N; old >= i || old < i-ringSize {
					t.Fatalf("message %d replayed message %d, want one of the %d before it", i, old, ringSize)
				}
			}
		}
	}
	if !liars[1] || !liars[2] {
		t.Errorf("forged senders %v, want both nodes other than the sender", liars)
	}
	if flips[1] == 0 || flips[2] == 0 || flips[3] == 0 || len(flips) != 3 {
		t.Errorf("garbage bit-flip counts %v, want only 1, 2 and 3, each seen", flips)
	}
}

// garbageFlips returns how many bits g's bytes differ from orig's JSON.
func garbageFlips(t *testing.T, orig sim.Message, g sim.Message) int {
	t.Helper()
	gb, ok := g.(Garbage)
	if !ok || gb.Type != "faults.Msg" {
		t.Fatalf("corrupted copy is %#v, want Garbage of faults.Msg", g)
	}
	want, _ := json.Marshal(orig)
	if len(gb.Bytes) != len(want) {
		t.Fatalf("garbage has %d bytes, want %d", len(gb.Bytes), len(want))
	}
	n := 0
	for i := range want {
		n += bits.OnesCount8(want[i] ^ gb.Bytes[i])
	}
	return n
}

// TestCorruptibleUsesOwnCorrupt checks that a message with a Corrupt
// method is corrupted by it rather than turned into Garbage.
func TestCorruptibleUsesOwnCorrupt(t *testing.T) {
	n := NewNetwork(sim.NewStream(3, "net"), 2, Link{Model: Arbitrary, Corrupt: 1})
	ds, _ := n.Route(0, 0, 1, Vote{Term: 4}, nil)
	v, ok := ds[0].Msg.(Vote)
	if len(ds) != 1 || ds[0].Fate != sim.Corrupted || !ok || v.Term <= 4 {
		t.Fatalf("routed %+v, want one corrupted Vote with a later term", ds)
	}
}

// TestZeroProbabilityDrawsNothing checks that routing over a reliable,
// constant link (and any self-send with constant latency) consumes no
// randomness, so adding such traffic shifts no other draw.
func TestZeroProbabilityDrawsNothing(t *testing.T) {
	r, ref := sim.NewStream(5, "net"), sim.NewStream(5, "net")
	n := NewNetwork(r, 2, Link{Model: FairLoss, Latency: Latency{Dist: Constant, Mean: time.Millisecond}})
	for range 100 {
		n.Route(0, 0, 1, Msg{}, nil)
		n.Route(0, 1, 1, Msg{}, nil)
	}
	if r.Uint64() != ref.Uint64() {
		t.Error("a link with every probability 0 consumed randomness")
	}
}

// TestSelfSendNeverCut checks that a node always reaches itself, even
// while isolated and over a lossy link.
func TestSelfSendNeverCut(t *testing.T) {
	n := NewNetwork(sim.NewStream(1, "net"), 2, Link{Model: FairLoss, Loss: 0.9})
	n.Apply(Isolate([]sim.NodeID{0, 1}, 0, nil))
	n.Cut(0, 0)
	for range 100 {
		if ds, _ := n.Route(0, 0, 0, Msg{}, nil); len(ds) != 1 {
			t.Fatal("a self-send was not delivered")
		}
	}
	if !n.Connected(0, 0) || n.Connected(0, 1) {
		t.Error("Connected: want 0->0 open and 0->1 cut")
	}
}

// TestLinkValidate checks that each model refuses the faults it does not
// allow and that probabilities outside [0,1] are refused.
func TestLinkValidate(t *testing.T) {
	bad := map[string]Link{
		"a reliable link cannot loss":       {Loss: 0.1},
		"a reliable link cannot duplicate":  {Model: Reliable, Duplicate: 0.1},
		"a fair-loss link cannot corrupt":   {Model: FairLoss, Corrupt: 0.1},
		"a fair-loss link cannot replay":    {Model: FairLoss, Replay: 0.1},
		"probability in [0,1] (got 1.5)":    {Model: Arbitrary, Loss: 1.5},
		"probability in [0,1] (got NaN)":    {Model: Arbitrary, Forge: nan()},
		"loss must be < 1":                  {Model: FairLoss, Loss: 1},
		"corrupt + forge must be <= 1":      {Model: Arbitrary, Corrupt: 0.6, Forge: 0.6},
		"unknown link model":                {Model: "lossy"},
		"link unknown latency distribution": {Latency: Latency{Dist: "zipf"}},
	}
	for want, l := range bad {
		if err := l.Validate(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate(%+v) = %v, want an error containing %q", l, err, want)
		}
	}
	good := Link{Model: Arbitrary, Loss: 1, Corrupt: 0.5, Forge: 0.5, Latency: Latency{Dist: Constant, Mean: time.Millisecond}}
	if err := good.Validate(); err != nil {
		t.Errorf("Validate(%+v) = %v, want nil", good, err)
	}
	if got, want := good.String(), "arbitrary loss=1 corrupt=0.5 forge=0.5 latency=constant 1ms"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func nan() float64 { var z float64; return z / z }
