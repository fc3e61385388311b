package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run this binary as the `simrun` command, so the
// scripts exercise the real CLI: exit codes, messages and files written.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"simrun": func() { os.Exit(run(os.Args[1:])) },
	})
}

// TestScripts runs every testdata/script/*.txtar: the CLI's behaviour end
// to end, as a user sees it.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script"})
}
