package check

import (
	"fmt"
	"strconv"
	"strings"
)

// seqStatesMax bounds the sequential-consistency search. Deciding
// sequential consistency is NP-complete (Gibbons and Korach, 1997), so the
// search visits at most this many distinct states and then answers
// "unknown" rather than run for ever; the histories of our scenarios need
// a few hundred.
const seqStatesMax = 200_000

// SequentialConsistency checks that one total order of all operations
// exists that keeps every session's order and in which every read returns
// the latest write before it (Lamport, 1979) — linearizability without
// real time. Why not porcupine: it encodes order as real-time intervals,
// and a union of independent session chains is not an interval order, so
// it cannot express "session order only". Instead a depth-first search
// over the sessions' next operations, on the whole multi-key history (SC
// is not local: per-key answers would not compose). It stays small
// because a read that is legal now can always be taken at once (a value,
// once overwritten, never comes back when written values are unique), a
// read whose value is gone kills the branch, and failed states are
// remembered; only writes are branched on. Writes with an unknown outcome
// may be placed or left out. Past seqStatesMax states the answer is
// "unknown": a failed non-safety Result, like a porcupine timeout.
func SequentialConsistency(h History) Result { return sequentialConsistency(h, seqStatesMax) }

// sequentialConsistency is SequentialConsistency with the state bound as a
// parameter, so a test can force the "unknown" path.
func sequentialConsistency(h History, statesMax int) Result {
	g, p := buildGraph(h, CheckSequential)
	if p != nil {
		return p.result()
	}
	s := &seqSearch{g: g, statesMax: statesMax, pos: make([]int, len(g.sessions)), cur: map[string]int{}, failed: map[string]bool{}}
	ok := s.run()
	res := Result{Name: CheckSequential, Safety: true, OK: ok}
	switch {
	case ok:
		res.Detail = fmt.Sprintf("%d operations over %d sessions have a sequential order (%d search states)",
			len(g.ops), len(g.sessions), s.states)
	case s.gaveUp:
		res.Safety = false
		res.Detail = fmt.Sprintf("unknown: the search gave up after %d states on %d operations over %d sessions",
			s.states, len(g.ops), len(g.sessions))
	default:
		res.Detail = fmt.Sprintf("no order of the %d operations that keeps each session's order explains every read; the deepest attempt placed %d and then %s",
			len(g.ops), s.deepest, s.stuck)
	}
	return res
}

// seqSearch is the state of one search. pos and cur change as the search
// descends and are restored as it backtracks.
type seqSearch struct {
	g         *graph
	statesMax int
	pos       []int          // per session: index of its next operation
	cur       map[string]int // key -> the write whose value it holds now (absent: initial)
	failed    map[string]bool
	states    int
	gaveUp    bool
	placed    int
	// deepest and stuck describe the longest prefix placed, for the Detail.
	deepest int
	stuck   string
}

// run reports whether the remaining operations can be ordered.
func (s *seqSearch) run() bool {
	taken := s.takeReads()
	defer s.untake(taken)
	if s.placed > s.deepest || s.stuck == "" {
		s.deepest, s.stuck = s.placed, s.blocked()
	}
	if s.placed == len(s.g.ops) {
		return true
	}
	key := s.key()
	if s.failed[key] || s.dead() {
		return false
	}
	if s.states++; s.states > s.statesMax {
		s.gaveUp = true
		return false
	}
	for sess, ids := range s.g.sessions {
		if s.pos[sess] == len(ids) || s.g.ops[ids[s.pos[sess]]].Kind != kindWrite {
			continue
		}
		if s.tryWrite(sess, ids[s.pos[sess]]) {
			return true
		}
		if s.gaveUp {
			return false
		}
	}
	s.failed[key] = true
	return false
}

// tryWrite places write w (the next op of session sess) and searches on;
// a write of unknown outcome is also tried left out.
func (s *seqSearch) tryWrite(sess, w int) bool {
	o := s.g.ops[w]
	prev, had := s.cur[o.Key]
	s.cur[o.Key] = w
	s.pos[sess]++
	s.placed++
	ok := s.run()
	if had {
		s.cur[o.Key] = prev
	} else {
		delete(s.cur, o.Key)
	}
	if ok || s.gaveUp || o.Outcome != Unknown {
		s.pos[sess]--
		s.placed--
		return ok
	}
	ok = s.run() // left out: it never took effect
	s.pos[sess]--
	s.placed--
	return ok
}

// takeReads places every session-next read that returns the current
// value, repeatedly; it returns the sessions advanced, to undo.
func (s *seqSearch) takeReads() []int {
	var taken []int
	for progress := true; progress; {
		progress = false
		for sess, ids := range s.g.sessions {
			for s.pos[sess] < len(ids) && s.readable(ids[s.pos[sess]]) {
				s.pos[sess]++
				s.placed++
				taken = append(taken, sess)
				progress = true
			}
		}
	}
	return taken
}

func (s *seqSearch) untake(taken []int) {
	for _, sess := range taken {
		s.pos[sess]--
		s.placed--
	}
}

// readable reports an op that is a read of the current value.
func (s *seqSearch) readable(i int) bool {
	o := s.g.ops[i]
	if o.Kind != kindRead {
		return false
	}
	w, ok := s.cur[o.Key]
	if !ok {
		w = -1
	}
	return o.from == w
}

// dead reports a state no order can finish: some session's next read
// wants a value already overwritten (its write is placed, or it wants the
// initial value of a key written since).
func (s *seqSearch) dead() bool {
	for sess, ids := range s.g.sessions {
		if s.pos[sess] == len(ids) {
			continue
		}
		o := s.g.ops[ids[s.pos[sess]]]
		if o.Kind != kindRead {
			continue
		}
		if o.from < 0 {
			return true // the key is written (else the read was readable)
		}
		if s.placedWrite(o.from) {
			return true
		}
	}
	return false
}

// placedWrite reports whether write w is already placed (its session has
// moved past it); a left-out unknown write counts as placed, since it can
// no longer be.
func (s *seqSearch) placedWrite(w int) bool {
	ids := s.g.sessions[s.g.ops[w].session]
	return s.pos[s.g.ops[w].session] > 0 && indexOf(ids, w) < s.pos[s.g.ops[w].session]
}

func indexOf(ids []int, x int) int {
	for i, v := range ids {
		if v == x {
			return i
		}
	}
	return -1
}

// key is the memo key: every session's position and every key's value.
func (s *seqSearch) key() string {
	var b strings.Builder
	for _, p := range s.pos {
		b.WriteString(strconv.Itoa(p))
		b.WriteByte(',')
	}
	for _, k := range consistencyKeys(s.cur) {
		b.WriteString(k + "=" + strconv.Itoa(s.cur[k]) + ";")
	}
	return b.String()
}

// blocked names the reads waiting at the sessions' heads, for the Detail.
func (s *seqSearch) blocked() string {
	var parts []string
	for sess, ids := range s.g.sessions {
		if s.pos[sess] < len(ids) && s.g.ops[ids[s.pos[sess]]].Kind == kindRead {
			i := ids[s.pos[sess]]
			parts = append(parts, s.g.text(i)+" (written by "+s.g.source(i)+") could not be placed")
		}
	}
	if len(parts) == 0 {
		return "every remaining order failed"
	}
	if len(parts) > 3 {
		parts = append(parts[:3], "...")
	}
	return strings.Join(parts, "; ")
}
