package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"simrun/scenarios"
)

func init() { commands = append(commands, newListCmd) }

func newListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the scenario catalogue, one line each",
		Example: `  $ simrun list
  failover-manual  primarybackup  hold       ...
  split-brain      primarybackup  violation  ...`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			for _, s := range scenarios.Catalogue() {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Name, s.Protocol, s.Expect.Verdict, s.Title)
			}
			return tw.Flush()
		},
	}
}
