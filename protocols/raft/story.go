package raft

import (
	"fmt"

	"simrun/check"
	"simrun/sim"
)

// storyEventsMax bounds the event lines of a story: a swarm run has
// hundreds of elections, and a story is read, not searched.
const storyEventsMax = 40

// Story tells a run in readable lines: who was elected when, crashes and
// restarts, logs cut back, reads served by a leader already deposed; then
// how many elections there were, and the verdict of each Figure 3
// property and of linearizability, with its evidence (the two leaders of
// one term, the conflicting entries at one index, the diverging applies).
func Story(res sim.Result) []string {
	lines, campaigns, maxTerm := storyEvents(res)
	run, _ := Records(res)
	lines = append(lines, fmt.Sprintf("%d elections won, %d candidacies, highest term %d",
		len(run.Leaders), campaigns, maxTerm))
	results := Check(res, []string{CheckElectionSafety, CheckLeaderAppendOnly, CheckLogMatching,
		CheckLeaderCompleteness, CheckStateMachineSafety, CheckLinearizable})
	for _, r := range results {
		verdict := "holds"
		if !r.OK {
			verdict = "BROKEN"
		}
		lines = append(lines, fmt.Sprintf("%s %s: %s", r.Name, verdict, r.Detail))
	}
	return lines
}

// storyEvents lists the notable events in time order, at most
// storyEventsMax of them, and counts candidacies and the highest term.
func storyEvents(res sim.Result) (lines []string, campaigns int, maxTerm uint64) {
	var events []string
	var elected []sim.Observed // leader role observations, in time order
	servers := map[sim.NodeID]bool{}
	for _, o := range res.Observations {
		at := "t=" + check.Millis(o.Time) + " " + nameOf(res, o.Node) + " "
		switch d := o.Data.(type) {
		case RoleFact:
			servers[o.Node] = true
			maxTerm = max(maxTerm, d.Term)
			switch {
			case d.Role == RoleCandidate:
				campaigns++
			case d.Role == RoleLeader:
				elected = append(elected, o)
				events = append(events, at+fmt.Sprintf("becomes leader of term %d", d.Term))
			case d.Cause == "start" && o.Time > 0:
				events = append(events, at+"restarts with a blank disk: no term, no vote, no log")
			case d.Cause == "restart":
				events = append(events, at+fmt.Sprintf("restarts from its disk in term %d", d.Term))
			case d.Cause == "removed":
				events = append(events, at+fmt.Sprintf("steps down in term %d: the committed configuration no longer includes it", d.Term))
			case d.Cause == "check-quorum":
				events = append(events, at+fmt.Sprintf("steps down in term %d: it has not heard a majority lately (CheckQuorum)", d.Term))
			}
		case ConfigFact:
			events = append(events, at+fmt.Sprintf("proposes configuration %v at index %d (term %d)", d.Members, d.Index, d.Term))
		case LieFact:
			events = append(events, at+"lies ("+d.Behaviour+") to "+d.To+": "+d.Detail)
		case TruncateFact:
			events = append(events, at+fmt.Sprintf("deletes %d entries from index %d on (a leader of term %d overrode them)", d.Count, d.Index, d.Term))
		case ReadFact:
			if line, stale := staleRead(res, o, d, elected); stale {
				events = append(events, line)
			}
		default:
			if servers[o.Node] && o.Kind == sim.KindCrash {
				detail := ""
				if s, ok := o.Data.(string); ok && s != "" {
					detail = " (" + s + ")"
				}
				events = append(events, at+"crashes"+detail)
			}
		}
	}
	if len(events) > storyEventsMax {
		events = append(events[:storyEventsMax], fmt.Sprintf("... and %d more events", len(events)-storyEventsMax))
	}
	return events, campaigns, maxTerm
}

// staleRead tells a read a leader served while a leader of a higher term
// had already been elected: the evidence of raft-stale-read.
func staleRead(res sim.Result, o sim.Observed, d ReadFact, elected []sim.Observed) (string, bool) {
	for _, l := range elected {
		term := l.Data.(RoleFact).Term
		if term > d.Term && l.Time < o.Time {
			return fmt.Sprintf("t=%s %s serves %s=%q to %s as leader of term %d (%s read), but %s has led term %d since %s: a stale read",
				check.Millis(o.Time), nameOf(res, o.Node), d.Key, d.Value, d.Client, d.Term, d.Mode,
				nameOf(res, l.Node), term, check.Millis(l.Time)), true
		}
	}
	return "", false
}
