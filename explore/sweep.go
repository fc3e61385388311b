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
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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
	// Workers is how many runs go at once; 0 means runtime.GOMAXPROCS(0):
	// the CPUs this process may use, which in a container is its CPU
	// limit (NumCPU would be the whole node's, and as many runs at once,
	// each with its heap, as the node has cores).
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
		o.Workers = runtime.GOMAXPROCS(0)
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
	defer relaxGC(opts.Workers)()
	old, out, err := openDir(opts)
	if err != nil {
		return nil, err
	}
	done := make(map[uint64]bool, len(old.recs))
	for _, r := range old.recs {
		done[r.Seed] = true
	}
	rep := &Report{}
	for _, r := range old.recs {
		if opts.Seeds.Has(r.Seed) && opts.Shard.Owns(opts.Seeds, r.Seed) {
			rep.Resumed++
		}
	}
	prog := newProgress(opts.Progress, opts.Live, opts.Shard.Size(opts.Seeds), rep.Resumed, countFailed(old.recs, opts))
	p := runPool(ctx, opts, done, out, prog, old)
	prog.finish()
	err = p.err
	if out != nil {
		// When results.jsonl is not in seed order it is rewritten sorted,
		// and that copy's fsync stands for the appended file's.
		err = joinErr(err, out.close(err == nil && !p.sorted))
	}
	if err != nil {
		return nil, err
	}
	all := append(old.recs, p.fresh...)
	if opts.Dir != "" && !p.sorted {
		if err := writeLines(filepath.Join(opts.Dir, FileResults), append(old.lines, p.lines...), all); err != nil {
			return nil, err
		}
	}
	for _, r := range all {
		if opts.Seeds.Has(r.Seed) && opts.Shard.Owns(opts.Seeds, r.Seed) {
			rep.Records = append(rep.Records, r)
		}
	}
	slices.SortFunc(rep.Records, func(a, b Record) int { return cmpUint(a.Seed, b.Seed) })
	rep.Ran, rep.Wall, rep.Workers = len(p.fresh), time.Since(start), opts.Workers
	rep.Stopped = p.cancelled && uint64(len(rep.Records)) < opts.Shard.Size(opts.Seeds)
	return rep, nil
}

// openDir prepares Dir: refuses results of another experiment, reads the
// results already there (resume) and opens the file for appending.
func openDir(opts Options) (resultLines, *appender, error) {
	if opts.Dir == "" {
		return resultLines{}, nil, nil
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return resultLines{}, nil, fmt.Errorf("--out: %w", err)
	}
	m := opts.meta()
	if prev, ok, err := readMeta(opts.Dir); err != nil {
		return resultLines{}, nil, err
	} else if ok && !prev.sameExperiment(m) {
		return resultLines{}, nil, fmt.Errorf("--out %s holds results of %s, not of %s; use another directory",
			opts.Dir, prev.describe(), m.describe())
	}
	if err := writeMeta(opts.Dir, m); err != nil {
		return resultLines{}, nil, err
	}
	path := filepath.Join(opts.Dir, FileResults)
	old, err := readResultLines(path)
	if err != nil {
		return resultLines{}, nil, err
	}
	out, err := openAppender(path, old.good)
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

// pool is what the workers of one sweep share: the next seed to claim,
// and, behind mu, the file, the records and the progress line.
type pool struct {
	opts   Options
	done   map[uint64]bool // seeds resumed from Dir; read-only while the pool runs
	next   atomic.Uint64   // offset in opts.Seeds of the next seed to claim
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	out     *appender
	prog    *progress
	fresh   []Record
	lines   [][]byte // fresh[i] as its results.jsonl line
	lastOut uint64   // the seed of the last line in results.jsonl
	anyOut  bool     // results.jsonl has a line
	sorted  bool     // results.jsonl lists its seeds in increasing order
	err     error

	cancelled bool // the context ended before every seed was claimed
}

// runPool runs the seeds still to do on opts.Workers goroutines. Each
// worker claims the next seed from a shared counter, runs it and appends
// its line to results.jsonl itself, in one write as soon as the seed
// finishes, so a kill loses nothing finished; a syncer goroutine fsyncs
// every syncEvery (see appender). No seed or result is handed from one
// goroutine to another: a hand-off wakes a goroutine that has to find a
// processor, and with every processor running a worker, the workers wait.
func runPool(ctx context.Context, opts Options, done map[uint64]bool, out *appender, prog *progress, old resultLines) *pool {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := &pool{opts: opts, done: done, ctx: ctx, cancel: cancel, out: out, prog: prog,
		lastOut: old.last(), anyOut: len(old.recs) > 0, sorted: old.sorted()}
	stopSync := out.startSyncer()
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				seed, ok := p.claim()
				if !ok {
					return
				}
				p.finish(seed, runOne(opts, seed))
			}
		}()
	}
	wg.Wait()
	p.cancelled = ctx.Err() != nil
	p.err = joinErr(p.err, stopSync())
	return p
}

// claim hands out the next seed this shard owns that is not done yet, in
// order; false once the range is exhausted or the sweep was cancelled.
func (p *pool) claim() (uint64, bool) {
	r, span := p.opts.Seeds, p.opts.Seeds.Last-p.opts.Seeds.First
	for {
		select {
		case <-p.ctx.Done():
			return 0, false
		default:
		}
		i := p.next.Add(1) - 1
		if i > span {
			return 0, false
		}
		if seed := r.First + i; p.opts.Shard.Owns(r, seed) && !p.done[seed] {
			return seed, true
		}
	}
}

// finish writes a seed's line and counts it.
func (p *pool) finish(seed uint64, o outcome) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if o.err == nil && p.out != nil {
		if werr := p.out.write(o.line); werr != nil {
			o.err = fmt.Errorf("writing %s: %w", filepath.Join(p.opts.Dir, FileResults), werr)
		} else {
			p.sorted = p.sorted && (!p.anyOut || seed > p.lastOut)
			p.lastOut, p.anyOut = seed, true
		}
	}
	if o.err != nil {
		p.err = joinErr(p.err, o.err)
		p.cancel()
		return
	}
	p.fresh, p.lines = append(p.fresh, o.rec), append(p.lines, o.line)
	p.prog.add(o.rec)
	if p.opts.StopOnFail && p.prog.failures > 0 {
		p.cancel()
	}
}

// outcome is one worker's answer for one seed.
type outcome struct {
	rec  Record
	line []byte // rec as its results.jsonl line, marshalled by the worker
	err  error
}

// runOne runs a seed and renders its line, on the worker's goroutine.
func runOne(opts Options, seed uint64) outcome {
	rec, err := RunSeed(opts, seed)
	if err != nil {
		return outcome{err: err}
	}
	line, err := recordLine(rec)
	return outcome{rec: rec, line: line, err: err}
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
