// Package twopc is two-phase commit: a coordinator asks the participants of
// a transaction to prepare, and commits only if every one votes Yes.
//
// Why it exists: 2PC is the atomic-commit protocol people actually run, and
// it blocks. A participant that voted Yes has promised to commit if told
// to, so it may not decide alone: if the coordinator dies before it says
// what it decided, the participant holds its locks until it hears. The
// simulator makes that happen on a schedule (scenario 2pc-blocking),
// shows recovery from the coordinator's log (2pc-recovery), and shows what
// the tempting shortcut — abort on a timeout — breaks (2pc-unilateral-abort).
//
// The protocol, in brief. Transactions are scripted in Config.Transactions;
// a transaction's coordinator (n0 unless it names another server) begins it
// at its time by sending Prepare to each participant (the servers named in
// its writes). A participant votes No (by configuration, by chance, or when
// the key is locked and it will not wait) or takes the key's lock, logs
// Prepared durably and only then votes Yes. The coordinator decides commit
// when all voted Yes, abort on a No or after VoteTimeout, logs the decision
// durably and only then sends it, resending until every participant acks.
// A participant that voted Yes and hears nothing for ParticipantTimeout
// runs the cooperative termination protocol: it asks the coordinator and
// the other participants; anyone that knows the decision says it, and a
// participant that has not voted yet aborts and says abort. If all it
// reaches are uncertain too, it is blocked and asks again every
// ParticipantTimeout. A coordinator that restarts resends what its log
// decided and presumes abort for every transaction it had begun without a
// decision record. With NaiveUnilateralAbort a participant instead aborts
// on its own at the timeout: unblocked, and not atomic.
//
// Observations: "txn" (workload.TxnFact) for every begin, vote, lock,
// timeout, wait and decision, read by Check (check.Atomicity,
// check.Termination) and Story (workload.TxnStory).
package twopc
