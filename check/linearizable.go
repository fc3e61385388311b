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
func linearizable(h History, timeout time.Duration) LinResult {
	res := LinResult{Result: Result{Name: "linearizable", Safety: true}}
	keys, ops := linOps(h)
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
	var lines []string
	for i, key := range keys {
		n := count[key]
		longest := 0
		for _, p := range partials[i] {
			longest = max(longest, len(p))
		}
		if longest >= n {
			continue
		}
		r.FailedKeys = append(r.FailedKeys, key)
		line := fmt.Sprintf("key %s: no linearization exists (porcupine placed at most %d of its %d operations)", key, longest, n)
		if why := explainKey(key, h); why != "" {
			line = fmt.Sprintf("%s (porcupine placed at most %d of the key's %d operations)", why, longest, n)
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
	if r.info == nil {
		return errors.New("check: nothing to visualise: the history is linearizable")
	}
	return porcupine.Visualize(kvModel(), *r.info, w)
}
