package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"simrun/explore"
	"simrun/scenarios"
)

// shrinkOptions are the flags of `simrun shrink`.
type shrinkOptions struct {
	target  string
	seed    uint64
	out     string
	sets    []string
	maxRuns int
	quiet   bool
}

func init() { commands = append(commands, newShrinkCmd) }

func newShrinkCmd() *cobra.Command {
	opts := &shrinkOptions{}
	cmd := &cobra.Command{
		Use:   "shrink SCENARIO|FILE --seed N",
		Short: "Cut a failing run down to the smallest one that fails the same way",
		Long: `Shrink a failing run (a scenario and a seed, with any --set overrides, such
as those a swarm seed's replay command carries) by delta debugging: drop
faults, shorten crash and pause windows, move faults earlier, cut the
duration and lower the node count where the scenario still loads, keeping
the same seed and exactly the same set of failing checks.

Writes the minimal scenario to --out (default NAME-seedN-shrunk.yaml), with
its seed and an expect that names the failure, re-runs it from the file
twice to prove it reproduces, and says how much smaller it got.

Exit code 0: a minimal failing scenario was written; 1: the run fails no
check, so there is nothing to shrink; 2: bad input.`,
		Example: `  $ simrun shrink split-brain --seed 1
  $ simrun shrink raft-swarm --seed 417 --set 'faults=[...]' --out min.yaml
  $ simrun run min.yaml`,
		Args: exactArgs(1, "one scenario name or file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.target = args[0]
			if !cmd.Flags().Changed("seed") {
				return fmt.Errorf("shrink needs --seed N (the failing seed)")
			}
			return runShrink(cmd, opts)
		},
	}
	f := cmd.Flags()
	f.Uint64Var(&opts.seed, "seed", 0, "the failing seed (required)")
	f.StringVar(&opts.out, "out", "", "file for the minimal scenario (default NAME-seedN-shrunk.yaml)")
	f.StringArrayVar(&opts.sets, "set", nil, "override a scenario field, e.g. --set nodes=5 (repeatable)")
	f.IntVar(&opts.maxRuns, "max-runs", explore.DefaultShrinkRuns, "stop searching after this many runs")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "do not print each step")
	return cmd
}

func runShrink(cmd *cobra.Command, opts *shrinkOptions) error {
	s, err := scenarios.Find(opts.target, opts.sets)
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "shrinking %s seed %d (%d faults, %v, %d nodes)\n", s.Name, opts.seed, len(s.Faults), s.Duration, len(s.Nodes))
	var log io.Writer = w
	if opts.quiet {
		log = nil
	}
	res, err := explore.Shrink(explore.ShrinkOptions{Base: s, Seed: opts.seed, MaxRuns: opts.maxRuns, Log: log})
	if errors.Is(err, explore.ErrNoFailure) {
		return fmt.Errorf("%w: %s seed %d %v", errExpectationUnmet, s.Name, opts.seed, err)
	}
	if err != nil {
		return err
	}
	out := opts.out
	if out == "" {
		out = fmt.Sprintf("%s-seed%d-shrunk.yaml", s.Name, opts.seed)
	}
	if err := scenarios.WriteFileAtomic(out, res.Source); err != nil {
		return err
	}
	printShrink(w, res, out)
	return nil
}

// printShrink says what the minimal scenario is and how much smaller.
func printShrink(w io.Writer, res *explore.ShrinkResult, out string) {
	fmt.Fprintf(w, "failing checks kept: %s\n", strings.Join(res.Failing, ", "))
	fmt.Fprintf(w, "faults %d → %d, duration %v → %v, nodes %d → %d (%d runs tried)\n",
		res.FaultsBefore, res.FaultsAfter, res.DurationBefore, res.DurationAfter, res.NodesBefore, res.NodesAfter, res.Runs)
	if res.Exhausted {
		fmt.Fprintf(w, "note: --max-runs ran out; a longer search may find a smaller run\n")
	}
	fmt.Fprintf(w, "minimal schedule:\n")
	for _, line := range res.Scenario.ScheduleText() {
		fmt.Fprintf(w, "  %s\n", line)
	}
	fmt.Fprintf(w, "reproduces: re-ran %s twice from the file, hash %s both times\n", out, res.Hash)
	fmt.Fprintf(w, "wrote %s; replay: simrun run %s\n", out, out)
}
