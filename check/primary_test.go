// SinglePrimary must catch two primaries accepting writes at once, and a
// non-primary accepting a write, while allowing a clean failover.
package check

import "testing"

func TestSinglePrimaryOverlapIsViolation(t *testing.T) {
	tenures := []Tenure{
		{Node: "n0", Epoch: 1, Start: msT(0), End: msT(600)},
		{Node: "n1", Epoch: 2, Start: msT(250), End: -1},
	}
	accepts := []Accept{
		{Node: "n1", Epoch: 2, At: msT(300), Key: "x", Value: "2"},
		{Node: "n0", Epoch: 1, At: msT(120), Key: "x", Value: "1"},
		{Node: "n0", Epoch: 1, At: msT(400), Key: "x", Value: "3"},
	}
	res := SinglePrimary(tenures, accepts)
	if res.OK || !res.Safety || res.Name != "single-primary" {
		t.Fatalf("got %+v, want a safety violation named single-primary", res)
	}
	want := "n0 (epoch 1) and n1 (epoch 2) were both primary during [250ms, 600ms] and both accepted writes: n0 x=1 at 120ms, n1 x=2 at 300ms"
	if res.Detail != want {
		t.Errorf("detail\n got %q\nwant %q", res.Detail, want)
	}
}

func TestSinglePrimarySequentialFailoverHolds(t *testing.T) {
	tenures := []Tenure{
		{Node: "n0", Epoch: 1, Start: msT(0), End: msT(500)},
		{Node: "n1", Epoch: 2, Start: msT(500), End: msT(900)},
		{Node: "n0", Epoch: 3, Start: msT(950), End: -1},
		// n2 believed it led during n1's tenure but accepted nothing: harmless.
		{Node: "n2", Epoch: 2, Start: msT(600), End: msT(700)},
	}
	accepts := []Accept{
		{Node: "n0", Epoch: 1, At: msT(100), Key: "x", Value: "1"},
		{Node: "n0", Epoch: 1, At: msT(500), Key: "x", Value: "2"},
		{Node: "n1", Epoch: 2, At: msT(650), Key: "x", Value: "3"},
		{Node: "n0", Epoch: 3, At: msT(2000), Key: "y", Value: "4"},
	}
	res := SinglePrimary(tenures, accepts)
	if !res.OK {
		t.Fatalf("clean failover reported as %q", res.Detail)
	}
	wantDetail(t, res.Detail, "4 tenures", "4 accepted writes")
}

func TestSinglePrimaryAcceptOutsideTenureIsViolation(t *testing.T) {
	tenures := []Tenure{{Node: "n0", Epoch: 1, Start: msT(0), End: msT(500)}}
	accepts := []Accept{
		{Node: "n0", Epoch: 1, At: msT(100), Key: "x", Value: "1"},
		{Node: "n1", Epoch: 1, At: msT(300), Key: "x", Value: "2"},
		{Node: "n0", Epoch: 1, At: msT(700), Key: "x", Value: "3"},
	}
	res := SinglePrimary(tenures, accepts)
	if res.OK {
		t.Fatal("accepts outside any tenure were not reported")
	}
	wantDetail(t, res.Detail, "n1", "x=2", "300ms", "outside")
	if len(res.Evidence) != 1 {
		t.Fatalf("evidence %q, want one more line for n0 at 700ms", res.Evidence)
	}
	wantDetail(t, res.Evidence[0], "n0", "x=3", "700ms")
}
