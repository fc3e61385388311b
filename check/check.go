// Package check holds protocol-neutral checkers: they read what clients saw
// (a History) and what protocols reported about themselves (tenures, accepted
// writes, final states) after a run, and say whether a property held.
//
// Each checker returns a Result whose Detail names the evidence a person
// needs to see the failure (nodes, operations, times in ms), because a
// verdict without evidence cannot be explained or shrunk. Checkers are pure
// functions of their inputs: they start no goroutine of their own, read no
// clock and iterate maps only in sorted order, so the same run always gets
// the same words. (Porcupine runs its search on goroutines internally with a
// wall-clock bound; only its bounded verdict reaches us.)
package check

import (
	"fmt"
	"strconv"
	"time"
)

// Verdicts of a whole run, as summary.json spells them. They are constants
// because scripts match on the exact strings.
const (
	// VerdictHold means every checker passed: nothing unsafe happened and
	// the system made progress.
	VerdictHold = "hold"
	// VerdictViolation means a safety checker failed: something that must
	// never happen did. It outranks no-progress because it is the worse news.
	VerdictViolation = "violation"
	// VerdictNoProgress means every safety checker passed but a liveness
	// checker did not: nothing bad happened, but nothing good either.
	VerdictNoProgress = "no-progress"
)

// evidenceMax bounds Evidence so a run with a million bad operations still
// gives a short report; the Detail already names the first one.
const evidenceMax = 10

// Result is one checker's verdict, the unit summary.json lists. It carries
// its own evidence so a report can be read without rerunning anything.
type Result struct {
	Name     string   `json:"name"`
	OK       bool     `json:"ok"`
	Safety   bool     `json:"-"`                  // true: a failure is a "violation"; false (liveness): "no-progress"
	Detail   string   `json:"detail"`             // one or two sentences a person can read: the evidence
	Evidence []string `json:"evidence,omitempty"` // optional extra lines, at most evidenceMax plus a "more" line
}

// Summarize folds checker results into the run's verdict, so every caller
// ranks failures the same way: any safety failure is a violation, else any
// liveness failure is no-progress, else the run holds.
func Summarize(results []Result) (verdict string) {
	noProgress := false
	for _, r := range results {
		if r.OK {
			continue
		}
		if r.Safety {
			return VerdictViolation
		}
		noProgress = true
	}
	if noProgress {
		return VerdictNoProgress
	}
	return VerdictHold
}

// ms renders a virtual time in milliseconds ("120ms", "120.5ms"), the unit
// every Detail uses so times from different checkers compare at a glance.
func ms(d time.Duration) string { return Millis(d) }

// Millis renders a simulated time for people: milliseconds, rounded to a
// tenth ("130ms", "512.7ms"), the unit every scenario is written in.
func Millis(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Round(100*time.Microsecond))/float64(time.Millisecond), 'f', -1, 64) + "ms"
}

// capEvidence keeps the first evidenceMax lines and says how many it dropped.
func capEvidence(lines []string) []string {
	if len(lines) <= evidenceMax {
		return lines
	}
	out := append([]string(nil), lines[:evidenceMax]...)
	return append(out, fmt.Sprintf("... and %d more", len(lines)-evidenceMax))
}
