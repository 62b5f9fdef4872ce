package analysis

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html/template"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/opsim/opsim/analysis/charts"
	"github.com/opsim/opsim/results"
)

// TornadoRows is how many values a tornado chart shows: the most
// influential; the table lists them all.
const TornadoRows = 15

// SensitivityFigures are the tornado charts of s, one per key metric,
// named tornado-<metric>.
func SensitivityFigures(s *Sensitivity) []NamedFigure {
	var out []NamedFigure
	for mi, m := range s.Metrics {
		info := Describe(m)
		sc := scaleOf(info)
		base := float64(s.At[mi].Mean) * sc
		var bars []charts.TornadoBar
		for _, pi := range s.Ranked(mi) {
			if len(bars) == TornadoRows {
				break
			}
			p := s.Params[pi]
			e := p.Effects[mi]
			b := charts.TornadoBar{Label: p.Path, Low: math.NaN(), High: math.NaN(), LowText: p.Low, HighText: p.High}
			if s.Method == "morris" {
				b.High = base + float64(e.Mu)*sc
				b.HighText = fmt.Sprintf("μ* %s, σ %s", sig(float64(e.Swing)*sc), sig(float64(e.Sigma)*sc))
			} else {
				if e.AtLow != nil {
					b.Low = float64(e.AtLow.Mean) * sc
				}
				if e.AtHigh != nil {
					b.High = float64(e.AtHigh.Mean) * sc
				}
			}
			bars = append(bars, b)
		}
		ends := [2]string{}
		caption := fmt.Sprintf("Each bar is one value of the scenario, the %d that move it most at the top: the difference in %s (%s minus %s) with the value at the low end of its range (sky blue) and at the high end (vermillion), the others at the scenario's values; the dashed line is the difference at the scenario's values, the solid line zero. A bar that crosses zero is a value whose range flips which design is better.",
			len(bars), info.Label, s.Design, s.Baseline)
		if s.Method == "morris" {
			ends = [2]string{"-", "moving it from the low to the high end (Morris μ)"}
			caption = fmt.Sprintf("Each bar is one value of the scenario, the %d with the largest Morris μ* at the top: how far moving it from the low to the high end of its range moves the difference in %s (%s minus %s) on average over the other values' ranges (μ, from the difference at the scenario's values, dashed); μ* is the mean of the absolute effects and σ their spread, large when the value interacts with others.",
				len(bars), info.Label, s.Design, s.Baseline)
		}
		title := "What moves the difference in " + info.Label
		x := s.Design + " − " + s.Baseline + ", " + info.Label
		if info.Unit != "" {
			x += " (" + info.Unit + ")"
		}
		side := "above"
		if lowerIsBetter(m) {
			side = "below"
		}
		x += "\n" + side + " 0, " + s.Design + " " + does(m)
		out = append(out, NamedFigure{Name: "tornado-" + m, Title: title, Caption: caption, Key: mi == 0,
			Figure: charts.Tornado(title, x, base, bars, ends)})
	}
	return out
}

func scaleOf(info MetricInfo) float64 {
	if info.Scale == 0 {
		return 1
	}
	return info.Scale
}

// sig writes x to two significant digits.
func sig(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return strconv.FormatFloat(x, 'g', 2, 64)
}

// WriteSensitivityFiles writes s into dir: sensitivity.json, the table as
// sensitivity.csv, sensitivity.md and a self-contained sensitivity.html,
// and the tornado charts as PNG and SVG in dir/figures. It returns the
// figure files. The same s gives the same bytes.
func WriteSensitivityFiles(dir string, s *Sensitivity) ([]string, error) {
	if err := WriteSensitivityJSON(dir, s); err != nil {
		return nil, err
	}
	if err := results.WriteFileAtomic(filepath.Join(dir, SensitivityCSV), sensitivityCSV(s)); err != nil {
		return nil, err
	}
	named := SensitivityFigures(s)
	paths, err := WriteFigures(dir, named)
	if err != nil {
		return nil, err
	}
	figs, err := readFigures(dir, paths, named)
	if err != nil {
		return nil, err
	}
	page := sensitivityPage(s, figs)
	var hb bytes.Buffer
	if err := sensitivityTemplate.Execute(&hb, page); err != nil {
		return nil, fmt.Errorf("analysis: sensitivity: %w", err)
	}
	if err := results.WriteFileAtomic(filepath.Join(dir, SensitivityHTML), hb.Bytes()); err != nil {
		return nil, err
	}
	if err := results.WriteFileAtomic(filepath.Join(dir, SensitivityMarkdown), []byte(page.markdown())); err != nil {
		return nil, err
	}
	return paths, nil
}

