package explore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"simrun/scenarios"
	"simrun/sim"
)

// Options describe one sweep.
type Options struct {
	// Base is the loaded scenario; Sets are the --set overrides it was
	// loaded with, repeated in every replay command.
	Base *scenarios.Scenario
	Sets []string
	// Seeds is the whole sweep's range; Shard picks this process's slice.
	Seeds Range
	Shard Shard
	// Workers is how many runs go at once; 0 means runtime.NumCPU().
	Workers int
	// Swarm draws a fault schedule per seed (see Swarm); SwarmStop is the
	// fraction of the run after which no fault is injected (0: default).
	Swarm     bool
	SwarmStop float64
	// StopOnFail stops handing out seeds after the first failure; runs
	// already going finish and are written.
	StopOnFail bool
	// SpotCheck is the fraction of seeds run twice to compare hashes.
	SpotCheck float64
	// Dir receives results.jsonl and sweep.json; "" keeps results in
	// memory only (no resume).
	Dir string
	// Progress, when set, receives the progress line; Live redraws it in
	// place with \r (a terminal), otherwise a line is printed now and then
	// (a batch engine's log).
	Progress io.Writer
	Live     bool
}

// Report is what a sweep found.
type Report struct {
	// Records holds every seed of the range this shard owns that has a
	// result, resumed or run now, sorted by seed.
	Records []Record
	Resumed int // seeds found already done in Dir and skipped
	Ran     int // seeds run by this call
	// Stopped is set when --stop-on-fail or a cancelled context ended the
	// sweep before every seed was run.
	Stopped bool
	Wall    time.Duration
	Workers int // how many ran at once
}

// Failures are the records that count as failures (see Record.Failed).
func (r *Report) Failures() []Record {
	return slices.DeleteFunc(slices.Clone(r.Records), func(x Record) bool { return !x.Failed() })
}

// Nondeterministic are the records whose spot-check hashes differed.
func (r *Report) Nondeterministic() []Record {
	return slices.DeleteFunc(slices.Clone(r.Records), func(x Record) bool { return x.Nondeterministic == "" })
}

