package report

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"simrun/check"
	"simrun/faults"
	"simrun/sim"
)

// LamportBudget bounds the trace records one diagram draws: past a few
// hundred messages a space-time diagram is ink, not information.
const LamportBudget = 600

// Lamport is what the space-time diagram draws.
type Lamport struct {
	// Lanes are the servers then the clients, top to bottom; the last
	// Clients of them are clients.
	Lanes   []string
	Clients int
	// Cut is the part of the trace drawn; Cut.Records is empty when the
	// run stored no trace.
	Cut      traceCut
	HasTrace bool
	Windows  []faults.Window
	// Evidence lists, per failed check, the times and members it names.
	Evidence []Evidence
}

// Evidence is what a failed check's detail names: its times and the lanes
// it mentions. The diagram rings the events on those lanes at those times:
// a plain reading of the words, no deeper than that.
type Evidence struct {
	Check string
	Times []time.Duration
	Lanes []string
}

// timeRe finds times in a check's detail ("at 130ms", "[210ms, 620ms]").
var timeRe = regexp.MustCompile(`\b\d+(\.\d+)?(ns|µs|us|ms|s)\b`)

// EvidenceOf reads the times and lane names that failed checks mention.
func EvidenceOf(checks []check.Result, lanes []string) []Evidence {
	var out []Evidence
	for _, c := range checks {
		if c.OK {
			continue
		}
		text := c.Detail + " " + strings.Join(c.Evidence, " ")
		e := Evidence{Check: c.Name}
		for _, m := range timeRe.FindAllString(text, -1) {
			if d, err := time.ParseDuration(m); err == nil && !slices.Contains(e.Times, d) {
				e.Times = append(e.Times, d)
			}
		}
		slices.Sort(e.Times)
		for _, l := range lanes {
			if regexp.MustCompile(`\b` + regexp.QuoteMeta(l) + `\b`).MatchString(text) {
				e.Lanes = append(e.Lanes, l)
			}
		}
		out = append(out, e)
	}
	return out
}

// Focus is the earliest time a failed check names, where the diagram
// starts looking (0 when nothing failed).
func Focus(ev []Evidence) time.Duration {
	focus := time.Duration(-1)
	for _, e := range ev {
		for _, t := range e.Times {
			if focus < 0 || t < focus {
				focus = t
			}
		}
	}
	return max(focus, 0)
}

// Layout of the diagram, in SVG user units (px).
const (
	lmLeft    = 70.0
	lmWidth   = 1180.0
	lmTop     = 92.0
	lmLaneGap = 64.0
	lmBottom  = 150.0
)

// svgw accumulates SVG text; esc makes any string safe in text and
// attributes.
type svgw struct{ bytes.Buffer }

func (w *svgw) f(format string, a ...any) { fmt.Fprintf(&w.Buffer, format, a...) }
func esc(s string) string                 { return html.EscapeString(s) }

// SVG renders the diagram.
func (l *Lamport) SVG() []byte {
	recs := l.Cut.Records
	t0, t1 := time.Duration(0), time.Duration(0)
	for i, r := range recs { // a trace is in time order; min/max is for hand-made ones
		if i == 0 || r.Time < t0 {
			t0 = r.Time
		}
		t1 = max(t1, r.Time)
	}
	if t1 <= t0 {
		t1 = t0 + time.Millisecond
	}
	d := &diagram{l: l, t0: t0, t1: t1, lane: map[string]float64{}}
	for i, name := range l.Lanes {
		d.lane[name] = lmTop + 20 + float64(i)*lmLaneGap
	}
	height := lmTop + 20 + float64(len(l.Lanes)-1)*lmLaneGap + lmBottom
	w := &d.w
	w.f(`<svg xmlns="http://www.w3.org/2000/svg" class="lamport" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif" font-size="11">`+"\n",
		lmLeft+lmWidth+30, height, lmLeft+lmWidth+30, height)
	w.f("<defs>")
	for _, c := range []string{colServerMsg, colClientMsg, colDuplicate, colTampered, colInFlight} {
		w.f(`<marker id="lm-head-%s" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker>`, c[1:], c)
	}
	w.f("</defs>\n")
	w.f(`<rect x="0" y="0" width="100%%" height="100%%" fill="white"/>` + "\n")
	d.header()
	d.bands(height)
	d.lanes()
	if len(recs) > 0 {
		d.nodeFaults()
		d.arrows()
		d.events()
		d.evidenceGuides(height)
	}
	d.legend(height)
	w.f("</svg>\n")
	return w.Bytes()
}

// diagram is one rendering in progress.
type diagram struct {
	l      *Lamport
	w      svgw
	t0, t1 time.Duration
	lane   map[string]float64
}

func (d *diagram) x(t time.Duration) float64 {
	return lmLeft + float64(t-d.t0)/float64(d.t1-d.t0)*lmWidth
}

func (d *diagram) yMax() float64 { return lmTop + 20 + float64(len(d.l.Lanes)-1)*lmLaneGap + 20 }

