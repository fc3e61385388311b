package twopc

import (
	"time"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// Checks lists the checks Check understands: the shared atomic-commit
// checks of package check.
var Checks = workload.TxnChecks()

// TerminationBound is how long after its start or the last fault a
// transaction may take to be decided at every live participant: ten
// participant timeouts at the defaults, enough for several rounds of the
// termination protocol, far less than a blocked transaction waits.
const TerminationBound = time.Second

// Check runs the named checks over a finished run: atomicity and
// termination over the protocol-neutral transaction log.
func Check(res sim.Result, names []string) []check.Result {
	return workload.CheckTxns(res, names, TerminationBound, "twopc")
}

// Metrics are the costs the report plots: time uncertain, lock-hold time,
// blocked transactions.
func Metrics(res sim.Result) check.CommitMetrics { return check.CommitMetricsOf(workload.TxnLog(res)) }

// Story tells the run: every vote, lock, timeout and decision with its
// reason, who committed and who aborted, and how long each lock was held.
func Story(res sim.Result) []string { return workload.TxnStory(res) }
