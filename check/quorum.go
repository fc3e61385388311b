package check

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Version orders the values of one key in a leaderless (Dynamo-style)
// store: a higher Counter is newer, and Writer (the coordinator's name)
// breaks ties so two replicas always agree which of two versions wins. The
// zero Version stands for "absent".
type Version struct {
	Counter uint64 `json:"counter"`
	Writer  string `json:"writer,omitempty"`
}

// Compare returns -1, 0 or +1 as v is older than, the same as or newer
// than o: the total order read repair and anti-entropy resolve by.
func (v Version) Compare(o Version) int {
	if c := cmp.Compare(v.Counter, o.Counter); c != 0 {
		return c
	}
	return cmp.Compare(v.Writer, o.Writer)
}

// String renders a version as "3@n0", or "absent" for the zero Version.
func (v Version) String() string {
	if v.Counter == 0 && v.Writer == "" {
		return "absent"
	}
	return strconv.FormatUint(v.Counter, 10) + "@" + v.Writer
}

// VersionedOp is one completed client operation of a versioned store with
// the version it wrote or read, joined from the client history and the
// coordinator's report, so a checker can compare versions rather than
// guess them from values.
type VersionedOp struct {
	Client   string
	Kind     string // "read" | "write"
	Key      string
	Value    string // written, or returned by the read ("" = absent)
	Version  Version
	Invoke   time.Duration
	Complete time.Duration
}

// StaleRead is the quorum-overlap property: no read returns a version
// older than that of a write completed (acknowledged to its client) before
// the read was invoked. With W+R > N every read quorum meets the write
// quorum of each completed write, so the read sees its version or a newer
// one; with W+R <= N a read may miss it. Only OK operations belong in ops.
// This is weaker than linearizability: it says nothing about reads that
// overlap a write, which is where W+R > N still fails to be linearizable.
func StaleRead(ops []VersionedOp) Result {
	res := Result{Name: "stale-read", Safety: true}
	writes := map[string][]VersionedOp{} // key -> writes by completion; lookups only
	reads := 0
	for _, op := range ops {
		if op.Kind == kindWrite {
			writes[op.Key] = append(writes[op.Key], op)
		}
	}
	for _, ws := range writes {
		slices.SortStableFunc(ws, func(a, b VersionedOp) int { return cmp.Compare(a.Complete, b.Complete) })
	}
	var lines []string
	for _, r := range ops {
		if r.Kind != kindRead {
			continue
		}
		reads++
		if w, stale := newestBefore(writes[r.Key], r); stale {
			lines = append(lines, fmt.Sprintf(
				"%s's read of %s at %s returned %s (version %s), older than %s's write %s=%s (version %s) completed at %s",
				r.Client, r.Key, ms(r.Invoke), shownValue(r.Value), r.Version, w.Client, w.Key, w.Value, w.Version, ms(w.Complete)))
		}
	}
	if len(lines) == 0 && reads == 0 {
		res.OK = true
		res.Detail = "no completed read to check"
		return res
	}
	if len(lines) == 0 {
		res.OK = true
		res.Detail = fmt.Sprintf("all %d reads returned a version at least as new as every write completed before they began", reads)
		return res
	}
	res.Detail = lines[0]
	res.Evidence = capEvidence(lines[1:])
	return res
}

// newestBefore finds, among writes (sorted by completion), the one with the
// highest version completed before read r began, and reports whether r's
// version is older than it.
func newestBefore(writes []VersionedOp, r VersionedOp) (VersionedOp, bool) {
	var best VersionedOp
	found := false
	for _, w := range writes {
		if w.Complete >= r.Invoke {
			break
		}
		if !found || w.Version.Compare(best.Version) > 0 {
			best, found = w, true
		}
	}
	return best, found && r.Version.Compare(best.Version) < 0
}

func shownValue(v string) string {
	if v == "" {
		return "absent"
	}
	return v
}

// ReplicaState is what one replica holds at the end of a run: key ->
// versioned value ("1@n0=x"). Keys absent from KV are absent there.
type ReplicaState struct {
	Node string
	KV   map[string]string
}

