package explore

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"simrun/scenarios"
)

// ErrNoFailure is returned by Shrink when the seed's run fails no check:
// there is nothing to shrink.
var ErrNoFailure = errors.New("the run fails no check, so there is nothing to shrink")

// ShrinkOptions describe one shrink.
type ShrinkOptions struct {
	// Base is the failing scenario, loaded with any --set overrides (a
	// swarm seed's overrides included); Seed is the failing seed.
	Base *scenarios.Scenario
	Seed uint64
	// MaxRuns bounds the runs tried; 0 means DefaultShrinkRuns. When it
	// runs out, the smallest failing variant so far is the result.
	MaxRuns int
	// Log, when set, receives one line per step that made the run smaller.
	Log io.Writer
}

// DefaultShrinkRuns bounds a shrink: ddmin needs O(n²) runs in the worst
// case, and a run of a big scenario can take a second.
const DefaultShrinkRuns = 5000

// ShrinkResult is the smallest variant found that fails the same checks.
type ShrinkResult struct {
	// Source is the minimal scenario file: the base text with the smaller
	// fault list, duration and node count, its seed, and an expect that
	// says the failure, so `simrun run FILE` exits 0 when it reproduces.
	Source   []byte
	Scenario *scenarios.Scenario
	Seed     uint64
	// Failing is the failing check set kept throughout, sorted.
	Failing []string
	Hash    string

	FaultsBefore, FaultsAfter     int
	DurationBefore, DurationAfter time.Duration
	NodesBefore, NodesAfter       int
	// Runs counts the runs tried; Exhausted says MaxRuns cut the search.
	Runs      int
	Exhausted bool
}

// variant is one candidate: what the shrinker changes in the base.
type variant struct {
	faults   []scenarios.Fault
	duration time.Duration
	nodes    int
}

// shrinker holds the search's fixed inputs and its run budget.
type shrinker struct {
	base    *scenarios.Scenario
	seed    uint64
	target  []string
	runs    int
	maxRuns int
	log     io.Writer
}

// Shrink cuts a failing run down while it keeps failing exactly the same
// checks with the same seed: it drops faults (ddmin, Zeller and
// Hildebrandt 2002), shortens crash and pause windows, moves faults
// earlier, cuts the duration and lowers the node count when the scenario
// still loads with fewer nodes, repeating until nothing more can go. Each
// candidate is an override of the base (`faults=[...]`, `duration=`,
// `nodes=`), so it passes the same validation as a file. The result is
// re-run from its own text, twice, to prove it reproduces.
func Shrink(opts ShrinkOptions) (*ShrinkResult, error) {
	if opts.MaxRuns <= 0 {
		opts.MaxRuns = DefaultShrinkRuns
	}
	base := opts.Base
	o, err := safeRun(base, opts.Seed)
	if err != nil {
		return nil, err
	}
	sh := &shrinker{base: base, seed: opts.Seed, target: FailingChecks(o), maxRuns: opts.MaxRuns, log: opts.Log}
	if len(sh.target) == 0 {
		return nil, ErrNoFailure
	}
	v := variant{faults: cloneFaults(base.Faults), duration: base.Duration, nodes: len(base.Nodes)}
	for round := 0; round < 4; round++ {
		before := v.size()
		v = sh.pass(v)
		if v.size() == before {
			break
		}
	}
	return sh.finish(v, o)
}

// size orders variants for "did the pass make it smaller".
func (v variant) size() [4]int64 {
	var windows time.Duration
	for _, f := range v.faults {
		windows += f.At + faultWindow(f)
	}
	return [4]int64{int64(len(v.faults)), int64(v.nodes), int64(v.duration), int64(windows)}
}

// pass runs each reduction once.
func (sh *shrinker) pass(v variant) variant {
	v = sh.dropFaults(v)
	v = sh.shortenWindows(v)
	v = sh.moveEarlier(v)
	v = sh.cutDuration(v)
	return sh.fewerNodes(v)
}

