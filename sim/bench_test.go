package sim

import (
	"testing"
	"time"
)

// The kernel's speed target: on a timer-only load, the event loop runs at
// 50% or more of a plain typed binary heap doing the same pushes and pops,
// with 0 allocations per timer event. Both benchmarks share the load shape
// (benchNodes*benchTimers timers outstanding, delays from one PCG stream),
// so `go test -bench 'KernelTimers|HeapBaseline' ./sim` compares them in one run.
const (
	benchNodes  = 100
	benchTimers = 10
)

// ticker keeps benchTimers timers armed forever, each re-armed on firing.
type ticker struct{}

func (ticker) Start(env Env) {
	for i := 0; i < benchTimers; i++ {
		env.SetTimer(benchDelay(env.Rand().Uint64()), "tick")
	}
}
func (ticker) Receive(Env, NodeID, Message) {}
func (ticker) Timer(env Env, tag any)       { env.SetTimer(benchDelay(env.Rand().Uint64()), tag) }

// benchDelay maps a random word to a delay in [1ms, 100ms).
func benchDelay(r uint64) time.Duration {
	return time.Millisecond + time.Duration(r%uint64(99*time.Millisecond))
}

// BenchmarkKernelTimers measures events per second of the full event loop
// (heap, slab, dispatch, hash) on timers alone.
func BenchmarkKernelTimers(b *testing.B) {
	w := New(Config{Seed: 1, Deadline: 1 << 62, MaxEvents: int64(b.N) + benchNodes})
	names := make([]string, benchNodes)
	for i := range names {
		names[i] = "n" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		w.AddNode(names[i], Server, func(NodeID) Node { return ticker{} })
	}
	b.ReportAllocs()
	b.ResetTimer()
	res := w.Run()
	b.StopTimer()
	if res.End != EndBudget {
		b.Fatalf("run ended by %s", res.End)
	}
	b.ReportMetric(float64(res.Events)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkHeapBaseline is the yardstick: a plain typed binary heap doing
// the same pushes and pops (one pop, one push per event) with the same
// number of entries and the same delay distribution, and nothing else.
func BenchmarkHeapBaseline(b *testing.B) {
	type item struct {
		at  time.Duration
		seq uint64
	}
	r := NewStream(1, "bench")
	h := make([]item, 0, benchNodes*benchTimers)
	var seq uint64
	less := func(a, b item) bool { return a.at < b.at || a.at == b.at && a.seq < b.seq }
	push := func(it item) {
		h = append(h, it)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if !less(h[i], h[p]) {
				break
			}
			h[i], h[p] = h[p], h[i]
			i = p
		}
	}
	pop := func() item {
		top := h[0]
		h[0] = h[len(h)-1]
		h = h[:len(h)-1]
		for i := 0; ; {
			l := 2*i + 1
			if l >= len(h) {
				break
			}
			m := l
			if l+1 < len(h) && less(h[l+1], h[l]) {
				m = l + 1
			}
			if !less(h[m], h[i]) {
				break
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
		return top
	}
	for i := 0; i < benchNodes*benchTimers; i++ {
		push(item{at: benchDelay(r.Uint64()), seq: seq})
		seq++
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		it := pop()
		push(item{at: it.at + benchDelay(r.Uint64()), seq: seq})
		seq++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
