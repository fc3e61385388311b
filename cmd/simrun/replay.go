package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"simrun/scenarios"
)

func init() { commands = append(commands, newReplayCmd) }

func newReplayCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "replay DIR|TRACE",
		Short: "Re-run a stored run and prove it gives the same hash",
		Long: `Re-run a run written by 'simrun run --out DIR' from the scenario file and
seed it recorded, and compare hashes. When the run stored a trace, a
mismatch names the first event that differs. Exit code 0: identical;
1: the run diverged (the code or the scenario changed); 2: bad input.`,
		Example: `  $ simrun run split-brain --out runs/sb --trace
  $ simrun replay runs/sb
  replayed split-brain seed 1: hash 5c0e… matches (1234 events)`,
		Args: exactArgs(1, "one run directory or trace.jsonl"),
		RunE: func(cmd *cobra.Command, args []string) error {
			rep, err := scenarios.Replay(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), rep.String())
			if !rep.Same {
				return errExpectationUnmet
			}
			return nil
		},
	}
}
