package raft

import (
	"fmt"
	"strings"
	"time"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// Check names, in the order scenarios usually list them: the five
// properties of the Raft paper's Figure 3, then what clients saw.
const (
	CheckElectionSafety     = "election-safety"
	CheckLeaderAppendOnly   = "leader-append-only"
	CheckLogMatching        = "log-matching"
	CheckLeaderCompleteness = "leader-completeness"
	CheckStateMachineSafety = "state-machine-safety"
	CheckLinearizable       = "linearizable"
	CheckLiveness           = "liveness"
	CheckStableLeader       = "stable-leader"
)

// Checks lists the checks Check understands, so a scenario loader can
// reject a misspelt name with the list of valid ones.
var Checks = []string{CheckElectionSafety, CheckLeaderAppendOnly, CheckLogMatching, CheckLeaderCompleteness,
	CheckStateMachineSafety, CheckLinearizable, CheckLiveness, CheckStableLeader}

// Liveness bounds. LivenessBound is how long after the last fault a
// client operation must succeed: a few election timeouts plus a client
// retry, generous for the catalogue's 150–300 ms elections. StableWindow is
// how long the end of a run must be free of elections for stable-leader.
const (
	LivenessBound = 3 * time.Second
	StableWindow  = time.Second
)

// diskLost is the detail sim records on a crash that wipes the disk.
const diskLost = "disk lost"

// Check runs the named checks over a finished run, in the order given. An
// unknown name yields a failed liveness result naming the valid ones.
func Check(res sim.Result, names []string) []check.Result {
	run, campaigns := Records(res)
	out := make([]check.Result, 0, len(names))
	var hist check.History
	for _, name := range names {
		if hist == nil && (name == CheckLinearizable || name == CheckLiveness) {
			hist = workload.History(res)
		}
		out = append(out, checkOne(name, res, run, campaigns, hist))
	}
	return out
}

func checkOne(name string, res sim.Result, run check.RaftRun, campaigns []check.RaftLeader, hist check.History) check.Result {
	switch name {
	case CheckElectionSafety:
		return check.ElectionSafety(run)
	case CheckLeaderAppendOnly:
		return check.LeaderAppendOnly(run)
	case CheckLogMatching:
		return check.LogMatching(run)
	case CheckLeaderCompleteness:
		return check.LeaderCompleteness(run)
	case CheckStateMachineSafety:
		return check.StateMachineSafety(run)
	case CheckLinearizable:
		return check.Linearizable(hist).Result
	case CheckLiveness:
		return check.Liveness(hist, check.LastFault(res.Observations), LivenessBound)
	case CheckStableLeader:
		return check.StableLeader(run, campaigns, res.Now, StableWindow)
	}
	return check.Result{Name: name, Detail: fmt.Sprintf("raft has no check %q (it has: %s)", name, strings.Join(Checks, ", "))}
}

// Records turns a run's observations into the protocol-neutral records of
// check.RaftRun, plus every real candidacy (for stable-leader). Commits
// and applies are reported as index ranges; their commands come from
// replaying each node's log from its appends, truncations and lost disks,
// exactly as the node itself changed it.
func Records(res sim.Result) (check.RaftRun, []check.RaftLeader) {
	var run check.RaftRun
	var campaigns []check.RaftLeader
	// Size the record lists first: they are long, and growing them by
	// appending would allocate about twice over.
	var entries, commits, applies uint64
	for _, o := range res.Observations {
		switch d := o.Data.(type) {
		case AppendFact:
			entries += uint64(len(d.Entries))
		case CommitFact:
			commits += rangeLen(d.From, d.To)
		case ApplyFact:
			applies += rangeLen(d.From, d.To)
		}
	}
	run.Entries = make([]check.RaftEntry, 0, entries)
	run.Commits = make([]check.RaftCommit, 0, commits)
	run.Applies = make([]check.RaftApply, 0, applies)
	// logs replays each node's log as (term, command) pairs: a command is
	// rendered once per stored entry, not again for each commit and apply.
	logs := map[sim.NodeID][]loggedCommand{} // lookups only
	for i, o := range res.Observations {
		name := nameOf(res, o.Node)
		switch d := o.Data.(type) {
		case RoleFact:
			rec := check.RaftLeader{Node: name, Term: d.Term, At: o.Time, Order: i}
			if d.Role == RoleLeader {
				run.Leaders = append(run.Leaders, rec)
			} else if d.Role == RoleCandidate {
				campaigns = append(campaigns, rec)
			}
		case AppendFact:
			log := logs[o.Node]
			log = log[:min(uint64(len(log)), d.Index-1)]
			for k, e := range d.Entries {
				cmd := e.Command()
				log = append(log, loggedCommand{term: e.Term, command: cmd})
				run.Entries = append(run.Entries, check.RaftEntry{Node: name, Index: d.Index + uint64(k),
					Term: e.Term, Value: cmd, At: o.Time, Order: i})
			}
			logs[o.Node] = log
		case TruncateFact:
			logs[o.Node] = logs[o.Node][:min(uint64(len(logs[o.Node])), d.Index-1)]
			run.Truncates = append(run.Truncates, check.RaftTruncate{Node: name, Index: d.Index, Term: d.Term, At: o.Time, Order: i})
		case CommitFact:
			for idx := d.From; idx <= d.To; idx++ {
				e := entryAt(logs[o.Node], idx)
				run.Commits = append(run.Commits, check.RaftCommit{Node: name, Index: idx, Term: e.term,
					Value: e.command, InTerm: d.Term, At: o.Time, Order: i})
			}
		case ApplyFact:
			for idx := d.From; idx <= d.To; idx++ {
				run.Applies = append(run.Applies, check.RaftApply{Node: name, Index: idx,
					Value: entryAt(logs[o.Node], idx).command, At: o.Time, Order: i})
			}
		default:
			if o.Kind == sim.KindCrash && o.Data == diskLost {
				logs[o.Node] = nil
				run.Resets = append(run.Resets, check.RaftReset{Node: name, At: o.Time, Order: i})
			}
		}
	}
	return run, campaigns
}

// rangeLen is how many indexes from..to holds (none when to < from).
func rangeLen(from, to uint64) uint64 {
	if to < from {
		return 0
	}
	return to - from + 1
}

// loggedCommand is one entry of a replayed log: its term and command.
type loggedCommand struct {
	term    uint64
	command string
}

// missingEntry is what an index beyond a replayed log (which a correct
// node never reports) reads as: a visible placeholder.
var missingEntry = loggedCommand{command: Entry{Client: "?", Key: "missing"}.Command()}

// entryAt is the entry at index in a replayed log.
func entryAt(log []loggedCommand, index uint64) loggedCommand {
	if index == 0 || index > uint64(len(log)) {
		return missingEntry
	}
	return log[index-1]
}

// Linearizability is the linearizable check with what it takes to draw
// porcupine's visualisation of a failure.
func Linearizability(res sim.Result) check.LinResult {
	return check.Linearizable(workload.History(res))
}

// nameOf is the printable name of a node in a finished run.
func nameOf(res sim.Result, id sim.NodeID) string {
	if id >= 0 && int(id) < len(res.Names) {
		return res.Names[id]
	}
	return "operator"
}
