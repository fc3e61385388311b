package check

import (
	"fmt"
	"testing"
)

// Purpose: write latency counts only acknowledged writes, and its
// percentiles are nearest-rank samples that actually occurred.
func TestWriteLatency(t *testing.T) {
	var h History
	for i := 1; i <= 100; i++ { // writes taking 1..100 ms
		h = append(h, w("c0", "x", fmt.Sprint(i), 1000*i, 1000*i+i, OK))
	}
	h = append(h, w("c0", "x", "slow", 0, 999_000, Unknown), r("c0", "x", "1", 0, 500_000, OK))
	s := WriteLatency(h)
	if s.Count != 100 || s.P50 != msT(50) || s.P99 != msT(99) || s.Max != msT(100) {
		t.Fatalf("got %+v, want 100 writes, p50 50ms, p99 99ms, max 100ms", s)
	}
	if got := s.String(); got != "p50 50ms, p99 99ms, max 100ms over 100 acknowledged writes" {
		t.Errorf("String() = %q", got)
	}
	if got := WriteLatency(nil).String(); got != "no acknowledged writes" {
		t.Errorf("empty: %q", got)
	}
}