// sensitivityCSV is a row per metric and value, most influential first.
func sensitivityCSV(s *Sensitivity) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"metric", "baseline", "design", "rank", "parameter", "value", "source", "range", "low", "high",
		"diff_at_low", "diff_at_low_lo", "diff_at_low_hi", "diff_at_high", "diff_at_high_lo", "diff_at_high_hi",
		"swing", "mu", "sigma", "flips_at", "better_below", "better_above"})
	f := func(x Num) string {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return ""
		}
		return strconv.FormatFloat(float64(x), 'g', -1, 64)
	}
	diff := func(d *SensitivityDiff) []string {
		if d == nil {
			return []string{"", "", ""}
		}
		return []string{f(d.Mean), f(d.Lo), f(d.Hi)}
	}
	for mi, m := range s.Metrics {
		for rank, pi := range s.Ranked(mi) {
			p := s.Params[pi]
			e := p.Effects[mi]
			var at, below, above []string
			for _, fl := range e.Flips {
				at, below, above = append(at, fl.At), append(below, fl.Below), append(above, fl.Above)
			}
			row := []string{m, s.Baseline, s.Design, strconv.Itoa(rank + 1), p.Path, p.Value, p.Source, p.Range, p.Low, p.High}
			row = append(row, diff(e.AtLow)...)
			row = append(row, diff(e.AtHigh)...)
			row = append(row, f(e.Swing), f(e.Mu), f(e.Sigma), strings.Join(at, ";"), strings.Join(below, ";"), strings.Join(above, ";"))
			w.Write(row)
		}
	}
	w.Flush()
	return b.Bytes()
}

// sensitivityView is what sensitivity.html and sensitivity.md show.
type sensitivityView struct {
	Title, Subtitle string
	// Verdict is what decides the verdict, in sentences.
	Verdict []string
	Metrics []sensitivityMetric
	Skipped []SensitivitySkip
	Notes   []string
}

type sensitivityMetric struct {
	Heading, At string
	Figure      *reportFigure
	Columns     []string
	Rows        [][]string
}

func sensitivityPage(s *Sensitivity, figs []reportFigure) *sensitivityView {
	v := &sensitivityView{Title: "opsim sensitivity: " + s.Name, Skipped: s.Skipped}
	method := "one value at a time, to the low and the high end of its range"
	if s.Method == "morris" {
		method = fmt.Sprintf("Morris's elementary effects, %d trajectories on a %d-level grid", s.Trajectories, s.Levels)
	}
	v.Subtitle = fmt.Sprintf("Scenario %s · %s · %d replications per design and setting · %d values varied, %d settings, %d runs",
		s.ScenarioFile, method, s.Replications, len(s.Params), s.Settings, s.Runs)
	v.Verdict = s.Summary()
	for mi, m := range s.Metrics {
		info := Describe(m)
		sm := sensitivityMetric{Heading: info.Title() + ": " + s.Design + " − " + s.Baseline,
			At: "At the scenario's values: " + s.DescribeDiff(mi, s.At[mi]) + "."}
		for i := range figs {
			if figs[i].Name == "tornado-"+m {
				sm.Figure = &figs[i]
			}
		}
		if s.Method == "morris" {
			sm.Columns = []string{"value", "source", "range", "μ* (mean |effect|)", "μ (mean effect)", "σ"}
		} else {
			sm.Columns = []string{"value", "source", "range", "difference at the low end", "at the high end", "swing", "flips"}
		}
		for _, pi := range s.Ranked(mi) {
			p := s.Params[pi]
			e := p.Effects[mi]
			row := []string{p.Path + " = " + p.Value, shortSource(p.Source), p.Low + " to " + p.High + " (" + p.Range + ")"}
			if s.Method == "morris" {
				row = append(row, s.describeNum(mi, e.Swing), s.describeNum(mi, e.Mu), s.describeNum(mi, e.Sigma))
			} else {
				var flips []string
				for _, f := range e.Flips {
					flips = append(flips, "at "+f.At)
				}
				row = append(row, s.describeEnd(mi, e.AtLow), s.describeEnd(mi, e.AtHigh), s.describeNum(mi, e.Swing), strings.Join(flips, ", "))
			}
			sm.Rows = append(sm.Rows, row)
		}
		v.Metrics = append(v.Metrics, sm)
	}
	v.Notes = []string{
		"Every setting runs the same replications' random numbers (those of the scenario itself), so the two designs are compared pair by pair within a setting, and settings differ only by the value that changed: a difference between settings is the value's effect, not noise between runs. Intervals are 95% paired Student-t intervals.",
		"A value's range is ±50% of it by default ([sensitivity] spread), within its bounds (a probability stays within 0 and 1, a count whole), or the plausible range the scenario reference documents, or the one [sensitivity.params] gives; values that only set how a result is measured or priced stay put unless listed. Where the sign of a difference changes within a range, bisection narrows down where.",
		"Varying one value at a time shows neither interactions nor curvature: two values that only flip the verdict together do not show here. Morris's method (--method morris) moves every value along random trajectories and reports σ, which is large for a value that interacts with others.",
	}
	return v
}

