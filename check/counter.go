package check

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Increment is one read-modify-write of a replicated counter as the
// replica that performed it saw it: the unit of the lost-increment check.
// Counters in our workloads are driven by scripted increments at servers,
// so every increment has a unique ID and the write it read is known.
type Increment struct {
	ID    string        // unique per run ("i3")
	Node  string        // the replica that performed it
	At    time.Duration // global simulated time
	Stamp time.Duration // the timestamp it carried (the replica's local clock); 0 when the protocol uses none
	Delta int64
	// Read is the ID of the increment whose write this one read ("" = the
	// initial value), for registers that store whole values (LWW). Empty
	// for CRDTs, whose state is not a single write.
	Read string
	// Value is what the increment wrote (read value + Delta); informational
	// for CRDTs.
	Value int64
}

// CounterFinal is one replica's value at the end of a run. Last is the ID
// of the increment whose write the replica holds, when the protocol keeps
// a single winning write (LWW); "" otherwise.
type CounterFinal struct {
	Node  string
	Value int64
	Last  string
}

// CheckNoLostIncrements is the name LostIncrements reports under.
const CheckNoLostIncrements = "no-lost-increments"

// LostIncrements checks that every replica ends with the sum of every
// increment's delta: an increment that happened must count. When the
// replicas keep a single winning write (Last set), it follows the chain of
// reads back from that write, names each increment not on the chain and,
// when the increment that beat it is in its own causal past, says so: a
// causally later update silently discarded, the signature of
// last-writer-wins under clock skew. It is a safety check.
func LostIncrements(incs []Increment, finals []CounterFinal) Result {
	res := Result{Name: CheckNoLostIncrements, Safety: true}
	var want int64
	for _, inc := range incs {
		want += inc.Delta
	}
	finals = slices.Clone(finals)
	slices.SortFunc(finals, func(a, b CounterFinal) int { return cmp.Compare(a.Node, b.Node) })
	var wrong []string
	var first *CounterFinal
	for i, f := range finals {
		if f.Value != want {
			wrong = append(wrong, fmt.Sprintf("%s ends at %d", f.Node, f.Value))
			if first == nil {
				first = &finals[i]
			}
		}
	}
	if first == nil {
		res.OK = true
		res.Detail = fmt.Sprintf("every replica (%d) ends at %d, the sum of all %d increments", len(finals), want, len(incs))
		return res
	}
	res.Detail = fmt.Sprintf("%s, but the %d increments sum to %d", first.Node+" ends at "+strconv.FormatInt(first.Value, 10), len(incs), want)
	if first.Last != "" {
		lost := lostOffChain(incs, first.Last)
		if len(lost) > 0 {
			res.Detail = fmt.Sprintf("%s; %s", lost[0], res.Detail)
			wrong = append(lost, wrong...)
		}
	}
	res.Evidence = capEvidence(wrong)
	return res
}

// lostOffChain names the increments that are not on the chain of reads
// ending at last, each with the write that beat it. Increments are
// visited in time order so the first line is the first loss.
func lostOffChain(incs []Increment, last string) []string {
	byID := make(map[string]Increment, len(incs))
	for _, inc := range incs {
		byID[inc.ID] = inc
	}
	onChain := map[string]bool{}
	// The chain is bounded by len(incs): each step goes to an earlier read,
	// and a malformed cycle stops at the first repeat.
	for id := last; id != "" && !onChain[id]; id = byID[id].Read {
		onChain[id] = true
	}
	sorted := slices.Clone(incs)
	slices.SortStableFunc(sorted, func(a, b Increment) int { return cmp.Compare(a.At, b.At) })
	var out []string
	for _, inc := range sorted {
		if onChain[inc.ID] {
			continue
		}
		out = append(out, lostLine(inc, byID, onChain))
	}
	return out
}

// lostLine explains one lost increment: what it read, and which write on
// the surviving chain beat it.
func lostLine(inc Increment, byID map[string]Increment, onChain map[string]bool) string {
	line := fmt.Sprintf("increment %s (%+d at %s, %s, stamped %s by its clock) was silently discarded",
		inc.ID, inc.Delta, inc.Node, Millis(inc.At), Millis(inc.Stamp))
	if inc.Read == "" {
		return line + " (it read the initial value)"
	}
	read := byID[inc.Read]
	line += fmt.Sprintf(": it read %d from %s (stamped %s), so it is causally later", read.Value, read.ID, Millis(read.Stamp))
	if onChain[read.ID] && read.Stamp >= inc.Stamp {
		line += fmt.Sprintf(", yet last-writer-wins kept %s, whose stamp %s is not older than %s", read.ID, Millis(read.Stamp), Millis(inc.Stamp))
	}
	return line
}
