package check

import (
	"cmp"
	"fmt"
	"slices"
)

// DurableWrites checks that no acknowledged write was lost: for each key, the
// value in final (the state of the authoritative replica finalNode at the end
// of the run) must be the value of each acknowledged write w, or the value of
// some write that may have taken effect after w (any outcome but Fail, not
// completed before w was invoked; an Unknown write never completed). An
// absent key ("") after an acknowledged write is a loss. This is the
// client-visible face of split-brain: a write acknowledged by a deposed
// primary that the new primary never saw.
func DurableWrites(h History, final map[string]string, finalNode string) Result {
	res := Result{Name: "durable-writes", Safety: true}
	byKey := writesByKey(h)
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	acked := 0
	var lines []string
	for _, k := range keys {
		for _, w := range byKey[k] {
			if w.Outcome != OK {
				continue
			}
			acked++
			if line, lost := lostWrite(w, byKey[k], final[k], finalNode); lost {
				lines = append(lines, line)
			}
		}
	}
	if len(lines) == 0 {
		res.OK = true
		res.Detail = fmt.Sprintf("all %d acknowledged writes over %d keys survive in the final state on %s",
			acked, len(keys), finalNode)
		return res
	}
	res.Detail = lines[0]
	if len(lines) > 1 {
		res.Evidence = capEvidence(lines[1:])
	}
	return res
}

// writesByKey groups the writes of h by key, each group ordered by completion
// time then client, so the first loss reported is the earliest.
func writesByKey(h History) map[string][]Op {
	byKey := make(map[string][]Op)
	for _, op := range h {
		op.mustValid()
		if op.Kind == kindWrite {
			byKey[op.Key] = append(byKey[op.Key], op)
		}
	}
	for _, ws := range byKey {
		slices.SortStableFunc(ws, func(a, b Op) int {
			return cmp.Or(cmp.Compare(a.Complete, b.Complete), cmp.Compare(a.Client, b.Client))
		})
	}
	return byKey
}

// lostWrite decides whether acknowledged write w is lost given the final
// value v of its key, and if so says why in one sentence.
func lostWrite(w Op, writes []Op, v, finalNode string) (string, bool) {
	if v == w.Value {
		return "", false
	}
	head := fmt.Sprintf("acknowledged write %s=%s (%s, ok at %s) is lost: ", w.Key, w.Value, w.Client, ms(w.Complete))
	if v == "" {
		return head + fmt.Sprintf("final state on %s has no %s", finalNode, w.Key), true
	}
	// before is the write of v acknowledged last, provided every write of v
	// completed before w was invoked; otherwise v may legitimately follow w.
	var before *Op
	for i := range writes {
		w2 := &writes[i]
		if w2.Value != v || w2.Outcome == Fail {
			continue
		}
		if mayFollow(*w2, w) {
			return "", false
		}
		if before == nil || w2.Complete >= before.Complete {
			before = w2
		}
	}
	if before == nil {
		return head + fmt.Sprintf("final state on %s has %s=%s, which no acknowledged or pending write produced",
			finalNode, w.Key, v), true
	}
	return head + fmt.Sprintf("final state on %s has %s=%s (written by %s, acknowledged at %s, before %s=%s was invoked)",
		finalNode, w.Key, v, before.Client, ms(before.Complete), w.Key, w.Value), true
}

// mayFollow reports whether write w2 (not failed) could have taken effect
// after w: it was not acknowledged before w was invoked. Intervals are closed,
// as in porcupine, so an ack at the instant of w's invocation is concurrent.
// An Unknown write never completed, so it may always follow.
func mayFollow(w2, w Op) bool {
	return w2.Outcome == Unknown || w2.Complete >= w.Invoke
}