// normalize fills defaults and rejects impossible options.
func (o *Options) normalize() error {
	if o.Base == nil {
		return fmt.Errorf("explore: Options.Base is nil")
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.SwarmStop == 0 {
		o.SwarmStop = DefaultSwarmStop
	}
	if o.SwarmStop <= 0 || o.SwarmStop > 1 {
		return fmt.Errorf("--swarm-stop %g: must be in (0,1]", o.SwarmStop)
	}
	if o.SpotCheck < 0 || o.SpotCheck > 1 {
		return fmt.Errorf("--spot-check %g: must be a fraction in [0,1]", o.SpotCheck)
	}
	if o.Seeds.Last < o.Seeds.First {
		return fmt.Errorf("explore: empty seed range %v", o.Seeds)
	}
	return nil
}

// meta is the sweep.json of these options.
func (o *Options) meta() Meta {
	sum := sha256.Sum256(o.Base.Source)
	m := Meta{Scenario: o.Base.Name, File: o.Base.File, SourceSHA256: hex.EncodeToString(sum[:]),
		Sets: o.Sets, Swarm: o.Swarm, First: o.Seeds.First, Last: o.Seeds.Last, Shard: o.Shard.String()}
	if o.Swarm {
		m.SwarmStop = o.SwarmStop
	}
	return m
}

// sweepGCPercent is the garbage collector's target during a sweep. Runs
// allocate briskly and die young; at Go's default (100) the collector
// takes a core's worth of work from the second worker, and 2 workers
// reached only ~1.1-1.7x of one. At 400 they reach ~1.5-1.9x (see
// BenchmarkSweep), for a heap a few times larger: cheap on this machine.
const sweepGCPercent = 400

// relaxGC raises the GC target for the sweep unless the user chose one
// with GOGC, and returns the function that restores it.
func relaxGC() func() {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(sweepGCPercent)
	return func() { debug.SetGCPercent(old) }
}

// Sweep runs every seed of opts.Seeds that opts.Shard owns and that Dir
// does not already hold a result for, on opts.Workers goroutines, and
// returns every result of the shard sorted by seed. The error is for bad
// options, a Dir of another experiment, I/O, or a seed whose scenario
// cannot be built; failing seeds are results, not errors.
func Sweep(ctx context.Context, opts Options) (*Report, error) {
	if err := opts.normalize(); err != nil {
		return nil, err
	}
	start := time.Now() // wall time for the report and progress only
	defer relaxGC()()
	old, out, err := openDir(opts)
	if err != nil {
		return nil, err
	}
	done := map[uint64]bool{}
	for _, r := range old {
		done[r.Seed] = true
	}
	rep := &Report{}
	for _, r := range old {
		if opts.Seeds.Has(r.Seed) && opts.Shard.Owns(opts.Seeds, r.Seed) {
			rep.Resumed++
		}
	}
	prog := newProgress(opts.Progress, opts.Live, opts.Shard.Size(opts.Seeds), rep.Resumed, countFailed(old, opts))
	fresh, cancelled, err := runPool(ctx, opts, done, out, prog)
	prog.finish()
	if out != nil {
		err = joinErr(err, out.close())
	}
	if err != nil {
		return nil, err
	}
	all := append(old, fresh...)
	if opts.Dir != "" {
		if err := WriteResults(filepath.Join(opts.Dir, FileResults), all); err != nil {
			return nil, err
		}
	}
	for _, r := range all {
		if opts.Seeds.Has(r.Seed) && opts.Shard.Owns(opts.Seeds, r.Seed) {
			rep.Records = append(rep.Records, r)
		}
	}
	slices.SortFunc(rep.Records, func(a, b Record) int { return cmpUint(a.Seed, b.Seed) })
	rep.Ran, rep.Wall, rep.Workers = len(fresh), time.Since(start), opts.Workers
	rep.Stopped = cancelled && uint64(len(rep.Records)) < opts.Shard.Size(opts.Seeds)
	return rep, nil
}

// openDir prepares Dir: refuses results of another experiment, reads the
// results already there (resume) and opens the file for appending.
func openDir(opts Options) ([]Record, *appender, error) {
	if opts.Dir == "" {
		return nil, nil, nil
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, nil, fmt.Errorf("--out: %w", err)
	}
	m := opts.meta()
	if prev, ok, err := readMeta(opts.Dir); err != nil {
		return nil, nil, err
	} else if ok && !prev.sameExperiment(m) {
		return nil, nil, fmt.Errorf("--out %s holds results of %s, not of %s; use another directory",
			opts.Dir, prev.describe(), m.describe())
	}
	if err := writeMeta(opts.Dir, m); err != nil {
		return nil, nil, err
	}
	path := filepath.Join(opts.Dir, FileResults)
	old, good, err := ReadResults(path)
	if err != nil {
		return nil, nil, err
	}
	out, err := openAppender(path, good)
	return old, out, err
}

func countFailed(recs []Record, opts Options) int {
	n := 0
	for _, r := range recs {
		if r.Failed() && opts.Seeds.Has(r.Seed) && opts.Shard.Owns(opts.Seeds, r.Seed) {
			n++
		}
	}
	return n
}

// outcome is one worker's answer for one seed.
type outcome struct {
	rec  Record
	line []byte // rec as its results.jsonl line, marshalled by the worker
	err  error
}

// resultsBuffer is how many finished seeds may wait for the collector.
const resultsBuffer = 4096

// runPool hands the seeds still to do to the workers and collects their
// records in this goroutine, the only writer of results.jsonl: it appends
// whatever has finished in one write, and fsyncs every syncEvery (see
// appender), so neither writes nor fsyncs serialise the workers.
func runPool(ctx context.Context, opts Options, done map[uint64]bool, out *appender, prog *progress) (fresh []Record, cancelled bool, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	seeds := make(chan uint64)
	// A deep buffer lets workers run on while the collector waits on
	// fsync; everything that piles up meanwhile goes in the next batch.
	results := make(chan outcome, resultsBuffer)
	go produce(ctx, opts, done, seeds)
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seed := range seeds {
				results <- runOne(opts, seed)
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	tick := time.NewTicker(syncEvery) // so a quiet spell still gets its fsync
	defer tick.Stop()
	for {
		var first outcome
		var open bool
		select {
		case first, open = <-results:
		case <-tick.C:
			if out != nil {
				err = joinErr(err, out.sync())
			}
			continue
		}
		if !open {
			break
		}
		batch := []outcome{first}
		for more := true; more; {
			select {
			case o, ok := <-results:
				if ok {
					batch = append(batch, o)
				}
				more = ok
			default:
				more = false
			}
		}
		recs, berr := collect(batch, opts, out, prog)
		fresh = append(fresh, recs...)
		if err = joinErr(err, berr); err != nil || (opts.StopOnFail && prog.failures > 0) {
			cancel()
		}
	}
	return fresh, ctx.Err() != nil, err
}

// runOne runs a seed and renders its line, on the worker's goroutine, so
// the single collector only writes.
func runOne(opts Options, seed uint64) outcome {
	rec, err := RunSeed(opts, seed)
	if err != nil {
		return outcome{err: err}
	}
	line, err := recordLine(rec)
	return outcome{rec: rec, line: line, err: err}
}

// collect writes a batch of finished seeds and counts them.
func collect(batch []outcome, opts Options, out *appender, prog *progress) ([]Record, error) {
	var recs []Record
	var lines []byte
	var err error
	for _, o := range batch {
		if o.err != nil {
			err = joinErr(err, o.err)
			continue
		}
		recs, lines = append(recs, o.rec), append(lines, o.line...)
	}
	if out != nil && len(recs) > 0 {
		if werr := out.write(lines); werr != nil {
			return nil, fmt.Errorf("writing %s: %w", filepath.Join(opts.Dir, FileResults), werr)
		}
	}
	for _, r := range recs {
		prog.add(r)
	}
	return recs, err
}

// produce sends the seeds still to do, in order, until ctx ends.
func produce(ctx context.Context, opts Options, done map[uint64]bool, seeds chan<- uint64) {
	defer close(seeds)
	for seed := opts.Seeds.First; ; seed++ {
		if opts.Shard.Owns(opts.Seeds, seed) && !done[seed] {
			select {
			case seeds <- seed:
			case <-ctx.Done():
				return
			}
		}
		if seed == opts.Seeds.Last {
			return
		}
	}
}

// RunSeed runs one seed of a sweep (its swarm variant when opts.Swarm) and
// returns its record; a spot-checked seed is run twice. It is safe to call
// from many goroutines: runs share only the read-only base scenario.
func RunSeed(opts Options, seed uint64) (Record, error) {
	s, params, err := seedScenario(opts, seed)
	if err != nil {
		return Record{}, err
	}
	o, err := safeRun(s, seed)
	var pe *PanicError
	if errors.As(err, &pe) {
		return panicRecord(opts, s, seed, params, pe), nil
	}
	if err != nil {
		return Record{}, err
	}
	rec := Record{Scenario: opts.Base.Name, Seed: seed, Hash: o.Result.HashString(), Verdict: o.Verdict,
		Failing: FailingChecks(o), SimTimeNs: int64(o.Result.Now), Events: o.Result.Events,
		ExpectationMet: o.ExpectationMet, Swarm: params}
	var sets []string
	if params != nil {
		sets = params.Sets
	}
	rec.Replay = ReplayCommand(o, append(slices.Clone(opts.Sets), sets...))
	if spotChecked(seed, opts.SpotCheck) {
		again, err := safeRun(s, seed)
		if err != nil {
			return Record{}, err
		}
		rec.SpotChecked = true
		if h := again.Result.HashString(); h != rec.Hash {
			rec.Nondeterministic = h
		}
	}
	return rec, nil
}

// VerdictPanic is the verdict of a run that panicked: a bug in the
// protocol (or the simulator) that the seed reaches. It is never what a
// scenario expects, so it is a failure with its own replay command.
const VerdictPanic scenarios.Verdict = "panic"

// PanicError is a run that panicked, with the panic's value.
type PanicError struct {
	Seed  uint64
	Value string
}

func (e *PanicError) Error() string { return fmt.Sprintf("seed %d panicked: %s", e.Seed, e.Value) }

// safeRun runs one seed, turning a panic inside the run into a
// *PanicError, so one bad seed neither kills a sweep of a million nor a
// shrink; the panic stays visible in the record.
func safeRun(s *scenarios.Scenario, seed uint64) (o *scenarios.Outcome, err error) {
	defer func() {
		if r := recover(); r != nil {
			o, err = nil, &PanicError{Seed: seed, Value: fmt.Sprint(r)}
		}
	}()
	return scenarios.Run(s, scenarios.RunOptions{Seed: &seed})
}

// panicRecord is the record of a seed whose run panicked.
func panicRecord(opts Options, s *scenarios.Scenario, seed uint64, params *SwarmParams, pe *PanicError) Record {
	rec := Record{Scenario: opts.Base.Name, Seed: seed, Verdict: VerdictPanic, Failing: []string{"panic"},
		Panic: pe.Value, Swarm: params}
	sets := slices.Clone(opts.Sets)
	if params != nil {
		sets = append(sets, params.Sets...)
	}
	rec.Replay = ReplayCommand(&scenarios.Outcome{Scenario: s, Seed: seed}, sets)
	return rec
}

// seedScenario is the scenario seed runs: base, or its swarm variant. A
// spot-checked swarm seed is also loaded the way its replay command will
// load it, and must be the same scenario.
func seedScenario(opts Options, seed uint64) (*scenarios.Scenario, *SwarmParams, error) {
	if !opts.Swarm {
		return opts.Base, nil, nil
	}
	p := Swarm(opts.Base, seed, opts.SwarmStop)
	s, err := p.Scenario(opts.Base)
	if err == nil && spotChecked(seed, opts.SpotCheck) {
		var loaded *scenarios.Scenario
		if loaded, err = p.Load(opts.Base); err == nil && !SameScenario(s, loaded) {
			err = fmt.Errorf("the swarm variant built directly differs from the one its replay command loads (a bug in explore)")
		}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("seed %d: %w", seed, err)
	}
	return s, p, nil
}

// SameScenario reports whether two scenarios run the same, whatever file
// and text they came from.
func SameScenario(a, b *scenarios.Scenario) bool {
	x, y := *a, *b
	x.File, x.Source, y.File, y.Source = "", nil, "", nil
	return reflect.DeepEqual(x, y)
}

// spotChecked decides, from the seed alone, whether it is run twice, so
// every shard and every rerun checks the same seeds.
func spotChecked(seed uint64, fraction float64) bool {
	return fraction > 0 && sim.NewStream(seed, "spot-check").Float64() < fraction
}

// FailingChecks lists the names of the checks a run failed, sorted.
func FailingChecks(o *scenarios.Outcome) []string {
	failed := []string{}
	for _, c := range o.Checks {
		if !c.OK {
			failed = append(failed, c.Name)
		}
	}
	slices.Sort(failed)
	return failed
}

// ReplayCommand is `simrun run NAME --seed N` with every --set, quoted for
// a POSIX shell, so it can be pasted as it is.
func ReplayCommand(o *scenarios.Outcome, sets []string) string {
	cmd := o.ReplayCommand("", nil)
	for _, s := range sets {
		cmd += " --set " + shellQuote(s)
	}
	return cmd
}

// shellQuote quotes s for a POSIX shell unless it needs no quoting.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=/:,+@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func joinErr(a, b error) error {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return fmt.Errorf("%w; %w", a, b)
}
