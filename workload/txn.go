package workload

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"simrun/check"
	"simrun/sim"
)

// Txn is one scripted transaction of an atomic-commit protocol (2PC, 3PC,
// TCC), as a protocol's config spells it in a scenario:
//
//	transactions: [{at: 0ms, id: t1, writes: {n1: "x=1", n2: "y=1"}}]
//
// It lives here, a layer below the protocols, because all of them share
// it (a protocol never imports another).
type Txn struct {
	// At is when the coordinator begins the transaction.
	At time.Duration `yaml:"at"`
	// ID names the transaction in observations and stories; unique.
	ID string `yaml:"id"`
	// Coordinator is the server that runs it; "" means the first server.
	Coordinator string `yaml:"coordinator"`
	// Writes maps each participant (a server name) to the write it makes
	// there, "key=value". The participants are exactly its keys.
	Writes map[string]string `yaml:"writes"`
	// VoteNo lists participants that vote No (or whose Try fails).
	VoteNo []string `yaml:"vote_no"`
}

// Participants lists the txn's participants in server order ("n1" < "n2"
// < "n10"), the order every message and story uses.
func (t Txn) Participants() []string {
	out := make([]string, 0, len(t.Writes))
	for p := range t.Writes {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b string) int {
		i, _ := ServerIndex(a)
		j, _ := ServerIndex(b)
		if i != j {
			return i - j
		}
		// Names that are not servers all read as 0; order them by name
		// so map order cannot pick which one validation reports.
		return strings.Compare(a, b)
	})
	return out
}

// ServerIndex reads a server name "n3" as 3, the position of that server
// in the scenario's node list.
func ServerIndex(name string) (int, bool) {
	if !strings.HasPrefix(name, "n") {
		return 0, false
	}
	i, err := strconv.Atoi(name[1:])
	return i, err == nil && i >= 0 && strconv.Itoa(i) == name[1:]
}

// SplitWrite reads "key=value".
func SplitWrite(w string) (key, value string, ok bool) {
	key, value, ok = strings.Cut(w, "=")
	return key, value, ok && key != "" && value != ""
}

// ValidateTxns reports the first bad transaction of a script for a cluster
// of servers servers, naming it the way a scenario file does
// ("transactions[1].writes: ..."), so the loader can point at the line.
func ValidateTxns(txns []Txn, servers int) error {
	seen := map[string]bool{}
	for i, t := range txns {
		where := fmt.Sprintf("transactions[%d]", i)
		if err := t.validate(servers, seen); err != nil {
			return fmt.Errorf("%s%w", where, err)
		}
		seen[t.ID] = true
	}
	return nil
}

func (t Txn) validate(servers int, seen map[string]bool) error {
	exists := func(name string) bool { i, ok := ServerIndex(name); return ok && i < servers }
	switch {
	case t.ID == "" || strings.ContainsAny(t.ID, "/ "):
		return fmt.Errorf(".id: must be a non-empty name without '/' or spaces (got %q)", t.ID)
	case seen[t.ID]:
		return fmt.Errorf(".id: %q is used twice", t.ID)
	case t.At < 0:
		return fmt.Errorf(".at: must be >= 0 (got %v)", t.At)
	case t.Coordinator != "" && !exists(t.Coordinator):
		return fmt.Errorf(".coordinator: %q is not a server (servers are n0..n%d)", t.Coordinator, servers-1)
	case len(t.Writes) == 0:
		return fmt.Errorf(".writes: a transaction needs at least one participant")
	}
	for _, p := range t.Participants() {
		if !exists(p) {
			return fmt.Errorf(".writes: %q is not a server (servers are n0..n%d)", p, servers-1)
		}
		if p == t.CoordinatorName() {
			return fmt.Errorf(".writes: %s coordinates %s and cannot also be a participant", p, t.ID)
		}
		if _, _, ok := SplitWrite(t.Writes[p]); !ok {
			return fmt.Errorf(".writes.%s: %q is not key=value", p, t.Writes[p])
		}
	}
	for _, p := range t.VoteNo {
		if _, ok := t.Writes[p]; !ok {
			return fmt.Errorf(".vote_no: %q is not a participant of %s", p, t.ID)
		}
	}
	return nil
}

// CoordinatorName is the coordinator's server name ("n0" by default).
func (t Txn) CoordinatorName() string {
	if t.Coordinator == "" {
		return "n0"
	}
	return t.Coordinator
}

// Observation kinds of the atomic-commit protocols. TxnLog reads exactly
// these, so every protocol that records them is judged by the same
// checkers (check.Atomicity, check.Termination) and measured the same way
// (check.CommitMetricsOf).
const (
	KindTxn = "txn"
)

// TxnFact is the Data of a "txn" observation: one protocol-neutral fact
// about a transaction at the observing node. Kind is one of check's Txn*
// constants (check.TxnBegin, check.TxnVoteYes, ...).
type TxnFact struct {
	Txn          string
	Kind         string
	Key          string   `json:",omitempty"`
	Participants []string `json:",omitempty"`
	Why          string   `json:",omitempty"`
}

// ObserveTxn records one fact.
func ObserveTxn(env sim.Env, f TxnFact) { env.Observe(sim.Observation{Kind: KindTxn, Data: f}) }

// TxnLog rebuilds the protocol-neutral transaction log of a finished run
// from "txn" observations and the kernel's crash, restart and fault
// records.
func TxnLog(res sim.Result) check.TxnLog {
	l := check.TxnLog{End: res.Now}
	for _, o := range res.Observations {
		node := nameOf(res, o.Node)
		switch o.Kind {
		case KindTxn:
			if f, ok := o.Data.(TxnFact); ok {
				l.Events = append(l.Events, check.TxnEvent{At: o.Time, Node: node, Txn: f.Txn, Kind: f.Kind,
					Key: f.Key, Participants: f.Participants, Why: f.Why})
			}
		case sim.KindCrash:
			l.Events = append(l.Events, check.TxnEvent{At: o.Time, Node: node, Kind: check.TxnCrash})
		case sim.KindRestart:
			l.Events = append(l.Events, check.TxnEvent{At: o.Time, Node: node, Kind: check.TxnRestart})
		case sim.KindFault:
			l.Faults++
			l.LastFault = max(l.LastFault, o.Time)
		}
	}
	return l
}
