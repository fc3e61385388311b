package report

import (
	"math"
	"testing"
	"time"

	"simrun/check"
)

// TestComputeBuckets checks availability, the fail and unknown shares and
// the quantiles per window on a hand-made history, and that an empty
// window has no availability (NaN) rather than 0 or 1.
func TestComputeBuckets(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	op := func(at, lat int, o check.Outcome) check.Op {
		return check.Op{Client: "c0", Kind: "read", Key: "x", Invoke: ms(at), Complete: ms(at + lat), Outcome: o}
	}
	var h check.History
	for i := 1; i <= 100; i++ { // window 0: 100 ok ops, latency 1..100ms
		h = append(h, op(0, i, check.OK))
	}
	h = append(h, op(60, 5, check.OK), op(61, 5, check.Fail), op(62, 100, check.Unknown), op(63, 100, check.Unknown))
	m := Compute(h, ms(100)) // window 5ms: 20 windows
	if m.Window != ms(5) || len(m.Buckets) != 20 {
		t.Fatalf("window %v, %d buckets; want 5ms, 20", m.Window, len(m.Buckets))
	}
	b0 := m.Buckets[0]
	if b0.OK != 100 || b0.P50 != ms(50) || b0.P95 != ms(95) || b0.P99 != ms(99) || b0.Max != ms(100) || b0.Availability() != 1 {
		t.Errorf("bucket 0 = %+v, want 100 ok, p50 50ms p95 95ms p99 99ms max 100ms", b0)
	}
	b12 := m.Buckets[12] // 60..65ms
	if b12.Invoked != 4 || b12.Availability() != 0.25 || b12.FailShare() != 0.25 || b12.UnknownShare() != 0.5 {
		t.Errorf("bucket 12 = %+v, want 1 ok, 1 fail, 2 unknown of 4", b12)
	}
	if b12.P50 != ms(5) || b12.Max != ms(5) {
		t.Errorf("bucket 12 quantiles %v/%v: want only the ok op's 5ms (timeouts are not service times)", b12.P50, b12.Max)
	}
	if !math.IsNaN(m.Buckets[5].Availability()) {
		t.Errorf("empty bucket availability = %v, want NaN", m.Buckets[5].Availability())
	}
	if got := b12.Rate(b12.Invoked); got != 800 {
		t.Errorf("rate = %v ops/s, want 4 ops in 5ms = 800", got)
	}
	if m.Total.Invoked != 104 || m.Total.OK != 101 {
		t.Errorf("total %+v, want 104 invoked, 101 ok", m.Total)
	}
}

// TestWindowFor checks the window widths are round and give at most about
// bucketTarget windows, from a 1s run to a one-hour one.
func TestWindowFor(t *testing.T) {
	for end, want := range map[time.Duration]time.Duration{
		time.Second: 50 * time.Millisecond, 3 * time.Second: 100 * time.Millisecond,
		time.Hour: 100 * time.Second, time.Millisecond: time.Millisecond,
	} {
		if got := WindowFor(end); got != want {
			t.Errorf("WindowFor(%v) = %v, want %v", end, got, want)
		}
	}
}

// TestEvidenceOf checks that a failed check's times and members are read
// from its detail, and a passing check names nothing.
func TestEvidenceOf(t *testing.T) {
	ev := EvidenceOf([]check.Result{
		{Name: "single-primary", Detail: "n0 (epoch 1) and n1 (epoch 2) were both primary during [210ms, 620ms]: n0 x=1 at 130ms"},
		{Name: "ok-one", OK: true, Detail: "n2 fine at 5ms"},
	}, []string{"n0", "n1", "n2", "c0"})
	if len(ev) != 1 || ev[0].Check != "single-primary" {
		t.Fatalf("evidence %+v, want one entry for single-primary", ev)
	}
	wantTimes := []time.Duration{130 * time.Millisecond, 210 * time.Millisecond, 620 * time.Millisecond}
	if len(ev[0].Times) != 3 || ev[0].Times[0] != wantTimes[0] || ev[0].Times[2] != wantTimes[2] {
		t.Errorf("times %v, want %v", ev[0].Times, wantTimes)
	}
	if len(ev[0].Lanes) != 2 || ev[0].Lanes[0] != "n0" || ev[0].Lanes[1] != "n1" {
		t.Errorf("lanes %v, want [n0 n1]", ev[0].Lanes)
	}
	if Focus(ev) != 130*time.Millisecond {
		t.Errorf("focus %v, want 130ms", Focus(ev))
	}
}
