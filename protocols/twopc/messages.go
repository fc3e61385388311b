package twopc

import "simrun/sim"

// Prepare asks a participant to get ready to commit its write of Txn.
// Parts lists every participant, so that one that times out knows whom to
// ask.
type Prepare struct {
	Txn        string
	Parts      []sim.NodeID
	Key, Value string
}

// Vote answers Prepare. A Yes is a promise: the voter has logged Prepared
// and holds the key's lock until it learns the decision.
type Vote struct {
	Txn string
	Yes bool
}

// Decision carries the outcome; a receiver acks it.
type Decision struct {
	Txn    string
	Commit bool
}

// Ack tells the coordinator a participant has logged the decision, so it
// can stop resending.
type Ack struct{ Txn string }

// StateReq is the cooperative termination protocol's question: what do
// you know about Txn?
type StateReq struct{ Txn string }

// StateResp answers StateReq with one of the states below.
type StateResp struct {
	Txn   string
	State string
}

// States a StateResp may carry.
const (
	StateCommit    = "commit"
	StateAbort     = "abort"
	StateUncertain = "uncertain"
)
