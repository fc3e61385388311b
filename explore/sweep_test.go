package explore

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSweepSameWithAnyWorkers checks that the records do not depend on how
// many workers ran them: a sweep is a function of the seeds.
func TestSweepSameWithAnyWorkers(t *testing.T) {
	base := load(t, "testdata/split-brain-3.yaml")
	opts := Options{Base: base, Seeds: Range{1, 40}, Swarm: true, Workers: 1}
	one := sweep(t, opts)
	opts.Workers = 3
	three := sweep(t, opts)
	if !reflect.DeepEqual(one.Records, three.Records) {
		t.Fatal("1 worker and 3 workers gave different records")
	}
	if !slices.Equal(seedsOf(one.Records), seedsOf(three.Records)) || len(one.Records) != 40 {
		t.Fatalf("records are not seeds 1..40 in order: %v", seedsOf(three.Records))
	}
}

// TestSweepResumes checks that a second sweep into the same directory runs
// only the seeds missing, keeps the old ones, and leaves each seed once in
// seed order; and that a torn last line (a kill mid-write) is dropped and
// that seed run again.
func TestSweepResumes(t *testing.T) {
	dir := t.TempDir()
	base := load(t, "split-brain")
	first := sweep(t, Options{Base: base, Seeds: Range{1, 30}, Dir: dir, Workers: 2})
	if first.Ran != 30 || first.Resumed != 0 {
		t.Fatalf("first sweep ran %d, resumed %d; want 30, 0", first.Ran, first.Resumed)
	}
	path := filepath.Join(dir, FileResults)
	data, _ := os.ReadFile(path)
	torn := data[:len(data)-10] // seed 30's line, cut short
	if err := os.WriteFile(path, torn, 0o644); err != nil {
		t.Fatal(err)
	}
	second := sweep(t, Options{Base: base, Seeds: Range{1, 50}, Dir: dir, Workers: 2})
	if second.Resumed != 29 || second.Ran != 21 {
		t.Fatalf("second sweep resumed %d, ran %d; want 29, 21", second.Resumed, second.Ran)
	}
	recs, _, err := ReadResults(path)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]uint64, 50)
	for i := range want {
		want[i] = uint64(i + 1)
	}
	if got := seedsOf(recs); !slices.Equal(got, want) {
		t.Fatalf("results.jsonl seeds = %v, want 1..50 once each in order", got)
	}
}

// TestSweepRefusesAnotherExperiment checks that a directory of one
// scenario cannot be resumed with another: mixed results would lie.
func TestSweepRefusesAnotherExperiment(t *testing.T) {
	dir := t.TempDir()
	sweep(t, Options{Base: load(t, "split-brain"), Seeds: Range{1, 3}, Dir: dir})
	_, err := Sweep(t.Context(), Options{Base: load(t, "split-brain", "config.failover=manual"), Seeds: Range{1, 3}, Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "holds results of") {
		t.Fatalf("resuming with other overrides: err = %v, want a refusal", err)
	}
}

// TestSweepCountsFailuresAndStops checks that a seed that does not do what
// the scenario expects is a failure with a replay command that carries
// the overrides, and that --stop-on-fail stops handing out seeds.
func TestSweepCountsFailuresAndStops(t *testing.T) {
	base := load(t, "split-brain", "config.failover=manual") // holds, but expects a violation
	rep := sweep(t, Options{Base: base, Sets: []string{"config.failover=manual"}, Seeds: Range{1, 5}, Workers: 2})
	fails := rep.Failures()
	if len(fails) != 5 {
		t.Fatalf("%d failures, want all 5 seeds", len(fails))
	}
	if want := "simrun run split-brain --seed 3 --set config.failover=manual"; fails[2].Replay != want {
		t.Errorf("replay = %q, want %q", fails[2].Replay, want)
	}
	stopped := sweep(t, Options{Base: base, Seeds: Range{1, 5000}, Workers: 2, StopOnFail: true})
	if !stopped.Stopped || len(stopped.Records) > 100 {
		t.Errorf("stop-on-fail ran %d seeds (stopped=%v); want a handful", len(stopped.Records), stopped.Stopped)
	}
}

// TestSpotCheckCatchesNondeterminism checks that a protocol whose runs
// differ for the same seed is caught by the spot-check and counts as a
// failure naming the seed, while a deterministic one passes it.
func TestSpotCheckCatchesNondeterminism(t *testing.T) {
	rep := sweep(t, Options{Base: load(t, "testdata/nondet.yaml"), Seeds: Range{1, 20}, SpotCheck: 1, Workers: 1})
	bad := rep.Nondeterministic()
	if len(bad) == 0 || len(rep.Failures()) != len(bad) {
		t.Fatalf("%d nondeterministic seeds, %d failures; want every seed caught", len(bad), len(rep.Failures()))
	}
	good := sweep(t, Options{Base: load(t, "split-brain"), Seeds: Range{1, 20}, SpotCheck: 1, Swarm: true})
	for _, r := range good.Records {
		if !r.SpotChecked || r.Nondeterministic != "" {
			t.Fatalf("split-brain seed %d: spot_checked=%v nondeterministic=%q", r.Seed, r.SpotChecked, r.Nondeterministic)
		}
	}
}

// childSweep is the child process of TestSweepSurvivesSIGKILL: a swarm
// sweep of split-brain-3 into dir with the seeds of EXPLORE_CHILD_SEEDS.
func childSweep(dir string) int {
	s, err := loadFile("testdata/split-brain-3.yaml")
	if err == nil {
		var r Range
		if r, err = ParseSeeds(os.Getenv("EXPLORE_CHILD_SEEDS")); err == nil {
			_, err = Sweep(context.Background(), Options{Base: s, Seeds: r, Swarm: true, Dir: dir, Workers: 2})
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return 0
}

// TestSweepSurvivesSIGKILL starts a sweep in a child process, kills it
// with SIGKILL part way, runs it again, and checks that every seed is in
// results.jsonl exactly once, and that the seeds finished before the kill
// were not run again.
func TestSweepSurvivesSIGKILL(t *testing.T) {
	const seeds = 3000
	dir := t.TempDir()
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "EXPLORE_CHILD_DIR="+dir, fmt.Sprintf("EXPLORE_CHILD_SEEDS=%d", seeds))
		return cmd
	}
	cmd := child()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	before := waitForLines(t, filepath.Join(dir, FileResults), 200, 20*time.Second)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("child was not killed: %v", err)
	}
	killed, _, err := ReadResults(filepath.Join(dir, FileResults))
	if err != nil {
		t.Fatalf("results after SIGKILL do not read: %v", err)
	}
	if len(killed) < before || len(killed) >= seeds {
		t.Fatalf("%d seeds survived the kill (saw %d before it); want part of %d", len(killed), before, seeds)
	}
	if out, err := child().CombinedOutput(); err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	recs, _, err := ReadResults(filepath.Join(dir, FileResults))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range recs {
		if r.Seed != uint64(i+1) {
			t.Fatalf("results.jsonl line %d is seed %d; want seeds 1..%d exactly once, in order", i+1, r.Seed, seeds)
		}
	}
	if len(recs) != seeds {
		t.Fatalf("results.jsonl has %d seeds, want %d", len(recs), seeds)
	}
	for _, k := range killed {
		if !reflect.DeepEqual(recs[k.Seed-1], k) {
			t.Fatalf("seed %d changed between the killed run and the rerun", k.Seed)
		}
	}
	t.Logf("killed after %d of %d seeds; the rerun ran the other %d", len(killed), seeds, seeds-len(killed))
}

