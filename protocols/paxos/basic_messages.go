package paxos

import "simrun/check"

// Basic Paxos messages. Each is a plain value (the kernel renders it as
// JSON into the trace).

// Prepare is phase 1a: the proposer asks acceptors to promise Ballot.
type Prepare struct {
	Ballot check.Ballot
}

// Promise is phase 1b: the acceptor promises Ballot and reports the
// highest-ballot value it has accepted (Accepted none: nothing).
type Promise struct {
	Ballot   check.Ballot
	Accepted check.Ballot
	Value    string
}

// Accept is phase 2a: the proposer asks acceptors to accept Value in Ballot.
type Accept struct {
	Ballot check.Ballot
	Value  string
}

// Accepted is phase 2b: the acceptor accepted Value in Ballot. It goes to
// the proposer and to every learner.
type Accepted struct {
	Ballot check.Ballot
	Value  string
}

// Nack tells a proposer its Ballot was refused because the acceptor had
// promised Promised, so the proposer knows what round to beat.
type Nack struct {
	Ballot   check.Ballot
	Promised check.Ballot
}
