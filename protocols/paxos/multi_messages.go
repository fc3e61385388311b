package paxos

import (
	"fmt"

	"simrun/check"
)

// Cmd is one entry of the Multi-Paxos log: a client's KV operation, or a
// no-op a new leader writes into a hole. (Client, Seq) identifies the
// operation, so a retried request applied twice takes effect once.
type Cmd struct {
	NoOp   bool   `json:",omitempty"`
	Client string `json:",omitempty"`
	Seq    uint64 `json:",omitempty"`
	Op     string `json:",omitempty"`
	Key    string `json:",omitempty"`
	Value  string `json:",omitempty"`
}

// String renders a command for accept facts and stories: "no-op",
// "c0#3 write x=2", "c1#0 read x". It is the value agreement compares.
func (c Cmd) String() string {
	switch {
	case c.NoOp:
		return "no-op"
	case c.Op == "write":
		return fmt.Sprintf("%s#%d write %s=%s", c.Client, c.Seq, c.Key, c.Value)
	}
	return fmt.Sprintf("%s#%d %s %s", c.Client, c.Seq, c.Op, c.Key)
}

// SlotCmd is a command in a slot, with the ballot it was accepted in when
// an acceptor reports it.
type SlotCmd struct {
	Slot   int64
	Ballot check.Ballot `json:",omitempty"`
	Cmd    Cmd
}

// LogPrepare is phase 1a for every slot from From on: the candidate asks
// for a promise on Ballot and for everything accepted at or after From
// (the slots below it the candidate already knows are chosen).
type LogPrepare struct {
	Ballot check.Ballot
	From   int64
}

// LogPromise is phase 1b: the promise, with every accepted entry at or
// after From, sorted by slot.
type LogPromise struct {
	Ballot  check.Ballot
	From    int64
	Entries []SlotCmd
}

// LogAccept is phase 2a for one slot.
type LogAccept struct {
	Ballot check.Ballot
	Slot   int64
	Cmd    Cmd
}

// LogAccepted is phase 2b for one slot, back to the leader.
type LogAccepted struct {
	Ballot check.Ballot
	Slot   int64
}

// LogNack refuses Ballot: the sender had promised Promised. It also
// answers a stale leader's heartbeat, so the stale leader steps down.
type LogNack struct {
	Ballot   check.Ballot
	Promised check.Ballot
}

// Chosen tells learners that each entry's command is chosen for its slot.
type Chosen struct {
	Entries []SlotCmd
}

// Heartbeat says the leader of Ballot is alive and has applied the log
// through Applied, so a learner that is behind asks to catch up.
type Heartbeat struct {
	Ballot  check.Ballot
	Applied int64
}

// CatchUp asks the leader for the chosen commands from slot From on.
type CatchUp struct {
	From int64
}
