package report

import (
	"bytes"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot/vg"

	"simrun/faults"
)

// compareView is what a comparison page shows: the two runs side by side,
// a table of the numbers that differ, and both availabilities in one plot.
type compareView struct {
	A, B runView
	Rows []compareRow
	Both plotView
}

type compareRow struct{ Name, A, B string }

// Compared is a comparison page and its plot, keyed by file name.
type Compared struct {
	A, B  *Rendered
	Files map[string][]byte
}

// File names of a comparison, written into its own directory.
const PlotBoth = "compare-availability"

// Compare renders two stored runs side by side — for example split-brain
// against raft-partition: one stays available and loses writes, the other
// refuses the minority and keeps them, the CAP trade in one picture. The
// runs' directories are only read.
func Compare(dirA, dirB, out string) (*Compared, error) {
	var xs [2]*Rendered
	for i, dir := range []string{dirA, dirB} {
		r, err := Load(dir)
		if err != nil {
			return nil, err
		}
		if xs[i], err = Render(r); err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
	}
	c := &Compared{A: xs[0], B: xs[1], Files: map[string][]byte{}}
	if err := c.bothPlot(); err != nil {
		return nil, err
	}
	cv := &compareView{A: c.A.view("A", relDir(out, dirA)), B: c.B.view("B", relDir(out, dirB)), Rows: c.rows()}
	cv.Both = plotView{Name: PlotBoth, PNG: dataURI("image/png", c.Files[PlotBoth+".png"]), SVG: PlotBoth + ".svg",
		Caption: "Availability per window of both runs on one time axis (solid A, dashed B), with the fault windows of both shaded."}
	var buf bytes.Buffer
	err := pageTmpl.Execute(&buf, struct {
		Heading string
		Runs    []runView
		Compare *compareView
	}{"A: " + cv.A.Name + " vs B: " + cv.B.Name + " — simrun comparison", nil, cv})
	if err != nil {
		return nil, err
	}
	c.Files[FileCompare] = buf.Bytes()
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	return c, (&Rendered{Files: c.Files}).Write(out)
}

// relDir is dir as a page in out links to it, ending in "/".
func relDir(out, dir string) string {
	rel, err := filepath.Rel(out, dir)
	if err != nil {
		rel, _ = filepath.Abs(dir)
	}
	return filepath.ToSlash(rel) + "/"
}

// rows are the numbers a reader compares first.
func (c *Compared) rows() []compareRow {
	row := func(name string, f func(x *Rendered) string) compareRow {
		return compareRow{name, f(c.A), f(c.B)}
	}
	total := func(x *Rendered) Bucket { return x.Metrics.Total }
	return []compareRow{
		row("scenario", func(x *Rendered) string { return x.Run.Scenario.Name + " (" + x.Run.Scenario.Protocol + ")" }),
		row("verdict", func(x *Rendered) string { return string(x.Run.Summary.Verdict) }),
		row("failed checks", func(x *Rendered) string { return failedChecks(x) }),
		row("availability (ok ÷ invoked)", func(x *Rendered) string { return fmt.Sprintf("%.1f%%", 100*total(x).Availability()) }),
		row("operations: ok / fail / unknown", func(x *Rendered) string {
			t := total(x)
			return fmt.Sprintf("%d / %d / %d", t.OK, t.Fail, t.Unknown)
		}),
		row("ok latency p50 / p99", func(x *Rendered) string {
			return fmt.Sprintf("%v / %v", total(x).P50, total(x).P99)
		}),
		row("seed / hash", func(x *Rendered) string { return fmt.Sprintf("%d / %s", x.Run.Summary.Seed, x.Run.Summary.Hash) }),
	}
}

func failedChecks(x *Rendered) string {
	var names []string
	for _, ch := range x.Run.Summary.Checks {
		if !ch.OK {
			names = append(names, ch.Name)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// bothPlot draws the availability of both runs on one axis.
func (c *Compared) bothPlot() error {
	frame := Metrics{End: max(c.A.Metrics.End, c.B.Metrics.End)}
	windows := append(append([]faults.Window{}, c.A.Run.Windows...), c.B.Run.Windows...)
	p, ax, err := newPlot("Availability per window: A "+c.A.Run.Scenario.Name+" vs B "+c.B.Run.Scenario.Name,
		"share of invoked ops ok", frame, dedupe(windows), -0.02, 1.08)
	if err != nil {
		return err
	}
	if err := addSeries(p, ax, c.A.Metrics.Buckets, "A "+c.A.Run.Scenario.Name, Bucket.Availability, colOK, 2.2, nil); err != nil {
		return err
	}
	purple := color.RGBA{R: 0x8e, G: 0x24, B: 0xaa, A: 0xff}
	if err := addSeries(p, ax, c.B.Metrics.Buckets, "B "+c.B.Run.Scenario.Name, Bucket.Availability, purple, 2.2, []vg.Length{vg.Points(6), vg.Points(3)}); err != nil {
		return err
	}
	for _, format := range []string{"png", "svg"} {
		wt, err := p.WriterTo(plotWidth, plotHeight, format)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if _, err := wt.WriteTo(&buf); err != nil {
			return err
		}
		c.Files[PlotBoth+"."+format] = buf.Bytes()
	}
	return nil
}

// dedupe drops a window identical to an earlier one (both runs of a
// comparison often share their schedule).
func dedupe(ws []faults.Window) []faults.Window {
	var out []faults.Window
	for _, w := range ws {
		dup := false
		for _, o := range out {
			dup = dup || o == w
		}
		if !dup {
			out = append(out, w)
		}
	}
	return out
}
