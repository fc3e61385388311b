package check

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/anishathalye/porcupine"
)

// linTimeoutMax bounds one porcupine search. Linearizability checking is
// NP-hard; without a bound one unlucky history could hang a sweep.
const linTimeoutMax = 10 * time.Second

// LinResult is the linearizability verdict plus what it takes to draw it.
// Illegal and TimedOut are separate because porcupine's answer has three
// values: a timeout is neither a pass nor a proven violation.
type LinResult struct {
	Result
	Illegal    bool     `json:"illegal"`               // porcupine proved some key not linearizable
	TimedOut   bool     `json:"timed_out"`             // porcupine gave up: unknown, reported as not OK
	FailedKeys []string `json:"failed_keys,omitempty"` // keys with no linearization, sorted

	info *porcupine.LinearizationInfo // for WriteVisualization; nil when OK
	vis  *linVis                      // or what to compute it from
}

// Linearizable checks the KV history with porcupine, one partition per key,
// so a student or engineer learns not only that reads went wrong but which
// key and which reads. Failed ops are excluded, unknown reads dropped and
// unknown writes left open until after the end of the history.
func Linearizable(h History) LinResult {
	return linearizable(h, linTimeoutMax)
}

// linearizable is Linearizable with the search bound as a parameter, so a
// test can force the timeout path.
//
// Keys are checked one after another, each with porcupine's own search
// over that key's operations: the partition porcupine makes itself when
// given every key, but without one goroutine per key. In a sweep every
// processor already runs a worker, so those goroutines only hand work
// around, and with a processor idle they made one worker look faster
// than it is. If time runs out, porcupine checks every key at once as it
// always did, so a timeout is reported and drawn as before.
func linearizable(h History, timeout time.Duration) LinResult {
	res := LinResult{Result: Result{Name: "linearizable", Safety: true}}
	keys, ops := linOps(h, false)
	deadline := time.Now().Add(timeout) // bounds the search; never decides a verdict it completes
	model := kvModel()
	model.Partition = nil // one key's operations are one partition already
	var failed []keyPlacement
	for lo, k := 0, 0; lo < len(ops); k++ {
		hi := lo + 1
		for hi < len(ops) && ops[hi].Input.(kvInput).key == keys[k] {
			hi++
		}
		left := time.Until(deadline)
		if left <= 0 {
			return linearizableAtOnce(h, timeout)
		}
		verdict, info := porcupine.CheckOperationsVerbose(model, ops[lo:hi], left)
		switch verdict {
		case porcupine.Ok:
		case porcupine.Illegal:
			failed = append(failed, keyPlacement{key: keys[k], placed: longestPartial(info.PartialLinearizations()[0]), ops: hi - lo})
		default:
			return linearizableAtOnce(h, timeout)
		}
		lo = hi
	}
	if len(failed) == 0 {
		res.OK = true
		res.Detail = fmt.Sprintf("%d of %d recorded operations, over %d keys, are linearizable (failed operations and unknown reads are left out)",
			len(ops), len(h), len(keys))
		return res
	}
	res.Illegal = true
	res.explain(h, failed)
	// Porcupine's visualisation of the failing keys is drawn only when a
	// report asks for it: a sweep judges thousands of runs and draws none.
	res.vis = &linVis{h: h, keys: res.FailedKeys, timeout: timeout}
	return res
}

// linearizableAtOnce asks porcupine about every key at once, one goroutine
// per key: the check as it was before keys were checked one by one, kept
// for a search that runs out of time.
func linearizableAtOnce(h History, timeout time.Duration) LinResult {
	res := LinResult{Result: Result{Name: "linearizable", Safety: true}}
	keys, ops := linOps(h, true)
	verdict, info := porcupine.CheckOperationsVerbose(kvModel(), ops, timeout)
	switch verdict {
	case porcupine.Ok:
		res.OK = true
		res.Detail = fmt.Sprintf("%d of %d recorded operations, over %d keys, are linearizable (failed operations and unknown reads are left out)",
			len(ops), len(h), len(keys))
	case porcupine.Unknown:
		res.TimedOut = true
		res.info = &info
		res.Detail = fmt.Sprintf("linearizability check timed out (unknown) after %s on %d operations over %d keys",
			timeout, len(ops), len(keys))
	default:
		res.Illegal = true
		res.explainIllegal(h, keys, ops, info)
		failed := opsOfKeys(ops, res.FailedKeys)
		_, vis := porcupine.CheckOperationsVerbose(kvModel(), failed, timeout)
		res.info = &vis
	}
	return res
}

