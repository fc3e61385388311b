package explore

import (
	"fmt"
	"strconv"
	"strings"
)

// Range is an inclusive range of seeds, First <= Last.
type Range struct{ First, Last uint64 }

// maxSeeds bounds one sweep, so a typo (--seeds 1e12) is an error rather
// than a sweep that never ends.
const maxSeeds = 1 << 32

// ParseSeeds reads --seeds: "N" is seeds 1..N, "A..B" is A..B inclusive.
func ParseSeeds(text string) (Range, error) {
	bad := func(why string) (Range, error) {
		return Range{}, fmt.Errorf("--seeds %q: %s (write N for seeds 1..N, or A..B)", text, why)
	}
	a, b, isRange := strings.Cut(strings.TrimSpace(text), "..")
	if !isRange {
		n, err := strconv.ParseUint(a, 10, 64)
		if err != nil || n == 0 {
			return bad("not a positive whole number")
		}
		if n > maxSeeds {
			return bad(fmt.Sprintf("more than %d seeds", uint64(maxSeeds)))
		}
		return Range{1, n}, nil
	}
	first, err1 := strconv.ParseUint(strings.TrimSpace(a), 10, 64)
	last, err2 := strconv.ParseUint(strings.TrimSpace(b), 10, 64)
	switch {
	case err1 != nil || err2 != nil:
		return bad("both ends must be whole numbers")
	case last < first:
		return bad("the range is empty")
	case last-first >= maxSeeds:
		return bad(fmt.Sprintf("more than %d seeds", uint64(maxSeeds)))
	}
	return Range{first, last}, nil
}

// Count is the number of seeds in the range.
func (r Range) Count() uint64 { return r.Last - r.First + 1 }

// Has reports whether seed is in the range.
func (r Range) Has(seed uint64) bool { return seed >= r.First && seed <= r.Last }

// String renders the range as --seeds takes it.
func (r Range) String() string { return fmt.Sprintf("%d..%d", r.First, r.Last) }

// Shard is one disjoint slice of a sweep's seeds: the seeds whose offset
// from the range's first seed is Index modulo Count. Interleaving (rather
// than cutting the range in blocks) keeps shards the same size and spreads
// slow seeds over them. Count 0 (or 1) means the whole range.
type Shard struct{ Index, Count int }

// maxShards bounds --shard; a batch engine with more tasks than this is
// better given bigger shards.
const maxShards = 1_000_000

// ParseShard reads --shard i/n, 0 <= i < n.
func ParseShard(text string) (Shard, error) {
	a, b, ok := strings.Cut(text, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || n > maxShards || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("--shard %q: write i/n with 0 <= i < n <= %d, e.g. 0/4", text, maxShards)
	}
	return Shard{i, n}, nil
}

// ShardFromEnv reads the shard a batch engine gives a task: a Kubernetes
// Indexed Job sets JOB_COMPLETION_INDEX (and the job's spec gives
// completions, which the job template passes as JOB_COMPLETIONS); a Slurm
// array sets SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT. ok is false
// when neither is set. Slurm task ids may start at any --array offset, so
// SLURM_ARRAY_TASK_MIN, when set, is subtracted.
func ShardFromEnv(getenv func(string) string) (sh Shard, source string, err error) {
	pairs := []struct{ index, count, min string }{
		{"JOB_COMPLETION_INDEX", "JOB_COMPLETIONS", ""},
		{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN"},
	}
	for _, p := range pairs {
		idx := getenv(p.index)
		if idx == "" {
			continue
		}
		cnt := getenv(p.count)
		if cnt == "" {
			return Shard{}, p.index, fmt.Errorf("%s=%s is set but %s is not; set it to the number of tasks", p.index, idx, p.count)
		}
		i, err := strconv.Atoi(idx)
		if m := getenv(p.min); err == nil && m != "" {
			lo, merr := strconv.Atoi(m)
			i, err = i-lo, merr
		}
		if err != nil {
			return Shard{}, p.index, fmt.Errorf("%s=%s: not a whole number", p.index, idx)
		}
		sh, err := ParseShard(fmt.Sprintf("%d/%s", i, cnt))
		if err != nil {
			return Shard{}, p.index, fmt.Errorf("%s=%s with %s=%s: %v", p.index, idx, p.count, cnt, err)
		}
		return sh, p.index, nil
	}
	return Shard{}, "", nil
}

// Sharded reports whether the shard is a proper slice of the seeds.
func (sh Shard) Sharded() bool { return sh.Count > 1 }

// Owns reports whether seed of range r belongs to this shard.
func (sh Shard) Owns(r Range, seed uint64) bool {
	if !sh.Sharded() {
		return true
	}
	return (seed-r.First)%uint64(sh.Count) == uint64(sh.Index)
}

// Size is how many seeds of r this shard owns.
func (sh Shard) Size(r Range) uint64 {
	if !sh.Sharded() {
		return r.Count()
	}
	n, i := uint64(sh.Count), uint64(sh.Index)
	return r.Count()/n + boolToUint(i < r.Count()%n)
}

// String renders the shard as --shard takes it, "" when unsharded.
func (sh Shard) String() string {
	if !sh.Sharded() {
		return ""
	}
	return fmt.Sprintf("%d/%d", sh.Index, sh.Count)
}

func boolToUint(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
