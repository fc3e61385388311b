package main

import (
	"errors"

	"fmt"

	"github.com/spf13/cobra"
)

// errExpectationUnmet is returned when a run finished but did not do what
// its scenario expects (or a replay did not reproduce its run); it maps to
// exit code 1. Every other error is bad input of some kind — a scenario
// error, an unknown flag, a missing directory — and maps to exit code 2.
var errExpectationUnmet = errors.New("the run did not do what the scenario expects")

// exitCode maps a command's error to the documented exit codes.
func exitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errExpectationUnmet):
		return 1
	}
	return 2
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "simrun",
		Short: "Deterministic simulation of distributed protocols",
		Long: `simrun runs distributed protocols under a seeded, simulated network and
fault schedule. One seed fixes the whole run: the same seed gives the same
run, byte for byte, so any failure can be replayed and explained.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	for _, newCmd := range commands {
		root.AddCommand(newCmd())
	}
	return root
}

// commands are the subcommands; each command's file adds its constructor
// in an init function, so adding a command touches no shared file.
var commands []func() *cobra.Command

// exactArgs is cobra.ExactArgs with an error that says what to pass.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return fmt.Errorf("%s takes %s (got %d arguments); see 'simrun %s --help'", cmd.Name(), what, len(args), cmd.Name())
		}
		return nil
	}
}
