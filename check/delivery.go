package check

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Names of the delivery checks, as scenario files list them.
const (
	// CheckAppliedOnce: no request is applied twice (the at-most-once half
	// of exactly-once). Safety.
	CheckAppliedOnce = "applied-once"
	// CheckIntegrity: every applied request was sent, by the sender it
	// claims, with the payload applied, before it was applied. Safety.
	CheckIntegrity = "integrity"
	// CheckDelivered: every request sent was applied by the end of the run
	// (the at-least-once half). Liveness.
	CheckDelivered = "delivered"
)

// Sent is one request as its sender issued it (its first transmission).
type Sent struct {
	Sender string
	ID     uint64
	Amount int64
	At     time.Duration
}

// Applied is one request as a server applied it: the sender it claimed to
// come from, its id and payload.
type Applied struct {
	Node   string
	Sender string
	ID     uint64
	Amount int64
	At     time.Duration
}

// requestName names a request the way every delivery Detail does ("n1#3").
func requestName(sender string, id uint64) string {
	return sender + "#" + strconv.FormatUint(id, 10)
}

// AppliedOnce fails when any request (sender, id) was applied more than
// once, naming the first such request and when each apply happened: a
// retransmission applied again is exactly what at-least-once delivery
// without deduplication does.
func AppliedOnce(applies []Applied) Result {
	res := Result{Name: CheckAppliedOnce, Safety: true}
	first := map[string]Applied{} // request -> its first apply; lookups only
	var lines []string
	for _, a := range applies {
		k := requestName(a.Sender, a.ID)
		if f, dup := first[k]; dup {
			lines = append(lines, fmt.Sprintf("%s applied at %s and again at %s", k, ms(f.At), ms(a.At)))
			continue
		}
		first[k] = a
	}
	if len(lines) > 0 {
		res.Detail = fmt.Sprintf("%d duplicate applies; first: %s", len(lines), lines[0])
		res.Evidence = capEvidence(lines)
		return res
	}
	res.OK = true
	res.Detail = fmt.Sprintf("%d applies, each of a distinct request", len(applies))
	return res
}

// Integrity fails when a server applied something no sender sent: a
// request its claimed sender never issued (by the time it was applied), or
// one whose payload differs from what was sent. Those are a corrupted or
// forged message taken at face value.
func Integrity(sent []Sent, applies []Applied) Result {
	res := Result{Name: CheckIntegrity, Safety: true}
	issued := map[string]Sent{} // request -> as sent; lookups only
	for _, s := range sent {
		issued[requestName(s.Sender, s.ID)] = s
	}
	var lines []string
	for _, a := range applies {
		k := requestName(a.Sender, a.ID)
		s, ok := issued[k]
		switch {
		case !ok || s.At > a.At:
			lines = append(lines, fmt.Sprintf("%s applied %s at %s (amount %d), but %s never sent it",
				a.Node, k, ms(a.At), a.Amount, a.Sender))
		case s.Amount != a.Amount:
			lines = append(lines, fmt.Sprintf("%s applied %s at %s with amount %d, but %s sent %d",
				a.Node, k, ms(a.At), a.Amount, a.Sender, s.Amount))
		}
	}
	if len(lines) > 0 {
		res.Detail = fmt.Sprintf("%d applies of garbage; first: %s", len(lines), lines[0])
		res.Evidence = capEvidence(lines)
		return res
	}
	res.OK = true
	res.Detail = fmt.Sprintf("all %d applies match a request as its sender sent it", len(applies))
	return res
}

// Delivered fails when a request sent was never applied: what at-most-once
// delivery gives up on a lossy link. It is liveness: nothing wrong
// happened, something owed did not.
func Delivered(sent []Sent, applies []Applied) Result {
	res := Result{Name: CheckDelivered}
	done := map[string]bool{} // lookups only
	for _, a := range applies {
		done[requestName(a.Sender, a.ID)] = true
	}
	var missing []string
	for _, s := range sent {
		if k := requestName(s.Sender, s.ID); !done[k] {
			missing = append(missing, fmt.Sprintf("%s sent at %s never applied", k, ms(s.At)))
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		res.Detail = fmt.Sprintf("%d of %d requests never applied; first: %s", len(missing), len(sent), missing[0])
		res.Evidence = capEvidence(missing)
		return res
	}
	res.OK = true
	res.Detail = fmt.Sprintf("all %d requests applied", len(sent))
	return res
}
