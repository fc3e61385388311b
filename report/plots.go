package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"simrun/check"
	"simrun/faults"
)

// The operation kinds of a KV history (check.Op.Kind).
const (
	kindRead  = "read"
	kindWrite = "write"
)

// Plot names; each is written as NAME.png and NAME.svg.
const (
	PlotLatency      = "latency"
	PlotAvailability = "availability"
	PlotRate         = "rate"
)

// plotWidth and plotHeight are the size of every plot: wide, because time
// runs along x and an outage is a stretch of it.
const (
	plotWidth  = 9 * vg.Inch
	plotHeight = 3.6 * vg.Inch
)

// Colours: outcomes as Jepsen colours them (ok blue, fail red, unknown
// amber), fault kinds in pale tints so data stays readable on top.
var (
	colOK      = color.RGBA{R: 0x1f, G: 0x6f, B: 0xd0, A: 0xff}
	colFail    = color.RGBA{R: 0xd0, G: 0x2c, B: 0x2c, A: 0xff}
	colUnknown = color.RGBA{R: 0xe0, G: 0x9a, B: 0x10, A: 0xff}
	colInvoked = color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}
)

// faultFill is the band colour of each fault kind. Every band of a kind
// has exactly this colour, which is how tests count bands in an SVG.
var faultFill = map[faults.Kind]color.RGBA{
	faults.KindPartition: {R: 0xf6, G: 0xd5, B: 0xa8, A: 0xff},
	faults.KindCrash:     {R: 0xf4, G: 0xb6, B: 0xb6, A: 0xff},
	faults.KindPause:     {R: 0xbf, G: 0xd8, B: 0xf2, A: 0xff},
	faults.KindByzantine: {R: 0xdc, G: 0xc4, B: 0xf0, A: 0xff},
	faults.KindClock:     {R: 0xdd, G: 0xdd, B: 0xdd, A: 0xff},
	faults.KindOperator:  {R: 0x6a, G: 0xa8, B: 0x4f, A: 0xff},
}

// FaultFill is the colour of a fault kind's band, as "#rrggbb".
func FaultFill(k faults.Kind) string {
	c, ok := faultFill[k]
	if !ok {
		c = faultFill[faults.KindClock]
	}
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
}

// axis converts simulated time to the x unit: seconds for runs of ten
// seconds or more, else milliseconds, so tick labels stay short.
type axis struct {
	unit  time.Duration
	label string
}

func axisFor(end time.Duration) axis {
	if end >= 10*time.Second {
		return axis{time.Second, "simulated time (s)"}
	}
	return axis{time.Millisecond, "simulated time (ms)"}
}

func (a axis) x(t time.Duration) float64 { return float64(t) / float64(a.unit) }

// Plots renders the three plots of a run, each as PNG and SVG, keyed
// "latency.png", "latency.svg", ...
func Plots(m Metrics, windows []faults.Window) (map[string][]byte, error) {
	out := map[string][]byte{}
	builders := []struct {
		name  string
		build func(Metrics, []faults.Window) (*plot.Plot, error)
	}{{PlotLatency, latencyPlot}, {PlotAvailability, availabilityPlot}, {PlotRate, ratePlot}}
	for _, b := range builders {
		p, err := b.build(m, windows)
		if err != nil {
			return nil, fmt.Errorf("%s plot: %w", b.name, err)
		}
		for _, format := range []string{"png", "svg"} {
			wt, err := p.WriterTo(plotWidth, plotHeight, format)
			if err != nil {
				return nil, err
			}
			var buf bytes.Buffer
			if _, err := wt.WriteTo(&buf); err != nil {
				return nil, err
			}
			out[b.name+"."+format] = buf.Bytes()
		}
	}
	return out, nil
}

