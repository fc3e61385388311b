package paxos

import (
	"time"

	"simrun/check"
)

// Observation kinds. Check and Story read exactly these.
const (
	KindBoot     = "paxos.boot"
	KindPromise  = "paxos.promise"
	KindAccept   = "paxos.accept"
	KindPropose  = "paxos.propose"
	KindPreempt  = "paxos.preempted"
	KindLearn    = "paxos.learn"
	KindLead     = "paxos.lead"
	KindStepDown = "paxos.stepdown"
)

// BootFact is the Data of a "paxos.boot" observation: what an acceptor's
// disk gave it at start. A restart after a lost disk shows Promised none
// after an earlier promise: the amnesia the promise checker catches.
type BootFact struct {
	Promised check.Ballot
	Accepted int // slots with an accepted value
	Quorum   int // acceptors in a majority of this cluster
}

// PromiseFact is the Data of a "paxos.promise" observation.
type PromiseFact struct {
	Ballot check.Ballot
	// Lied is set when a Byzantine acceptor reported nothing accepted
	// although it had accepted something.
	Lied bool `json:",omitempty"`
}

// AcceptFact is the Data of a "paxos.accept" observation: the acceptor
// accepted Value for Slot in Ballot. Quorum is the number of acceptors that
// make a majority in this cluster, so a checker needs nothing else.
type AcceptFact struct {
	Slot   int64
	Ballot check.Ballot
	Value  string
	Quorum int
}

// Phases of a ProposeFact.
const (
	PhasePrepare = "prepare"
	PhaseAccept  = "accept"
)

// ProposeFact is the Data of a "paxos.propose" observation: a Basic Paxos
// proposer sent Prepare (Phase prepare) or Accept (Phase accept, with the
// Value it proposes and whether phase 1 made it adopt someone else's).
type ProposeFact struct {
	Ballot  check.Ballot
	Phase   string
	Value   string `json:",omitempty"`
	Adopted bool   `json:",omitempty"`
}

// PreemptFact is the Data of a "paxos.preempted" observation: Ballot was
// rejected because an acceptor had promised By (By is zero on a timeout).
// Wait is the backoff drawn before the next ballot (0: retry at once).
type PreemptFact struct {
	Ballot check.Ballot
	By     check.Ballot
	Wait   time.Duration `json:",omitempty"`
}

// LearnFact is the Data of a "paxos.learn" observation: this node learned
// that Value is chosen for Slot.
type LearnFact struct {
	Slot  int64
	Value string
}

// LeadFact is the Data of a "paxos.lead" observation: a Multi-Paxos node
// won phase 1 for Ballot over every slot from From to Through. Reproposed
// lists the open slots where some acceptor of the quorum had accepted a
// value (proposed again, unchanged, in the new ballot; Ballot is the one it
// had been accepted in, or none when the leader already knew it chosen);
// NoOps lists the
// holes no acceptor of the quorum had accepted anything for, filled with a
// no-op so the log can be applied past them.
type LeadFact struct {
	Ballot     check.Ballot
	From       int64
	Through    int64
	Reproposed []SlotCmd `json:",omitempty"`
	NoOps      []int64   `json:",omitempty"`
}

// StepDownFact is the Data of a "paxos.stepdown" observation.
type StepDownFact struct {
	Ballot check.Ballot // the ballot given up
	By     check.Ballot // the higher ballot seen
}
