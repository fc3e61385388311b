package check

import (
	"fmt"
	"slices"
	"time"
)

// LatencyStats summarises how long acknowledged operations took, from
// invocation to the answer the client accepted, so runs of different
// replication modes can be put side by side.
type LatencyStats struct {
	Count         int
	P50, P99, Max time.Duration
}

// WriteLatency is the latency of the writes clients saw acknowledged (OK):
// failed and unknown writes have no latency to speak of, and reads are left
// out because what a replication mode costs is paid by writes.
func WriteLatency(h History) LatencyStats {
	var d []time.Duration
	for _, op := range h {
		if op.Kind == "write" && op.Outcome == OK {
			d = append(d, op.Complete-op.Invoke)
		}
	}
	return latencyOf(d)
}

// latencyOf computes nearest-rank percentiles (the smallest sample with at
// least p of the samples at or below it), so every figure is a latency that
// actually happened.
func latencyOf(d []time.Duration) LatencyStats {
	if len(d) == 0 {
		return LatencyStats{}
	}
	slices.Sort(d)
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(d)) + 0.999999)
		return d[max(i, 1)-1]
	}
	return LatencyStats{Count: len(d), P50: rank(0.50), P99: rank(0.99), Max: d[len(d)-1]}
}

// String is the story line's wording: "p50 12ms, p99 40ms, max 51ms over
// 120 acknowledged writes".
func (s LatencyStats) String() string {
	if s.Count == 0 {
		return "no acknowledged writes"
	}
	return fmt.Sprintf("p50 %s, p99 %s, max %s over %d acknowledged writes", ms(s.P50), ms(s.P99), ms(s.Max), s.Count)
}
