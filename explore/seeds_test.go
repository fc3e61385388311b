package explore

import (
	"testing"
)

// TestParseSeeds checks both spellings of --seeds and the bad ones.
func TestParseSeeds(t *testing.T) {
	good := map[string]Range{"10": {1, 10}, "5..9": {5, 9}, "7..7": {7, 7}, " 3 .. 4": {3, 4}}
	for in, want := range good {
		if got, err := ParseSeeds(in); err != nil || got != want {
			t.Errorf("ParseSeeds(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-3", "x", "9..5", "1..x", "99999999999"} {
		if _, err := ParseSeeds(in); err == nil {
			t.Errorf("ParseSeeds(%q) accepted", in)
		}
	}
}

// TestShardsPartitionTheRange checks that the shards of a range are
// disjoint, cover it, and that Size counts what Owns picks.
func TestShardsPartitionTheRange(t *testing.T) {
	r := Range{11, 47}
	for n := 1; n <= 6; n++ {
		owners := map[uint64]int{}
		for i := range n {
			sh := Shard{i, n}
			var count uint64
			for seed := r.First; seed <= r.Last; seed++ {
				if sh.Owns(r, seed) {
					owners[seed]++
					count++
				}
			}
			if count != sh.Size(r) {
				t.Errorf("shard %d/%d owns %d seeds, Size says %d", i, n, count, sh.Size(r))
			}
		}
		for seed := r.First; seed <= r.Last; seed++ {
			if owners[seed] != 1 {
				t.Errorf("n=%d: seed %d owned by %d shards", n, seed, owners[seed])
			}
		}
	}
}

// TestShardFromEnv checks the batch engines' variables, and that a
// half-set pair or an index out of range is an error, not a silent
// whole-range sweep.
func TestShardFromEnv(t *testing.T) {
	cases := []struct {
		env   map[string]string
		want  Shard
		isErr bool
	}{
		{map[string]string{}, Shard{}, false},
		{map[string]string{"JOB_COMPLETION_INDEX": "2", "JOB_COMPLETIONS": "8"}, Shard{2, 8}, false},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"}, Shard{3, 4}, false},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "2"}, Shard{3, 4}, false},
		{map[string]string{"JOB_COMPLETION_INDEX": "2"}, Shard{}, true},
		{map[string]string{"JOB_COMPLETION_INDEX": "8", "JOB_COMPLETIONS": "8"}, Shard{}, true},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "4"}, Shard{}, true},
	}
	for _, c := range cases {
		got, _, err := ShardFromEnv(func(k string) string { return c.env[k] })
		if (err != nil) != c.isErr || got != c.want {
			t.Errorf("env %v: got %v, %v; want %v (error %v)", c.env, got, err, c.want, c.isErr)
		}
	}
	if _, err := ParseShard("4/4"); err == nil {
		t.Error("ParseShard accepted 4/4")
	}
}
