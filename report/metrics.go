package report

import (
	"math"
	"slices"
	"time"

	"simrun/check"
)

// Sample is one client operation as the plots see it: when it was invoked,
// how long the client waited, and how it ended.
type Sample struct {
	Invoke  time.Duration
	Latency time.Duration // complete - invoke; for Unknown, how long until the client gave up
	Kind    string        // "read" | "write"
	Outcome check.Outcome
}

// Bucket is one time window of the run. Operations are counted in the
// window of their invocation, so a window's availability is "of what was
// tried then, how much worked" — the question a user asks.
type Bucket struct {
	Start, End time.Duration
	// Invoked = OK + Fail + Unknown.
	Invoked, OK, Fail, Unknown int
	// Latency quantiles of the OK operations invoked in the window (zero
	// when OK == 0): a refusal's or a timeout's latency says how fast the
	// system said no, not how fast it served, so they are plotted apart.
	P50, P95, P99, Max time.Duration
}

// Availability is OK ÷ Invoked, NaN for a window where nothing was tried
// (no evidence either way, so plots leave a gap rather than draw 0 or 1).
func (b Bucket) Availability() float64 { return ratio(b.OK, b.Invoked) }

// FailShare is the refused share of the invoked operations, shown apart
// from availability because a refusal is honest and a timeout is not.
func (b Bucket) FailShare() float64 { return ratio(b.Fail, b.Invoked) }

// UnknownShare is the unanswered share: operations that may or may not
// have taken effect.
func (b Bucket) UnknownShare() float64 { return ratio(b.Unknown, b.Invoked) }

// Rate is operations per simulated second for a count in this window.
func (b Bucket) Rate(n int) float64 {
	return float64(n) / (b.End - b.Start).Seconds()
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// Metrics is what the plots and the page show about the clients.
type Metrics struct {
	// End is the simulated length of the run; Window the bucket width.
	End, Window time.Duration
	// Buckets cover [0, End) in order; the last may be shorter.
	Buckets []Bucket
	// Total is the whole run as one bucket.
	Total Bucket
	// Samples are every operation, in invocation order.
	Samples []Sample
}

// bucketTarget is about how many windows a run is cut into: enough to see
// an outage begin and end, few enough that each window holds a sample.
const bucketTarget = 40

// WindowFor picks a round window width (1, 2 or 5 times a power of ten
// milliseconds, at least 1ms) giving at most about bucketTarget windows.
func WindowFor(end time.Duration) time.Duration {
	want := end / bucketTarget
	for p := time.Millisecond; ; p *= 10 {
		for _, m := range []time.Duration{1, 2, 5} {
			if m*p >= want {
				return m * p
			}
		}
	}
}

// Compute derives the metrics of history h over a run of length end.
func Compute(h check.History, end time.Duration) Metrics {
	if end <= 0 {
		end = time.Millisecond
	}
	m := Metrics{End: end, Window: WindowFor(end)}
	n := int((end + m.Window - 1) / m.Window)
	m.Buckets = make([]Bucket, n)
	lat := make([][]time.Duration, n)
	var all []time.Duration
	m.Samples = make([]Sample, 0, len(h))
	for i := range m.Buckets {
		m.Buckets[i].Start, m.Buckets[i].End = time.Duration(i)*m.Window, min(time.Duration(i+1)*m.Window, end)
	}
	for _, op := range h {
		s := Sample{Invoke: op.Invoke, Latency: max(op.Complete-op.Invoke, 0), Kind: op.Kind, Outcome: op.Outcome}
		m.Samples = append(m.Samples, s)
		i := min(max(int(op.Invoke/m.Window), 0), n-1)
		count(&m.Buckets[i], s.Outcome)
		count(&m.Total, s.Outcome)
		if s.Outcome == check.OK {
			lat[i] = append(lat[i], s.Latency)
			all = append(all, s.Latency)
		}
	}
	slices.SortStableFunc(m.Samples, func(a, b Sample) int { return int(a.Invoke - b.Invoke) })
	for i := range m.Buckets {
		quantiles(&m.Buckets[i], lat[i])
	}
	m.Total.End = end
	quantiles(&m.Total, all)
	return m
}

func count(b *Bucket, o check.Outcome) {
	b.Invoked++
	switch o {
	case check.OK:
		b.OK++
	case check.Fail:
		b.Fail++
	default:
		b.Unknown++
	}
}

// quantiles fills the latency quantiles by nearest rank (sorting lat).
func quantiles(b *Bucket, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(q float64) time.Duration {
		return lat[min(max(int(math.Ceil(q*float64(len(lat))))-1, 0), len(lat)-1)]
	}
	b.P50, b.P95, b.P99, b.Max = at(0.50), at(0.95), at(0.99), lat[len(lat)-1]
}
