package report

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"simrun/check"
	"simrun/faults"
	"simrun/scenarios"
)

// Run is a stored run read back from its directory: everything a report
// shows comes from here, so a report can be rebuilt from the files alone.
type Run struct {
	Dir      string
	Summary  scenarios.Summary
	Scenario *scenarios.Scenario
	History  check.History
	// Windows are the fault windows of the scenario's schedule.
	Windows []faults.Window
	// HasTrace says trace.jsonl is stored; the Lamport diagram needs it.
	HasTrace bool
	// HasLinViz says porcupine's linearizability.html is stored.
	HasLinViz bool
}

// End is the simulated length of the run.
func (r *Run) End() time.Duration { return time.Duration(r.Summary.SimTimeNs) }

// Load reads the run stored in dir. summary.json, scenario.yaml and
// history.jsonl must be there; trace.jsonl and linearizability.html are
// optional.
func Load(dir string) (*Run, error) {
	r := &Run{Dir: dir}
	sum, err := os.ReadFile(filepath.Join(dir, scenarios.FileSummary))
	if err != nil {
		return nil, fmt.Errorf("%s: not a stored run: %w", dir, err)
	}
	if err := json.Unmarshal(sum, &r.Summary); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, scenarios.FileSummary), err)
	}
	if r.Scenario, err = scenarios.LoadFile(filepath.Join(dir, scenarios.FileScenario), nil); err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(dir, scenarios.FileHistory))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if r.History, err = check.ReadHistoryJSONL(f); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, scenarios.FileHistory), err)
	}
	r.Windows = r.Scenario.FaultWindows()
	r.HasTrace = exists(filepath.Join(dir, scenarios.FileTrace))
	r.HasLinViz = exists(filepath.Join(dir, scenarios.FileLinViz))
	return r, nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
