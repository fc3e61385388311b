package paxos

import (
	"fmt"

	"simrun/check"
	"simrun/sim"
)

// Byzantine behaviours an acceptor implements (env.Byzantine).
const (
	// BehaviourPromiseNothing: the acceptor promises honestly but reports
	// nothing accepted, so the next proposer may pick a new value.
	BehaviourPromiseNothing = "promise-nothing"
	// BehaviourAcceptAnything: the acceptor accepts every Accept, whatever
	// it promised.
	BehaviourAcceptAnything = "accept-anything"
)

// Behaviours lists the Byzantine behaviours, for scenario validation.
var Behaviours = []string{BehaviourPromiseNothing, BehaviourAcceptAnything}

// Disk keys of an acceptor. A slot's accepted entry has its own key, so an
// accept writes one small value.
const (
	keyPromised = "paxos/promised"
	keySlotFmt  = "paxos/slot/%012d" // zero-padded: Keys() sorts them by slot
)

// entry is what an acceptor accepted in one slot. Value is what checkers
// compare; Cmd is the Multi-Paxos command it renders (zero in Basic Paxos).
type entry struct {
	Ballot check.Ballot
	Value  string
	Cmd    Cmd
}

// acceptor is the durable half of a node: the promise and the accepted
// entries. Every change is written and synced before the reply that
// depends on it is sent.
type acceptor struct {
	// promised never decreases while the disk lasts. Invariant: every
	// accepted ballot is <= promised.
	promised check.Ballot
	accepted map[int64]entry
	quorum   int
}

// load reads the acceptor's disk and records a boot fact: the promise it
// came back with is what the promise checker compares across restarts.
func (a *acceptor) load(env sim.Env) {
	a.accepted = map[int64]entry{}
	st := env.Storage()
	if v, ok := st.Get(keyPromised); ok {
		a.promised = v.(check.Ballot)
	}
	for _, k := range st.Keys() {
		var slot int64
		if _, err := fmt.Sscanf(k, keySlotFmt, &slot); err == nil {
			v, _ := st.Get(k)
			a.accepted[slot] = v.(entry)
		}
	}
	env.Observe(sim.Observation{Kind: KindBoot, Data: BootFact{Promised: a.promised, Accepted: len(a.accepted), Quorum: a.quorum}})
}

// promise raises the promise to b if b is at least the current one, and
// syncs it; it reports whether b was promised. A repeated Prepare for the
// promised ballot is promised again (duplicates are harmless).
func (a *acceptor) promise(env sim.Env, b check.Ballot, lied bool) bool {
	if b.Less(a.promised) {
		return false
	}
	if a.promised != b {
		a.promised = b
		env.Storage().Put(keyPromised, b)
		env.Storage().Sync()
	}
	env.Observe(sim.Observation{Kind: KindPromise, Data: PromiseFact{Ballot: b, Lied: lied}})
	return true
}

// accept records value for slot in ballot b if b is not below the promise
// (or whatever the ballot, for an accept-anything liar), syncs it, and
// reports whether it accepted. Accepting b also promises b.
func (a *acceptor) accept(env sim.Env, slot int64, b check.Ballot, value string, cmd Cmd) bool {
	if b.Less(a.promised) && !env.Byzantine(BehaviourAcceptAnything) {
		return false
	}
	if a.promised.Less(b) {
		a.promised = b
		env.Storage().Put(keyPromised, b)
	}
	e := entry{Ballot: b, Value: value, Cmd: cmd}
	a.accepted[slot] = e
	env.Storage().Put(fmt.Sprintf(keySlotFmt, slot), e)
	env.Storage().Sync()
	env.Observe(sim.Observation{Kind: KindAccept, Data: AcceptFact{Slot: slot, Ballot: b, Value: value, Quorum: a.quorum}})
	return true
}
