package report

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"simrun/check"
)

// Arrow colours: between servers, and to or from a client.
const (
	colServerMsg = "#3a5f8f"
	colClientMsg = "#2e8b57"
	colDropped   = "#c62828"
	colDuplicate = "#e08a00"
	colTampered  = "#8e24aa"
	colInFlight  = "#999999"
)

// arrows draws every message copy in the cut.
func (d *diagram) arrows() {
	clients := map[string]bool{}
	for _, name := range d.l.Lanes[len(d.l.Lanes)-d.l.Clients:] {
		clients[name] = true
	}
	for _, a := range matchMessages(d.l.Cut.Records) {
		d.arrow(a, clients[a.From] || clients[a.To])
	}
}

// laneY is a member's lane, or just above the lanes for a sender that has
// none (the operator).
func (d *diagram) laneY(name string) float64 {
	if y, ok := d.lane[name]; ok {
		return y
	}
	return lmTop + 2
}

func (d *diagram) arrow(a arrow, client bool) {
	x0, y0, y1 := lmLeft, d.laneY(a.From), d.laneY(a.To)
	_, fromLane := d.lane[a.From]
	switch {
	case !fromLane && a.Delivered:
		// Injected by the operator: an arrow straight down from above.
		x0 = d.x(a.Recv)
	case !a.SentBefore:
		x0 = d.x(a.Sent)
	}
	colour, class, dash, head := colServerMsg, "msg", "", true
	if client {
		colour = colClientMsg
	}
	var x1 float64
	title := fmt.Sprintf("%s → %s sent %s: %s", a.From, a.To, check.Millis(a.Sent), a.Text)
	if a.SentBefore {
		title = fmt.Sprintf("%s → %s sent before the cut: %s", a.From, a.To, a.Text)
	}
	if !fromLane {
		title = fmt.Sprintf("%s → %s: %s", a.From, a.To, a.Text)
	}
	switch {
	case a.Dropped != "" && !a.DroppedAtRecv:
		// Lost on the way: half an arrow that ends in a cross.
		colour, class, dash, head = colDropped, "msg dropped", ` stroke-dasharray="4 3"`, false
		x1, y1 = x0+14, y0+(y1-y0)*0.45
		title += " — dropped: " + a.Dropped
	case a.DroppedAtRecv:
		colour, class, dash, head = colDropped, "msg dropped", ` stroke-dasharray="4 3"`, false
		x1 = d.x(a.Recv)
		title += fmt.Sprintf(" — arrived at %s but %s was down", check.Millis(a.Recv), a.To)
	case !a.Delivered:
		colour, class, dash = colInFlight, "msg inflight", ` stroke-dasharray="2 3"`
		x1, y1 = lmLeft+lmWidth, y0+(y1-y0)*0.5
		title += " — still in flight at the end of the cut"
	default:
		x1 = d.x(a.Recv)
		title += " — delivered " + check.Millis(a.Recv)
	}
	if a.Fate != "" {
		class += " " + a.Fate
		colour = colTampered
		if a.Fate == "duplicate" {
			colour = colDuplicate
		}
		title = a.Fate + " copy: " + title
	}
	marker := ""
	if head {
		marker = fmt.Sprintf(` marker-end="url(#lm-head-%s)"`, colour[1:])
	}
	d.w.f(`<g class="%s"><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="1.3"%s%s/>`,
		class, x0, y0, x1, y1, colour, dash, marker)
	if !head {
		d.w.f(`<path d="M%.1f,%.1f l6,6 m0,-6 l-6,6" stroke="%s" stroke-width="2"/>`, x1-3, y1-3, colour)
	}
	if a.Fate != "" {
		d.w.f(`<text x="%.1f" y="%.1f" fill="%s" font-size="9">%s</text>`, x1+3, y1-4, colour, a.Fate)
	}
	d.w.f(`<title>%s</title></g>`+"\n", esc(title))
}