// newPlot sets up a plot over the whole run with its fault bands drawn
// first, underneath everything added later. yMin/yMax fix the y range so
// bands span it exactly.
func newPlot(title, ylabel string, m Metrics, windows []faults.Window, yMin, yMax float64) (*plot.Plot, axis, error) {
	ax := axisFor(m.End)
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text, p.Y.Label.Text = ax.label, ylabel
	p.X.Min, p.X.Max = 0, ax.x(m.End)
	p.Y.Min, p.Y.Max = yMin, yMax
	p.Legend.Top, p.Legend.Left = true, false
	p.Legend.TextStyle.Font.Size = vg.Points(8)
	p.Add(plotter.NewGrid())
	if err := addFaultBands(p, ax, m.End, windows, yMin, yMax); err != nil {
		return nil, ax, err
	}
	return p, ax, nil
}

// addFaultBands shades each fault window as a polygon spanning the y range
// and labels it with its kind at the top left, as Jepsen's perf plots do.
// An instant (an operator command) is a thin line.
func addFaultBands(p *plot.Plot, ax axis, end time.Duration, windows []faults.Window, yMin, yMax float64) error {
	var labels plotter.XYLabels
	for _, w := range windows {
		stop := w.End
		if stop == faults.Open {
			stop = end
		}
		x0, x1 := ax.x(w.Start), ax.x(stop)
		if minWidth := ax.x(end) / 400; x1-x0 < minWidth {
			x1 = x0 + minWidth
		}
		poly, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: yMin}, {X: x1, Y: yMin}, {X: x1, Y: yMax}, {X: x0, Y: yMax}})
		if err != nil {
			return err
		}
		fill := faultFill[w.Kind]
		if fill == (color.RGBA{}) {
			fill = faultFill[faults.KindClock]
		}
		poly.Color = fill
		poly.LineStyle.Width = 0
		p.Add(poly)
		labels.XYs = append(labels.XYs, plotter.XY{X: x0, Y: yMax})
		labels.Labels = append(labels.Labels, " "+string(w.Kind))
	}
	if len(labels.XYs) == 0 {
		return nil
	}
	l, err := plotter.NewLabels(labels)
	if err != nil {
		return err
	}
	for i := range l.TextStyle {
		l.TextStyle[i].Font.Size = vg.Points(8)
		l.TextStyle[i].YAlign = draw.YTop
		l.TextStyle[i].Color = color.RGBA{R: 0x60, G: 0x40, B: 0x10, A: 0xff}
	}
	p.Add(l)
	return nil
}

// scatterCells bounds the points one scatter series draws: one point per
// cell of a scatterCells[0] x scatterCells[1] grid over the plot (x linear,
// y logarithmic). Every outlier keeps a point and the picture looks the
// same, but a one-hour run draws thousands of glyphs, not a million.
var scatterCells = [2]int{300, 60}

// downsampleOver is the number of operations above which scatters are
// downsampled; below it every operation is drawn.
const downsampleOver = 5000

// latencyPlot scatters each operation's latency (log axis) by kind (glyph)
// and outcome (colour), with the per-window quantiles of OK operations
// drawn over it.
func latencyPlot(m Metrics, windows []faults.Window) (*plot.Plot, error) {
	lo, hi := latencyRange(m.Samples)
	p, ax, err := newPlot("Latency per operation (log scale); lines: quantiles of ok ops per window",
		"latency (ms)", m, windows, lo, hi)
	if err != nil {
		return nil, err
	}
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = logTicks{}
	shown := 0
	for _, kind := range []string{kindRead, kindWrite} {
		for _, o := range []check.Outcome{check.OK, check.Fail, check.Unknown} {
			pts := downsample(m.Samples, ax, m.End, lo, hi, kind, o, len(m.Samples) > downsampleOver)
			if len(pts) == 0 {
				continue
			}
			shown += len(pts)
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, err
			}
			sc.GlyphStyle.Color = outcomeColour(o)
			sc.GlyphStyle.Radius = vg.Points(2)
			sc.GlyphStyle.Shape = draw.CircleGlyph{}
			if kind == kindWrite {
				sc.GlyphStyle.Shape = draw.TriangleGlyph{}
			}
			p.Add(sc)
			p.Legend.Add(kind+" "+o.String(), sc)
		}
	}
	if shown < len(m.Samples) {
		p.Title.Text += fmt.Sprintf(" — %d of %d points shown (one per cell)", shown, len(m.Samples))
	}
	return p, addQuantileLines(p, ax, m, lo)
}

