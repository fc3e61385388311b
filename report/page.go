package report

import (
	"bytes"
	"html/template"
)

// Page renders report.html: one page that opens from disk with no
// network. Plots are embedded as PNG data URIs (with links to the SVGs
// beside it) and the Lamport diagram is inline, so the page can be mailed
// or attached to a bug on its own.
func (x *Rendered) Page() ([]byte, error) {
	var buf bytes.Buffer
	err := pageTmpl.Execute(&buf, struct {
		Heading string
		Runs    []runView
		Compare *compareView
	}{x.Run.Scenario.Name + " — simrun report", []runView{x.view("", "")}, nil})
	return buf.Bytes(), err
}

var pageTmpl = template.Must(template.New("page").Parse(pageCSS + pageBody + compareBody))

const pageCSS = `{{define "css"}}<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1320px; padding: 0 16px; color: #222; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 19px; margin-top: 28px; border-bottom: 1px solid #ddd; }
h3 { font-size: 16px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 4px; color: white; font-weight: bold; }
.verdict.violation { background: #c62828; } .verdict.hold { background: #2e7d32; } .verdict.no-progress { background: #e08a00; }
.met { color: #2e7d32; } .unmet { color: #c62828; font-weight: bold; }
table { border-collapse: collapse; margin: 8px 0; } td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.ok { color: #2e7d32; font-weight: bold; } td.fail { color: #c62828; font-weight: bold; }
.teaches { background: #f7f9fc; border-left: 4px solid #1f6fd0; padding: 8px 14px; }
.plot img { max-width: 100%; border: 1px solid #eee; } .caption { color: #555; font-size: 13px; }
.lamport { overflow-x: auto; border: 1px solid #eee; } .lamport svg { max-width: none; }
pre { background: #f6f6f6; padding: 8px; overflow-x: auto; } code { background: #f2f2f2; padding: 1px 4px; }
.swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid #aaa; vertical-align: middle; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; } .cols > div { min-width: 0; }
.cols .lamport svg { width: 100%; height: auto; }
iframe { width: 100%; height: 520px; border: 1px solid #ddd; }
</style>{{end}}`

const pageBody = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Heading}}</title>{{template "css"}}</head>
<body>
{{if .Compare}}{{template "compare" .Compare}}{{else}}{{range .Runs}}{{template "run" .}}{{end}}{{end}}
</body></html>
{{define "summary"}}
<h1>{{if .Label}}{{.Label}}: {{end}}{{.Name}} — {{.Title}}</h1>
<p><span class="verdict {{.Verdict}}" id="verdict{{.Label}}">{{.Verdict}}</span>
expected {{.Expected}} — {{if .Met}}<span class="met">as expected</span>{{else}}<span class="unmet">NOT as expected</span>{{end}}</p>
<h2>What it teaches</h2><div class="teaches">{{.Teaches}}</div>
<h2>Checks</h2>
<table class="checks"><tr><th>check</th><th>verdict</th><th>evidence</th></tr>
{{range .Checks}}<tr class="check" data-name="{{.Name}}" data-ok="{{.OK}}"><td>{{.Name}}</td>{{if .OK}}<td class="ok">ok</td>{{else}}<td class="fail">FAIL</td>{{end}}
<td>{{.Detail}}{{range .Evidence}}<br>{{.}}{{end}}</td></tr>
{{end}}</table>
<h2>What the clients saw</h2>
<table><tr><th>client</th><th>invoked</th><th>ok</th><th>fail</th><th>unknown</th><th>availability</th><th>ok p50</th><th>ok p99</th><th>ok max</th></tr>
{{range .Clients}}<tr><td>{{.Name}}</td><td>{{.Invoked}}</td><td>{{.OK}}</td><td>{{.Fail}}</td><td>{{.Unknown}}</td><td>{{.Availability}}</td><td>{{.P50}}</td><td>{{.P99}}</td><td>{{.Max}}</td></tr>
{{end}}</table>
{{end}}
{{define "faults"}}
<h2>Fault schedule</h2>
<table><tr><th></th><th>fault</th><th>in force</th><th>what</th></tr>
{{range .Windows}}<tr class="window" data-kind="{{.Kind}}"><td><span class="swatch" style="background: {{.Colour}}"></span></td><td>{{.Kind}}</td><td>{{.From}} – {{.To}}</td><td>{{.Text}}</td></tr>
{{else}}<tr><td colspan="4">no faults</td></tr>{{end}}</table>
<details><summary>the whole schedule (scripted operations and faults)</summary><pre>{{range .Schedule}}{{.}}
{{end}}</pre></details>
{{end}}
{{define "plots"}}
<h2>Plots (windows of {{.Window}}; fault windows shaded)</h2>
{{range .Plots}}<div class="plot" id="plot-{{.Name}}"><h3>{{.Name}}</h3><img alt="{{.Name}} plot" src="{{.PNG}}">
<div class="caption">{{.Caption}} <a href="{{.SVG}}">SVG</a></div></div>
{{end}}
{{end}}
{{define "params"}}
<h2>Parameters</h2>
<p class="caption">The seed and these parameters fix the run completely: every random draw comes from a stream named below, derived from the seed.</p>
<table class="params">{{range .Params}}<tr><th>{{.Name}}</th><td>{{.Value}}</td></tr>{{end}}</table>
<details><summary>scenario.yaml as run</summary><pre>{{.Scenario}}</pre></details>
<h2>Replay</h2><pre class="replay">{{.Replay}}</pre>
{{end}}
{{define "run"}}
{{template "summary" .}}
{{template "faults" .}}
{{template "plots" .}}
<h2>Lamport diagram</h2><div class="lamport">{{.Lamport}}</div>
{{if .LinViz}}<h2>Linearizability: porcupine's visualisation</h2>
<p>The history is not linearizable; porcupine shows the longest prefix it could order per key. <a href="{{.LinViz}}">Open it on its own</a>.</p>
<iframe src="{{.LinViz}}" title="porcupine visualisation"></iframe>{{end}}
{{template "params" .}}
{{end}}
`

const compareBody = `{{define "compare"}}
<h1>A: {{.A.Name}} vs B: {{.B.Name}}</h1>
<table class="compare"><tr><th></th><th>A</th><th>B</th></tr>
{{range .Rows}}<tr><th>{{.Name}}</th><td>{{.A}}</td><td>{{.B}}</td></tr>{{end}}</table>
<div class="plot" id="plot-{{.Both.Name}}"><img alt="availability of both runs" src="{{.Both.PNG}}">
<div class="caption">{{.Both.Caption}} <a href="{{.Both.SVG}}">SVG</a></div></div>
<div class="cols">
<div>{{template "summary" .A}}{{template "faults" .A}}{{template "plots" .A}}<h2>Lamport diagram</h2><div class="lamport">{{.A.Lamport}}</div>
{{if .A.LinViz}}<p>Linearizability failed: <a href="{{.A.LinViz}}">porcupine's visualisation</a>.</p>{{end}}{{template "params" .A}}</div>
<div>{{template "summary" .B}}{{template "faults" .B}}{{template "plots" .B}}<h2>Lamport diagram</h2><div class="lamport">{{.B.Lamport}}</div>
{{if .B.LinViz}}<p>Linearizability failed: <a href="{{.B.LinViz}}">porcupine's visualisation</a>.</p>{{end}}{{template "params" .B}}</div>
</div>
{{end}}`
