package check

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
)

// consistencyOpsMax bounds the histories the session and causal checkers
// take: their causal-order closure costs n²/8 bytes and n³/64 word steps,
// about 3 MB and a second at this size. A longer history gets an honest
// "unknown" (a failed non-safety Result), never a guess.
const consistencyOpsMax = 5000

// cop is one operation of the causal graph: an acknowledged operation or a
// write whose outcome is unknown (it may have taken effect, so a read may
// read from it). Failed operations and unknown reads are left out: the
// former did nothing, the latter returned nothing.
type cop struct {
	Op
	id      int // index in graph.ops
	session int // index of its client in session order
	from    int // for reads: the write it read from, -1 = the initial value
	// effective: the op certainly took effect — it was acknowledged, or
	// (an unknown write) some read returned its value. Only effective
	// writes may be held against a read: one that never happened
	// overwrote nothing.
	effective bool
}

// graph is a history prepared for the consistency checkers: operations in
// session order (per client, by invocation) and the causal order co =
// (session order ∪ reads-from)⁺ as one bitset of predecessors per op.
type graph struct {
	ops      []cop
	sessions [][]int // per client (sorted by name): op ids in session order
	// before[i] has bit j set iff op j is causally before op i.
	// Invariant: no op is before itself unless co has a cycle.
	before [][]uint64
	cycle  []int // ops left on a cycle of co, if any (then before is partial)
}

// precedes reports j co i.
func (g *graph) precedes(j, i int) bool { return g.before[i][j/64]&(1<<(j%64)) != 0 }

// graphProblem is why a history cannot be judged at all: too long, thin
// air, or a value written twice (reads-from would be ambiguous).
type graphProblem struct {
	name   string // the checker
	detail string
	safety bool // true when it is a violation (a read from thin air) rather than "unknown"
}

func (p *graphProblem) result() Result {
	return Result{Name: p.name, Safety: p.safety, Detail: p.detail}
}

// buildGraph prepares h for checker name. It fails on a history too long
// to judge, a value written twice to one key, or a read of a value no
// write wrote (a violation of every consistency model).
func buildGraph(h History, name string) (*graph, *graphProblem) {
	g := &graph{}
	byClient := map[string][]Op{}
	for _, op := range h {
		op.mustValid()
		if op.Outcome == Fail || (op.Outcome == Unknown && op.Kind == kindRead) {
			continue
		}
		byClient[op.Client] = append(byClient[op.Client], op)
	}
	for s, c := range consistencyKeys(byClient) {
		ops := byClient[c]
		slices.SortStableFunc(ops, func(a, b Op) int { return cmp.Compare(a.Invoke, b.Invoke) })
		var ids []int
		for _, op := range ops {
			ids = append(ids, len(g.ops))
			g.ops = append(g.ops, cop{Op: op, id: len(g.ops), session: s, from: -1, effective: op.Outcome == OK})
		}
		g.sessions = append(g.sessions, ids)
	}
	if len(g.ops) > consistencyOpsMax {
		return nil, &graphProblem{name: name, detail: fmt.Sprintf(
			"unknown: %d operations exceed the bound of %d this checker judges", len(g.ops), consistencyOpsMax)}
	}
	if p := g.resolveReads(name); p != nil {
		return nil, p
	}
	g.closure()
	return g, nil
}

// resolveReads points every read at the write it read from. Values are
// unique per key in our workloads, which is what makes this unambiguous.
func (g *graph) resolveReads(name string) *graphProblem {
	writer := map[[2]string]int{} // (key, value) -> write id; lookups only
	for _, o := range g.ops {
		if o.Kind != kindWrite {
			continue
		}
		kv := [2]string{o.Key, o.Value}
		if w, dup := writer[kv]; dup {
			return &graphProblem{name: name, detail: fmt.Sprintf("unknown: %s and %s write the same value, so reads-from is ambiguous",
				g.text(w), g.text(o.id))}
		}
		writer[kv] = o.id
	}
	for i, o := range g.ops {
		if o.Kind != kindRead || o.Output == "" {
			continue
		}
		w, ok := writer[[2]string{o.Key, o.Output}]
		if !ok {
			return &graphProblem{name: name, safety: true, detail: fmt.Sprintf(
				"%s returned a value no write wrote (out of thin air)", g.text(i))}
		}
		g.ops[i].from = w
		g.ops[w].effective = true
	}
	return nil
}

