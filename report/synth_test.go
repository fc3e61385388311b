package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"simrun/check"
	"simrun/scenarios"
)

// synthScenario is a long primary/backup run with three kinds of fault,
// written as the scenario.yaml of a synthetic run directory.
const synthScenario = `name: synthetic-long
title: A long synthetic run for report benchmarks
teaches: |
  Not a real run: the history and trace are synthesised by the report
  benchmark to measure how long a report of a long run takes.
protocol: primarybackup
config: {heartbeat: 50ms, failover: auto, failover_timeout: 150ms}
nodes: 3
clients: 4
duration: %v
workload:
  timeout: 100ms
  random: {rate: 25, keys: 10, read_fraction: 0.5}
faults:
  - {at: %v, partition: {isolate: n0}}
  - {at: %v, heal: {}}
  - {at: %v, crash: n1, restart_after: %v}
  - {at: %v, pause: n2, for: %v}
checks: [single-primary, durable-writes, linearizable]
expect: hold
`

// synthRun writes a run directory of length end with ops operations
// spread evenly over 4 clients: summary.json, scenario.yaml,
// history.jsonl, and trace.jsonl with a request and a reply (send and
// deliver each) per operation. Latencies are lognormal around 20ms; during
// the partition (10%–20% of the run) half the operations fail, and during
// the crash (50%–55%) a third time out.
func synthRun(t testing.TB, dir string, end time.Duration, ops int) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	at := func(f float64) time.Duration { return time.Duration(float64(end) * f).Round(time.Millisecond) }
	yaml := fmt.Sprintf(synthScenario, end, at(0.1), at(0.2), at(0.5), at(0.05), at(0.7), at(0.01))
	write(t, filepath.Join(dir, scenarios.FileScenario), []byte(yaml))
	rng := rand.New(rand.NewPCG(1, 2))
	hist := create(t, filepath.Join(dir, scenarios.FileHistory))
	trace := create(t, filepath.Join(dir, scenarios.FileTrace))
	enc := json.NewEncoder(hist.w)
	clients := []string{"c0", "c1", "c2", "c3"}
	var named check.Op // the operation the failed check names
	for i := 0; i < ops; i++ {
		invoke := time.Duration(int64(end) / int64(ops) * int64(i))
		op := check.Op{Client: clients[i%4], Server: "n0", Kind: "read", Key: fmt.Sprintf("k%d", i%10), Invoke: invoke, Outcome: check.OK}
		if i%2 == 1 {
			op.Kind, op.Value = "write", fmt.Sprint(i)
		}
		op.Complete = invoke + time.Duration(20e6*math.Exp(rng.NormFloat64()*0.4))
		f := float64(invoke) / float64(end)
		switch {
		case f >= 0.1 && f < 0.2 && rng.IntN(2) == 0:
			op.Outcome = check.Fail
		case f >= 0.5 && f < 0.55 && rng.IntN(3) == 0:
			op.Outcome, op.Complete = check.Unknown, invoke+100*time.Millisecond
		}
		if i == ops/2 {
			named = op
		}
		if err := enc.Encode(op); err != nil {
			t.Fatal(err)
		}
		req := fmt.Sprintf(`workload.Request{\"Client\":\"%s\",\"Seq\":%d,\"Op\":\"%s\",\"Key\":\"%s\"}`, op.Client, i, op.Kind, op.Key)
		rep := fmt.Sprintf(`workload.Reply{\"Seq\":%d,\"OK\":true}`, i)
		mid := invoke + (op.Complete-invoke)/2
		fmt.Fprintf(trace.w, "{\"i\":%d,\"t\":%d,\"kind\":\"send\",\"node\":\"%s\",\"peer\":\"n0\",\"text\":\"%s\"}\n", 4*i, invoke, op.Client, req)
		fmt.Fprintf(trace.w, "{\"i\":%d,\"t\":%d,\"kind\":\"deliver\",\"node\":\"n0\",\"peer\":\"%s\",\"text\":\"%s\"}\n", 4*i+1, mid, op.Client, req)
		fmt.Fprintf(trace.w, "{\"i\":%d,\"t\":%d,\"kind\":\"send\",\"node\":\"n0\",\"peer\":\"%s\",\"text\":\"%s\"}\n", 4*i+2, mid, op.Client, rep)
		fmt.Fprintf(trace.w, "{\"i\":%d,\"t\":%d,\"kind\":\"deliver\",\"node\":\"%s\",\"peer\":\"n0\",\"text\":\"%s\"}\n", 4*i+3, op.Complete, op.Client, rep)
	}
	hist.close(t)
	trace.close(t)
	sum := scenarios.Summary{Scenario: "synthetic-long", Protocol: "primarybackup", Seed: 1, Hash: "0000000000000000",
		Events: int64(4 * ops), SimTimeNs: int64(end), End: "deadline", Verdict: scenarios.VerdictViolation,
		Checks: []check.Result{{Name: "durable-writes", Detail: fmt.Sprintf("acknowledged write lost: %s ok at %s", named.Client, check.Millis(named.Complete))},
			{Name: "single-primary", OK: true, Detail: "1 tenure"}},
		Expected: "hold", Replay: "simrun replay " + dir}
	b, err := json.Marshal(sum)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, scenarios.FileSummary), b)
}

type buffered struct {
	f *os.File
	w *bufio.Writer
}

func create(t testing.TB, path string) buffered {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	return buffered{f, bufio.NewWriterSize(f, 1<<20)}
}

func (b buffered) close(t testing.TB) {
	if err := b.w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := b.f.Close(); err != nil {
		t.Fatal(err)
	}
}

func write(t testing.TB, path string, data []byte) {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLongRunIsBounded checks that a long run's pictures stay bounded and
// say so: the scatter is thinned (the title says how many points), the
// Lamport diagram is cut to LamportBudget records around the failed
// check's time and states the cut, and every fault window is shaded.
func TestLongRunIsBounded(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "long")
	synthRun(t, dir, time.Minute, 20_000)
	x, err := Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	root := parseSVG(t, FileLamport, x.Files[FileLamport])
	cut := withClass(root, "cut")
	if len(cut) != 1 || !contains(cut[0].Text, "cut to 600 records", "of 80000") {
		t.Errorf("lamport cut note %+v: want it to say it shows 600 of 80000 records", cut)
	}
	if got := len(withClass(root, "evidence")); got == 0 {
		t.Error("the cut does not reach the event the failed check names")
	}
	checkPlotBands(t, "availability.svg", x.Files["availability.svg"], x.Run.Windows)
	if len(x.Run.Windows) != 3 {
		t.Errorf("%d fault windows, want 3 (partition, crash, pause)", len(x.Run.Windows))
	}
	if !contains(string(x.Files["latency.svg"]), "points shown") {
		t.Error("latency plot of 20000 ops does not say it was thinned")
	}
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// BenchmarkReportOneHour builds the full report (three plots as PNG and
// SVG, the Lamport diagram, the page) of a synthetic one-hour run of
// 360,000 operations with a 1.44-million-record trace. Target: < 10 s.
func BenchmarkReportOneHour(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "hour")
	synthRun(b, dir, time.Hour, 360_000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Build(dir); err != nil {
			b.Fatal(err)
		}
	}
}