// sets are the overrides that turn the base into v.
func (sh *shrinker) sets(v variant) []string {
	sets := []string{"faults=" + scenarios.FaultsYAML(v.faults)}
	if v.duration != sh.base.Duration {
		sets = append(sets, "duration="+v.duration.String())
	}
	if v.nodes != len(sh.base.Nodes) {
		sets = append(sets, fmt.Sprintf("nodes=%d", v.nodes))
	}
	return sets
}

// fails reports whether v loads and fails exactly the target checks. A
// variant the loader rejects (a fault after the new end, a node that no
// longer exists) is simply not a smaller failing run.
func (sh *shrinker) fails(v variant) bool {
	if sh.runs >= sh.maxRuns {
		return false
	}
	s, err := scenarios.Load(sh.base.File, sh.base.Source, sh.sets(v))
	if err != nil {
		return false
	}
	sh.runs++
	o, err := safeRun(s, sh.seed) // a variant the protocol cannot build panics
	return err == nil && slices.Equal(FailingChecks(o), sh.target)
}

func (sh *shrinker) logf(format string, args ...any) {
	if sh.log != nil {
		fmt.Fprintf(sh.log, format+"\n", args...)
	}
}

// dropFaults is ddmin over the fault list: try halves, then complements,
// then finer splits, keeping any subset that still fails.
func (sh *shrinker) dropFaults(v variant) variant {
	before := len(v.faults)
	if before == 0 {
		return v
	}
	if none := v.with(nil); sh.fails(none) {
		sh.logf("dropped every fault (%d → 0)", before)
		return none
	}
	c, n := v.faults, 2
	for len(c) >= 2 {
		chunks := split(c, n)
		next, ok := sh.firstFailing(v, chunks)
		if ok {
			c, n = next, 2
			continue
		}
		if n > 2 || len(chunks) > 2 {
			next, ok = sh.firstFailing(v, complements(c, chunks))
			if ok {
				c, n = next, max(n-1, 2)
				continue
			}
		}
		if n >= len(c) {
			break
		}
		n = min(2*n, len(c))
	}
	if len(c) < before {
		sh.logf("dropped %d faults (%d → %d)", before-len(c), before, len(c))
	}
	return v.with(c)
}

// firstFailing returns the first candidate fault list that still fails.
func (sh *shrinker) firstFailing(v variant, lists [][]scenarios.Fault) ([]scenarios.Fault, bool) {
	for _, l := range lists {
		if sh.fails(v.with(l)) {
			return l, true
		}
	}
	return nil, false
}

// split cuts list into n nearly equal chunks.
func split(list []scenarios.Fault, n int) [][]scenarios.Fault {
	var out [][]scenarios.Fault
	for i := range n {
		lo, hi := i*len(list)/n, (i+1)*len(list)/n
		if hi > lo {
			out = append(out, list[lo:hi])
		}
	}
	return out
}

// complements returns, for each chunk, the list without it.
func complements(list []scenarios.Fault, chunks [][]scenarios.Fault) [][]scenarios.Fault {
	var out [][]scenarios.Fault
	start := 0
	for _, ch := range chunks {
		out = append(out, slices.Concat(list[:start], list[start+len(ch):]))
		start += len(ch)
	}
	return out
}

// with returns v with another fault list (deep-copied, since later steps
// edit faults in place).
func (v variant) with(faults []scenarios.Fault) variant {
	v.faults = cloneFaults(faults)
	return v
}

// shortenWindows shrinks each crash-recover's downtime and each pause.
func (sh *shrinker) shortenWindows(v variant) variant {
	for i, f := range v.faults {
		cur := faultWindow(f)
		if cur <= time.Millisecond {
			continue
		}
		best := smallest(cur, time.Millisecond, func(d time.Duration) bool {
			return sh.fails(v.with(v.faults).setWindow(i, d))
		})
		if best < cur {
			sh.logf("faults[%d] %s: window %v → %v", i, f.Kind, cur, best)
			v = v.with(v.faults).setWindow(i, best)
		}
	}
	return v
}

