package check

import (
	"strings"
	"testing"
	"time"
)

// ev builds one acceptor event.
func ev(acceptor string, atMs int, kind string, round int64, node int) PaxosAcceptorEvent {
	return PaxosAcceptorEvent{Acceptor: acceptor, At: time.Duration(atMs) * time.Millisecond, Kind: kind, Ballot: Ballot{Round: round, Node: node}}
}

// Purpose: the known-bad run of paxos-amnesia - n2 promised 1.3, lost its
// disk and booted holding none - fails promise-monotonic at the boot; a
// promise below an earlier one fails too; an honest crash-recover passes.
func TestPromiseMonotonicKnownBad(t *testing.T) {
	amnesia := []PaxosAcceptorEvent{ev("n2", 0, PaxosBoot, 0, 0), ev("n2", 10, PaxosPromise, 1, 3), ev("n2", 150, PaxosBoot, 0, 0)}
	r := PromiseMonotonic(amnesia)
	if r.OK || !r.Safety || !strings.Contains(r.Detail, "n2 at 150ms restarted holding promise none after promising 1.3") {
		t.Errorf("amnesia passed or detail wrong: %+v", r)
	}
	lower := []PaxosAcceptorEvent{ev("n0", 10, PaxosPromise, 2, 1), ev("n0", 20, PaxosPromise, 1, 4)}
	if r := PromiseMonotonic(lower); r.OK {
		t.Errorf("a lower promise passed: %+v", r)
	}
	honest := []PaxosAcceptorEvent{ev("n2", 0, PaxosBoot, 0, 0), ev("n2", 10, PaxosPromise, 1, 3),
		ev("n2", 20, PaxosAccepted, 1, 3), ev("n2", 150, PaxosBoot, 1, 3), ev("n1", 160, PaxosPromise, 1, 1)}
	if r := PromiseMonotonic(honest); !r.OK {
		t.Errorf("honest crash-recover failed: %+v", r)
	}
}

// Purpose: an accept-anything acceptor accepting 1.3 after promising 1.4
// fails accept-above-promise; so does an accept below a promise made
// before a crash (the promise outlives the instance); accepts at or above
// the promise pass.
func TestAcceptAbovePromiseKnownBad(t *testing.T) {
	liar := []PaxosAcceptorEvent{ev("n0", 10, PaxosPromise, 1, 3), ev("n0", 45, PaxosPromise, 1, 4), ev("n0", 60, PaxosAccepted, 1, 3)}
	r := AcceptAbovePromise(liar)
	if r.OK || !r.Safety || !strings.Contains(r.Detail, "n0 at 60ms accepted in ballot 1.3 after promising 1.4") {
		t.Errorf("accept below promise passed or detail wrong: %+v", r)
	}
	acrossCrash := []PaxosAcceptorEvent{ev("n1", 10, PaxosPromise, 3, 2), ev("n1", 50, PaxosBoot, 0, 0), ev("n1", 60, PaxosAccepted, 2, 4)}
	if r := AcceptAbovePromise(acrossCrash); r.OK {
		t.Errorf("accept below a pre-crash promise passed: %+v", r)
	}
	impliedByAccept := []PaxosAcceptorEvent{ev("n1", 10, PaxosAccepted, 3, 2), ev("n1", 20, PaxosAccepted, 2, 4)}
	if r := AcceptAbovePromise(impliedByAccept); r.OK {
		t.Errorf("accept below an earlier accept passed: %+v", r)
	}
	good := []PaxosAcceptorEvent{ev("n0", 10, PaxosPromise, 1, 3), ev("n0", 20, PaxosAccepted, 1, 3), ev("n0", 30, PaxosAccepted, 2, 4)}
	if r := AcceptAbovePromise(good); !r.OK {
		t.Errorf("good accepts failed: %+v", r)
	}
}
