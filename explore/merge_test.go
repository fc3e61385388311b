package explore

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestFourShardsMergeToTheUnshardedSweep runs a swarm sweep unsharded and
// as 4 shards, merges the shards, and checks that the merged results.jsonl
// is byte for byte the unsharded one: no seed lost, none twice, none
// changed. Then it drops a shard and checks the merge names its seeds.
func TestFourShardsMergeToTheUnshardedSweep(t *testing.T) {
	base := load(t, "testdata/split-brain-3.yaml")
	r := Range{101, 300}
	whole := t.TempDir()
	sweep(t, Options{Base: base, Seeds: r, Swarm: true, Dir: whole, SpotCheck: 0.05})
	var shards []string
	for i := range 4 {
		dir := filepath.Join(t.TempDir(), fmt.Sprintf("shard-%d", i))
		rep := sweep(t, Options{Base: base, Seeds: r, Shard: Shard{i, 4}, Swarm: true, Dir: dir, SpotCheck: 0.05})
		if len(rep.Records) != 50 {
			t.Fatalf("shard %d/4 has %d seeds, want 50", i, len(rep.Records))
		}
		shards = append(shards, dir)
	}
	out := t.TempDir()
	rep, err := Merge(shards, out)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Complete() || rep.Duplicates != 0 || len(rep.Records) != 200 {
		t.Fatalf("merge: %d records, missing %v, conflicts %v, duplicates %d", len(rep.Records), rep.Missing, rep.Conflicts, rep.Duplicates)
	}
	want, _ := os.ReadFile(filepath.Join(whole, FileResults))
	got, _ := os.ReadFile(filepath.Join(out, FileResults))
	if !bytes.Equal(got, want) {
		t.Fatalf("merged results differ from the unsharded sweep's (%d vs %d bytes)", len(got), len(want))
	}

	// A shard merged twice is a duplicate, not two results; a shard left
	// out is reported seed by seed.
	rep, err = Merge([]string{shards[0], shards[0], shards[1], shards[3]}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var missing []uint64
	for seed := r.First + 2; seed <= r.Last; seed += 4 {
		missing = append(missing, seed)
	}
	if !slices.Equal(rep.Missing, missing) || rep.Duplicates != 50 || rep.Complete() {
		t.Fatalf("without shard 2: missing %s, duplicates %d; want shard 2's 50 seeds missing, 50 duplicates",
			SeedsText(rep.Missing), rep.Duplicates)
	}
}

// TestMergeRefusesMixedExperimentsAndFlagsConflicts checks that shards of
// different scenarios do not merge, and that one seed with two different
// results is reported as a conflict.
func TestMergeRefusesMixedExperimentsAndFlagsConflicts(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	sweep(t, Options{Base: load(t, "split-brain"), Seeds: Range{1, 4}, Dir: a})
	sweep(t, Options{Base: load(t, "failover-manual"), Seeds: Range{1, 4}, Dir: b})
	if _, err := Merge([]string{a, b}, t.TempDir()); err == nil {
		t.Fatal("merged split-brain with failover-manual")
	}
	c := t.TempDir()
	sweep(t, Options{Base: load(t, "split-brain"), Seeds: Range{1, 4}, Dir: c})
	recs, _, _ := ReadResults(filepath.Join(c, FileResults))
	recs[1].Hash = "0000000000000000"
	if err := WriteResults(filepath.Join(c, FileResults), recs); err != nil {
		t.Fatal(err)
	}
	rep, err := Merge([]string{a, c}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Conflicts, []uint64{2}) || rep.Complete() {
		t.Fatalf("conflicts = %v, want seed 2", rep.Conflicts)
	}
	if got := SeedsText([]uint64{1, 3, 4, 5, 9}); got != "1, 3..5, 9" {
		t.Errorf("SeedsText = %q", got)
	}
}
