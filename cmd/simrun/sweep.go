package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"simrun/explore"
	"simrun/scenarios"
)

// sweepOptions are the flags of `simrun sweep`.
type sweepOptions struct {
	target     string
	seeds      string
	workers    int
	swarm      bool
	swarmStop  float64
	stopOnFail bool
	out        string
	shard      string
	spotCheck  float64
	sets       []string
	verbose    bool
}

func init() { commands = append(commands, newSweepCmd) }

func newSweepCmd() *cobra.Command {
	opts := &sweepOptions{}
	cmd := &cobra.Command{
		Use:   "sweep SCENARIO|FILE --seeds N|A..B",
		Short: "Run a scenario over many seeds on every core",
		Long: `Run a scenario once per seed, on --workers goroutines (one whole run each;
a run itself is single-threaded and deterministic). Each finished seed is
appended to DIR/results.jsonl at once (and fsynced every second), so a
killed sweep loses nothing that finished, and the same command run again
resumes with the seeds not yet done. At the end results.jsonl is rewritten in seed order and the
failures are listed with the command that replays each.

A seed fails when its run did not do what the scenario expects: for
split-brain, which expects a violation, a seed that holds is the failure.

--swarm draws a fault schedule per seed: each fault class (crash, crash-
recover, partition, pause, clock skew, message loss and duplication) is on
or off with its own intensity, every partition heals, and after
--swarm-stop of the run nothing more happens, so the end of the run is a
liveness phase. Every drawn parameter is stored in results.jsonl.

--spot-check runs a fraction of the seeds (chosen by the seed) twice; a
hash mismatch is a determinism bug and fails the sweep loudly.

--shard i/n runs the seeds whose offset from the first seed is i modulo n.
Without it, a Kubernetes Indexed Job's JOB_COMPLETION_INDEX and
JOB_COMPLETIONS, or a Slurm array's SLURM_ARRAY_TASK_ID and
SLURM_ARRAY_TASK_COUNT, choose the shard. 'simrun merge' combines shards.

Exit code 0: every seed did what the scenario expects; 1: some did not
(or the sweep was interrupted); 2: bad input.`,
		Example: `  $ simrun sweep split-brain --seeds 10000 --out sweeps/sb
  $ simrun sweep split-brain --seeds 10000 --out sweeps/sb      # resumes
  $ simrun sweep raft-swarm --swarm --seeds 1..2000 --workers 8 --stop-on-fail
  $ simrun sweep my.yaml --seeds 1000000 --shard 3/64 --out shard-3`,
		Args: exactArgs(1, "one scenario name or file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.target = args[0]
			return runSweep(cmd, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.seeds, "seeds", "", "seeds to run: N (1..N) or A..B (required)")
	f.IntVar(&opts.workers, "workers", 0, "runs at once (default: the CPUs this process may use, a container's CPU limit included)")
	f.BoolVar(&opts.swarm, "swarm", false, "draw a fault schedule per seed (swarm testing)")
	f.Float64Var(&opts.swarmStop, "swarm-stop", explore.DefaultSwarmStop, "fraction of the run after which --swarm injects no fault")
	f.BoolVar(&opts.stopOnFail, "stop-on-fail", false, "stop at the first failing seed")
	f.StringVar(&opts.out, "out", "", "directory for results.jsonl and sweep.json (needed to resume)")
	f.StringVar(&opts.shard, "shard", "", "run only shard i of n, e.g. 0/4 (default: from the batch engine's environment)")
	f.Float64Var(&opts.spotCheck, "spot-check", 0.05, "fraction of seeds run twice to check determinism")
	f.StringArrayVar(&opts.sets, "set", nil, "override a scenario field, e.g. --set nodes=5 (repeatable)")
	f.BoolVarP(&opts.verbose, "verbose", "v", false, "print every seed's result and swarm parameters")
	return cmd
}

// sweepInput turns the flags into explore.Options (bad input: exit 2).
func sweepInput(cmd *cobra.Command, opts *sweepOptions) (explore.Options, string, error) {
	if opts.seeds == "" {
		return explore.Options{}, "", fmt.Errorf("sweep needs --seeds N or --seeds A..B")
	}
	r, err := explore.ParseSeeds(opts.seeds)
	if err != nil {
		return explore.Options{}, "", err
	}
	if opts.workers < 0 {
		return explore.Options{}, "", fmt.Errorf("--workers %d: must be >= 1", opts.workers)
	}
	shard, from, err := shardOf(opts.shard)
	if err != nil {
		return explore.Options{}, "", err
	}
	s, err := scenarios.Find(opts.target, opts.sets)
	if err != nil {
		return explore.Options{}, "", err
	}
	live := false
	if f, ok := cmd.ErrOrStderr().(*os.File); ok {
		st, err := f.Stat()
		live = err == nil && st.Mode()&os.ModeCharDevice != 0
	}
	return explore.Options{Base: s, Sets: opts.sets, Seeds: r, Shard: shard, Workers: opts.workers,
		Swarm: opts.swarm, SwarmStop: opts.swarmStop, StopOnFail: opts.stopOnFail, SpotCheck: opts.spotCheck,
		Dir: opts.out, Progress: cmd.ErrOrStderr(), Live: live}, from, nil
}

// shardOf reads --shard, or else the batch engine's environment.
func shardOf(flag string) (explore.Shard, string, error) {
	if flag != "" {
		sh, err := explore.ParseShard(flag)
		return sh, "--shard", err
	}
	return explore.ShardFromEnv(os.Getenv)
}

func runSweep(cmd *cobra.Command, opts *sweepOptions) error {
	eo, from, err := sweepInput(cmd, opts)
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "sweep %s: seeds %v", eo.Base.Name, eo.Seeds)
	if eo.Shard.Sharded() {
		fmt.Fprintf(w, ", shard %v (from %s): %d seeds", eo.Shard, from, eo.Shard.Size(eo.Seeds))
	}
	fmt.Fprintf(w, ", expect %s\n", eo.Base.ExpectText())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	caught := make(chan os.Signal, 1) // filled before cancel, so readable after it
	go func() {
		select {
		case sig := <-sigs:
			caught <- sig
			cancel()
		case <-ctx.Done():
		}
	}()
	rep, err := explore.Sweep(ctx, eo)
	if err != nil {
		return err
	}
	printSweep(w, cmd.ErrOrStderr(), eo, rep, opts.verbose)
	select {
	case sig := <-caught: // before failures: the shard is not finished
		return interrupted(cmd.ErrOrStderr(), sig)
	default:
	}
	if len(rep.Failures()) > 0 {
		return errExpectationUnmet
	}
	return nil
}

// interrupted ends a sweep stopped by a signal the way Unix programs end:
// killed by that signal (exit status 128+n), once every finished seed is
// written. A batch engine then sees an interrupted task, not a failed
// one, and reruns it, which resumes.
func interrupted(w io.Writer, sig os.Signal) error {
	fmt.Fprintf(w, "simrun: sweep interrupted by %v; run the same command again to resume\n", sig)
	if s, ok := sig.(syscall.Signal); ok {
		signal.Reset(s)
		syscall.Kill(os.Getpid(), s)
	}
	return fmt.Errorf("%w: the sweep was interrupted", errExpectationUnmet)
}

// printSweep prints the summary, the loud determinism failures and the
// table of failures.
func printSweep(w, errw io.Writer, eo explore.Options, rep *explore.Report, verbose bool) {
	if verbose {
		for _, r := range rep.Records {
			fmt.Fprintf(w, "  seed %d  %s  %s%s\n", r.Seed, r.Verdict, r.Hash, swarmText(r.Swarm))
		}
	}
	fmt.Fprintf(w, "%d seeds done (%d resumed, %d run) in %v on %d worker(s)\n",
		len(rep.Records), rep.Resumed, rep.Ran, rep.Wall.Round(1e6), rep.Workers)
	fmt.Fprintf(w, "verdicts: %s\n", verdictCounts(rep.Records))
	spot := 0
	for _, r := range rep.Records {
		if r.SpotChecked {
			spot++
		}
	}
	fmt.Fprintf(w, "determinism spot-check: %d seeds run twice, %d mismatches\n", spot, len(rep.Nondeterministic()))
	for _, r := range rep.Nondeterministic() {
		fmt.Fprintf(errw, "NONDETERMINISM: seed %d gave hash %s, then %s on a second run — a determinism bug; replay: %s\n",
			r.Seed, r.Hash, r.Nondeterministic, r.Replay)
	}
	if eo.Dir != "" {
		fmt.Fprintf(w, "results: %s\n", eo.Dir+"/"+explore.FileResults)
	}
	printFailures(w, rep.Failures(), len(rep.Records))
}

// maxFailuresShown bounds the table; results.jsonl has the rest.
const maxFailuresShown = 20

// printFailures prints the table of failing seeds with their replays.
func printFailures(w io.Writer, fails []explore.Record, total int) {
	if len(fails) == 0 {
		fmt.Fprintf(w, "failures: none — every seed did what the scenario expects\n")
		return
	}
	fmt.Fprintf(w, "failures: %d of %d seeds did not do what the scenario expects\n", len(fails), total)
	fmt.Fprintf(w, "  %-8s %-12s %-40s\n", "seed", "verdict", "failing checks")
	for i, r := range fails {
		if i == maxFailuresShown {
			fmt.Fprintf(w, "  ... and %d more in results.jsonl\n", len(fails)-i)
			break
		}
		checks := strings.Join(r.Failing, ", ")
		if r.Nondeterministic != "" {
			checks = "NONDETERMINISTIC " + checks
		}
		fmt.Fprintf(w, "  %-8d %-12s %-40s\n", r.Seed, r.Verdict, checks)
		if r.Swarm != nil {
			fmt.Fprintf(w, "           swarm:%s\n", swarmText(r.Swarm))
		}
		if r.Panic != "" {
			fmt.Fprintf(w, "           panic: %s\n", r.Panic)
		}
		fmt.Fprintf(w, "           replay: %s\n", r.Replay)
		if cmd, ok := strings.CutPrefix(r.Replay, "simrun run "); ok && len(r.Failing) > 0 && r.Panic == "" {
			fmt.Fprintf(w, "           shrink: simrun shrink %s\n", cmd)
		}
	}
}

// swarmText renders a seed's swarm parameters on one line.
func swarmText(p *explore.SwarmParams) string {
	if p == nil {
		return ""
	}
	return fmt.Sprintf(" crash=%d crash_recover=%d partition=%d pause=%d clock=%d loss=%g duplicate=%g stop_at=%s",
		p.Crash, p.CrashRecover, p.Partition, p.Pause, p.Clock, p.Loss, p.Duplicate, p.StopAt)
}

// verdictCounts renders "12 hold, 3 violation".
func verdictCounts(recs []explore.Record) string {
	counts := map[string]int{}
	for _, r := range recs {
		counts[string(r.Verdict)]++
	}
	names := make([]string, 0, len(counts))
	for v := range counts {
		names = append(names, v)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, v := range names {
		parts[i] = fmt.Sprintf("%d %s", counts[v], v)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
