package scenarios

import (
	"os"
	"testing"
)

// The hashes at seed 1 of the delivery, replication-mode and two-generals
// scenarios (see goldenHashes).
func init() {
	pin("at-least-once-duplicates", "c06db2c5d6774b18")
	pin("exactly-once-dedup", "3cc905250bf2c0fd")
	pin("corrupt-link", "725359675829df0a")
	pin("corrupt-link-checksum", "1953f7b0e1bdf3ff")
	pin("replication-async-loss", "35e3e2eb6c91cda4")
	pin("replication-semisync", "c9f1ba0d101f989c")
	pin("replication-sync", "a905c838215e9fb2")
	pin("two-generals", "12d60d57b872bceb")
}

// TestDeliveryOverSeeds: the delivery and replication-mode scenarios'
// verdicts are not an accident of seed 1. Over 50 seeds, the holding ones
// always hold (the checksummed channel makes the arbitrary link a
// fair-loss one whatever it draws; semi-sync and sync keep every
// acknowledged write whatever the load), and the violating ones fail their
// check in at least 80% of seeds. SIMRUN_LONG=1 runs 1,000 seeds.
func TestDeliveryOverSeeds(t *testing.T) {
	seeds := uint64(50)
	if os.Getenv("SIMRUN_LONG") != "" {
		seeds = 1000
	}
	for _, name := range []string{"exactly-once-dedup", "corrupt-link-checksum", "at-least-once-duplicates", "corrupt-link",
		"replication-semisync", "replication-sync", "replication-async-loss"} {
		s, err := Find(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		met := uint64(0)
		for seed := uint64(1); seed <= seeds; seed++ {
			o, err := Run(s, RunOptions{Seed: &seed})
			if err != nil {
				t.Fatal(err)
			}
			if o.ExpectationMet {
				met++
			} else if s.Expect.Verdict == VerdictHold {
				t.Errorf("%s seed %d: %s, want hold: %v", name, seed, o.Verdict, o.Checks)
			}
		}
		t.Logf("%s: as expected in %d of %d seeds", name, met, seeds)
		if met*10 < seeds*8 {
			t.Errorf("%s: as expected in only %d of %d seeds", name, met, seeds)
		}
	}
}