func outcomeColour(o check.Outcome) color.Color {
	switch o {
	case check.OK:
		return colOK
	case check.Fail:
		return colFail
	}
	return colUnknown
}

// latencyRange is the y range of the latency plot in ms: positive (a log
// axis), with a little room around the data.
func latencyRange(samples []Sample) (lo, hi float64) {
	lo, hi = math.Inf(1), 0
	for _, s := range samples {
		v := ms(s.Latency)
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if hi == 0 {
		return 0.1, 10
	}
	return lo / 2, hi * 2
}

// ms is a latency in ms for a log axis: at least 1µs, never 0.
func ms(d time.Duration) float64 { return math.Max(float64(d)/1e6, 0.001) }

// downsample keeps the samples of one kind and outcome; with thin, only
// one per grid cell.
func downsample(samples []Sample, ax axis, end time.Duration, lo, hi float64, kind string, o check.Outcome, thin bool) plotter.XYs {
	seen := map[int]bool{}
	var pts plotter.XYs
	xMax, logLo, logSpan := ax.x(end), math.Log(lo), math.Log(hi)-math.Log(lo)
	for _, s := range samples {
		if s.Kind != kind || s.Outcome != o {
			continue
		}
		x, y := ax.x(s.Invoke), ms(s.Latency)
		cx := int(x / xMax * float64(scatterCells[0]))
		cy := int((math.Log(y) - logLo) / logSpan * float64(scatterCells[1]))
		if cell := cx*(scatterCells[1]+1) + cy; !thin || !seen[cell] {
			seen[cell] = true
			pts = append(pts, plotter.XY{X: x, Y: y})
		}
	}
	return pts
}

// addQuantileLines draws p50, p95, p99 and max per window as step lines;
// windows without an OK operation break the line (no data is not zero).
func addQuantileLines(p *plot.Plot, ax axis, m Metrics, lo float64) error {
	qs := []struct {
		name   string
		get    func(Bucket) time.Duration
		colour color.Color
		dashes []vg.Length
	}{
		{"p50", func(b Bucket) time.Duration { return b.P50 }, color.RGBA{R: 0x10, G: 0x10, B: 0x10, A: 0xff}, nil},
		{"p95", func(b Bucket) time.Duration { return b.P95 }, color.RGBA{R: 0x30, G: 0x80, B: 0x30, A: 0xff}, nil},
		{"p99", func(b Bucket) time.Duration { return b.P99 }, color.RGBA{R: 0x80, G: 0x30, B: 0x90, A: 0xff}, nil},
		{"max", func(b Bucket) time.Duration { return b.Max }, color.RGBA{R: 0x90, G: 0x90, B: 0x90, A: 0xff}, []vg.Length{vg.Points(3), vg.Points(2)}},
	}
	for _, q := range qs {
		value := func(b Bucket) float64 {
			if b.OK == 0 {
				return math.NaN()
			}
			return ms(q.get(b))
		}
		lines, err := stepLines(ax, m.Buckets, value)
		if err != nil {
			return err
		}
		for i, l := range lines {
			l.Color, l.Width, l.Dashes = q.colour, vg.Points(1.2), q.dashes
			p.Add(l)
			if i == 0 {
				p.Legend.Add(q.name, l)
			}
		}
	}
	return nil
}

// stepLines draws value over the buckets as post-step lines, one line per
// run of buckets where value is not NaN.
func stepLines(ax axis, buckets []Bucket, value func(Bucket) float64) ([]*plotter.Line, error) {
	var out []*plotter.Line
	var seg plotter.XYs
	flush := func(end time.Duration) error {
		if len(seg) == 0 {
			return nil
		}
		seg = append(seg, plotter.XY{X: ax.x(end), Y: seg[len(seg)-1].Y})
		l, err := plotter.NewLine(seg)
		if err != nil {
			return err
		}
		l.StepStyle = plotter.PostStep
		out = append(out, l)
		seg = nil
		return nil
	}
	for _, b := range buckets {
		v := value(b)
		if math.IsNaN(v) {
			if err := flush(b.Start); err != nil {
				return nil, err
			}
			continue
		}
		seg = append(seg, plotter.XY{X: ax.x(b.Start), Y: v})
	}
	if len(buckets) > 0 {
		if err := flush(buckets[len(buckets)-1].End); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// availabilityPlot draws, per window, the share of invoked operations that
// succeeded (a step line from 0 to 1), and the refused and unanswered
// shares apart, dashed.
func availabilityPlot(m Metrics, windows []faults.Window) (*plot.Plot, error) {
	p, ax, err := newPlot(fmt.Sprintf("Availability per %v window (ok ÷ invoked); gaps: nothing invoked", m.Window),
		"share of invoked ops", m, windows, -0.02, 1.08)
	if err != nil {
		return nil, err
	}
	series := []struct {
		name   string
		value  func(Bucket) float64
		colour color.Color
		width  float64
		dashes []vg.Length
	}{
		{"ok (availability)", Bucket.Availability, colOK, 2, nil},
		{"fail", Bucket.FailShare, colFail, 1.2, []vg.Length{vg.Points(4), vg.Points(2)}},
		{"unknown", Bucket.UnknownShare, colUnknown, 1.2, []vg.Length{vg.Points(1.5), vg.Points(1.5)}},
	}
	for _, s := range series {
		if err := addSeries(p, ax, m.Buckets, s.name, s.value, s.colour, s.width, s.dashes); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// addSeries adds one step-line series with its legend entry.
func addSeries(p *plot.Plot, ax axis, buckets []Bucket, name string, value func(Bucket) float64, c color.Color, width float64, dashes []vg.Length) error {
	lines, err := stepLines(ax, buckets, value)
	if err != nil {
		return err
	}
	for i, l := range lines {
		l.Color, l.Width, l.Dashes = c, vg.Points(width), dashes
		p.Add(l)
		if i == 0 {
			p.Legend.Add(name, l)
		}
	}
	return nil
}

// ratePlot draws throughput per window: operations invoked, and how many
// of them succeeded, were refused or went unanswered, per simulated second.
func ratePlot(m Metrics, windows []faults.Window) (*plot.Plot, error) {
	top := 1.0
	for _, b := range m.Buckets {
		top = math.Max(top, b.Rate(b.Invoked))
	}
	p, ax, err := newPlot(fmt.Sprintf("Throughput per %v window (by invocation time)", m.Window),
		"ops per simulated second", m, windows, 0, top*1.15)
	if err != nil {
		return nil, err
	}
	series := []struct {
		name   string
		n      func(Bucket) int
		colour color.Color
	}{
		{"invoked", func(b Bucket) int { return b.Invoked }, colInvoked},
		{"ok", func(b Bucket) int { return b.OK }, colOK},
		{"fail", func(b Bucket) int { return b.Fail }, colFail},
		{"unknown", func(b Bucket) int { return b.Unknown }, colUnknown},
	}
	for _, s := range series {
		value := func(b Bucket) float64 { return b.Rate(s.n(b)) }
		width := 1.2
		if s.name == "ok" {
			width = 2
		}
		if err := addSeries(p, ax, m.Buckets, s.name, value, s.colour, width, nil); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// logTicks labels a log axis at 1, 2 and 5 times each power of ten (only
// the powers when the range spans more than three decades), because
// gonum's LogTicks labels powers of ten only and a narrow range (every
// latency near 20ms) would show no label at all.
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if lo <= 0 || hi <= lo {
		return nil
	}
	steps := []float64{1, 2, 5}
	if math.Log10(hi/lo) > 3 {
		steps = []float64{1}
	}
	var out []plot.Tick
	for p := math.Pow(10, math.Floor(math.Log10(lo))); p <= hi; p *= 10 {
		for m := 1.0; m < 10; m++ {
			v := m * p
			if v < lo || v > hi {
				continue
			}
			t := plot.Tick{Value: v}
			for _, s := range steps {
				if m == s {
					t.Label = strconv.FormatFloat(v, 'g', 4, 64)
				}
			}
			out = append(out, t)
		}
	}
	return out
}
