package paxos

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"simrun/check"
	"simrun/sim"
)

// storyListMax bounds how many rounds of proposal and pre-emption the
// story tells one by one before it only counts them: a livelock repeats
// itself.
const storyListMax = 4

// storyLine is one line of a story with the time that orders it.
type storyLine struct {
	at   time.Duration
	text string
}

// stamp begins a story line with the time and, when node is a real node,
// its name.
func stamp(res sim.Result, o sim.Observed) string {
	if o.Node == sim.Operator {
		return "t=" + check.Millis(o.Time) + " "
	}
	return "t=" + check.Millis(o.Time) + " " + nameOf(res, o.Node) + " "
}

// Story tells a Basic Paxos run: faults, each phase 2 a proposer started,
// the first pre-emptions, lies, each value chosen (from the acceptors'
// accepts), and a closing line saying what was chosen when, or that
// nothing was and how many ballots were pre-empted.
func Story(res sim.Result) []string {
	var lines []storyLine
	add := func(o sim.Observed, text string) { lines = append(lines, storyLine{o.Time, stamp(res, o) + text}) }
	pre := map[string]int{} // proposer -> ballots pre-empted; printed in sorted order
	total, told := 0, 0     // pre-emptions; phase lines told one by one
	tell := func(o sim.Observed, text string) {
		told++
		switch {
		case told <= 2*storyListMax:
			add(o, text)
		case told == 2*storyListMax+1:
			lines = append(lines, storyLine{o.Time, "... (further proposals and pre-emptions are counted below, not told)"})
		}
	}
	restarted := map[sim.NodeID]bool{}
	for _, o := range res.Observations {
		switch f := o.Data.(type) {
		case string:
			if o.Kind == sim.KindCrash {
				add(o, crashText(f))
			}
		case BootFact:
			if restarted[o.Node] {
				add(o, fmt.Sprintf("restarts holding promise %s and %d accepted value(s) from its disk", ballotName(res, f.Promised), f.Accepted))
			}
		case PromiseFact:
			if f.Lied {
				add(o, fmt.Sprintf("promises %s and lies: reports nothing accepted", ballotName(res, f.Ballot)))
			}
		case ProposeFact:
			if f.Phase == PhaseAccept {
				how := "its own value"
				if f.Adopted {
					how = "adopted from an earlier ballot"
				}
				tell(o, fmt.Sprintf("asks the acceptors to accept %q in ballot %s (%s)", f.Value, ballotName(res, f.Ballot), how))
			}
		case PreemptFact:
			total++
			pre[nameOf(res, o.Node)]++
			tell(o, preemptText(res, f))
		}
		if o.Kind == sim.KindRestart {
			restarted[o.Node] = true
		}
	}
	accepts, quorum := Accepts(res)
	var choices []check.PaxosChoice
	if quorum > 0 {
		choices = check.PaxosChosen(accepts, quorum)
	}
	for _, c := range choices {
		lines = append(lines, storyLine{c.At, fmt.Sprintf("t=%s %q is chosen: accepted in ballot %s by {%s}",
			check.Millis(c.At), c.Value, ballotName(res, c.Ballot), strings.Join(c.Acceptors, ","))})
	}
	slices.SortStableFunc(lines, func(a, b storyLine) int { return cmp.Compare(a.at, b.at) })
	out := make([]string, 0, len(lines)+1)
	for _, l := range lines {
		out = append(out, l.text)
	}
	return append(out, closing(res, choices, pre, total))
}

// preemptText tells one lost ballot.
func preemptText(res sim.Result, f PreemptFact) string {
	retry := "; retries at once"
	if f.Wait > 0 {
		retry = "; backs off " + check.Millis(f.Wait)
	}
	if f.By.IsZero() {
		return fmt.Sprintf("gives up ballot %s: no quorum answered in time%s", ballotName(res, f.Ballot), retry)
	}
	return fmt.Sprintf("is pre-empted: ballot %s refused, an acceptor promised %s%s", ballotName(res, f.Ballot), ballotName(res, f.By), retry)
}

// closing is the story's verdict line.
func closing(res sim.Result, choices []check.PaxosChoice, pre map[string]int, total int) string {
	names := make([]string, 0, len(pre))
	for name := range pre {
		names = append(names, name)
	}
	slices.Sort(names)
	per := make([]string, len(names))
	for i, name := range names {
		per[i] = fmt.Sprintf("%s: %d", name, pre[name])
	}
	preempted := fmt.Sprintf("%d ballots were pre-empted", total)
	if total > 0 {
		preempted += " (" + strings.Join(per, ", ") + ")"
	}
	if len(choices) == 0 {
		return fmt.Sprintf("no value was chosen by the deadline t=%s: %s", check.Millis(res.Now), preempted)
	}
	first := choices[0]
	for _, c := range choices[1:] {
		if c.Value != first.Value {
			return fmt.Sprintf("two values were chosen: %q at t=%s and %q at t=%s: agreement is broken; %s",
				first.Value, check.Millis(first.At), c.Value, check.Millis(c.At), preempted)
		}
	}
	return fmt.Sprintf("value %q was chosen at t=%s in ballot %s; %s", first.Value, check.Millis(first.At), ballotName(res, first.Ballot), preempted)
}

// crashText tells a crash by what it did to the disk (sim's detail).
func crashText(detail string) string {
	if detail == "" {
		return "crashes (its disk survives)"
	}
	return "crashes (" + detail + ")"
}
