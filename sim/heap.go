package sim

import "time"

// eventKey is what the heap orders: 24 bytes, so sifting moves little.
// The event itself stays put in the World's slab at index slot.
type eventKey struct {
	at   time.Duration
	seq  uint64
	slot uint32
}

func (a eventKey) less(b eventKey) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	return a.seq < b.seq
}

// eventHeap is a binary min-heap of eventKeys by (at, seq). It is written
// out rather than built on container/heap, whose interface{} Push boxes
// every element and would allocate on each timer.
type eventHeap []eventKey

func (h *eventHeap) push(k eventKey) {
	*h = append(*h, k)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !s[i].less(s[p]) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

// pop removes and returns the least key. The heap must not be empty.
func (h *eventHeap) pop() eventKey {
	s := *h
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	s = s[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(s) {
			break
		}
		m := l
		if r := l + 1; r < len(s) && s[r].less(s[l]) {
			m = r
		}
		if !s[m].less(s[i]) {
			break
		}
		s[i], s[m] = s[m], s[i]
		i = m
	}
	*h = s
	return top
}
