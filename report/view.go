package report

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"time"

	"simrun/check"
	"simrun/faults"
	"simrun/scenarios"
)

// runView is what the page template shows of one run. Everything is
// rendered to strings here so the template holds layout only.
type runView struct {
	Label    string // "A" or "B" on a comparison page, else ""
	Name     string
	Title    string
	Teaches  string
	Verdict  string
	Expected string
	Met      bool
	Params   []param
	Schedule []string
	Windows  []windowView
	Checks   []check.Result
	Clients  []clientView
	Window   string
	Plots    []plotView
	Lamport  template.HTML
	// LinViz is the path of porcupine's page relative to the report, when
	// linearizability failed and the page is stored.
	LinViz   string
	Replay   string
	Scenario string
}

type param struct{ Name, Value string }

type windowView struct{ Kind, From, To, Text, Colour string }

type clientView struct {
	Name                       string
	Invoked, OK, Fail, Unknown int
	Availability               string
	P50, P99, Max              string
}

type plotView struct {
	Name, Caption string
	PNG           template.URL
	SVG           string
}

// plotCaptions say how to read each plot.
var plotCaptions = map[string]string{
	PlotLatency:      "Each operation's latency by kind (circle read, triangle write) and outcome (blue ok, red fail, amber unknown: the time until the client gave up); lines are the p50/p95/p99/max of ok operations per window.",
	PlotAvailability: "Per window, the share of operations invoked then that succeeded (solid), were refused (dashed red) or went unanswered (dotted amber). Gaps: nothing was invoked.",
	PlotRate:         "Operations per simulated second, counted by invocation time.",
}

// view renders a run for the template; base is the run directory relative
// to the page, for links to its files ("" when the page is in it).
func (x *Rendered) view(label, base string) runView {
	r, s := x.Run, x.Run.Scenario
	v := runView{
		Label: label, Name: s.Name, Title: s.Title, Teaches: s.Teaches,
		Verdict: string(r.Summary.Verdict), Expected: r.Summary.Expected, Met: r.Summary.ExpectationMet,
		Params: params(r), Schedule: s.ScheduleText(), Checks: r.Summary.Checks,
		Clients: clientViews(r.History, s.Clients, x.Metrics.Total), Window: x.Metrics.Window.String(),
		Lamport: template.HTML(x.Files[FileLamport]), Replay: r.Summary.Replay, Scenario: string(s.Source),
	}
	for _, w := range r.Windows {
		to := "end of run"
		if w.End != faults.Open {
			to = check.Millis(w.End)
		}
		v.Windows = append(v.Windows, windowView{string(w.Kind), check.Millis(w.Start), to, w.Text, FaultFill(w.Kind)})
	}
	for _, name := range []string{PlotLatency, PlotAvailability, PlotRate} {
		png := base64.StdEncoding.EncodeToString(x.Files[name+".png"])
		v.Plots = append(v.Plots, plotView{name, plotCaptions[name], template.URL("data:image/png;base64," + png), base + name + ".svg"})
	}
	if r.HasLinViz {
		v.LinViz = base + scenarios.FileLinViz
	}
	return v
}

// params lists every parameter of the run: the seed and the named random
// streams derived from it, and everything the scenario fixed. Together
// they determine the run, so the page alone is a complete bug report.
func params(r *Run) []param {
	s, sum := r.Scenario, r.Summary
	streams := []string{"net"}
	for _, m := range append(append([]string{}, s.Nodes...), s.Clients...) {
		streams = append(streams, "node/"+m)
	}
	out := []param{
		{"seed", fmt.Sprint(sum.Seed)},
		{"random streams (from the seed)", strings.Join(streams, ", ")},
		{"trace hash", sum.Hash},
		{"events", fmt.Sprint(sum.Events)},
		{"simulated time", check.Millis(time.Duration(sum.SimTimeNs)) + " (ended by " + sum.End + ")"},
		{"protocol", s.Protocol},
		{"config", configText(s.Config)},
		{"nodes", strings.Join(s.Nodes, ", ")},
		{"clients", clientsText(s)},
		{"duration / event budget", fmt.Sprintf("%v / %d events", s.Duration, s.MaxEvents)},
		{"network (every link)", linkText(s.Network.Default)},
	}
	for _, l := range s.Network.Links {
		out = append(out, param{"link " + l.From + " → " + l.To, linkText(l.Link)})
	}
	w := s.Workload
	out = append(out, param{"workload", fmt.Sprintf("timeout %v, %d retries, %d scripted ops", w.Timeout, w.Retries, len(w.Ops))})
	if w.Random != nil {
		out = append(out, param{"random load", w.Random.String()})
	}
	return append(out, param{"checks", strings.Join(s.Checks, ", ")}, param{"expected", sum.Expected})
}

// configText renders a protocol config struct as "field: value, ...".
func configText(c scenarios.Config) string {
	if c == nil {
		return "(none)"
	}
	v := reflect.Indirect(reflect.ValueOf(c))
	if v.Kind() != reflect.Struct {
		return fmt.Sprintf("%v", v.Interface())
	}
	var parts []string
	for i := 0; i < v.NumField(); i++ {
		if f := v.Type().Field(i); f.IsExported() {
			parts = append(parts, fmt.Sprintf("%s: %v", f.Name, v.Field(i).Interface()))
		}
	}
	return strings.Join(parts, ", ")
}

func clientsText(s *scenarios.Scenario) string {
	var parts []string
	for i, c := range s.Clients {
		home := "?"
		if i < len(s.Workload.Home) {
			home = s.Workload.Home[i]
		}
		parts = append(parts, c+" (home "+home+")")
	}
	return strings.Join(parts, ", ")
}

func linkText(l scenarios.Link) string {
	text := fmt.Sprintf("%s, latency %s", l.Model, l.Latency)
	for _, p := range []struct {
		name string
		v    float64
	}{{"loss", l.Loss}, {"duplicate", l.Duplicate}, {"corrupt", l.Corrupt}, {"forge", l.Forge}, {"replay", l.Replay}} {
		if p.v > 0 {
			text += fmt.Sprintf(", %s %g", p.name, p.v)
		}
	}
	return text
}

// clientViews counts each client's operations, and the whole run's
// (total, already computed with the metrics).
func clientViews(h check.History, clients []string, total Bucket) []clientView {
	index := map[string]int{}
	for i, c := range clients {
		index[c] = i
	}
	buckets := make([]Bucket, len(clients))
	lat := make([][]time.Duration, len(clients))
	for _, op := range h {
		i, ok := index[op.Client]
		if !ok {
			continue
		}
		count(&buckets[i], op.Outcome)
		if op.Outcome == check.OK {
			lat[i] = append(lat[i], max(op.Complete-op.Invoke, 0))
		}
	}
	var out []clientView
	for i, c := range clients {
		quantiles(&buckets[i], lat[i])
		out = append(out, clientSummary(c, buckets[i]))
	}
	return append(out, clientSummary("all", total))
}

func clientSummary(name string, t Bucket) clientView {
	v := clientView{Name: name, Invoked: t.Invoked, OK: t.OK, Fail: t.Fail, Unknown: t.Unknown, Availability: "–", P50: "–", P99: "–", Max: "–"}
	if t.Invoked > 0 {
		v.Availability = fmt.Sprintf("%.1f%%", 100*t.Availability())
	}
	if t.OK > 0 {
		v.P50, v.P99, v.Max = check.Millis(t.P50), check.Millis(t.P99), check.Millis(t.Max)
	}
	return v
}

// dataURI embeds bytes in a page that must open without a network.
func dataURI(mime string, b []byte) template.URL {
	return template.URL("data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(b))
}
