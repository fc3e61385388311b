package check

import (
	"cmp"
	"fmt"
	"slices"
)

// explainKey looks among the ops on key for a small contradiction a person
// can check by hand: a read of a value no surviving write produced, a read
// of a value before anyone wrote it, or a stale read. It returns "" when
// none of these simple shapes explains the failure; porcupine's verdict
// stands either way. Every sentence it returns is a proof on its own.
func explainKey(key string, h History) string {
	var ops []Op
	for _, op := range h {
		if op.Key == key {
			ops = append(ops, op)
		}
	}
	slices.SortStableFunc(ops, func(a, b Op) int {
		return cmp.Or(cmp.Compare(a.Invoke, b.Invoke), cmp.Compare(a.Client, b.Client))
	})
	for _, r := range ops {
		if r.Kind != kindRead || r.Outcome != OK {
			continue
		}
		if why := explainRead(r, ops); why != "" {
			return why
		}
	}
	return ""
}

// explainRead explains why the acknowledged read r cannot be linearized
// among ops (all on its key), or returns "".
func explainRead(r Op, ops []Op) string {
	var writers, failed []Op // writes of the value r returned
	for _, w := range ops {
		if w.Kind == kindWrite && w.Value == r.Output {
			if w.Outcome == Fail {
				failed = append(failed, w)
			} else {
				writers = append(writers, w)
			}
		}
	}
	head := fmt.Sprintf("key %s: %s read %s at %s", r.Key, r.Client, readValue(r.Output), ms(r.Invoke))
	if r.Output != "" && len(writers) == 0 {
		why := head + fmt.Sprintf(" but no write of %s took effect", r.Output)
		if len(failed) > 0 {
			why += fmt.Sprintf(" (%s's write of %s failed at %s)", failed[0].Client, r.Output, ms(failed[0].Complete))
		}
		return why
	}
	if r.Output != "" && !slices.ContainsFunc(writers, func(w Op) bool { return w.Invoke <= r.Complete }) {
		return head + fmt.Sprintf(" and returned at %s, before any write of %s was invoked (%s at %s)",
			ms(r.Complete), r.Output, writers[0].Client, ms(writers[0].Invoke))
	}
	if w, ok := overwrite(r, writers, ops); ok {
		return head + fmt.Sprintf(" after %s=%s was acknowledged at %s (%s)", w.Key, w.Value, ms(w.Complete), w.Client)
	}
	return ""
}

// overwrite finds the latest acknowledged write w that completed before r was
// invoked, wrote a different value, and that no write of r's value (writers)
// could follow: then r must have seen w or something later, not its output.
func overwrite(r Op, writers, ops []Op) (Op, bool) {
	var best Op
	found := false
	for _, w := range ops {
		if w.Kind != kindWrite || w.Outcome != OK || w.Value == r.Output || w.Complete >= r.Invoke {
			continue
		}
		if slices.ContainsFunc(writers, func(w2 Op) bool { return mayFollow(w2, w) }) {
			continue
		}
		if !found || w.Complete > best.Complete {
			best, found = w, true
		}
	}
	return best, found
}

// readValue names what a read returned, "nothing" for an absent key.
func readValue(v string) string {
	if v == "" {
		return "nothing"
	}
	return v
}
