package report

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"simrun/faults"
	"simrun/scenarios"
)

// plotFiles are the plot files every report holds.
var plotFiles = []string{"latency.png", "latency.svg", "availability.png", "availability.svg", "rate.png", "rate.svg"}

// TestReportFiles checks the files `simrun run --out` leaves for the
// scenarios the issue names (failover-manual stands in for raft-partition
// until that exists): valid PNGs and SVGs, one Lamport lane per node and
// client, a shaded band per fault window in every plot and in the Lamport
// diagram, and each check's verdict on the page.
func TestReportFiles(t *testing.T) {
	for _, name := range []string{"split-brain", "failover-manual", "raft-partition"} {
		t.Run(name, func(t *testing.T) {
			dir, x := storeRun(t, name)
			for _, f := range plotFiles {
				if strings.HasSuffix(f, ".png") {
					checkPNG(t, filepath.Join(dir, f))
				} else {
					checkPlotBands(t, f, readFile(t, filepath.Join(dir, f)), x.Run.Windows)
				}
			}
			checkLamport(t, readFile(t, filepath.Join(dir, FileLamport)), x.Run)
			checkPage(t, filepath.Join(dir, FileReport), x.Run)
		})
	}
}

// TestReportShowsTheFailure pins what split-brain and failover-manual must
// show a reader: the violated checks ringed in the Lamport diagram, the
// partition's lost messages, porcupine's page for the non-linearizable
// history — and none of that for the run that holds.
func TestReportShowsTheFailure(t *testing.T) {
	sbDir, sb := storeRun(t, "split-brain")
	root := parseSVG(t, "split-brain lamport", sb.Files[FileLamport])
	for _, c := range []string{"single-primary", "durable-writes", "linearizable"} {
		rings := 0
		for _, e := range withClass(root, "evidence") {
			if e.attr("data-check") == c {
				rings++
			}
		}
		if rings == 0 {
			t.Errorf("split-brain: no event ringed for failed check %s", c)
		}
	}
	if len(withClass(root, "dropped")) == 0 {
		t.Error("split-brain: the partition dropped messages but the diagram marks none")
	}
	page := string(readFile(t, filepath.Join(sbDir, FileReport)))
	for _, want := range []string{`class="verdict violation"`, `<iframe src="linearizability.html"`, "simrun replay " + sbDir, "Primary n0 replicates asynchronously"} {
		if !strings.Contains(page, want) {
			t.Errorf("split-brain report.html lacks %q", want)
		}
	}

	fmDir, fm := storeRun(t, "failover-manual")
	if n := len(withClass(parseSVG(t, "failover-manual lamport", fm.Files[FileLamport]), "evidence")); n != 0 {
		t.Errorf("failover-manual holds, yet %d events are ringed as evidence", n)
	}
	page = string(readFile(t, filepath.Join(fmDir, FileReport)))
	if !strings.Contains(page, `class="verdict hold"`) || strings.Contains(page, "<iframe") {
		t.Error("failover-manual report.html: want verdict hold and no porcupine page")
	}
}

// checkPlotBands counts, in a gonum SVG, the polygons filled with each
// fault kind's colour: one per window of that kind.
func checkPlotBands(t *testing.T, name string, svg []byte, windows []faults.Window) {
	t.Helper()
	parseSVG(t, name, svg)
	want := map[faults.Kind]int{}
	for _, w := range windows {
		want[w.Kind]++
	}
	text := strings.ToLower(string(svg))
	for kind, n := range want {
		if got := strings.Count(text, "fill:"+FaultFill(kind)); got != n {
			t.Errorf("%s: %d bands of %s, want %d (one per window)", name, got, kind, n)
		}
	}
}

// checkLamport checks one lane per node and client, in order, and one band
// per fault window.
func checkLamport(t *testing.T, svg []byte, r *Run) {
	t.Helper()
	root := parseSVG(t, FileLamport, svg)
	var lanes []string
	for _, e := range withClass(root, "lane") {
		lanes = append(lanes, e.attr("data-name"))
	}
	if want := append(slices.Clone(r.Scenario.Nodes), r.Scenario.Clients...); !slices.Equal(lanes, want) {
		t.Errorf("lamport lanes %v, want %v", lanes, want)
	}
	var bands []string
	for _, e := range withClass(root, "fault") {
		bands = append(bands, e.attr("data-kind"))
	}
	var want []string
	for _, w := range r.Windows {
		want = append(want, string(w.Kind))
	}
	if !slices.Equal(bands, want) {
		t.Errorf("lamport fault bands %v, want %v", bands, want)
	}
	if len(withClass(root, "msg")) == 0 {
		t.Error("lamport: no message arrows")
	}
}

