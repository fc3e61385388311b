package paxos

import (
	"fmt"
	"strings"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// storyLeadMax bounds the leadership lines of a Multi-Paxos story: a swarm
// run changes leader many times and a story is read, not searched.
const storyLeadMax = 12

// StoryMulti tells a Multi-Paxos run: who won phase 1 when, what each new
// leader found in the open slots (re-proposed values, holes filled with
// no-ops), step-downs and crashes, then how many slots were chosen and how
// the clients fared.
func StoryMulti(res sim.Result) []string {
	var lines []string
	told, skipped := 0, 0
	say := func(o sim.Observed, text string) {
		if told < storyLeadMax {
			lines = append(lines, stamp(res, o)+text)
			told++
			return
		}
		skipped++
	}
	for _, o := range res.Observations {
		switch f := o.Data.(type) {
		case LeadFact:
			say(o, leadText(res, f))
		case StepDownFact:
			say(o, fmt.Sprintf("steps down from ballot %s: saw %s", ballotName(res, f.Ballot), ballotName(res, f.By)))
		case string:
			if o.Kind == sim.KindCrash {
				say(o, crashText(f))
			}
		}
		if o.Kind == sim.KindRestart {
			say(o, "restarts from its disk")
		}
	}
	if skipped > 0 {
		lines = append(lines, fmt.Sprintf("... and %d more leadership changes, step-downs and crashes", skipped))
	}
	return append(lines, multiSummary(res))
}

// leadText tells one phase 1 victory and what it found.
func leadText(res sim.Result, f LeadFact) string {
	text := fmt.Sprintf("leads ballot %s", ballotName(res, f.Ballot))
	if f.Through < f.From {
		return text + fmt.Sprintf(": phase 1 found no open slot from %d on", f.From)
	}
	text += fmt.Sprintf(" after phase 1 over slots %d..%d", f.From, f.Through)
	var parts []string
	for i, e := range f.Reproposed {
		if i == storyListMax {
			parts = append(parts, fmt.Sprintf("%d more", len(f.Reproposed)-i))
			break
		}
		was := "known chosen"
		if !e.Ballot.IsZero() {
			was = "accepted in " + ballotName(res, e.Ballot)
		}
		parts = append(parts, fmt.Sprintf("slot %d (%s, %s)", e.Slot, e.Cmd, was))
	}
	if len(parts) > 0 {
		text += ": re-proposes " + strings.Join(parts, ", ")
	}
	if len(f.NoOps) > 0 {
		sep := ": "
		if len(parts) > 0 {
			sep = "; "
		}
		text += sep + "fills " + slotList(f.NoOps) + " with a no-op (no acceptor of its quorum had accepted anything there)"
	}
	return text
}

// slotList renders "slot 4" or "slots 4, 6 and 7" (at most storyListMax).
func slotList(slots []int64) string {
	words := make([]string, 0, len(slots))
	for i, s := range slots {
		if i == storyListMax {
			words = append(words, fmt.Sprintf("%d more", len(slots)-i))
			break
		}
		words = append(words, fmt.Sprint(s))
	}
	if len(words) == 1 {
		return "slot " + words[0]
	}
	return "slots " + strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// multiSummary closes the story: slots chosen (from the acceptors) and
// what the clients saw.
func multiSummary(res sim.Result) string {
	accepts, quorum := Accepts(res)
	slots := map[int64]bool{} // counted only
	noops := 0
	if quorum > 0 {
		for _, c := range check.PaxosChosen(accepts, quorum) {
			if !slots[c.Slot] && c.Value == (Cmd{NoOp: true}).String() {
				noops++
			}
			slots[c.Slot] = true
		}
	}
	ok, total := 0, 0
	for _, op := range workload.History(res) {
		total++
		if op.Outcome == check.OK {
			ok++
		}
	}
	return fmt.Sprintf("%d slots chosen (%d of them no-ops); %d of %d client operations acknowledged", len(slots), noops, ok, total)
}
