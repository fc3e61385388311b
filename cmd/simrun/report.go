package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"simrun/report"
)

func init() { commands = append(commands, newReportCmd) }

func newReportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "report DIR",
		Short: "Rebuild the plots, the Lamport diagram and report.html of a stored run",
		Long: `Rebuild, from the files a run stored with 'simrun run --out DIR', its
latency, availability and rate plots (PNG and SVG, fault windows shaded),
lamport.svg (the messages around what broke) and report.html (one page
that opens from disk: the scenario's text, its parameters, each check's
verdict with its evidence, the plots and the replay command). Nothing is
re-run. Exit code 0: written; 2: DIR is not a stored run.`,
		Example: `  $ simrun run split-brain --out runs/sb
  $ simrun report runs/sb
  wrote runs/sb/report.html (and latency, availability, rate .png/.svg, lamport.svg)`,
		Args: exactArgs(1, "one run directory"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := report.Build(args[0]); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (and latency, availability, rate .png/.svg, %s)\n",
				filepath.Join(args[0], report.FileReport), report.FileLamport)
			return nil
		},
	}
}