// checkPage checks the verdict and every check's verdict on the page, and
// that every local file it links exists.
func checkPage(t *testing.T, path string, r *Run) {
	t.Helper()
	page := string(readFile(t, path))
	if want := fmt.Sprintf(`class="verdict %s"`, r.Summary.Verdict); !strings.Contains(page, want) {
		t.Errorf("page lacks the run's verdict %q", want)
	}
	for _, c := range r.Summary.Checks {
		if want := fmt.Sprintf(`data-name="%s" data-ok="%v"`, c.Name, c.OK); !strings.Contains(page, want) {
			t.Errorf("page lacks check %s with ok=%v", c.Name, c.OK)
		}
	}
	if !strings.Contains(page, r.Summary.Replay) {
		t.Errorf("page lacks the replay command %q", r.Summary.Replay)
	}
	checkLocalLinks(t, path, page)
}

var linkRe = regexp.MustCompile(`(?:src|href)="([^"]+)"`)

// checkLocalLinks fails for a link that would need the network or names a
// missing file: the page must open from disk.
func checkLocalLinks(t *testing.T, path, page string) {
	t.Helper()
	for _, m := range linkRe.FindAllStringSubmatch(page, -1) {
		link := m[1]
		switch {
		case strings.HasPrefix(link, "data:"), strings.HasPrefix(link, "#"), strings.HasPrefix(link, "url(#"):
			continue
		case strings.Contains(link, "://"):
			t.Errorf("%s links %s: the page must not need the network", path, link)
		default:
			if _, err := os.Stat(filepath.Join(filepath.Dir(path), filepath.FromSlash(link))); err != nil {
				t.Errorf("%s links %s, which does not exist", path, link)
			}
		}
	}
}

// TestCompare checks the comparison page: both runs, both verdicts, both
// Lamport diagrams, the joint availability plot, and links that resolve
// from the comparison's own directory.
func TestCompare(t *testing.T) {
	sbDir, sb := storeRun(t, "split-brain")
	fmDir, fm := storeRun(t, "failover-manual")
	out := filepath.Join(t.TempDir(), "cmp")
	if _, err := Compare(sbDir, fmDir, out); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, filepath.Join(out, PlotBoth+".png"))
	parseSVG(t, PlotBoth+".svg", readFile(t, filepath.Join(out, PlotBoth+".svg")))
	path := filepath.Join(out, FileCompare)
	page := string(readFile(t, path))
	for _, want := range []string{"A: split-brain", "B: failover-manual", `class="verdict violation" id="verdictA"`, `class="verdict hold" id="verdictB"`} {
		if !strings.Contains(page, want) {
			t.Errorf("compare.html lacks %q", want)
		}
	}
	if n := strings.Count(page, `class="lane"`); n != len(sb.Run.Scenario.Nodes)+len(sb.Run.Scenario.Clients)+len(fm.Run.Scenario.Nodes)+len(fm.Run.Scenario.Clients) {
		t.Errorf("compare.html has %d lanes, want both diagrams' lanes", n)
	}
	checkLocalLinks(t, path, page)
}

// TestReportRebuildsWithoutTrace checks that a run stored without a trace
// (an older run directory) still gets every file, with the Lamport diagram
// saying why it shows lanes only.
func TestReportRebuildsWithoutTrace(t *testing.T) {
	dir, _ := storeRun(t, "split-brain")
	if err := os.Remove(filepath.Join(dir, scenarios.FileTrace)); err != nil {
		t.Fatal(err)
	}
	x, err := Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	lm := string(x.Files[FileLamport])
	if !strings.Contains(lm, "no trace stored") || strings.Count(lm, `class="lane"`) != 4 {
		t.Errorf("a run without a trace should draw 4 lanes and say no trace is stored")
	}
}

// TestLoadRejectsNonRun checks that a directory without a stored run is an
// error that names it, not a crash or an empty report.
func TestLoadRejectsNonRun(t *testing.T) {
	dir := t.TempDir()
	if _, err := Build(dir); err == nil || !strings.Contains(err.Error(), "not a stored run") {
		t.Errorf("Build(empty dir) = %v, want 'not a stored run'", err)
	}
}
