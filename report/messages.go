package report

import (
	"strings"
	"time"

	"simrun/sim"
)

// arrow is one copy of a message as the diagram draws it: from a send to
// its delivery, or to where it was lost.
type arrow struct {
	From, To string
	Sent     time.Duration
	Recv     time.Duration
	// SentBefore: sent before the cut (the arrow starts at the left edge).
	SentBefore bool
	// Fate is "" for a plain copy, else duplicate, corrupt, forge or replay.
	Fate string
	// Dropped is the reason a copy never arrived ("partition", "loss",
	// "down: ..."); DroppedAtRecv says it reached a node that was down.
	Dropped       string
	DroppedAtRecv bool
	// Delivered is false for a copy still in flight at the cut.
	Delivered bool
	Text      string
}

type pairKey struct{ from, to, text string }
type fateKey struct{ to, fate, text string }

// isFate reports whether kind is a copy's fate recorded right after its send.
func isFate(kind string) bool {
	switch kind {
	case "duplicate", "corrupt", "forge", "replay":
		return true
	}
	return false
}

// matchMessages pairs each send with its delivery. The trace has no
// message ids, so a delivery is matched to the oldest unmatched send with
// the same sender, receiver and text (identical messages are
// interchangeable in the picture); copies with a fate are recorded right
// after their send, and their deliveries ("deliver-duplicate", ...) are
// matched by receiver, fate and text, since a forged copy names a false
// sender.
func matchMessages(recs []sim.Record) []arrow {
	var out []arrow
	pending := map[pairKey][]int{}
	pendingFate := map[fateKey][]int{}
	last := -1 // the send whose drop and fate records may follow
	pop := func(q map[pairKey][]int, k pairKey) int {
		l := q[k]
		if len(l) == 0 {
			return -1
		}
		q[k] = l[1:]
		return l[0]
	}
	for _, r := range recs {
		switch {
		case r.Kind == "send":
			out = append(out, arrow{From: r.Node, To: r.Peer, Sent: r.Time, Text: r.Text})
			last = len(out) - 1
			k := pairKey{r.Node, r.Peer, r.Text}
			pending[k] = append(pending[k], last)
			continue
		case r.Kind == "drop" && last >= 0 && !strings.HasPrefix(r.Text, "down: "):
			a := &out[last]
			a.Dropped = r.Text
			k := pairKey{a.From, a.To, a.Text}
			pending[k] = pending[k][:len(pending[k])-1]
		case isFate(r.Kind) && last >= 0:
			s := out[last]
			out = append(out, arrow{From: s.From, To: s.To, Sent: s.Sent, Fate: r.Kind, Text: r.Text})
			k := fateKey{s.To, r.Kind, r.Text}
			pendingFate[k] = append(pendingFate[k], len(out)-1)
			continue
		case r.Kind == "drop":
			text := strings.TrimPrefix(r.Text, "down: ")
			i := pop(pending, pairKey{r.Peer, r.Node, text})
			if i < 0 {
				out = append(out, arrow{From: r.Peer, To: r.Node, SentBefore: true, Text: text})
				i = len(out) - 1
			}
			out[i].Dropped, out[i].DroppedAtRecv, out[i].Recv = "receiver down", true, r.Time
		case r.Kind == "deliver" || strings.HasPrefix(r.Kind, "deliver-"):
			deliver(&out, pending, pendingFate, r)
		}
		last = -1
	}
	return out
}

// deliver ends the arrow a delivery record belongs to, or starts one at
// the cut when its send came before it.
func deliver(out *[]arrow, pending map[pairKey][]int, pendingFate map[fateKey][]int, r sim.Record) {
	fate := strings.TrimPrefix(strings.TrimPrefix(r.Kind, "deliver"), "-")
	i := -1
	if fate == "" {
		if l := pending[pairKey{r.Peer, r.Node, r.Text}]; len(l) > 0 {
			i, pending[pairKey{r.Peer, r.Node, r.Text}] = l[0], l[1:]
		}
	} else if l := pendingFate[fateKey{r.Node, fate, r.Text}]; len(l) > 0 {
		i, pendingFate[fateKey{r.Node, fate, r.Text}] = l[0], l[1:]
	}
	if i < 0 {
		*out = append(*out, arrow{From: r.Peer, To: r.Node, SentBefore: true, Fate: fate, Text: r.Text})
		i = len(*out) - 1
	}
	(*out)[i].Recv, (*out)[i].Delivered = r.Time, true
}
