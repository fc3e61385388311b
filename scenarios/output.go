package scenarios

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"simrun/check"
)

// Summary is summary.json: the stable, machine-readable account of a run
// that scripts read. Add fields; never rename or remove one.
type Summary struct {
	Scenario       string         `json:"scenario"`
	Protocol       string         `json:"protocol"`
	Seed           uint64         `json:"seed"`
	Hash           string         `json:"hash"`
	Events         int64          `json:"events"`
	SimTimeNs      int64          `json:"sim_time_ns"`
	WallMs         int64          `json:"wall_ms"`
	End            string         `json:"end"`
	Verdict        Verdict        `json:"verdict"`
	Checks         []check.Result `json:"checks"`
	Expected       string         `json:"expected"`
	ExpectationMet bool           `json:"expectation_met"`
	Replay         string         `json:"replay"`
}

// Summary builds summary.json's content; replay is the command that
// reproduces the run.
func (o *Outcome) Summary(replay string) Summary {
	return Summary{
		Scenario: o.Scenario.Name, Protocol: o.Scenario.Protocol, Seed: o.Seed,
		Hash: o.Result.HashString(), Events: o.Result.Events, SimTimeNs: int64(o.Result.Now),
		WallMs: o.Wall.Milliseconds(), End: string(o.Result.End), Verdict: o.Verdict,
		Checks: o.Checks, Expected: o.Scenario.ExpectText(), ExpectationMet: o.ExpectationMet,
		Replay: replay,
	}
}

// ExpectText renders what a scenario expects, as list and explain print it.
func (s *Scenario) ExpectText() string {
	if s.Expect.Verdict == VerdictViolation && len(s.Expect.Violations) > 0 {
		return "violation of " + strings.Join(sortedCopy(s.Expect.Violations), ", ")
	}
	return string(s.Expect.Verdict)
}

// ReplayCommand is the command that reproduces this run: `simrun replay
// DIR` when the run was stored, else the run command with its seed.
func (o *Outcome) ReplayCommand(outDir string, overrides []string) string {
	if outDir != "" {
		return "simrun replay " + outDir
	}
	cmd := fmt.Sprintf("simrun run %s --seed %d", o.Scenario.Name, o.Seed)
	if !isCatalogue(o.Scenario) {
		cmd = fmt.Sprintf("simrun run %s --seed %d", o.Scenario.File, o.Seed)
	}
	for _, set := range overrides {
		cmd += " --set " + set
	}
	return cmd
}

// isCatalogue reports whether s came from the embedded catalogue (see
// loadEmbedded, which names embedded files by their repository path).
func isCatalogue(s *Scenario) bool {
	return s.File == "scenarios/"+catalogDir+"/"+s.Name+".yaml"
}

// Files a stored run holds.
const (
	FileSummary  = "summary.json"
	FileHistory  = "history.jsonl"
	FileTrace    = "trace.jsonl"
	FileScenario = "scenario.yaml"
	FileLinViz   = "linearizability.html"
)

// WriteDir stores the run in dir: scenario.yaml (the exact file it ran,
// after overrides), summary.json, history.jsonl, trace.jsonl when traced,
// and porcupine's visualisation when the history is not linearizable.
// Each file is written to a temporary name and renamed, so a reader never
// sees half a file.
func (o *Outcome) WriteDir(dir string, overrides []string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	sum, err := json.MarshalIndent(o.Summary(o.ReplayCommand(dir, overrides)), "", "  ")
	if err != nil {
		return err
	}
	var hist bytes.Buffer
	if err := check.WriteHistoryJSONL(&hist, o.History); err != nil {
		return err
	}
	files := []struct {
		name string
		data []byte
	}{{FileScenario, o.Scenario.Source}, {FileHistory, hist.Bytes()}, {FileSummary, append(sum, '\n')}}
	if o.Trace != nil {
		files = append(files, struct {
			name string
			data []byte
		}{FileTrace, o.Trace})
	}
	for _, f := range files {
		if err := WriteFileAtomic(filepath.Join(dir, f.name), f.data); err != nil {
			return err
		}
	}
	return o.writeLinViz(dir)
}

// writeLinViz writes porcupine's HTML for a history that is not
// linearizable, so a person can see which operations cannot be ordered.
func (o *Outcome) writeLinViz(dir string) error {
	for _, c := range o.Checks {
		if c.Name == "linearizable" && !c.OK {
			lin := check.Linearizable(o.History)
			if lin.OK {
				return nil
			}
			var buf bytes.Buffer
			if err := lin.WriteVisualization(&buf); err != nil {
				return nil // nothing to show (e.g. a timeout): the summary says why
			}
			return WriteFileAtomic(filepath.Join(dir, FileLinViz), buf.Bytes())
		}
	}
	return nil
}

// WriteFileAtomic writes data to path through a temporary file in the same
// directory and a rename: the file is either absent, old, or complete.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, errorsJoin(werr, cerr))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

func errorsJoin(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// WriteStory prints the run for a person: the faults, what the protocol
// did, what the clients saw, each check's verdict with its evidence, the
// hash and the replay command.
func (o *Outcome) WriteStory(w io.Writer, outDir string, overrides []string) {
	s, res := o.Scenario, o.Result
	fmt.Fprintf(w, "%s — %s\n", s.Name, s.Title)
	fmt.Fprintf(w, "seed %d · %s · %d nodes, %d clients · %v simulated (%s) · %d events · %v wall\n",
		o.Seed, s.Protocol, len(s.Nodes), len(s.Clients), res.Now, res.End, res.Events, o.Wall.Round(time.Microsecond))
	if len(s.Faults) > 0 {
		fmt.Fprintln(w, "\nFaults")
		for _, line := range s.FaultText() {
			fmt.Fprintln(w, "  "+line)
		}
	}
	if story := o.Story(); len(story) > 0 {
		fmt.Fprintln(w, "\nWhat happened")
		for _, line := range story {
			fmt.Fprintln(w, "  "+line)
		}
	}
	if len(o.History) > 0 {
		fmt.Fprintln(w, "\nWhat the clients saw")
		for _, line := range availability(o.History, s.Clients, res.Now) {
			fmt.Fprintln(w, "  "+line)
		}
	}
	fmt.Fprintln(w, "\nChecks")
	width := 0
	for _, c := range o.Checks {
		width = max(width, len(c.Name))
	}
	for _, c := range o.Checks {
		mark := "ok  "
		if !c.OK {
			mark = "FAIL"
		}
		fmt.Fprintf(w, "  %s %-*s  %s\n", mark, width, c.Name, c.Detail)
	}
	met := "as expected"
	if !o.ExpectationMet {
		met = "NOT as expected"
	}
	fmt.Fprintf(w, "\nverdict: %s (expected %s) — %s\n", o.Verdict, s.ExpectText(), met)
	fmt.Fprintf(w, "hash: %s\n", res.HashString())
	fmt.Fprintf(w, "replay: %s\n", o.ReplayCommand(outDir, overrides))
}

// FaultText lists the fault schedule alone, one line per fault in time order.
func (s *Scenario) FaultText() []string {
	only := *s
	only.Workload.Ops, only.Workload.Random = nil, nil
	return only.ScheduleText()
}