// faultWindow is how long a fault lasts, 0 for instant ones.
func faultWindow(f scenarios.Fault) time.Duration {
	switch {
	case f.Kind == scenarios.FaultCrash:
		return f.Crash.RestartAfter
	case f.Kind == scenarios.FaultPause:
		return f.Pause.For
	}
	return 0
}

// setWindow sets fault i's window (v must own its faults).
func (v variant) setWindow(i int, d time.Duration) variant {
	switch f := v.faults[i]; f.Kind {
	case scenarios.FaultCrash:
		f.Crash.RestartAfter = d
	case scenarios.FaultPause:
		f.Pause.For = d
	}
	return v
}

// moveEarlier moves each fault as early as it can go and still fail.
func (sh *shrinker) moveEarlier(v variant) variant {
	for i, f := range v.faults {
		if f.At == 0 {
			continue
		}
		try := func(at time.Duration) variant {
			w := v.with(v.faults)
			w.faults[i].At = at
			return w
		}
		best := smallest(f.At, 0, func(at time.Duration) bool { return sh.fails(try(at)) })
		if best < f.At {
			sh.logf("faults[%d] %s: at %v → %v", i, f.Kind, f.At, best)
			v = try(best)
		}
	}
	return v
}

// cutDuration ends the run as early as it can and still fail.
func (sh *shrinker) cutDuration(v variant) variant {
	best := smallest(v.duration, time.Millisecond, func(d time.Duration) bool {
		w := v
		w.duration = d
		return sh.fails(w)
	})
	if best < v.duration {
		sh.logf("duration %v → %v", v.duration, best)
		v.duration = best
	}
	return v
}

// fewerNodes lowers the node count while the scenario loads and fails.
// The faults aimed at the servers that go are dropped with them, and they
// leave the groups of partitions, so that only the workload (a client
// whose home is gone) can stop the scenario from loading.
func (sh *shrinker) fewerNodes(v variant) variant {
	for v.nodes > 1 {
		w := v
		w.nodes--
		w.faults = withoutNode(v.faults, fmt.Sprintf("n%d", w.nodes))
		if !sh.fails(w) {
			break
		}
		sh.logf("nodes %d → %d", v.nodes, w.nodes)
		v = w
	}
	return v
}

// withoutNode returns faults without the server name: faults aimed at it
// are dropped, and it leaves every partition group (empty groups go).
func withoutNode(faults []scenarios.Fault, name string) []scenarios.Fault {
	var out []scenarios.Fault
	for _, f := range cloneFaults(faults) {
		if slices.Contains(faultNodes(f), name) {
			continue
		}
		if p := f.Partition; p != nil && p.Shape == scenarios.ShapeGroups {
			var groups [][]string
			for _, g := range p.Groups {
				if g = slices.DeleteFunc(slices.Clone(g), func(m string) bool { return m == name }); len(g) > 0 {
					groups = append(groups, g)
				}
			}
			f.Partition = &scenarios.Partition{Shape: p.Shape, Groups: groups}
		}
		out = append(out, f)
	}
	return out
}

// faultNodes are the members a fault is aimed at (not partition groups).
func faultNodes(f scenarios.Fault) []string {
	switch f.Kind {
	case scenarios.FaultPartition:
		return []string{f.Partition.Node}
	case scenarios.FaultCut:
		return []string{f.Cut.From, f.Cut.To}
	case scenarios.FaultCrash:
		return []string{f.Crash.Node}
	case scenarios.FaultPause:
		return []string{f.Pause.Node}
	case scenarios.FaultClock:
		return []string{f.Clock.Node}
	case scenarios.FaultByzantine:
		return []string{f.Byzantine.Node}
	case scenarios.FaultOperator:
		return []string{f.Operator.Node}
	}
	return nil
}

