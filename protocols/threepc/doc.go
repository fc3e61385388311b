// Package threepc is three-phase commit: CanCommit, PreCommit, DoCommit,
// with a termination protocol run by a recovery coordinator elected among
// the participants a timed-out participant can reach, and a quorum-based
// variant (Skeen's quorum 3PC) that blocks in a minority instead.
//
// Why it exists: 3PC removes 2PC's blocking under crashes by adding a
// state, pre-committed, between "voted Yes" and "committed": nobody
// commits until everyone is known to be ready, so survivors can always
// decide. The price is that it trusts a timeout to mean a crash. When a
// partition makes a live node unreachable, each side decides alone and
// they disagree (scenario 3pc-divergence); under crashes only it is
// atomic and never blocks (3pc-crash-only); with commit and abort quorums
// (V_C + V_A > V) a minority blocks instead of deciding, and atomicity
// holds under partitions too (3pc-quorum).
//
// The protocol, in brief. A transaction's coordinator (n0 unless it names
// another server) sends CanCommit; each participant logs its Yes before
// voting (it is then uncertain). On all Yes the coordinator sends
// PreCommit; participants log pre-committed and ack; after every ack, or
// AckTimeout, it decides commit and sends DoCommit (a Decision). A No or
// VoteTimeout makes it abort. A participant that hears nothing for
// ParticipantTimeout asks every other participant for its state
// (StateReq); after TerminationWindow the lowest-numbered participant that
// answered (itself included) is the recovery coordinator. It decides:
// anyone decided → that decision; anyone pre-committed → a PreCommit round,
// then commit; everyone uncertain → abort. A participant that crashed
// after voting and restarted never leads and its state does not count: it
// only asks and adopts what it is told (its log may be stale). With
// Quorum, the recovery coordinator commits only once V_C participants are
// pre-committed and aborts only once V_A are pre-aborted (a new logged
// state); a pre-committed participant never pre-aborts and vice versa, so
// two sides of a partition cannot decide differently; with too few
// reachable, it blocks and asks again later.
//
// A coordinator that restarts without a logged decision never decides on
// its own: it asks the participants. Observations: "txn"
// (workload.TxnFact), read by Check and Story like 2PC's.
package threepc
