package explore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
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
	r, err := readResultLines(path)
	return r.recs, r.good, err
}

// resultLines is a results.jsonl as read: its records, each with its line
// as it is in the file, in file order.
type resultLines struct {
	recs  []Record
	lines [][]byte
	good  int64 // bytes up to the end of the last complete line
}

// sorted reports whether the file lists its seeds in increasing order,
// each once: what WriteResults would write.
func (r resultLines) sorted() bool {
	for i := 1; i < len(r.recs); i++ {
		if r.recs[i].Seed <= r.recs[i-1].Seed {
			return false
		}
	}
	return true
}

// last is the seed of the file's last line (0 for an empty file).
func (r resultLines) last() uint64 {
	if len(r.recs) == 0 {
		return 0
	}
	return r.recs[len(r.recs)-1].Seed
}

// readResultLines is ReadResults keeping each record's line.
func readResultLines(path string) (resultLines, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return resultLines{}, nil
	}
	if err != nil {
		return resultLines{}, err
	}
	var out resultLines
	for line := 1; ; line++ {
		n := bytes.IndexByte(data, '\n')
		if n < 0 {
			return out, nil // a torn last line (or none) is dropped
		}
		text := data[: n+1 : n+1]
		data = data[n+1:]
		var rec Record
		if jerr := json.Unmarshal(text, &rec); jerr != nil {
			return resultLines{}, fmt.Errorf("%s:%d: not a result line: %v", path, line, jerr)
		}
		out.recs, out.lines, out.good = append(out.recs, rec), append(out.lines, text), out.good+int64(len(text))
	}
}

// appender appends lines to results.jsonl. Each line is written as soon
// as its seed finishes, so a killed sweep loses nothing finished (the
// kernel has the bytes); fsync, which only a machine crash needs, runs
// every syncEvery on its own goroutine (see startSyncer) and when the file
// is closed. An fsync per finished seed would cost more than a small run,
// and while it blocks, its goroutine holds a processor the workers need:
// it made 2 workers no faster than 1. Even every 20 ms it cost tiny runs
// (split-brain, ~0.1 ms a seed) about a tenth of their 2-worker speedup
// (~1.7x against ~1.9x with no periodic fsync, medians of 16 pairs): the
// kernel's work for each fsync, and writes that wait on pages being
// written back, land on the workers' cores.
type appender struct {
	f     *os.File
	dirty atomic.Bool // bytes written since the last fsync began
}

// syncEvery bounds what a machine crash can lose: the seeds finished in
// the last syncEvery (a kill loses none), which a resume runs again. Once a
// second is the trade Redis makes with appendfsync everysec.
const syncEvery = time.Second

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
	return &appender{f: f}, nil
}

// write appends whole lines in one write. Callers serialise their writes.
func (a *appender) write(lines []byte) error {
	_, err := a.f.Write(lines)
	a.dirty.Store(true)
	return err
}

// sync fsyncs what was written since the last fsync.
func (a *appender) sync() error {
	if !a.dirty.Swap(false) {
		return nil
	}
	return a.f.Sync()
}

// startSyncer starts the goroutine that fsyncs every syncEvery while
// seeds are written; the function it returns stops it and reports the
// first fsync error. A nil appender has nothing to sync.
func (a *appender) startSyncer() (stop func() error) {
	if a == nil {
		return func() error { return nil }
	}
	quit, done := make(chan struct{}), make(chan error, 1)
	go func() {
		tick := time.NewTicker(syncEvery)
		defer tick.Stop()
		var err error
		for {
			select {
			case <-tick.C:
				if serr := a.sync(); err == nil {
					err = serr
				}
			case <-quit:
				done <- err
				return
			}
		}
	}()
	return func() error { close(quit); return <-done }
}

// recordLine renders a record as its results.jsonl line.
func recordLine(r Record) ([]byte, error) {
	line, err := json.Marshal(r)
	return append(line, '\n'), err
}

// close fsyncs what is left, unless the caller is about to replace the
// file with a synced copy, and closes the file.
func (a *appender) close(skipSync bool) error {
	var err error
	if !skipSync {
		err = a.sync()
	}
	return errors.Join(err, a.f.Close())
}

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

// writeLines is WriteResults for records whose lines are already
// rendered (lines[i] is recs[i]'s), so a sweep's final rewrite does not
// marshal every record a second time.
func writeLines(path string, lines [][]byte, recs []Record) error {
	order := make([]int, len(recs))
	size := 0
	for i := range order {
		order[i] = i
		size += len(lines[i])
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpUint(recs[a].Seed, recs[b].Seed) })
	buf := make([]byte, 0, size)
	for _, i := range order {
		buf = append(buf, lines[i]...)
	}
	return writeSynced(path, buf)
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
