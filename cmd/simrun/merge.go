package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"simrun/explore"
)

func init() { commands = append(commands, newMergeCmd) }

func newMergeCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "merge DIR... --out DIR",
		Short: "Combine the results of sweep shards by seed",
		Long: `Combine the results.jsonl of sweep directories (the shards of one sweep,
e.g. one per Kubernetes Indexed Job completion or Slurm array task) into
--out, one line per seed in seed order: no seed lost, none twice. Every
directory must hold the same experiment (scenario text, --set overrides,
--swarm). Seeds of the range with no result are reported; so are seeds
with different results in two directories (a determinism bug).

Exit code 0: every seed is there once and did what the scenario expects;
1: seeds are missing or conflict, or some seed failed; 2: bad input.`,
		Example: `  $ simrun sweep split-brain --seeds 4000 --shard 0/4 --out s0   # ... s1, s2, s3
  $ simrun merge s0 s1 s2 s3 --out all`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return fmt.Errorf("merge takes one or more sweep directories; see 'simrun merge --help'")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return fmt.Errorf("merge needs --out DIR")
			}
			return runMerge(cmd, args, out)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "directory for the merged results.jsonl and sweep.json (required)")
	return cmd
}

func runMerge(cmd *cobra.Command, dirs []string, out string) error {
	rep, err := explore.Merge(dirs, out)
	if err != nil {
		return err
	}
	w, r := cmd.OutOrStdout(), explore.Range{First: rep.Meta.First, Last: rep.Meta.Last}
	fmt.Fprintf(w, "merged %d directories of %s: %d results for seeds %v (%d seeds)\n",
		len(dirs), rep.Meta.Scenario, len(rep.Records), r, r.Count())
	if rep.Duplicates > 0 {
		fmt.Fprintf(w, "%d identical duplicate results kept once\n", rep.Duplicates)
	}
	if len(rep.Missing) > 0 {
		fmt.Fprintf(w, "MISSING %d seeds: %s\n", len(rep.Missing), explore.SeedsText(rep.Missing))
	}
	if len(rep.Conflicts) > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "NONDETERMINISM: %d seeds have different results in different directories: %s\n",
			len(rep.Conflicts), explore.SeedsText(rep.Conflicts))
	}
	fmt.Fprintf(w, "verdicts: %s\n", verdictCounts(rep.Records))
	fmt.Fprintf(w, "results: %s/%s\n", out, explore.FileResults)
	fails := (&explore.Report{Records: rep.Records}).Failures()
	printFailures(w, fails, len(rep.Records))
	if !rep.Complete() || len(fails) > 0 {
		return errExpectationUnmet
	}
	return nil
}
