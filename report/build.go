package report

import (
	"fmt"
	"path/filepath"
	"slices"

	"simrun/scenarios"
)

// Files a report adds to a run directory, besides the PNG and SVG of each
// plot.
const (
	FileLamport = "lamport.svg"
	FileReport  = "report.html"
	FileCompare = "compare.html"
)

// Rendered is a run with everything its report shows computed: the
// metrics, and each output file's bytes keyed by file name.
type Rendered struct {
	Run     *Run
	Metrics Metrics
	Files   map[string][]byte
}

// Render computes the metrics, the plots and the Lamport diagram of a run,
// and the page that holds them.
func Render(r *Run) (*Rendered, error) {
	x := &Rendered{Run: r, Metrics: Compute(r.History, r.End())}
	var err error
	if x.Files, err = Plots(x.Metrics, r.Windows); err != nil {
		return nil, err
	}
	lm, err := r.Lamport()
	if err != nil {
		return nil, err
	}
	x.Files[FileLamport] = lm.SVG()
	page, err := x.Page()
	if err != nil {
		return nil, err
	}
	x.Files[FileReport] = page
	return x, nil
}

// Lamport reads the part of the trace the diagram draws.
func (r *Run) Lamport() (*Lamport, error) {
	s := r.Scenario
	lm := &Lamport{Lanes: append(slices.Clone(s.Nodes), s.Clients...), Clients: len(s.Clients), Windows: r.Windows, HasTrace: r.HasTrace}
	lm.Evidence = EvidenceOf(r.Summary.Checks, lm.Lanes)
	if !r.HasTrace {
		return lm, nil
	}
	// Look where the trouble is: the first time a failed check names, else
	// the first fault, else the start.
	focus, why := Focus(lm.Evidence), "the first time a failed check names"
	switch {
	case len(lm.Evidence) > 0:
	case len(r.Windows) > 0:
		focus, why = r.Windows[0].Start, "the first fault"
	default:
		why = "the start of the run"
	}
	var err error
	lm.Cut, err = readTraceCut(filepath.Join(r.Dir, scenarios.FileTrace), focus, LamportBudget)
	lm.Cut.Why = why
	return lm, err
}

// Build (re)writes every report file of the run stored in dir: the plots
// as PNG and SVG, lamport.svg and report.html. It reads only stored files.
func Build(dir string) (*Rendered, error) {
	r, err := Load(dir)
	if err != nil {
		return nil, err
	}
	x, err := Render(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return x, x.Write(dir)
}

// Write stores the rendered files in dir, each atomically, in name order.
func (x *Rendered) Write(dir string) error {
	names := make([]string, 0, len(x.Files))
	for name := range x.Files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := scenarios.WriteFileAtomic(filepath.Join(dir, name), x.Files[name]); err != nil {
			return err
		}
	}
	return nil
}
