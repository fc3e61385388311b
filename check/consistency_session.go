package check

import "fmt"

// The checkers in this file judge a KV history against a consistency
// model weaker than linearizability. They share one preparation (graph):
// sessions are clients, session order is invocation order within a
// client, reads-from is unambiguous because written values are unique per
// key, and the causal order co is (session order ∪ reads-from)⁺. Each is
// polynomial (the closure is the cost) and bounded by consistencyOpsMax.
// A read "misses" a write w when it returns the initial value or another
// write causally before w: whoever has seen w must not see what w
// overwrote. Only writes that certainly took effect are held against a
// read: acknowledged ones, and those of unknown outcome that some read
// returned (from their place in session order on).

// CausalConsistency checks causal consistency in the sense of Bouajjani,
// Enea, Guerraoui and Hamza ("On verifying causal consistency", POPL 2017)
// for unique-valued histories: no read from thin air, no cycle in co, no
// read of the initial value of a key after (in co) a write to it, and no
// read from w1 when another write w2 to the key has w1 co w2 co read.
// These bad patterns are exactly the violations of CC, so the check is
// complete and sound for such histories.
func CausalConsistency(h History) Result {
	return judge(h, CheckCausal, true, func(g *graph) []string {
		var lines []string
		for r, o := range g.ops {
			if o.Kind != kindRead {
				continue
			}
			for w, ow := range g.ops {
				if ow.Kind == kindWrite && ow.Key == o.Key && g.precedes(w, r) && g.older(o.from, w) {
					lines = append(lines, fmt.Sprintf("%s returned %s, although %s is causally before it and overwrote that",
						g.text(r), g.source(r), g.text(w)))
					break
				}
			}
		}
		return lines
	}, "%d operations over %d sessions are causally consistent (session order plus reads-from)")
}

// ReadYourWrites checks that a session's read of a key never misses the
// session's own earlier write to that key (Terry et al., "Session
// guarantees for weakly consistent replicated data", 1994).
func ReadYourWrites(h History) Result {
	return judge(h, CheckReadYourWrites, false, func(g *graph) []string {
		var lines []string
		for _, ids := range g.sessions {
			last := map[string]int{} // key -> the session's latest write; lookups only
			for _, i := range ids {
				o := g.ops[i]
				if o.Kind == kindWrite {
					last[o.Key] = i
					continue
				}
				if w, ok := last[o.Key]; ok && g.older(o.from, w) {
					lines = append(lines, fmt.Sprintf("%s returned %s, not its own earlier %s", g.text(i), g.source(i), g.text(w)))
				}
			}
		}
		return lines
	}, "in %d operations over %d sessions, every read saw the session's own earlier writes")
}

// MonotonicReads checks that once a session has read a write of a key, its
// later reads of that key never return something the write overwrote.
func MonotonicReads(h History) Result {
	return judge(h, CheckMonotonicReads, false, func(g *graph) []string {
		var lines []string
		for _, ids := range g.sessions {
			seen := map[string]int{} // key -> the session's latest read of it; lookups only
			for _, i := range ids {
				o := g.ops[i]
				if o.Kind != kindRead {
					continue
				}
				if prev, ok := seen[o.Key]; ok {
					if w := g.ops[prev].from; w >= 0 && g.older(o.from, w) {
						lines = append(lines, fmt.Sprintf("%s returned %s, older than %s its earlier read saw",
							g.text(i), g.source(i), g.text(w)))
					}
				}
				seen[o.Key] = i
			}
		}
		return lines
	}, "in %d operations over %d sessions, no session's reads went back in time")
}

// MonotonicWrites checks that a session's writes are seen in the order it
// made them: once any session has read a write w2, its later reads of the
// key of an earlier write w1 of w2's session must not miss w1. It covers
// writes to different keys too (x=1 then y=1: whoever sees y=1 must then
// see x=1 or newer).
func MonotonicWrites(h History) Result {
	return judge(h, CheckMonotonicWrites, false, func(g *graph) []string {
		var lines []string
		for _, ids := range g.sessions {
			// must: key -> the newest earlier write of a seen write's
			// session to that key, i.e. what reads of key must not miss.
			must := map[string]int{}
			for _, i := range ids {
				o := g.ops[i]
				if o.Kind != kindRead {
					continue
				}
				if w1, ok := must[o.Key]; ok && g.older(o.from, w1) {
					lines = append(lines, fmt.Sprintf("%s returned %s, missing %s, which its writer made before a write this session had already seen",
						g.text(i), g.source(i), g.text(w1)))
				}
				if o.from >= 0 {
					g.earlierWrites(o.from, must)
				}
			}
		}
		return lines
	}, "in %d operations over %d sessions, every session saw each writer's writes in order")
}

// earlierWrites records in must, per key, the latest write of w's session
// made before w, keeping the later of it and what must already holds.
func (g *graph) earlierWrites(w int, must map[string]int) {
	ids := g.sessions[g.ops[w].session]
	for _, j := range ids {
		if j == w {
			return
		}
		o := g.ops[j]
		if o.Kind != kindWrite {
			continue
		}
		if prev, ok := must[o.Key]; !ok || g.precedes(prev, j) {
			must[o.Key] = j
		}
	}
}