// ReplicaConvergence checks eventual convergence of a multi-key store's
// replicas (Converged does it for one state per node): at the end every
// replica holds the same value (and version) for every key any of them
// holds. Like Converged it judges the end state, as a safety check: the
// replicas that still disagree when the run ends have not converged. holders,
// if not nil, names the replicas that should hold a key (a preference
// list); other replicas are not compared on it.
func ReplicaConvergence(states []ReplicaState, holders func(key string) []string) Result {
	res := Result{Name: CheckConvergence, Safety: true}
	keys := unionKeys(states)
	var lines []string
	for _, k := range keys {
		var held []string
		first, differ := "", false
		for _, s := range states {
			if holders != nil && !slices.Contains(holders(k), s.Node) {
				continue
			}
			v, ok := s.KV[k]
			if !ok {
				v = "absent"
			}
			if len(held) == 0 {
				first = v
			}
			differ = differ || v != first
			held = append(held, s.Node+": "+v)
		}
		if differ {
			lines = append(lines, fmt.Sprintf("key %s differs: %s", k, strings.Join(held, ", ")))
		}
	}
	if len(lines) == 0 {
		res.OK = true
		res.Detail = fmt.Sprintf("all %d replicas hold the same version of each of %d keys", len(states), len(keys))
		return res
	}
	res.Detail = fmt.Sprintf("%d of %d keys differ across replicas at the end; first: %s", len(lines), len(keys), lines[0])
	res.Evidence = capEvidence(lines[1:])
	return res
}

func unionKeys(states []ReplicaState) []string {
	seen := map[string]bool{}
	var keys []string
	for _, s := range states {
		for k := range s.KV {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys) // map order must not reach the output
	return keys
}

// AESession is one anti-entropy exchange between two replicas: the bytes
// both sides sent, and what a full sync (one side sending every entry it
// shares with the other) would have sent instead.
type AESession struct {
	ID        string
	Start     time.Duration
	Bytes     int // everything both sides sent: hashes, entries, headers
	FullBytes int // one-way full sync of the initiator's shared entries
	Leaves    int // differing leaves found (0: trees matched)
	Entries   int // entries sent
}

// AntiEntropyBytes checks that Merkle-tree anti-entropy is cheap where it
// matters: the sessions that found differences together sent at most
// budgetPercent of the bytes full syncs would have in those sessions. It is
// a liveness-class result (a cost, not a safety property). The Detail
// carries the figure reports quote.
func AntiEntropyBytes(sessions []AESession, budgetPercent int) Result {
	res := Result{Name: "anti-entropy"}
	all, repairing, repairBytes, fullBytes, entries := 0, 0, 0, 0, 0
	oneFull := 0
	for _, s := range sessions {
		all += s.Bytes
		oneFull = max(oneFull, s.FullBytes)
		if s.Leaves > 0 {
			repairing++
			repairBytes += s.Bytes
			fullBytes += s.FullBytes
			entries += s.Entries
		}
	}
	if repairing == 0 {
		res.Detail = fmt.Sprintf("no anti-entropy session found a difference (%d sessions, %s bytes)", len(sessions), commas(all))
		return res
	}
	pct := 100 * float64(repairBytes) / float64(fullBytes)
	res.OK = repairBytes*100 <= fullBytes*budgetPercent
	who, full := fmt.Sprintf("the %d anti-entropy sessions", repairing), "full syncs"
	if repairing == 1 {
		who, full = "the anti-entropy session", "a full sync"
	}
	res.Detail = fmt.Sprintf("%s that found differences sent %s bytes (%d entries) vs %s for %s (%.1f%%, budget %d%%)",
		who, commas(repairBytes), entries, commas(fullBytes), full, pct, budgetPercent)
	res.Evidence = []string{fmt.Sprintf("all %d sessions sent %s bytes; one full sync is %s bytes", len(sessions), commas(all), commas(oneFull))}
	return res
}

// commas renders 96000 as "96,000" so byte counts read at a glance.
func commas(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