// header states what the picture shows and what it cut.
func (d *diagram) header() {
	w, c := &d.w, d.l.Cut
	w.f(`<text x="%.0f" y="22" font-size="15" font-weight="bold">Lamport diagram: one lane per node and client, messages from send to delivery</text>`+"\n", lmLeft)
	cut := "no trace stored for this run: lanes only (run with --out to record trace.jsonl)"
	if d.l.HasTrace {
		cut = fmt.Sprintf("showing trace records %d–%d of %d (t=%s … %s)", c.First, c.First+len(c.Records)-1, c.Total, check.Millis(d.t0), check.Millis(d.t1))
		if len(c.Records) < c.Total {
			cut += fmt.Sprintf("; cut to %d records around %s; the full trace is trace.jsonl", LamportBudget, c.Why)
		} else {
			cut += ": the whole run"
		}
	}
	w.f(`<text class="cut" x="%.0f" y="42" fill="#444">%s</text>`+"\n", lmLeft, esc(cut))
	w.f(`<text x="%.0f" y="60" fill="#666">timers are not drawn; hover an arrow or a dot for the message or fact</text>`+"\n", lmLeft)
	// Time axis: round ticks, about ten of them.
	step := roundStep((d.t1 - d.t0) / 10)
	for t := (d.t0 + step - 1) / step * step; t <= d.t1; t += step {
		w.f(`<text x="%.1f" y="%.0f" text-anchor="middle" fill="#666" font-size="10">%s</text>`+"\n", d.x(t), lmTop-8, tickText(t, d.t1))
	}
}

// roundStep is the least of 1, 2 or 5 times a power of ten nanoseconds
// that is at least d.
func roundStep(d time.Duration) time.Duration {
	for p := time.Duration(1); ; p *= 10 {
		for _, m := range []time.Duration{1, 2, 5} {
			if m*p >= d {
				return m * p
			}
		}
	}
}

// tickText labels a time in ms, or in seconds once the diagram reaches
// ten seconds, where ms labels grow too long to read.
func tickText(t, end time.Duration) string {
	if end >= 10*time.Second {
		return strconv.FormatFloat(t.Seconds(), 'f', -1, 64) + "s"
	}
	return check.Millis(t)
}

// bands shades each fault window that overlaps the cut, across every lane.
func (d *diagram) bands(height float64) {
	for _, win := range d.l.Windows {
		end := win.End
		if end == faults.Open {
			end = d.t1
		}
		if end < d.t0 || win.Start > d.t1 {
			continue
		}
		x0, x1 := d.x(max(win.Start, d.t0)), d.x(min(end, d.t1))
		x1 = max(x1, x0+2)
		d.w.f(`<g class="fault" data-kind="%s"><rect x="%.1f" y="%.0f" width="%.1f" height="%.1f" fill="%s" fill-opacity="0.55"><title>%s</title></rect>`,
			esc(string(win.Kind)), x0, lmTop-4, x1-x0, d.yMax()-lmTop+4, FaultFill(win.Kind), esc(win.Text))
		d.w.f(`<text x="%.1f" y="%.0f" fill="#7a4a10" font-size="10">%s</text></g>`+"\n", x0+3, lmTop+6, esc(win.Text))
	}
}

// lanes draws one horizontal line per node and client.
func (d *diagram) lanes() {
	for _, name := range d.l.Lanes {
		y := d.lane[name]
		d.w.f(`<g class="lane" data-name="%s"><line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#333" stroke-width="1.2"/><text x="%.0f" y="%.0f" text-anchor="end" font-weight="bold" font-size="13">%s</text></g>`+"\n",
			esc(name), lmLeft, y, lmLeft+lmWidth, y, lmLeft-10, y+4, esc(name))
	}
}

// nodeFaults draws crashes (red ×, a red dashed lane until the restart)
// and pauses (a thick grey stretch until the resume) on their lanes.
func (d *diagram) nodeFaults() {
	down := map[string]time.Duration{}
	paused := map[string]time.Duration{}
	segment := func(name string, from, to time.Duration, style string) {
		y := d.lane[name]
		d.w.f(`<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" %s/>`+"\n", d.x(from), y, d.x(to), y, style)
	}
	for _, r := range d.l.Cut.Records {
		if _, ok := d.lane[r.Node]; !ok {
			continue
		}
		switch r.Kind {
		case "crash":
			down[r.Node] = r.Time
			x, y := d.x(r.Time), d.lane[r.Node]
			d.w.f(`<g class="crash"><path d="M%.1f,%.1f l10,10 m0,-10 l-10,10" stroke="#c00" stroke-width="3"/><title>%s crashed at %s %s</title></g>`+"\n",
				x-5, y-5, esc(r.Node), check.Millis(r.Time), esc(r.Text))
		case "restart":
			segment(r.Node, down[r.Node], r.Time, `stroke="#c00" stroke-width="2" stroke-dasharray="4 3"`)
			delete(down, r.Node)
			d.mark(r, "restart", "#c00")
		case "pause":
			paused[r.Node] = r.Time
		case "resume":
			segment(r.Node, paused[r.Node], r.Time, `stroke="#888" stroke-width="7" stroke-opacity="0.6"`)
			delete(paused, r.Node)
		}
	}
	for _, name := range d.l.Lanes {
		if t, ok := down[name]; ok {
			segment(name, t, d.t1, `stroke="#c00" stroke-width="2" stroke-dasharray="4 3"`)
		}
		if t, ok := paused[name]; ok {
			segment(name, t, d.t1, `stroke="#888" stroke-width="7" stroke-opacity="0.6"`)
		}
	}
}

// mark draws a labelled tick on a lane.
func (d *diagram) mark(r sim.Record, label, colour string) {
	x, y := d.x(r.Time), d.lane[r.Node]
	d.w.f(`<text x="%.1f" y="%.1f" fill="%s" font-size="10">%s</text>`+"\n", x+3, y-8, colour, esc(label))
}
