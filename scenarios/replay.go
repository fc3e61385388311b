package scenarios

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"simrun/sim"
)

// ReplayReport says whether re-running a stored run reproduced it.
type ReplayReport struct {
	Dir      string
	Scenario string
	Seed     uint64
	Want     string // the stored hash
	Got      string // the hash of the re-run
	Events   int64
	Same     bool
	// Divergence names the first event that differs, when the run stored
	// a trace and the hashes differ.
	Divergence string
}

// String is the report's one-paragraph rendering.
func (r ReplayReport) String() string {
	if r.Same {
		return fmt.Sprintf("replayed %s seed %d: hash %s matches (%d events)", r.Scenario, r.Seed, r.Got, r.Events)
	}
	text := fmt.Sprintf("replayed %s seed %d: hash %s differs from the stored %s", r.Scenario, r.Seed, r.Got, r.Want)
	if r.Divergence != "" {
		text += "\n" + r.Divergence
	}
	return text
}

// Replay re-runs a stored run (a directory written by WriteDir, or the
// trace.jsonl inside one) from its scenario.yaml and seed, and compares
// hashes; with a stored trace it also finds the first differing event.
func Replay(path string) (*ReplayReport, error) {
	dir := path
	if st, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	} else if !st.IsDir() {
		dir = filepath.Dir(path)
	}
	var sum Summary
	data, err := os.ReadFile(filepath.Join(dir, FileSummary))
	if err != nil {
		return nil, fmt.Errorf("replay: %s is not a stored run: %w", path, err)
	}
	if err := json.Unmarshal(data, &sum); err != nil {
		return nil, fmt.Errorf("replay: %s: %w", filepath.Join(dir, FileSummary), err)
	}
	s, err := LoadFile(filepath.Join(dir, FileScenario), nil)
	if err != nil {
		return nil, err
	}
	stored, hasTrace := os.ReadFile(filepath.Join(dir, FileTrace))
	o, err := Run(s, RunOptions{Seed: &sum.Seed, Trace: hasTrace == nil})
	if err != nil {
		return nil, err
	}
	rep := &ReplayReport{Dir: dir, Scenario: s.Name, Seed: sum.Seed, Want: sum.Hash,
		Got: o.Result.HashString(), Events: o.Result.Events}
	rep.Same = rep.Want == rep.Got
	if !rep.Same && hasTrace == nil {
		rep.Divergence = firstDivergence(stored, o.Trace)
	}
	return rep, nil
}

// firstDivergence compares two traces record by record.
func firstDivergence(want, got []byte) string {
	a, errA := sim.ReadTrace(bytes.NewReader(want))
	b, errB := sim.ReadTrace(bytes.NewReader(got))
	if errA != nil || errB != nil {
		return fmt.Sprintf("cannot compare traces: %v %v", errA, errB)
	}
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return fmt.Sprintf("first difference at event %d:\n  stored: %s\n  now:    %s", i, render(a[i]), render(b[i]))
		}
	}
	if len(a) != len(b) {
		return fmt.Sprintf("the traces agree for %d events, then the stored one has %d and the re-run %d", min(len(a), len(b)), len(a), len(b))
	}
	return "the traces are identical but the hashes differ: the stored trace or summary was edited"
}

func render(r sim.Record) string {
	b, _ := json.Marshal(r)
	return string(b)
}
