package check

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"
)

// Tenure is one interval during which Node believed it was primary in epoch
// Epoch, as the protocol reported it. End < 0 means it was still primary when
// the run ended. Checkers need intervals, not events, to see overlap.
type Tenure struct {
	Node       string
	Epoch      int
	Start, End time.Duration
}

// Accept records that Node, as primary, applied and acknowledged a client
// write. Only accepted writes matter for split-brain: two nodes that merely
// believe they lead do no harm until both accept writes.
type Accept struct {
	Node  string
	Epoch int
	At    time.Duration
	Key   string
	Value string
}

// endOfRun stands for the end of an open tenure when comparing intervals.
const endOfRun = time.Duration(math.MaxInt64)

// end is the tenure's end with "still primary" mapped to endOfRun.
func (t Tenure) end() time.Duration {
	if t.End < 0 {
		return endOfRun
	}
	return t.End
}

// busyTenure is a tenure during which its node accepted at least one write.
type busyTenure struct {
	Tenure
	first Accept // earliest accept in the tenure, named in the Detail
}

// SinglePrimary checks that no two nodes accepted writes while both believed
// they were primary, the property whose loss is split-brain. Tenures of
// different nodes overlap when one starts strictly before the other ends; a
// hand-over at the same instant is not an overlap. An accept outside every
// tenure of its node is a violation too: a non-primary accepted a write.
func SinglePrimary(tenures []Tenure, accepts []Accept) Result {
	res := Result{Name: "single-primary", Safety: true}
	sorted := slices.Clone(tenures)
	slices.SortStableFunc(sorted, func(a, b Tenure) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.Node, b.Node), cmp.Compare(a.Epoch, b.Epoch))
	})
	busy, outside := busyTenures(sorted, accepts)
	var lines []string
	for _, a := range outside {
		lines = append(lines, fmt.Sprintf("%s (epoch %d) accepted %s=%s at %s outside any tenure of %s as primary",
			a.Node, a.Epoch, a.Key, a.Value, ms(a.At), a.Node))
	}
	lines = append(lines, overlaps(busy)...)
	if len(lines) == 0 {
		res.OK = true
		res.Detail = fmt.Sprintf("%d tenures, %d accepted writes: no two nodes accepted writes while both were primary",
			len(tenures), len(accepts))
		return res
	}
	res.Detail = lines[0]
	if len(lines) > 1 {
		res.Evidence = capEvidence(lines[1:])
	}
	return res
}

// busyTenures finds, for each accept, the first tenure (in sorted order) of
// its node containing its time. It returns the tenures that accepted writes,
// in sorted order, and the accepts that no tenure contains.
func busyTenures(sorted []Tenure, accepts []Accept) (busy []busyTenure, outside []Accept) {
	firstAccept := make([]*Accept, len(sorted))
	for i := range accepts {
		a := &accepts[i]
		idx := slices.IndexFunc(sorted, func(t Tenure) bool {
			return t.Node == a.Node && t.Start <= a.At && a.At <= t.end()
		})
		if idx < 0 {
			outside = append(outside, *a)
			continue
		}
		if f := firstAccept[idx]; f == nil || a.At < f.At {
			firstAccept[idx] = a
		}
	}
	for i, t := range sorted {
		if firstAccept[i] != nil {
			busy = append(busy, busyTenure{Tenure: t, first: *firstAccept[i]})
		}
	}
	slices.SortStableFunc(outside, func(a, b Accept) int {
		return cmp.Or(cmp.Compare(a.At, b.At), cmp.Compare(a.Node, b.Node))
	})
	return busy, outside
}

// overlaps describes every pair of busy tenures of different nodes that
// overlap in time, earliest pair first.
func overlaps(busy []busyTenure) []string {
	var lines []string
	for i, a := range busy {
		for _, b := range busy[i+1:] {
			if a.Node == b.Node {
				continue
			}
			from, to := max(a.Start, b.Start), min(a.end(), b.end())
			if from >= to {
				continue
			}
			window := "end of run"
			if to != endOfRun {
				window = ms(to)
			}
			lines = append(lines, fmt.Sprintf(
				"%s (epoch %d) and %s (epoch %d) were both primary during [%s, %s] and both accepted writes: %s %s=%s at %s, %s %s=%s at %s",
				a.Node, a.Epoch, b.Node, b.Epoch, ms(from), window,
				a.Node, a.first.Key, a.first.Value, ms(a.first.At),
				b.Node, b.first.Key, b.first.Value, ms(b.first.At)))
		}
	}
	return lines
}
