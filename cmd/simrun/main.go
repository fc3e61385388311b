// Command simrun lists, explains, runs and replays deterministic
// simulations of distributed protocols. It is a thin shell over package
// scenarios: parsing flags, printing, and mapping results to exit codes
// (0 the run did what its scenario expects, 1 it did not, 2 bad input).
package main

import (
	"fmt"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// run executes one command line and returns the process exit code; tests
// call it through testscript.
func run(args []string) int {
	root := newRootCmd()
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	fmt.Fprintln(os.Stderr, "simrun:", err)
	return exitCode(err)
}
