package explore

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress draws the sweep's progress line: seeds done of the total, seeds
// per second, failures so far and the time left. It uses the wall clock,
// which never reaches a run.
type progress struct {
	w        io.Writer // nil: draw nothing
	live     bool      // redraw one line with \r
	total    uint64
	done     int // including resumed seeds
	ran      int // run by this process, for the rate
	failures int
	start    time.Time
	drawn    time.Time
	width    int // of the last live line, to blank what is left of it
}

// Redraw intervals: often enough to look alive on a terminal, rarely
// enough not to flood a batch engine's log.
const (
	liveEvery = 100 * time.Millisecond
	logEvery  = 10 * time.Second
)

func newProgress(w io.Writer, live bool, total uint64, resumed, failures int) *progress {
	now := time.Now()
	return &progress{w: w, live: live, total: total, done: resumed, failures: failures, start: now, drawn: now}
}

// add counts one finished seed and redraws when it is time to.
func (p *progress) add(r Record) {
	p.done++
	p.ran++
	if r.Failed() {
		p.failures++
	}
	every := logEvery
	if p.live {
		every = liveEvery
	}
	if p.w != nil && time.Since(p.drawn) >= every {
		p.draw()
	}
}

// line renders the progress text.
func (p *progress) line() string {
	elapsed := time.Since(p.start).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(p.ran) / elapsed
	}
	eta := "?"
	if rate > 0 {
		left := float64(p.total) - float64(p.done)
		eta = (time.Duration(max(left, 0)/rate*float64(time.Second)) / time.Second * time.Second).String()
	}
	return fmt.Sprintf("seeds %d/%d · %.0f seeds/s · %d failures · ETA %s", p.done, p.total, rate, p.failures, eta)
}

// draw prints the line, in place on a terminal.
func (p *progress) draw() {
	p.drawn = time.Now()
	text := p.line()
	if !p.live {
		fmt.Fprintln(p.w, text)
		return
	}
	pad := strings.Repeat(" ", max(p.width-len(text), 0))
	p.width = len(text)
	fmt.Fprint(p.w, "\r"+text+pad)
}

// finish draws the final line and ends it.
func (p *progress) finish() {
	if p.w == nil {
		return
	}
	p.draw()
	if p.live {
		fmt.Fprintln(p.w)
	}
}
