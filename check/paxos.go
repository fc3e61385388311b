package check

import (
	"fmt"
	"time"
)

// Kinds of PaxosAcceptorEvent.
const (
	// PaxosPromise: the acceptor promised Ballot (answered a Prepare).
	PaxosPromise = "promise"
	// PaxosAccepted: the acceptor accepted a value in Ballot.
	PaxosAccepted = "accept"
	// PaxosBoot: the acceptor (re)started holding promise Ballot from its
	// disk; a first boot holds none. This is how a lost disk becomes visible.
	PaxosBoot = "boot"
)

// PaxosAcceptorEvent is one step of an acceptor's durable state, in the
// order the acceptor took it. The acceptor discipline checks read only
// these, so they judge each acceptor on its own record.
type PaxosAcceptorEvent struct {
	Acceptor string
	At       time.Duration
	Kind     string // PaxosPromise, PaxosAccepted or PaxosBoot
	Ballot   Ballot
}

// PromiseMonotonic (name "promise-monotonic", a safety check) says whether
// each acceptor's promised ballot never went down, across crash-recover
// too: a promise or a boot below an earlier promise is a violation. An
// acceptor that forgets its promise at a restart (a lost disk) can be
// talked into helping an older proposer, which is how agreement breaks.
func PromiseMonotonic(events []PaxosAcceptorEvent) Result {
	held := map[string]Ballot{} // acceptor -> highest promise so far; lookups only
	var bad []string
	for _, e := range events {
		h := held[e.Acceptor]
		if (e.Kind == PaxosPromise || e.Kind == PaxosBoot) && e.Ballot.Less(h) {
			what := "promised " + e.Ballot.String()
			if e.Kind == PaxosBoot {
				what = "restarted holding promise " + e.Ballot.String()
			}
			bad = append(bad, fmt.Sprintf("%s at %s %s after promising %s", e.Acceptor, Millis(e.At), what, h))
		}
		if h.Less(e.Ballot) {
			held[e.Acceptor] = e.Ballot
		}
	}
	if len(bad) > 0 {
		return Result{Name: "promise-monotonic", Safety: true, Detail: fmt.Sprintf(
			"a promised ballot went down %d times; first: %s", len(bad), bad[0]), Evidence: capEvidence(bad)}
	}
	return Result{Name: "promise-monotonic", OK: true, Safety: true, Detail: fmt.Sprintf(
		"no acceptor's promise ever went down (%d acceptor events, restarts included)", len(events))}
}

// AcceptAbovePromise (name "accept-above-promise", a safety check) says
// whether every accept was in a ballot at least as high as every promise
// the same acceptor made (or implied by accepting) before it, including
// promises made before a crash. Accepting below a promise breaks the bargain phase 1 relies on:
// the proposer that holds the promise has already picked its value.
func AcceptAbovePromise(events []PaxosAcceptorEvent) Result {
	held := map[string]Ballot{} // acceptor -> highest promise so far; lookups only
	var bad []string
	accepts := 0
	for _, e := range events {
		h := held[e.Acceptor]
		if e.Kind == PaxosAccepted {
			accepts++
			if e.Ballot.Less(h) {
				bad = append(bad, fmt.Sprintf("%s at %s accepted in ballot %s after promising %s", e.Acceptor, Millis(e.At), e.Ballot, h))
			}
		}
		// Accepting a ballot promises it too, so both kinds raise the bar;
		// a boot never lowers it (the promise bound the acceptor anyway).
		if e.Kind != PaxosBoot && h.Less(e.Ballot) {
			held[e.Acceptor] = e.Ballot
		}
	}
	if len(bad) > 0 {
		return Result{Name: "accept-above-promise", Safety: true, Detail: fmt.Sprintf(
			"%d accepts below a promise; first: %s", len(bad), bad[0]), Evidence: capEvidence(bad)}
	}
	return Result{Name: "accept-above-promise", OK: true, Safety: true, Detail: fmt.Sprintf(
		"all %d accepts were at or above the acceptor's promises", accepts)}
}
