package lww

import (
	"testing"
	"time"
)

// TestBeatsIsATotalOrder: every replica must pick the same winner whatever
// order it hears writes in, so beats must be antisymmetric, with equal
// stamps broken by the writer, and every write must beat the initial
// register.
func TestBeatsIsATotalOrder(t *testing.T) {
	a := Register{Set: true, Value: 1, Stamp: 10 * time.Millisecond, Writer: "n0", Inc: "i1"}
	b := Register{Set: true, Value: 2, Stamp: 10 * time.Millisecond, Writer: "n2", Inc: "i2"}
	c := Register{Set: true, Value: 3, Stamp: 9 * time.Millisecond, Writer: "n9", Inc: "i3"}
	if !b.beats(a) || a.beats(b) {
		t.Fatal("equal stamps: the larger writer name must win, and only it")
	}
	if c.beats(a) || !a.beats(c) {
		t.Fatal("the larger stamp must win whatever the writer")
	}
	if !c.beats(Register{}) || (Register{}).beats(c) {
		t.Fatal("any write must beat the initial register")
	}
}

// TestConfigRejectsNegativeGossip names the field of a bad setting.
func TestConfigRejectsNegativeGossip(t *testing.T) {
	c := DefaultConfig()
	c.GossipInterval = -time.Millisecond
	if err := c.Validate(); err == nil || err.Error()[:16] != "gossip_interval:" {
		t.Fatalf("got %v", err)
	}
}
