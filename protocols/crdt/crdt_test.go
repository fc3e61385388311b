package crdt

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// randomState draws a PN-counter over up to four replicas.
func randomState(r *rand.Rand) State {
	var s State
	for _, n := range []string{"n0", "n1", "n2", "n3"} {
		if r.IntN(3) > 0 {
			s = append(s, Entry{Node: n, P: int64(r.IntN(5)), N: int64(r.IntN(3))})
		}
	}
	return s
}

// TestMergeIsASemilattice: merge must be commutative, associative and
// idempotent, or replicas that saw the same updates in different orders
// (or twice) would disagree — the whole reason a CRDT converges.
func TestMergeIsASemilattice(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		a, b, c := randomState(r), randomState(r), randomState(r)
		ab, _ := merge(a, b)
		ba, _ := merge(b, a)
		if !slices.Equal(ab, ba) {
			t.Fatalf("not commutative: %v ⊔ %v = %v but %v", a, b, ab, ba)
		}
		abc1, _ := merge(ab, c)
		bc, _ := merge(b, c)
		abc2, _ := merge(a, bc)
		if !slices.Equal(abc1, abc2) {
			t.Fatalf("not associative: %v vs %v", abc1, abc2)
		}
		if aa, changed := merge(a, a); changed || !slices.Equal(aa, a) {
			t.Fatalf("not idempotent: %v ⊔ itself = %v (changed=%v)", a, aa, changed)
		}
	}
}

// TestValueCountsDecrements: N entries subtract, so a counter can go down.
func TestValueCountsDecrements(t *testing.T) {
	s := State{{Node: "n0", P: 3, N: 1}, {Node: "n1", P: 0, N: 4}}
	if v := s.Value(); v != -2 {
		t.Fatalf("value of %v = %d, want -2", s, v)
	}
}

// TestConfigRejectsBadIncrements: a zero delta or an unknown server is a
// config error that names the field.
func TestConfigRejectsBadIncrements(t *testing.T) {
	c := DefaultConfig()
	c.Servers = 3
	c.Increments = []Increment{{At: 0, Node: "n3", Delta: 1}}
	if err := c.Validate(); err == nil || !strings.HasPrefix(err.Error(), "increments[0].node:") {
		t.Fatalf("n3 of 3 servers: got %v", err)
	}
	c.Increments = []Increment{{At: 0, Node: "n1", Delta: 0}}
	if err := c.Validate(); err == nil || !strings.HasPrefix(err.Error(), "increments[0].delta:") {
		t.Fatalf("zero delta: got %v", err)
	}
}
