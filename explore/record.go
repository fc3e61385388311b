package explore

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"simrun/scenarios"
)

// Files of a sweep directory.
const (
	FileResults = "results.jsonl"
	FileMeta    = "sweep.json"
)

// Record is one line of results.jsonl: everything a seed's run concluded,
// and only what the seed and the code decide, so that the same seed gives
// the same line on any machine, in any shard, with any number of workers
// (wall time is left out for that reason). Add fields; never rename one.
type Record struct {
	Scenario string `json:"scenario"`
	Seed     uint64 `json:"seed"`
	Hash     string `json:"hash"`
	// Verdict is hold, violation or no-progress.
	Verdict scenarios.Verdict `json:"verdict"`
	// Failing lists every check that failed, safety or not, sorted.
	Failing        []string `json:"failing_checks"`
	SimTimeNs      int64    `json:"sim_time_ns"`
	Events         int64    `json:"events"`
	ExpectationMet bool     `json:"expectation_met"`
	// SpotChecked says the seed was run twice and both hashes agreed;
	// Nondeterministic holds the second hash when they did not.
	SpotChecked      bool   `json:"spot_checked,omitempty"`
	Nondeterministic string `json:"nondeterministic,omitempty"`
	// Panic is the panic's message when the run panicked (verdict panic).
	Panic string `json:"panic,omitempty"`
	// Swarm holds every parameter swarm testing derived for this seed.
	Swarm *SwarmParams `json:"swarm,omitempty"`
	// Replay is the command that reproduces this run on its own.
	Replay string `json:"replay"`
}

// Failed reports whether the seed counts as a failure of the sweep: its
// run did not do what the scenario expects, or it was not deterministic.
// A violation in a scenario that expects one (split-brain) is a success.
func (r Record) Failed() bool { return !r.ExpectationMet || r.Nondeterministic != "" }

// Meta is sweep.json: what a sweep directory holds results of, so that a
// resume or a merge never mixes seeds of different experiments.
type Meta struct {
	Scenario string `json:"scenario"`
	File     string `json:"file"`
	// SourceSHA256 fingerprints the scenario text after --set overrides.
	SourceSHA256 string   `json:"source_sha256"`
	Sets         []string `json:"sets,omitempty"`
	Swarm        bool     `json:"swarm"`
	SwarmStop    float64  `json:"swarm_stop,omitempty"`
	First        uint64   `json:"first"`
	Last         uint64   `json:"last"`
	Shard        string   `json:"shard,omitempty"`
}

// sameExperiment reports whether two metas describe the same runs per seed
// (ranges and shards may differ: a wider range or another shard of the
// same experiment is fine).
func (m Meta) sameExperiment(o Meta) bool {
	return m.Scenario == o.Scenario && m.SourceSHA256 == o.SourceSHA256 && slices.Equal(m.Sets, o.Sets) &&
		m.Swarm == o.Swarm && m.SwarmStop == o.SwarmStop
}

// describe renders what differs for an error message.
func (m Meta) describe() string {
	return fmt.Sprintf("scenario %s (source sha256 %.12s, sets %q, swarm %v)", m.Scenario, m.SourceSHA256, m.Sets, m.Swarm)
}

// readMeta reads dir/sweep.json; ok is false when there is none.
func readMeta(dir string) (m Meta, ok bool, err error) {
	data, err := os.ReadFile(filepath.Join(dir, FileMeta))
	if errors.Is(err, os.ErrNotExist) {
		return Meta{}, false, nil
	}
	if err != nil {
		return Meta{}, false, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return Meta{}, false, fmt.Errorf("%s: %v", filepath.Join(dir, FileMeta), err)
	}
	return m, true, nil
}

// writeMeta writes dir/sweep.json atomically.
func writeMeta(dir string, m Meta) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return scenarios.WriteFileAtomic(filepath.Join(dir, FileMeta), append(data, '\n'))
}

// ReadResults reads a results.jsonl. A final line without its newline is
// what a kill in the middle of a write leaves: it is dropped, and good is
// the length of the file up to the last complete line, where the next
// append must start. Any other bad line is an error naming it.
func ReadResults(path string) (recs []Record, good int64, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	r := bufio.NewReader(bytes.NewReader(data))
	for line := 1; ; line++ {
		text, err := r.ReadBytes('\n')
		if err == io.EOF {
			return recs, good, nil // a torn last line (or none) is dropped
		}
		var rec Record
		if jerr := json.Unmarshal(text, &rec); jerr != nil {
			return nil, 0, fmt.Errorf("%s:%d: not a result line: %v", path, line, jerr)
		}
		recs, good = append(recs, rec), good+int64(len(text))
	}
}

// appender appends lines to results.jsonl. Each batch is written as soon
// as it finishes, so a killed sweep loses nothing finished (the kernel has
// the bytes); fsync, which only a machine crash needs, runs at most every
// syncEvery and when the file is closed. An fsync per finished seed
// would cost more than a small run, and while it blocks, its goroutine
// holds a processor the workers need: it made 2 workers no faster than 1.
type appender struct {
	f        *os.File
	synced   time.Time // when the last fsync finished
	unsynced bool      // bytes written since then
}

// syncEvery bounds what a machine crash can lose: the seeds finished in
// the last syncEvery (a kill loses none).
const syncEvery = 20 * time.Millisecond

// openAppender opens path for appending after cutting it to good bytes
// (dropping a torn last line).
func openAppender(path string, good int64) (*appender, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	return &appender{f: f, synced: time.Now()}, nil
}

// write appends whole lines in one write, and fsyncs when the last fsync
// is syncEvery old.
func (a *appender) write(lines []byte) error {
	if _, err := a.f.Write(lines); err != nil {
		return err
	}
	a.unsynced = true
	if time.Since(a.synced) < syncEvery {
		return nil
	}
	return a.sync()
}

// sync fsyncs what was written since the last fsync.
func (a *appender) sync() error {
	if !a.unsynced {
		return nil
	}
	err := a.f.Sync()
	a.synced, a.unsynced = time.Now(), false
	return err
}

// recordLine renders a record as its results.jsonl line.
func recordLine(r Record) ([]byte, error) {
	line, err := json.Marshal(r)
	return append(line, '\n'), err
}

// close fsyncs what is left and closes the file.
func (a *appender) close() error { return errors.Join(a.sync(), a.f.Close()) }

// WriteResults writes recs to path sorted by seed, atomically (a temporary
// file renamed over the old one), so a kill during the final rewrite
// leaves the appended file intact.
func WriteResults(path string, recs []Record) error {
	sorted := slices.Clone(recs)
	slices.SortFunc(sorted, func(a, b Record) int { return cmpUint(a.Seed, b.Seed) })
	var buf bytes.Buffer
	for _, r := range sorted {
		line, err := recordLine(r)
		if err != nil {
			return err
		}
		buf.Write(line)
	}
	return writeSynced(path, buf.Bytes())
}

// writeSynced writes data through a temporary file that is fsynced before
// it is renamed over path: after a crash the file is the old one or the
// whole new one, never an empty one.
func writeSynced(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
