package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"simrun/report"
	"simrun/scenarios"
)

// runOptions are the flags of `simrun run`.
type runOptions struct {
	target string
	seed   uint64
	out    string
	trace  bool
	sets   []string
}

func init() { commands = append(commands, newRunCmd) }

func newRunCmd() *cobra.Command {
	opts := &runOptions{}
	cmd := &cobra.Command{
		Use:   "run SCENARIO|FILE",
		Short: "Run a scenario and judge it against what it expects",
		Long: `Run a catalogue scenario (by name) or a scenario file (by path) with one
seed. Prints the story of the run, the verdict of each check, the trace
hash and the command that replays it.

Exit code 0: the run did what the scenario expects (for a scenario that
demonstrates a failure, that means the failure happened). 1: it did not.
2: bad input.`,
		Example: `  $ simrun run split-brain --seed 1
  $ simrun run split-brain --out runs/sb --trace
  $ simrun run my.yaml --set nodes=3 --set config.failover_timeout=300ms`,
		Args: exactArgs(1, "one scenario name or file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.target = args[0]
			return runRun(cmd, opts, cmd.Flags().Changed("seed"))
		},
	}
	cmd.Flags().Uint64Var(&opts.seed, "seed", 0, "the run's seed (default: the scenario's own seed)")
	cmd.Flags().StringVar(&opts.out, "out", "", "directory to write the run (summary.json, history.jsonl, scenario.yaml, trace.jsonl) and its report (plots, lamport.svg, report.html)")
	cmd.Flags().BoolVar(&opts.trace, "trace", false, "keep every event (implied by --out, which writes trace.jsonl)")
	cmd.Flags().StringArrayVar(&opts.sets, "set", nil, "override a scenario field, e.g. --set nodes=5 --set duration=1h (repeatable)")
	return cmd
}

func runRun(cmd *cobra.Command, opts *runOptions, seedGiven bool) error {
	if opts.trace && opts.out == "" {
		return fmt.Errorf("--trace writes trace.jsonl into --out DIR; give --out too")
	}
	s, err := scenarios.Find(opts.target, opts.sets)
	if err != nil {
		return err
	}
	// A stored run always keeps its trace: the report's Lamport diagram
	// is drawn from it.
	ropts := scenarios.RunOptions{Trace: opts.trace || opts.out != ""}
	if seedGiven {
		ropts.Seed = &opts.seed
	}
	o, err := scenarios.Run(s, ropts)
	if err != nil {
		return err
	}
	if opts.out != "" {
		if err := o.WriteDir(opts.out, opts.sets); err != nil {
			return err
		}
		if _, err := report.Build(opts.out); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	o.WriteStory(cmd.OutOrStdout(), opts.out, opts.sets)
	if !o.ExpectationMet {
		return errExpectationUnmet
	}
	return nil
}