// keyPlacement is how far porcupine got with a key that has no
// linearization: placed of its ops operations at most.
type keyPlacement struct {
	key         string
	placed, ops int
}

// longestPartial is the length of the longest partial linearization.
func longestPartial(partials [][]int) int {
	longest := 0
	for _, p := range partials {
		longest = max(longest, len(p))
	}
	return longest
}

// explainIllegal fills FailedKeys, Detail and Evidence. A partition failed
// when porcupine's longest partial linearization misses some of its ops.
func (r *LinResult) explainIllegal(h History, keys []string, ops []porcupine.Operation, info porcupine.LinearizationInfo) {
	partials := info.PartialLinearizations()
	if len(partials) != len(keys) {
		panic(fmt.Sprintf("check: porcupine returned %d partitions for %d keys", len(partials), len(keys)))
	}
	count := make(map[string]int, len(keys))
	for _, op := range ops {
		count[op.Input.(kvInput).key]++
	}
	var failed []keyPlacement
	for i, key := range keys {
		if longest := longestPartial(partials[i]); longest < count[key] {
			failed = append(failed, keyPlacement{key: key, placed: longest, ops: count[key]})
		}
	}
	r.explain(h, failed)
}

// explain fills FailedKeys, Detail and Evidence from the keys that have no
// linearization, in key order.
func (r *LinResult) explain(h History, failed []keyPlacement) {
	var lines []string
	for _, f := range failed {
		r.FailedKeys = append(r.FailedKeys, f.key)
		line := fmt.Sprintf("key %s: no linearization exists (porcupine placed at most %d of its %d operations)", f.key, f.placed, f.ops)
		if why := explainKey(f.key, h); why != "" {
			line = fmt.Sprintf("%s (porcupine placed at most %d of the key's %d operations)", why, f.placed, f.ops)
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		// Cannot happen for an Illegal verdict; say so rather than stay silent.
		r.Detail = "porcupine found the history not linearizable but no key lacks a linearization"
		return
	}
	r.Detail = lines[0]
	if len(lines) > 1 {
		r.Detail += fmt.Sprintf(". %d keys are not linearizable: %s", len(lines), strings.Join(r.FailedKeys, ", "))
		r.Evidence = capEvidence(lines[1:])
	}
}

// linVis is what porcupine's visualisation of the failing keys is drawn
// from, when it is asked for.
type linVis struct {
	h       History
	keys    []string // the failing keys, sorted
	timeout time.Duration
}

// info runs porcupine over the failing keys' operations, as described for
// the visualisation.
func (v *linVis) info() porcupine.LinearizationInfo {
	_, ops := linOps(v.h, true)
	_, info := porcupine.CheckOperationsVerbose(kvModel(), opsOfKeys(ops, v.keys), v.timeout)
	return info
}

// opsOfKeys selects the operations on the given sorted keys, keeping their
// order.
func opsOfKeys(ops []porcupine.Operation, keys []string) []porcupine.Operation {
	var out []porcupine.Operation
	for _, op := range ops {
		if _, found := slices.BinarySearch(keys, op.Input.(kvInput).key); found {
			out = append(out, op)
		}
	}
	return out
}

// WriteVisualization writes porcupine's interactive HTML view of the failing
// keys (or, after a timeout, of every key), so a person can see which
// operation could not be placed. It only means something when !OK.
func (r LinResult) WriteVisualization(w io.Writer) error {
	switch {
	case r.info != nil:
		return porcupine.Visualize(kvModel(), *r.info, w)
	case r.vis != nil:
		return porcupine.Visualize(kvModel(), r.vis.info(), w)
	}
	return errors.New("check: nothing to visualise: the history is linearizable")
}
