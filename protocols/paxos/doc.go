// Package paxos holds two protocols that share their acceptor rules and
// their checkers: Basic Paxos (single decree: proposers, acceptors,
// learners choosing one value) and Multi-Paxos (a replicated log behind a
// distinguished leader, with a linearizable key-value store on top).
//
// Why it exists: Paxos is usually explained and then set aside as too hard
// to follow. Here each of its classic failures can be made to happen and
// watched: two proposers pre-empting each other forever (the dueling
// livelock FLP allows), an acceptor that lies in its promise, an acceptor
// that forgets its promise in a crash, and a new Multi-Paxos leader filling
// the holes its predecessor left.
//
// Both protocols are pure state machines over sim.Env. An acceptor's state
// (promised ballot, accepted ballot and value per slot) is written to
// Storage and synced before any reply that depends on it leaves, so a
// crash-recover keeps it and only a lost disk (crash with wipe) forgets it.
//
// Observations (Kind: Data), read by Check and Story:
//   - "paxos.boot": BootFact, every time an acceptor starts (fresh or not);
//   - "paxos.promise": PromiseFact, an acceptor promised a ballot;
//   - "paxos.accept": AcceptFact, an acceptor accepted a value in a slot;
//   - "paxos.propose": ProposeFact, a proposer started a phase;
//   - "paxos.preempted": PreemptFact, a proposer's ballot was rejected;
//   - "paxos.learn": LearnFact, a learner heard a quorum accept a value;
//   - "paxos.lead": LeadFact, a Multi-Paxos node finished phase 1 and leads;
//   - "paxos.stepdown": StepDownFact, a Multi-Paxos leader or candidate
//     gave up for a higher ballot.
//
// Agreement is computed from the accept facts alone, never from learners.
package paxos
