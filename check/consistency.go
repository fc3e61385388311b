package check

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Names of the consistency checks beside linearizability. They are the
// names scenarios list under `checks`.
const (
	CheckSequential       = "sequential-consistency"
	CheckCausal           = "causal-consistency"
	CheckReadYourWrites   = "read-your-writes"
	CheckMonotonicReads   = "monotonic-reads"
	CheckMonotonicWrites  = "monotonic-writes"
	CheckConvergence      = "convergence"
	CheckAppliedAtMostOne = "applied-at-most-once"
)

// Converged checks eventual convergence: once writes stop and gossip has
// run, every replica holds the same state. finals maps each replica to its
// final state rendered as a string (two replicas converged iff their
// strings are equal). It is a safety check of the end state: a run whose
// replicas still disagree at the end has not converged, whatever happens
// later. The Detail names the two groups of replicas that differ most
// plainly: the largest group and the first replica outside it.
func Converged(finals map[string]string) Result {
	res := Result{Name: CheckConvergence, Safety: true}
	nodes := consistencyKeys(finals)
	groups := map[string][]string{} // state -> replicas holding it; iterated via order only
	var order []string
	for _, n := range nodes {
		s := finals[n]
		if _, ok := groups[s]; !ok {
			order = append(order, s)
		}
		groups[s] = append(groups[s], n)
	}
	if len(order) <= 1 {
		res.OK = true
		state := "no replicas"
		if len(order) == 1 {
			state = order[0]
		}
		res.Detail = fmt.Sprintf("all %d replicas converged to %s", len(nodes), state)
		return res
	}
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(len(groups[b]), len(groups[a])) })
	res.Detail = fmt.Sprintf("replicas did not converge: %s hold %s but %s holds %s",
		strings.Join(groups[order[0]], ", "), order[0], groups[order[1]][0], order[1])
	var ev []string
	for _, s := range order {
		ev = append(ev, strings.Join(groups[s], ", ")+": "+s)
	}
	res.Evidence = capEvidence(ev)
	return res
}

// AppliedAtMostOnce checks an apply log (request id -> how many times a
// server applied it): a request applied twice is a duplicate that a retry
// turned into a second effect. Ids are reported in sorted order, so the
// Detail always names the same first duplicate.
func AppliedAtMostOnce(applied map[string]int) Result {
	res := Result{Name: CheckAppliedAtMostOne, Safety: true}
	var dups []string
	for _, id := range consistencyKeys(applied) {
		if c := applied[id]; c > 1 {
			dups = append(dups, fmt.Sprintf("request %s applied %d times", id, c))
		}
	}
	if len(dups) == 0 {
		res.OK = true
		res.Detail = fmt.Sprintf("each of %d requests was applied at most once", len(applied))
		return res
	}
	res.Detail = fmt.Sprintf("%s (%d requests applied more than once)", dups[0], len(dups))
	res.Evidence = capEvidence(dups)
	return res
}

// consistencyKeys returns a map's keys in order, so checkers never let map
// order reach their words.
func consistencyKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
