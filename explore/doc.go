// Package explore runs a scenario over many seeds: sweeps spread over
// worker goroutines, swarm testing (a fault schedule drawn per seed),
// shrinking a failing run to the smallest one that still fails, and
// sharding a sweep over the machines of a batch engine with a merge of the
// shards' results.
//
// One run is single-threaded by design, because that is what makes it
// deterministic; this package gets its throughput from running many whole
// runs at once, one per worker goroutine, and never shares anything
// between two runs but the (read-only) base scenario. Goroutines live here
// and in no package below.
//
// A sweep writes DIR/results.jsonl, one JSON Record per finished seed,
// appended as each seed finishes (one write per seed, by its worker) and
// fsynced every second and at the end, so a killed sweep loses no
// finished seed, a machine crash at most the last second's, and the
// same command run again resumes with the seeds not yet in the file. At the
// end the file is rewritten sorted by seed. DIR/sweep.json records what was
// swept, so a resume or a merge refuses results from a different scenario.
package explore
