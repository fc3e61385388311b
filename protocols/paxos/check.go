package paxos

import (
	"fmt"
	"strings"
	"time"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// Check names, as scenario files spell them.
const (
	CheckAgreement          = "agreement"
	CheckPromiseMonotonic   = "promise-monotonic"
	CheckAcceptAbovePromise = "accept-above-promise"
	CheckChosen             = "chosen"
	CheckLinearizable       = "linearizable"
	CheckLiveness           = "liveness"
)

// Checks lists what Check understands for Basic Paxos.
var Checks = []string{CheckAgreement, CheckPromiseMonotonic, CheckAcceptAbovePromise, CheckChosen}

// MultiChecks lists what CheckMulti understands for Multi-Paxos.
var MultiChecks = []string{CheckAgreement, CheckPromiseMonotonic, CheckAcceptAbovePromise, CheckLinearizable, CheckLiveness}

// LivenessBound is how soon after the last fault a Multi-Paxos KV must
// complete a client operation: an election takes at most two election
// timeouts of silence plus phase 1, so a second is generous for the
// catalogue's settings and still catches a cluster that never recovers.
const LivenessBound = 2 * time.Second

// Check runs the named Basic Paxos checks over a finished run. An unknown
// name yields a failed result naming the valid ones rather than a panic.
func Check(res sim.Result, names []string) []check.Result {
	accepts, quorum := Accepts(res)
	events := AcceptorEvents(res)
	out := make([]check.Result, 0, len(names))
	for _, name := range names {
		switch name {
		case CheckChosen:
			out = append(out, check.PaxosValueChosen(accepts, max(quorum, 1), res.Now))
		default:
			out = append(out, common(name, accepts, quorum, events, Checks))
		}
	}
	return out
}

// CheckMulti runs the named Multi-Paxos checks over a finished run.
func CheckMulti(res sim.Result, names []string) []check.Result {
	accepts, quorum := Accepts(res)
	events := AcceptorEvents(res)
	hist := workload.History(res)
	out := make([]check.Result, 0, len(names))
	for _, name := range names {
		switch name {
		case CheckLinearizable:
			out = append(out, check.Linearizable(hist).Result)
		case CheckLiveness:
			out = append(out, check.Liveness(hist, check.LastFault(res.Observations), LivenessBound))
		default:
			out = append(out, common(name, accepts, quorum, events, MultiChecks))
		}
	}
	return out
}

// common runs the checks both protocols share.
func common(name string, accepts []check.PaxosAccept, quorum int, events []check.PaxosAcceptorEvent, valid []string) check.Result {
	switch name {
	case CheckAgreement:
		return check.Agreement(accepts, max(quorum, 1))
	case CheckPromiseMonotonic:
		return check.PromiseMonotonic(events)
	case CheckAcceptAbovePromise:
		return check.AcceptAbovePromise(events)
	}
	return check.Result{Name: name, Detail: fmt.Sprintf("paxos has no check %q here (it has: %s)", name, strings.Join(valid, ", "))}
}

// Accepts lists the acceptors' accepts in the order they happened, and the
// quorum size the acceptors reported at boot (0 if no acceptor booted).
func Accepts(res sim.Result) ([]check.PaxosAccept, int) {
	var out []check.PaxosAccept
	quorum := 0
	for _, o := range res.Observations {
		if f, ok := o.Data.(BootFact); ok && o.Kind == KindBoot {
			quorum = max(quorum, f.Quorum)
		}
		if f, ok := o.Data.(AcceptFact); ok && o.Kind == KindAccept {
			out = append(out, check.PaxosAccept{Acceptor: nameOf(res, o.Node), Slot: f.Slot, Ballot: f.Ballot, Value: f.Value, At: o.Time})
			quorum = max(quorum, f.Quorum)
		}
	}
	return out, quorum
}

// AcceptorEvents lists every acceptor's boots, promises and accepts in
// order, for the acceptor discipline checks.
func AcceptorEvents(res sim.Result) []check.PaxosAcceptorEvent {
	var out []check.PaxosAcceptorEvent
	for _, o := range res.Observations {
		e := check.PaxosAcceptorEvent{Acceptor: nameOf(res, o.Node), At: o.Time}
		switch f := o.Data.(type) {
		case BootFact:
			e.Kind, e.Ballot = check.PaxosBoot, f.Promised
		case PromiseFact:
			e.Kind, e.Ballot = check.PaxosPromise, f.Ballot
		case AcceptFact:
			e.Kind, e.Ballot = check.PaxosAccepted, f.Ballot
		default:
			continue
		}
		out = append(out, e)
	}
	return out
}

// nameOf is the printable name of a node in a finished run.
func nameOf(res sim.Result, id sim.NodeID) string {
	if id >= 0 && int(id) < len(res.Names) {
		return res.Names[id]
	}
	return "operator"
}

// ballotName renders a ballot with its proposer's name ("3.n4").
func ballotName(res sim.Result, b check.Ballot) string {
	if b.IsZero() {
		return "none"
	}
	return fmt.Sprintf("%d.%s", b.Round, nameOf(res, sim.NodeID(b.Node)))
}
