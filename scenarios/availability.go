package scenarios

import (
	"fmt"
	"strings"
	"time"

	"simrun/check"
)

// availability summarises, per client, how its operations ended and the
// windows in which nothing it tried succeeded: the downtime a user of the
// system would have seen.
func availability(h check.History, clients []string, end time.Duration) []string {
	var lines []string
	for _, c := range clients {
		var ops check.History
		for _, op := range h {
			if op.Client == c {
				ops = append(ops, op)
			}
		}
		if len(ops) == 0 {
			continue
		}
		line := fmt.Sprintf("%s: %d ops — %s", c, len(ops), outcomeCounts(ops))
		for _, g := range gaps(ops, end) {
			line += fmt.Sprintf("; unavailable %s–%s (%s)", check.Millis(g[0]), check.Millis(g[1]), check.Millis(g[1]-g[0]))
		}
		lines = append(lines, line)
	}
	return lines
}

func outcomeCounts(ops check.History) string {
	var n [3]int
	for _, op := range ops {
		n[op.Outcome]++
	}
	var parts []string
	for _, o := range []check.Outcome{check.OK, check.Fail, check.Unknown} {
		if n[o] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[o], o))
		}
	}
	return strings.Join(parts, ", ")
}

// gaps returns [from, to] windows that start at the invocation of an
// operation that did not succeed and end at the completion of the client's
// next successful one (or the end of the run). ops are in invoke order.
func gaps(ops check.History, end time.Duration) [][2]time.Duration {
	var out [][2]time.Duration
	open := false
	var from time.Duration
	for _, op := range ops {
		switch {
		case op.Outcome != check.OK && !open:
			open, from = true, op.Invoke
		case op.Outcome == check.OK && open:
			out = append(out, [2]time.Duration{from, op.Complete})
			open = false
		}
	}
	if open {
		out = append(out, [2]time.Duration{from, end})
	}
	return out
}