// events draws each observation as a dot on its lane, and rings the
// events that a failed check names.
func (d *diagram) events() {
	for _, r := range d.l.Cut.Records {
		if r.Kind != "observe" {
			continue
		}
		if _, ok := d.lane[r.Node]; !ok {
			continue
		}
		d.w.f(`<circle class="observe" cx="%.1f" cy="%.0f" r="3.2" fill="#444"><title>%s %s at %s: %s</title></circle>`+"\n",
			d.x(r.Time), d.lane[r.Node], esc(r.Node), esc(r.Peer), check.Millis(r.Time), esc(r.Text))
	}
	type spot struct {
		node string
		at   time.Duration
	}
	for _, e := range d.l.Evidence {
		seen := map[spot]bool{}
		for _, r := range d.l.Cut.Records {
			named := r.Kind == "observe" || strings.HasPrefix(r.Kind, "deliver")
			s := spot{r.Node, r.Time}
			if !named || seen[s] || !slices.Contains(e.Lanes, r.Node) || !e.names(r.Time) {
				continue
			}
			seen[s] = true
			d.w.f(`<circle class="evidence" data-check="%s" cx="%.1f" cy="%.0f" r="8" fill="none" stroke="#e00" stroke-width="2.2"><title>%s names %s at %s (%s %s)</title></circle>`+"\n",
				esc(e.Check), d.x(r.Time), d.lane[r.Node], esc(e.Check), esc(r.Node), check.Millis(r.Time), esc(r.Kind), esc(r.Text))
		}
	}
}

// evidenceGuides draws a faint vertical line at each time a failed check
// names, labelled with the checks that name it.
func (d *diagram) evidenceGuides(height float64) {
	by := map[time.Duration][]string{}
	var times []time.Duration
	for _, e := range d.l.Evidence {
		for _, t := range e.Times {
			if t < d.t0 || t > d.t1 {
				continue
			}
			if by[t] == nil {
				times = append(times, t)
			}
			by[t] = append(by[t], e.Check)
		}
	}
	slices.Sort(times)
	for i, t := range times {
		x := d.x(t)
		d.w.f(`<g class="evidence-time"><line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="#e00" stroke-opacity="0.35" stroke-dasharray="3 4"/>`, x, lmTop, x, d.yMax())
		d.w.f(`<text x="%.1f" y="%.0f" fill="#b00" font-size="9" text-anchor="middle">%s</text><title>%s names %s</title></g>`+"\n",
			x, d.yMax()+10+float64(i%3)*10, check.Millis(t), esc(strings.Join(by[t], ", ")), check.Millis(t))
	}
}

// legend explains the marks.
func (d *diagram) legend(height float64) {
	y := height - 75
	items := []struct{ colour, text string }{
		{colServerMsg, "message between servers"},
		{colClientMsg, "request or reply of a client"},
		{colDropped, "dropped (×): partition, loss, or receiver down"},
		{colDuplicate, "duplicate copy"},
		{colTampered, "corrupted, forged or replayed copy"},
		{colInFlight, "in flight at the end of the cut"},
	}
	for i, it := range items {
		x := lmLeft + float64(i%3)*390
		yy := y + float64(i/3)*18
		d.w.f(`<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="%s" stroke-width="2"/><text x="%.0f" y="%.0f">%s</text>`+"\n",
			x, yy, x+26, yy, it.colour, x+32, yy+4, esc(it.text))
	}
	y += 40
	d.w.f(`<circle cx="%.0f" cy="%.0f" r="3.2" fill="#444"/><text x="%.0f" y="%.0f">observation</text>`, lmLeft+8, y, lmLeft+20, y+4)
	d.w.f(`<circle cx="%.0f" cy="%.0f" r="7" fill="none" stroke="#e00" stroke-width="2"/><text x="%.0f" y="%.0f">event on a lane and at a time a failed check names</text>`, lmLeft+128, y, lmLeft+142, y+4)
	d.w.f(`<path d="M%.0f,%.0f l8,8 m0,-8 l-8,8" stroke="#c00" stroke-width="3"/><text x="%.0f" y="%.0f">crash (dashed red lane: down)</text>`, lmLeft+520, y-4, lmLeft+536, y+4)
	d.w.f(`<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#888" stroke-width="7" stroke-opacity="0.6"/><text x="%.0f" y="%.0f">paused</text>`+"\n", lmLeft+760, y, lmLeft+790, y, lmLeft+796, y+4)
	if len(d.l.Evidence) > 0 {
		var parts []string
		for _, e := range d.l.Evidence {
			parts = append(parts, fmt.Sprintf("%s (%s)", e.Check, strings.Join(e.Lanes, ",")))
		}
		d.w.f(`<text x="%.0f" y="%.0f" fill="#b00">failed checks: %s</text>`+"\n", lmLeft, y+22, esc(strings.Join(parts, "; ")))
	}
}

// evidenceSlack is how far an event may be from a time a check names and
// still be the event it means: check.Millis rounds to a tenth of a ms.
const evidenceSlack = 50 * time.Microsecond

// names reports whether t is, after rounding, one of the times e names.
func (e Evidence) names(t time.Duration) bool {
	for _, at := range e.Times {
		if t >= at-evidenceSlack && t <= at+evidenceSlack {
			return true
		}
	}
	return false
}
