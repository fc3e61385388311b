package check

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"
)

// Outcome is how a client operation ended as the client saw it. It has three
// values, not two, because a timed-out request may or may not have taken
// effect, and every checker must treat that case honestly.
type Outcome int

const (
	// OK means the operation completed and was acknowledged.
	OK Outcome = iota
	// Fail means the operation definitely did not take effect (e.g. "not
	// primary"), so checkers may ignore it.
	Fail
	// Unknown means the client timed out or got no answer: the operation may
	// have taken effect at any time after its invocation, or never.
	Unknown
)

var outcomeNames = [...]string{OK: "ok", Fail: "fail", Unknown: "unknown"}

// String gives the lower-case name used in history.jsonl and in Details.
func (o Outcome) String() string {
	if o < 0 || int(o) >= len(outcomeNames) {
		return fmt.Sprintf("Outcome(%d)", int(o))
	}
	return outcomeNames[o]
}

// MarshalJSON writes the outcome as its name, so history files stay readable
// and do not depend on the order of the constants.
func (o Outcome) MarshalJSON() ([]byte, error) {
	if o < 0 || int(o) >= len(outcomeNames) {
		return nil, fmt.Errorf("check: invalid outcome %d", int(o))
	}
	return json.Marshal(o.String())
}

// UnmarshalJSON reads an outcome name written by MarshalJSON and rejects any
// other, because a misspelt outcome would silently change a verdict.
func (o *Outcome) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("outcome must be a string (ok, fail, unknown): %w", err)
	}
	for i, name := range outcomeNames {
		if s == name {
			*o = Outcome(i)
			return nil
		}
	}
	return fmt.Errorf("outcome %q is not ok, fail or unknown", s)
}

// Op is one client operation in a KV history: the shared record that
// workloads write and checkers read. Values are strings and "" means "absent",
// which is why a write of "" is not allowed.
type Op struct {
	Client   string        `json:"client"`
	Server   string        `json:"server"` // server it was sent to (last attempt)
	Kind     string        `json:"kind"`   // "read" | "write"
	Key      string        `json:"key"`
	Value    string        `json:"value,omitempty"`  // argument of a write
	Output   string        `json:"output,omitempty"` // what a read returned ("" = key absent)
	Invoke   time.Duration `json:"invoke_ns"`
	Complete time.Duration `json:"complete_ns"` // for Unknown: when the client gave up
	Outcome  Outcome       `json:"outcome"`
}

// Operation kinds. They are the only two a KV history may hold.
const (
	kindRead  = "read"
	kindWrite = "write"
)

// validate reports the first way op breaks the Op contract. Checkers rely on
// the contract, so histories from files are validated on the way in.
func (op Op) validate() error {
	switch {
	case op.Kind != kindRead && op.Kind != kindWrite:
		return fmt.Errorf("kind %q is not read or write", op.Kind)
	case op.Kind == kindWrite && op.Value == "":
		return fmt.Errorf("write of key %q has an empty value (\"\" means absent)", op.Key)
	case op.Complete < op.Invoke:
		return fmt.Errorf("complete_ns %d is before invoke_ns %d", op.Complete, op.Invoke)
	case op.Outcome < OK || op.Outcome > Unknown:
		return fmt.Errorf("invalid outcome %d", int(op.Outcome))
	}
	return nil
}

// mustValid asserts the Op contract inside a checker: a malformed op there is
// a bug in the workload that recorded it, and a crash with a message beats a
// wrong verdict.
func (op Op) mustValid() {
	if err := op.validate(); err != nil {
		panic(fmt.Sprintf("check: malformed op from client %s: %v", op.Client, err))
	}
}

// History is every operation the clients of one run performed, in any order.
type History []Op

// Sorted returns a copy ordered by Invoke, then Client, keeping the recorded
// order for ties, so histories print and hash the same way every run.
func (h History) Sorted() History {
	out := slices.Clone(h)
	out.Sort()
	return out
}

// Sort sorts h in place the way Sorted orders its copy, for a caller that
// owns h and need not pay for the copy.
func (h History) Sort() {
	slices.SortStableFunc(h, func(a, b Op) int {
		return cmp.Or(cmp.Compare(a.Invoke, b.Invoke), cmp.Compare(a.Client, b.Client))
	})
}

// WriteHistoryJSONL writes one JSON object per line, the history.jsonl format:
// line-oriented so it can be streamed, grepped and diffed.
func WriteHistoryJSONL(w io.Writer, h History) error {
	enc := json.NewEncoder(w)
	for i, op := range h {
		if err := enc.Encode(op); err != nil {
			return fmt.Errorf("history op %d: %w", i, err)
		}
	}
	return nil
}

// historyLineMax bounds one history.jsonl line; a real op is far smaller, so a
// longer line means the file is not a history.
const historyLineMax = 1 << 20

// ReadHistoryJSONL reads what WriteHistoryJSONL wrote. It is strict (unknown
// fields, bad kinds, bad outcomes are errors naming the line) because a
// history that is quietly misread gives a wrong verdict. Blank lines are
// skipped.
func ReadHistoryJSONL(r io.Reader) (History, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), historyLineMax)
	var h History
	for line := 1; sc.Scan(); line++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		var op Op
		if err := dec.Decode(&op); err != nil {
			return nil, fmt.Errorf("history line %d: %w", line, err)
		}
		if err := op.validate(); err != nil {
			return nil, fmt.Errorf("history line %d: %w", line, err)
		}
		h = append(h, op)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return h, nil
}
