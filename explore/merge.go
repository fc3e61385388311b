package explore

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
)

// MergeReport is what Merge found in the shards' directories.
type MergeReport struct {
	// Meta is the experiment, with the whole range and no shard.
	Meta Meta
	// Records has one record per seed, sorted by seed.
	Records []Record
	// Missing are seeds of the range no directory has a result for.
	Missing []uint64
	// Duplicates counts identical results of one seed found in more than
	// one directory (a shard run twice); each is kept once.
	Duplicates int
	// Conflicts are seeds with different results in different
	// directories: a determinism bug, or shards of different code.
	Conflicts []uint64
}

// Complete reports whether every seed of the range has exactly one result.
func (m *MergeReport) Complete() bool { return len(m.Missing) == 0 && len(m.Conflicts) == 0 }

// Merge combines the results of sweep directories (the shards of one
// sweep, or the pieces of one interrupted on several machines) by seed into
// out, and says which seeds of the range are missing. Every directory must
// hold the same experiment (scenario text, overrides, swarm setting); the
// range is the widest any of them declares. out may be one of dirs.
func Merge(dirs []string, out string) (*MergeReport, error) {
	if len(dirs) == 0 {
		return nil, fmt.Errorf("merge needs at least one sweep directory")
	}
	rep := &MergeReport{}
	bySeed := map[uint64]Record{}
	for i, dir := range dirs {
		m, recs, err := readSweepDir(dir)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			rep.Meta = m
		} else if !rep.Meta.sameExperiment(m) {
			return nil, fmt.Errorf("%s holds %s, but %s holds %s: they are not shards of one sweep",
				dirs[0], rep.Meta.describe(), dir, m.describe())
		}
		rep.Meta.First, rep.Meta.Last = min(rep.Meta.First, m.First), max(rep.Meta.Last, m.Last)
		rep.addAll(bySeed, recs)
	}
	rep.Meta.Shard = ""
	r := Range{rep.Meta.First, rep.Meta.Last}
	for seed := r.First; ; seed++ {
		if rec, ok := bySeed[seed]; ok {
			rep.Records = append(rep.Records, rec)
		} else {
			rep.Missing = append(rep.Missing, seed)
		}
		if seed == r.Last {
			break
		}
	}
	for seed, rec := range bySeed {
		if !r.Has(seed) {
			rep.Records = append(rep.Records, rec)
		}
	}
	slices.SortFunc(rep.Records, func(a, b Record) int { return cmpUint(a.Seed, b.Seed) })
	slices.Sort(rep.Conflicts)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("--out: %w", err)
	}
	if err := writeMeta(out, rep.Meta); err != nil {
		return nil, err
	}
	return rep, WriteResults(filepath.Join(out, FileResults), rep.Records)
}

// addAll adds one directory's records, counting duplicates and conflicts.
func (m *MergeReport) addAll(bySeed map[uint64]Record, recs []Record) {
	for _, rec := range recs {
		prev, seen := bySeed[rec.Seed]
		switch {
		case !seen:
			bySeed[rec.Seed] = rec
		case reflect.DeepEqual(prev, rec):
			m.Duplicates++
		case !slices.Contains(m.Conflicts, rec.Seed):
			m.Conflicts = append(m.Conflicts, rec.Seed)
		}
	}
}

// readSweepDir reads a sweep directory's sweep.json and results.jsonl.
func readSweepDir(dir string) (Meta, []Record, error) {
	m, ok, err := readMeta(dir)
	if err != nil {
		return Meta{}, nil, err
	}
	if !ok {
		return Meta{}, nil, fmt.Errorf("%s: no %s; is it a sweep --out directory?", dir, FileMeta)
	}
	recs, _, err := ReadResults(filepath.Join(dir, FileResults))
	return m, recs, err
}

// SeedsText renders seeds compactly, runs as A..B: "3, 7..9".
func SeedsText(seeds []uint64) string {
	var parts []string
	for i := 0; i < len(seeds); {
		j := i
		for j+1 < len(seeds) && seeds[j+1] == seeds[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, fmt.Sprint(seeds[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d..%d", seeds[i], seeds[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}
