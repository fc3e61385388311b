package scenarios

import (
	"testing"
	"time"

	"simrun/faults"
)

// TestFaultWindows checks the windows a report shades: a partition until
// its heal, a crash until its restart, and an operator command as an
// instant named by its command — from the scenario alone, with names
// resolved as a run resolves them.
func TestFaultWindows(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	lossy, err := LoadFile("testdata/lossy.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	manual, err := Find("failover-manual", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		s    *Scenario
		want []faults.Window
	}{
		{lossy, []faults.Window{
			{Kind: faults.KindPartition, Start: ms(500), End: ms(900), Text: "partition {n0} | {n1,n2,c0,c1,c2}"},
			{Kind: faults.KindCrash, Start: ms(1200), End: ms(1500), Text: "crash n1 (restart after 300ms)"},
		}},
		{manual, []faults.Window{
			{Kind: faults.KindPartition, Start: ms(100), End: ms(600), Text: "partition {n0,c0} | {n1,c1}"},
			{Kind: faults.KindOperator, Start: ms(2000), End: ms(2000), Text: "operator n1 promote"},
		}},
	} {
		got := tc.s.FaultWindows()
		if len(got) != len(tc.want) {
			t.Fatalf("%s: windows %+v, want %+v", tc.s.Name, got, tc.want)
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: window %d = %+v, want %+v", tc.s.Name, i, got[i], tc.want[i])
			}
		}
	}
}
