package delivery

import (
	"fmt"
	"strings"

	"simrun/check"
	"simrun/sim"
)

// Checks lists the checks Check understands, so a loader can reject a
// misspelt name with the list.
var Checks = []string{check.CheckAppliedOnce, check.CheckIntegrity, check.CheckDelivered}

// Check runs the named checks over a finished run: applied-once and
// integrity (safety) and delivered (liveness), from the senders' "send"
// and the counter's "apply" observations.
func Check(res sim.Result, names []string) []check.Result {
	sent, applies := Log(res)
	out := make([]check.Result, 0, len(names))
	for _, name := range names {
		switch name {
		case check.CheckAppliedOnce:
			out = append(out, check.AppliedOnce(applies))
		case check.CheckIntegrity:
			out = append(out, check.Integrity(sent, applies))
		case check.CheckDelivered:
			out = append(out, check.Delivered(sent, applies))
		default:
			out = append(out, check.Result{Name: name, Detail: fmt.Sprintf(
				"delivery has no check %q (it has: %s)", name, strings.Join(Checks, ", "))})
		}
	}
	return out
}

// Log reads the requests sent and the applies from a run, in time order.
func Log(res sim.Result) (sent []check.Sent, applies []check.Applied) {
	for _, o := range res.Observations {
		switch d := o.Data.(type) {
		case SendFact:
			if o.Kind == KindSend {
				sent = append(sent, check.Sent{Sender: nameOf(res, o.Node), ID: d.ID, Amount: d.Amount, At: o.Time})
			}
		case ApplyFact:
			if o.Kind == KindApply {
				applies = append(applies, check.Applied{Node: nameOf(res, o.Node), Sender: d.Sender, ID: d.ID,
					Amount: d.Amount, At: o.Time})
			}
		}
	}
	return sent, applies
}

// Story tells the run in a few lines: per sender, what it issued and how
// many transmissions that took; for the counter, what it applied, what it
// applied twice, what deduplication suppressed and what the channel
// dropped; and the final counter against the number of requests.
func Story(res sim.Result) []string {
	sent, applies := Log(res)
	var lines []string
	issued := map[string]int{}    // sender -> requests; lookups only
	transmits := map[string]int{} // sender -> transmissions of acked requests; lookups only
	acked := map[string]int{}     // lookups only
	var senders []string
	dups, rejects := 0, map[string]int{} // rejects: message type -> count; lookups only
	var final int64
	for _, s := range sent {
		if issued[s.Sender] == 0 {
			senders = append(senders, s.Sender)
		}
		issued[s.Sender]++
	}
	for _, o := range res.Observations {
		switch d := o.Data.(type) {
		case AckedFact:
			acked[nameOf(res, o.Node)]++
			transmits[nameOf(res, o.Node)] += d.Sends
		case ApplyFact:
			if o.Kind == KindDuplicate {
				dups++
			}
			final = d.Counter
		case RejectFact:
			rejects[d.Type]++
		}
	}
	for _, s := range senders {
		lines = append(lines, fmt.Sprintf("%s issued %d increments; %d acknowledged, after %d transmissions",
			s, issued[s], acked[s], transmits[s]))
	}
	line := fmt.Sprintf("the counter applied %d increments for %d requests", len(applies), len(sent))
	if dups > 0 {
		line += fmt.Sprintf("; deduplication suppressed %d %s", dups, plural(dups, "repeat"))
	}
	lines = append(lines, line)
	if rejects["Increment"]+rejects["Ack"] > 0 {
		lines = append(lines, fmt.Sprintf("the channel dropped %d Increments and %d Acks whose MAC did not match (corrupted or forged)",
			rejects["Increment"], rejects["Ack"]))
	}
	for _, r := range []check.Result{check.AppliedOnce(applies), check.Integrity(sent, applies)} {
		if !r.OK {
			lines = append(lines, r.Name+": "+r.Detail)
		}
	}
	return append(lines, fmt.Sprintf("final counter %d; %d increments were sent", final, len(sent)))
}

// plural picks the noun's form for a count.
func plural(count int, noun string) string {
	if count == 1 {
		return noun
	}
	return noun + "s"
}

// nameOf is the printable name of a node in a finished run.
func nameOf(res sim.Result, id sim.NodeID) string {
	if id >= 0 && int(id) < len(res.Names) {
		return res.Names[id]
	}
	return "operator"
}