// closure computes before[] in a topological order of session order plus
// reads-from (Kahn's algorithm); ops it cannot order lie on a cycle.
func (g *graph) closure() {
	n := len(g.ops)
	words := (n + 63) / 64
	succ := make([][]int, n)
	indeg := make([]int, n)
	edge := func(a, b int) { succ[a] = append(succ[a], b); indeg[b]++ }
	for _, ids := range g.sessions {
		for k := 1; k < len(ids); k++ {
			edge(ids[k-1], ids[k])
		}
	}
	for _, o := range g.ops {
		if o.Kind == kindRead && o.from >= 0 {
			edge(o.from, o.id)
		}
	}
	g.before = make([][]uint64, n)
	for i := range g.before {
		g.before[i] = make([]uint64, words)
	}
	var queue []int
	for i := range n {
		if indeg[i] == 0 {
			queue = append(queue, i)
		}
	}
	done := 0
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		done++
		for _, v := range succ[u] {
			for w := range words {
				g.before[v][w] |= g.before[u][w]
			}
			g.before[v][u/64] |= 1 << (u % 64)
			if indeg[v]--; indeg[v] == 0 {
				queue = append(queue, v)
			}
		}
	}
	if done < n {
		for i := range n {
			if indeg[i] > 0 {
				g.cycle = append(g.cycle, i)
			}
		}
	}
}

// countBefore is how many ops are causally before op i (for Details).
func (g *graph) countBefore(i int) int {
	c := 0
	for _, w := range g.before[i] {
		c += bits.OnesCount64(w)
	}
	return c
}

// text names an op for a Detail: "c1 read x=1 at 350ms".
func (g *graph) text(i int) string {
	o := g.ops[i]
	switch {
	case o.Kind == kindWrite:
		s := fmt.Sprintf("%s's write %s=%s at %s", o.Client, o.Key, o.Value, Millis(o.Invoke))
		if o.Outcome == Unknown {
			s += " (outcome unknown)"
		}
		return s
	case o.Output == "":
		return fmt.Sprintf("%s's read of %s at %s (absent)", o.Client, o.Key, Millis(o.Invoke))
	}
	return fmt.Sprintf("%s's read %s=%s at %s", o.Client, o.Key, o.Output, Millis(o.Invoke))
}

// source names what read i read from.
func (g *graph) source(i int) string {
	if f := g.ops[i].from; f >= 0 {
		return g.text(f)
	}
	return "the initial (absent) value"
}

// older reports whether a read that returned from (-1 = initial) missed
// write w: w took effect, and the read returned the initial value or a
// different write causally before w, which w overwrites for anyone who has
// seen w.
func (g *graph) older(from, w int) bool {
	return g.ops[w].effective && from != w && (from < 0 || g.precedes(from, w))
}

// judge runs bad, a finder of violations over a prepared graph, and turns
// its lines into a Result; ok describes a pass. With cycles set, a cycle
// of the causal order is itself the violation; the session guarantees
// leave cycles to causal consistency and judge the acyclic part (the
// closure then lacks edges, so they can miss a violation but never
// invent one).
func judge(h History, name string, cycles bool, bad func(g *graph) []string, ok string) Result {
	g, p := buildGraph(h, name)
	if p != nil {
		return p.result()
	}
	res := Result{Name: name, Safety: true}
	var lines []string
	if cycles && len(g.cycle) > 0 {
		lines = append(lines, fmt.Sprintf("causal order has a cycle through %d operations, e.g. %s and %s: a read saw a write that itself came after it",
			len(g.cycle), g.text(g.cycle[0]), g.text(g.cycle[len(g.cycle)-1])))
	} else {
		lines = bad(g)
	}
	if len(lines) == 0 {
		res.OK = true
		res.Detail = fmt.Sprintf(ok, len(g.ops), len(g.sessions))
		return res
	}
	res.Detail = lines[0]
	if len(lines) > 1 {
		res.Detail += fmt.Sprintf(" (%d violations in all)", len(lines))
	}
	res.Evidence = capEvidence(lines)
	return res
}
