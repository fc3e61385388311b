// Package report turns a stored run (a directory written by `simrun run
// --out`) into pictures a person can take in at a glance: latency,
// availability and rate plots with the fault windows shaded underneath, a
// Lamport space-time diagram of the messages around the broken invariant,
// and one self-contained HTML page that puts them next to the scenario's
// text, each check's verdict with its evidence, and the replay command.
//
// Everything here is computed from the stored files alone (summary.json,
// history.jsonl, scenario.yaml, trace.jsonl), so `simrun report DIR`
// rebuilds the same pictures long after the run, and a report never
// depends on re-running anything. Output is deterministic: the same run
// directory gives the same bytes (wall time aside, which only the summary
// holds).
package report
