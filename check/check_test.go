// Summarize must rank a safety failure above a liveness failure above a pass.
package check

import "testing"

func TestSummarize(t *testing.T) {
	safeOK := Result{Name: "s", OK: true, Safety: true}
	safeBad := Result{Name: "s", Safety: true}
	liveBad := Result{Name: "l"}
	cases := []struct {
		name    string
		results []Result
		want    string
	}{
		{"empty", nil, VerdictHold},
		{"all ok", []Result{safeOK, {Name: "l", OK: true}}, VerdictHold},
		{"liveness only", []Result{safeOK, liveBad}, VerdictNoProgress},
		{"safety beats liveness", []Result{liveBad, safeBad}, VerdictViolation},
	}
	for _, c := range cases {
		if got := Summarize(c.results); got != c.want {
			t.Errorf("%s: Summarize = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestMs(t *testing.T) {
	if got := ms(msT(120)); got != "120ms" {
		t.Errorf("ms(120ms) = %q", got)
	}
	if got := ms(1500 * 1000); got != "1.5ms" {
		t.Errorf("ms(1.5ms) = %q", got)
	}
}
