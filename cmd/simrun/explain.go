package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"simrun/scenarios"
)

func init() { commands = append(commands, newExplainCmd) }

func newExplainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain SCENARIO|FILE",
		Short: "Say what a scenario teaches, its schedule and what it expects",
		Example: `  $ simrun explain split-brain
  split-brain — Two primaries after a partition with automatic failover
  ...`,
		Args: exactArgs(1, "one scenario name or file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := scenarios.Find(args[0], nil)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "%s — %s\n\n", s.Name, s.Title)
			fmt.Fprintln(out, strings.TrimSpace(s.Teaches))
			fmt.Fprintf(out, "\nProtocol %s, %d nodes, %d clients, %v simulated.\n", s.Protocol, len(s.Nodes), len(s.Clients), s.Duration)
			fmt.Fprintln(out, "\nSchedule:")
			for _, line := range s.ScheduleText() {
				fmt.Fprintln(out, "  "+line)
			}
			fmt.Fprintf(out, "\nChecks: %s\nExpects: %s\n", strings.Join(s.Checks, ", "), s.ExpectText())
			return nil
		},
	}
}