// smallest searches [floor, cur] in whole milliseconds for the smallest
// value at which ok holds, knowing it holds at cur. The search is binary,
// so where ok is not monotone it finds a small value, not the smallest;
// every value it returns was tried.
func smallest(cur, floor time.Duration, ok func(time.Duration) bool) time.Duration {
	if cur <= floor {
		return cur
	}
	if ok(floor) {
		return floor
	}
	lo, hi := floor, cur
	for hi-lo > time.Millisecond {
		mid := ((lo + hi) / 2).Truncate(time.Millisecond)
		if mid <= lo {
			break
		}
		if ok(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// cloneFaults deep-copies faults, payloads included.
func cloneFaults(faults []scenarios.Fault) []scenarios.Fault {
	out := make([]scenarios.Fault, len(faults))
	for i, f := range faults {
		out[i] = f
		if f.Crash != nil {
			c := *f.Crash
			out[i].Crash = &c
		}
		if f.Pause != nil {
			p := *f.Pause
			out[i].Pause = &p
		}
	}
	return out
}

// finish builds the minimal scenario's text and proves it reproduces: two
// runs from the text alone give the same hash and the same failing checks.
func (sh *shrinker) finish(v variant, first *scenarios.Outcome) (*ShrinkResult, error) {
	sets := append(sh.sets(v), fmt.Sprintf("seed=%d", sh.seed), "expect="+expectYAML(first))
	s, err := scenarios.Load(sh.base.File, sh.base.Source, sets)
	if err != nil {
		return nil, fmt.Errorf("shrink: the minimal variant does not load: %w", err)
	}
	res := &ShrinkResult{Seed: sh.seed, Failing: sh.target, Runs: sh.runs, Exhausted: sh.runs >= sh.maxRuns,
		FaultsBefore: len(sh.base.Faults), FaultsAfter: len(v.faults),
		DurationBefore: sh.base.Duration, DurationAfter: v.duration,
		NodesBefore: len(sh.base.Nodes), NodesAfter: v.nodes}
	header := fmt.Sprintf("# Shrunk by `simrun shrink` from %s, seed %d: faults %d → %d, duration %v → %v, nodes %d → %d.\n"+
		"# It fails %s; run it with `simrun run FILE`.\n",
		sh.base.File, sh.seed, res.FaultsBefore, res.FaultsAfter, res.DurationBefore, res.DurationAfter,
		res.NodesBefore, res.NodesAfter, strings.Join(sh.target, ", "))
	res.Source = append([]byte(header), s.Source...)
	var hashes []string
	for range 2 {
		again, err := scenarios.Load(sh.base.File, res.Source, nil)
		if err != nil {
			return nil, fmt.Errorf("shrink: the minimal scenario does not reload: %w", err)
		}
		o, err := scenarios.Run(again, scenarios.RunOptions{})
		if err != nil {
			return nil, err
		}
		if !slices.Equal(FailingChecks(o), sh.target) || !o.ExpectationMet {
			return nil, fmt.Errorf("shrink: the minimal scenario fails %v, not %v: a determinism bug", FailingChecks(o), sh.target)
		}
		res.Scenario, res.Hash = again, o.Result.HashString()
		hashes = append(hashes, res.Hash)
	}
	if hashes[0] != hashes[1] {
		return nil, fmt.Errorf("shrink: the minimal scenario gave hashes %s and %s: a determinism bug", hashes[0], hashes[1])
	}
	return res, nil
}

// expectYAML says the failure as an expect value: the safety checks that
// failed, or no-progress when only liveness failed.
func expectYAML(o *scenarios.Outcome) string {
	if safety := o.FailedSafety(); len(safety) > 0 {
		return "{violation: [" + strings.Join(safety, ", ") + "]}"
	}
	return string(scenarios.VerdictNoProgress)
}
