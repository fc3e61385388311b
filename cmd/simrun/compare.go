package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"simrun/report"
)

func init() { commands = append(commands, newCompareCmd) }

// compareOptions are the arguments and flags of `simrun compare`.
type compareOptions struct {
	a, b, out string
}

func newCompareCmd() *cobra.Command {
	opts := &compareOptions{}
	cmd := &cobra.Command{
		Use:   "compare DIR_A DIR_B --out DIR",
		Short: "Put two stored runs side by side on one page",
		Long: `Write DIR/compare.html: two runs stored with 'simrun run --out' side by
side — their verdicts, checks, clients' availability, plots and Lamport
diagrams — with both availabilities drawn on one time axis
(compare-availability.png/.svg). Comparing split-brain with raft-partition
shows the CAP trade in one picture: one side stays available and loses
acknowledged writes, the other refuses the minority and keeps them.
The run directories are only read. Exit code 0: written; 2: bad input.`,
		Example: `  $ simrun run split-brain --out runs/sb
  $ simrun run failover-manual --out runs/fm
  $ simrun compare runs/sb runs/fm --out runs/cmp`,
		Args: exactArgs(2, "two run directories"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.a, opts.b = args[0], args[1]
			if opts.out == "" {
				return fmt.Errorf("compare writes compare.html into --out DIR; give --out")
			}
			if _, err := report.Compare(opts.a, opts.b, opts.out); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", filepath.Join(opts.out, report.FileCompare))
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.out, "out", "", "directory to write compare.html and compare-availability.png/.svg into")
	return cmd
}