// describeNum writes an effect in the metric's display unit.
func (s *Sensitivity) describeNum(mi int, x Num) string {
	info := Describe(s.Metrics[mi])
	if math.IsNaN(float64(x)) {
		return "–"
	}
	v := float64(x) * scaleOf(info)
	out := strconv.FormatFloat(math.Abs(v), 'g', 2, 64)
	if math.Abs(v) >= 100 {
		out = strconv.FormatFloat(math.Abs(v), 'f', 0, 64)
	}
	if v < 0 {
		out = "−" + out // a true minus, as the report's numbers
	}
	if info.Unit != "" {
		out += " " + info.Unit
	}
	return out
}

// Summary says what decides the verdicts: the flips in words, or, for a
// metric none flips, that its verdict held over every setting run, with
// how many settings favoured each design.
func (s *Sensitivity) Summary() []string {
	out := s.FlipSentences()
	for mi, m := range s.Metrics {
		info := Describe(m)
		c := s.Verdicts[mi]
		flipped := false
		for _, p := range s.Params {
			flipped = flipped || len(p.Effects[mi].Flips) > 0
		}
		counts := fmt.Sprintf("%s %s in %d of the %d settings run, %s in %d, and the difference was not distinguishable in %d",
			s.Design, does(m), c.Design, s.Settings, s.Baseline, c.Baseline, c.Neither)
		if flipped || s.Method == "morris" {
			out = append(out, capitalize(info.Label)+": "+counts+".")
		} else {
			out = append(out, fmt.Sprintf("No single value's range flips the verdict on %s: %s.", info.Label, counts))
		}
	}
	return out
}

func (v *sensitivityView) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# %s\n\n%s\n\n## What decides the verdict\n\n", mdText(v.Title), mdText(v.Subtitle))
	for _, s := range v.Verdict {
		p("- %s\n", mdText(s))
	}
	p("\n")
	for _, m := range v.Metrics {
		p("## %s\n\n%s\n\n", mdText(m.Heading), mdText(m.At))
		if m.Figure != nil {
			mdFigure(&b, *m.Figure, "###")
		}
		p("| %s |\n|", strings.Join(mdCells(m.Columns), " | "))
		for range m.Columns {
			p(":--|")
		}
		p("\n")
		for _, r := range m.Rows {
			p("| %s |\n", strings.Join(mdCells(r), " | "))
		}
		p("\n")
	}
	if len(v.Skipped) > 0 {
		p("## Values that did not vary\n\n")
		for _, s := range v.Skipped {
			p("- %s = %s: %s\n", mdText(s.Path), mdText(s.Value), mdText(s.Why))
		}
		p("\n")
	}
	p("## How to read this\n\n")
	for _, n := range v.Notes {
		p("%s\n\n", mdText(n))
	}
	return b.String()
}

func mdCells(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = mdCell(x)
	}
	return out
}

var sensitivityTemplate = template.Must(template.New("sensitivity").Parse(pageHead + `<h2 id="verdict">What decides the verdict</h2>
<ul class="findings">
{{range .Verdict}}<li>{{.}}</li>
{{end}}</ul>
{{range .Metrics}}<h2>{{.Heading}}</h2>
<p>{{.At}}</p>
{{with .Figure}}<figure id="fig-{{.Name}}">
<img {{.Img}} alt="{{.Title}}">
<figcaption>{{.Caption}}</figcaption>
</figure>
{{end}}<table class="sources">
<thead><tr>{{range .Columns}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{end}}{{if .Skipped}}<h2 id="skipped">Values that did not vary</h2>
<details><summary>{{len .Skipped}} values</summary>
<ul>
{{range .Skipped}}<li>{{.Path}} = {{.Value}}: {{.Why}}</li>
{{end}}</ul>
</details>
{{end}}<h2 id="read">How to read this</h2>
<div class="read">
{{range .Notes}}<p>{{.}}</p>
{{end}}</div>
</body>
</html>
`))
