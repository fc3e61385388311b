package threepc

import "simrun/sim"

// CanCommit asks a participant whether it can commit its write of Txn.
type CanCommit struct {
	Txn        string
	Parts      []sim.NodeID
	Key, Value string
}

// Vote answers CanCommit; a Yes is logged first.
type Vote struct {
	Txn string
	Yes bool
}

// PreCommit moves a participant to pre-committed: everyone voted Yes.
type PreCommit struct{ Txn string }

// PreCommitAck says the sender has logged pre-committed.
type PreCommitAck struct{ Txn string }

// PreAbort (quorum variant) moves a participant to pre-aborted.
type PreAbort struct{ Txn string }

// PreAbortAck says the sender has logged pre-aborted.
type PreAbortAck struct{ Txn string }

// Decision is DoCommit (Commit) or Abort; receivers ack it.
type Decision struct {
	Txn    string
	Commit bool
}

// Ack says the sender has logged the decision.
type Ack struct{ Txn string }

// StateReq asks for the receiver's state of Txn (termination protocol).
type StateReq struct{ Txn string }

// StateResp answers StateReq. Recovered says the sender restarted after
// voting and has not learned the outcome since: in the non-quorum protocol
// its state may be stale and does not count.
type StateResp struct {
	Txn       string
	State     string
	Recovered bool
}

// Participant states, as logged and as StateResp carries them.
const (
	StateNone         = ""             // not voted (or unknown)
	StateUncertain    = "uncertain"    // voted Yes
	StatePreCommitted = "precommitted" // everyone voted Yes
	StatePreAborted   = "preaborted"   // quorum variant: on the way to abort
	StateCommitted    = "committed"
	StateAborted      = "aborted"
)
