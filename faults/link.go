package faults

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"

	"simrun/sim"
)

// Model is a link's failure model, from the classic three of the
// distributed-systems literature; it bounds which faults a link may inject.
type Model string

const (
	// Reliable links deliver every message exactly once, unaltered; they
	// may still reorder through latency jitter.
	Reliable Model = "reliable"
	// FairLoss links may lose and duplicate messages, but a message
	// retransmitted forever is eventually delivered (so Loss < 1).
	FairLoss Model = "fair-loss"
	// Arbitrary links may additionally corrupt payloads, forge the sender
	// and replay old messages: the network of a Byzantine world.
	Arbitrary Model = "arbitrary"
)

// Link is the behaviour of one directed pair of nodes. Probabilities are
// per message, in [0,1]; a zero probability draws nothing (see
// Network.Route). The zero Link is reliable with constant 0 latency.
type Link struct {
	Model   Model
	Latency Latency
	// Loss drops the message (fair-loss, arbitrary).
	Loss float64
	// Duplicate adds an honest extra copy with its own delay (fair-loss,
	// arbitrary).
	Duplicate float64
	// Corrupt alters the delivered copy's payload (arbitrary).
	Corrupt float64
	// Forge makes the delivered copy claim another sender (arbitrary).
	// Invariant, checked by Validate: Corrupt+Forge <= 1, since one draw
	// decides which of the two (if either) tampers with a copy.
	Forge float64
	// Replay adds a copy of an older message sent on the same link
	// (arbitrary).
	Replay float64
}

// Validate says why a link cannot be used: a probability outside [0,1] or
// a fault its model does not allow (a reliable link cannot lose).
func (l Link) Validate() error {
	probs := []struct {
		name  string
		p     float64
		least Model
	}{
		{"loss", l.Loss, FairLoss}, {"duplicate", l.Duplicate, FairLoss},
		{"corrupt", l.Corrupt, Arbitrary}, {"forge", l.Forge, Arbitrary}, {"replay", l.Replay, Arbitrary},
	}
	rank, ok := modelRank(l.Model)
	if !ok {
		return fmt.Errorf("unknown link model %q (want reliable, fair-loss or arbitrary)", l.Model)
	}
	for _, f := range probs {
		if math.IsNaN(f.p) || f.p < 0 || f.p > 1 {
			return fmt.Errorf("link %s must be a probability in [0,1] (got %g)", f.name, f.p)
		}
		if need, _ := modelRank(f.least); f.p > 0 && rank < need {
			return fmt.Errorf("a %s link cannot %s (%s needs a %s link or worse)", l.model(), f.name, f.name, f.least)
		}
	}
	if l.Model == FairLoss && l.Loss == 1 {
		return fmt.Errorf("a fair-loss link must eventually deliver: loss must be < 1 (cut the link with a partition instead)")
	}
	if l.Corrupt+l.Forge > 1 {
		return fmt.Errorf("link corrupt + forge must be <= 1 (got %g + %g)", l.Corrupt, l.Forge)
	}
	if err := l.Latency.Validate(); err != nil {
		return fmt.Errorf("link %w", err)
	}
	return nil
}

// modelRank orders the models by what they may do; "" is reliable.
func modelRank(m Model) (int, bool) {
	switch m {
	case "", Reliable:
		return 0, true
	case FairLoss:
		return 1, true
	case Arbitrary:
		return 2, true
	}
	return 0, false
}

// model names the model, reading "" as reliable.
func (l Link) model() Model {
	if l.Model == "" {
		return Reliable
	}
	return l.Model
}

// String renders the link as a run prints its parameters:
// "fair-loss loss=0.1 latency=uniform [5ms,15ms]". Zero probabilities are
// left out.
func (l Link) String() string {
	s := string(l.model())
	for _, f := range []struct {
		name string
		p    float64
	}{{"loss", l.Loss}, {"duplicate", l.Duplicate}, {"corrupt", l.Corrupt}, {"forge", l.Forge}, {"replay", l.Replay}} {
		if f.p != 0 {
			s += " " + f.name + "=" + strconv.FormatFloat(f.p, 'g', -1, 64)
		}
	}
	return s + " latency=" + l.Latency.String()
}

// Corruptible is implemented by a message that knows how to be corrupted
// meaningfully (a flipped term, a wrong value) rather than turned into
// Garbage, so a protocol can test its own defences against plausible lies.
// Corrupt must draw only from r and return a plain value.
type Corruptible interface {
	Corrupt(r *rand.Rand) sim.Message
}

// Garbage is what an arbitrary link delivers when it corrupts a message
// that is not Corruptible: the JSON encoding of the original with 1 to 3
// bits flipped. A receiver that does not know Garbage should ignore it, as
// a real node drops a frame that fails to decode.
type Garbage struct {
	// Type is the Go type name of the original message.
	Type string
	// Bytes is the damaged encoding.
	Bytes []byte
}

// corrupt alters msg: through its own Corrupt if it has one, else as Garbage.
func corrupt(r *rand.Rand, msg sim.Message) sim.Message {
	if c, ok := msg.(Corruptible); ok {
		return c.Corrupt(r)
	}
	return garble(r, msg)
}

// garble flips 1 to 3 distinct bits of msg's JSON encoding. It draws once
// for the count and once per bit, choosing bits without replacement so the
// damage is never undone by flipping the same bit twice.
func garble(r *rand.Rand, msg sim.Message) Garbage {
	b, err := json.Marshal(msg)
	if err != nil || len(b) == 0 {
		// Not JSON-able (a NaN, a struct-keyed map, a func): use the
		// kernel's canonical text, which follows pointers where
		// fmt.Sprint would print their addresses and break replay.
		b = []byte(sim.Canonical(msg) + " ")
	}
	typ := "nil"
	if msg != nil {
		typ = reflect.TypeOf(msg).String()
	}
	var chosen [3]int // sorted bit positions flipped so far
	flips := 1 + r.IntN(3)
	for k := 0; k < flips; k++ {
		bit := r.IntN(len(b)*8 - k)
		j := 0
		for ; j < k && chosen[j] <= bit; j++ {
			bit++ // skip past bits already chosen, keeping the draw uniform
		}
		copy(chosen[j+1:k+1], chosen[j:k])
		chosen[j] = bit
		b[bit/8] ^= 1 << (bit % 8)
	}
	return Garbage{Type: typ, Bytes: b}
}