// waitForLines waits until the file has at least n complete lines.
func waitForLines(t *testing.T, path string, n int, limit time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if got := countLines(path); got >= n {
			return got
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("%s never reached %d lines", path, n)
	return 0
}

func countLines(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		n++
	}
	return n
}

// TestSwarmSweepIsDeterministic runs swarm seeds twice each (spot-check
// 1.0) and expects no hash to differ: every fault class, on every seed,
// must keep a run a function of its seed. 50 seeds always; 2,000 with
// SIMRUN_LONG=1.
func TestSwarmSweepIsDeterministic(t *testing.T) {
	n := uint64(50)
	if os.Getenv("SIMRUN_LONG") == "1" {
		n = 2000
	}
	rep := sweep(t, Options{Base: load(t, "testdata/split-brain-3.yaml"), Seeds: Range{1, n}, Swarm: true, SpotCheck: 1})
	if bad := rep.Nondeterministic(); len(bad) > 0 {
		t.Fatalf("%d seeds are not deterministic, first seed %d: %s", len(bad), bad[0].Seed, bad[0].Replay)
	}
	if uint64(len(rep.Records)) != n {
		t.Fatalf("%d records for %d seeds", len(rep.Records), n)
	}
}

// TestProgressLine checks what the progress line says and that a live
// line is redrawn in place.
func TestProgressLine(t *testing.T) {
	var buf strings.Builder
	p := newProgress(&buf, true, 10, 4, 1)
	p.add(Record{ExpectationMet: false})
	p.add(Record{ExpectationMet: true})
	p.finish()
	out := buf.String()
	if !strings.HasPrefix(out, "\rseeds 6/10 · ") || !strings.Contains(out, "· 2 failures · ETA ") || !strings.HasSuffix(out, "\n") {
		t.Fatalf("progress output %q", out)
	}
}

// TestSweepRecordsPanics checks that a seed whose run panics is a failing
// record with the panic and a replay command, and that the sweep goes on
// with the other seeds instead of dying.
func TestSweepRecordsPanics(t *testing.T) {
	rep := sweep(t, Options{Base: load(t, "testdata/panicky.yaml"), Seeds: Range{1, 20}, Workers: 2})
	var panics int
	for _, r := range rep.Records {
		if r.Verdict == VerdictPanic {
			panics++
			if !r.Failed() || !strings.Contains(r.Panic, "this seed reaches a bug") || !strings.Contains(r.Replay, fmt.Sprintf("--seed %d", r.Seed)) {
				t.Fatalf("panic record %+v", r)
			}
		}
	}
	if len(rep.Records) != 20 || panics == 0 || panics == 20 {
		t.Fatalf("%d records, %d panics; want 20 records, some (not all) panics", len(rep.Records), panics)
	}
}
