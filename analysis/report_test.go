package analysis

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/opsim/opsim/analysis/charts"
	"github.com/opsim/opsim/results"
)

// knownSet has exact answers: "collective" restores in 0.59 of the
// baseline's p90 time and delivers 0.94 of its features in every
// replication, so the changes are −41% and −6% with collapsed intervals;
// its handoffs differ by zero-mean noise. "twin" differs from the baseline
// only by noise on every metric.
func knownSet() *results.Set {
	base := []float64{10, 14, 9, 20, 12}
	noise := []float64{0.5, -0.25, 0.25, -0.75, 0.25}
	metrics := []string{"ttr_p90_h", "features_per_week", "handoffs_per_incident", "after_hours_pages_per_eng_week"}
	s := &results.Set{Metrics: metrics}
	s.Manifest.Designs = []string{"central", "collective", "twin"}
	s.Manifest.Baseline = "central"
	s.Manifest.Scenario = "name = \"known <answers> & \\\"co\\\"\"\n[org]\n"
	s.Manifest.ScenarioFile = "known.toml"
	for _, d := range s.Manifest.Designs {
		for r, b := range base {
			v := []float64{b, b, b, b}
			switch d {
			case "collective":
				v = []float64{0.59 * b, 0.94 * b, b + noise[r], b}
			case "twin":
				v = []float64{b + noise[r], b - noise[r], b + noise[r], b - noise[r]}
			}
			id := fmt.Sprintf("%s-r%d", d, r)
			s.Manifest.Runs = append(s.Manifest.Runs, id)
			s.Records = append(s.Records, results.Record{Run: results.Run{ID: id, Design: d, Rep: r}, Values: v})
		}
	}
	return s
}

func writeReport(t *testing.T, s *results.Set, withFigures bool) (dir, htmlText, mdText string) {
	t.Helper()
	return writeReportOpt(t, s, withFigures, ReportOptions{})
}

// writeReportWith writes the report and its figures with a scenario's
// report options.
func writeReportWith(t *testing.T, s *results.Set, opt ReportOptions) (dir, htmlText, mdText string) {
	t.Helper()
	return writeReportOpt(t, s, true, opt)
}

func writeReportOpt(t *testing.T, s *results.Set, withFigures bool, opt ReportOptions) (dir, htmlText, mdText string) {
	t.Helper()
	dir = t.TempDir()
	rows := summarize(t, s)
	var paths []string
	if withFigures {
		var err error
		paths, err = WriteFigures(dir, Figures(s, rows, opt))
		if err != nil {
			t.Fatal(err)
		}
	}
	h, m, err := WriteReport(dir, s, rows, paths, opt)
	if err != nil {
		t.Fatal(err)
	}
	if h != filepath.Join(dir, ReportHTML) || m != filepath.Join(dir, ReportMarkdown) {
		t.Errorf("paths %s and %s, want report.html and report.md in %s", h, m, dir)
	}
	hb, err := os.ReadFile(h)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := os.ReadFile(m)
	if err != nil {
		t.Fatal(err)
	}
	return dir, string(hb), string(mb)
}

func TestReportFindings(t *testing.T) {
	_, h, md := writeReport(t, knownSet(), false)
	tests := []struct {
		name, in, want string
	}{
		{"grouped cuts with exact intervals", h,
			"Compared with <strong>central</strong>, <strong>collective</strong> cuts p90 time to restore by 41% [41%, 41%] and feature throughput by 6% [6%, 6%]."},
		{"noise is not distinguishable", h, "or handoffs (0% [−5%, +5%])."},
		{"trade-off falls back to p90 and names both sides", h,
			"The trade-off: <strong>collective</strong> restores incidents sooner (p90 time to restore −41% [−41%, −41%]), but delivers fewer features (feature throughput −6% [−6%, −6%])."},
		{"a design indistinguishable on everything", h,
			"Compared with <strong>central</strong>, <strong>twin</strong> shows no distinguishable difference on any key metric:"},
		{"its trade-off says so", h,
			"On restore time, feature throughput and on-call load, the two designs are not distinguishable."},
		{"markdown carries the same finding", md,
			"Compared with **central**, **collective** cuts p90 time to restore by 41% [41%, 41%] and feature throughput by 6% [6%, 6%]."},
		{"how to read names the replications", h, "Every number is a mean over 5 replications"},
		{"baseline is named in what was run", h, "central (baseline), collective, twin"},
		{"table cell of the exact cut, bold and green", h, `<td class="better dist">−41% [−41%, −41%]</td>`},
		{"table cell of the exact cut, bold and red", h, `<td class="worse dist">−6% [−6%, −6%]</td>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(tt.in, tt.want) {
				t.Errorf("report lacks %q", tt.want)
			}
		})
	}
	// A real but tiny change is called slight in the trade-off.
	s := knownSet()
	for i := range s.Records {
		if s.Records[i].Design == "collective" {
			s.Records[i].Values[1] = 0.995 * s.Records[i-5].Values[1]
		}
	}
	_, h2, _ := writeReport(t, s, false)
	if want := "delivers slightly fewer features (feature throughput −0.5% [−0.5%, −0.5%])"; !strings.Contains(h2, want) {
		t.Errorf("report lacks %q", want)
	}
	// The twin differs by noise only: no verb may claim a change for it.
	for _, line := range strings.Split(h, "\n") {
		if strings.Contains(line, "<strong>twin</strong> cuts") || strings.Contains(line, "<strong>twin</strong> raises") {
			t.Errorf("a change is claimed for the twin design: %s", line)
		}
	}
}

func TestReportEscapesScenarioText(t *testing.T) {
	_, h, md := writeReport(t, knownSet(), false)
	if strings.Contains(h, "<answers>") {
		t.Error("scenario text reached the HTML unescaped")
	}
	for _, want := range []string{"opsim report: known &lt;answers&gt; &amp;", "<pre>name = &#34;known &lt;answers&gt;"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if !strings.Contains(md, `# opsim report: known \<answers\> &amp;`) {
		t.Errorf("Markdown title not escaped:\n%s", md[:min(len(md), 200)])
	}
}

// externalRef matches anything that would make a browser fetch a resource
// or follow a link off the page.
var externalRef = regexp.MustCompile(`(?i)(src|href|srcset|action)\s*=\s*["']?\s*(https?:|//)|url\(\s*["']?\s*(https?:|//)|@import`)

func TestReportSelfContained(t *testing.T) {
	s := teamsSweep("5", "10", "20")
	dir, h, md := writeReport(t, s, true)

	pngs, err := filepath.Glob(filepath.Join(dir, FiguresDir, "*.png"))
	if err != nil || len(pngs) == 0 {
		t.Fatalf("no figures written (%v)", err)
	}
	uris := regexp.MustCompile(`<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"`).FindAllStringSubmatch(h, -1)
	if len(uris) != len(pngs) {
		t.Errorf("%d embedded images, want the %d PNGs", len(uris), len(pngs))
	}
	for _, u := range uris {
		b, err := base64.StdEncoding.DecodeString(u[1])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("embedded image does not decode: %v", err)
		}
	}
	if m := externalRef.FindString(h); m != "" {
		t.Errorf("HTML refers to an external resource: %q", m)
	}
	for _, bad := range []string{"<script", "<link", "<iframe", "figures/"} {
		if strings.Contains(h, bad) {
			t.Errorf("HTML contains %q; it must stand alone", bad)
		}
	}
	// Every caption is shown with its figure.
	for _, f := range Figures(s, summarize(t, s), ReportOptions{}) {
		if !strings.Contains(h, `id="fig-`+f.Name+`"`) {
			t.Errorf("figure %s missing from the HTML", f.Name)
		}
	}

	links := regexp.MustCompile(`\]\(([^)]+)\)`).FindAllStringSubmatch(md, -1)
	if len(links) < len(pngs) {
		t.Errorf("report.md has %d links, want at least one per figure (%d)", len(links), len(pngs))
	}
	for _, l := range links {
		if strings.Contains(l[1], "://") || filepath.IsAbs(l[1]) {
			t.Errorf("report.md link %q is not relative", l[1])
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(l[1]))); err != nil {
			t.Errorf("report.md links to %s, which does not exist: %v", l[1], err)
		}
	}
	if !strings.Contains(md, "![Key metrics by design at product teams = 20](figures/comparison-p2.png)") {
		t.Error("report.md does not show the comparison figure by its relative path")
	}

	// The time split is shown in both reports with its caption.
	splitTests := []struct{ name, in, want string }{
		{"html figure", h, `<figure id="fig-time-split">`},
		{"html heading", h, "<h3>Where product teams&#39; time goes</h3>"},
		{"html caption", h, "This is the trade-off of &#34;you build it, you run it&#34;"},
		{"markdown image", md, "![Where product teams' time goes](figures/time-split.png)"},
		{"markdown caption", md, `This is the trade-off of "you build it, you run it"`},
		{"markdown SVG link", md, "([SVG](figures/time-split.svg))"},
	}
	for _, tt := range splitTests {
		if !strings.Contains(tt.in, tt.want) {
			t.Errorf("%s: report lacks %q", tt.name, tt.want)
		}
	}
}

func TestReportSweep(t *testing.T) {
	// Points deliberately not in ascending order of the parameter.
	_, h, _ := writeReport(t, teamsSweep("20", "5", "40", "10"), false)
	wants := []string{
		"<strong>centralized</strong> breaks down along the sweep: at product teams = 20 its first-response wait is",
		"; and at product teams = 40 its mean time to restore is",
		"<strong>collective</strong> holds up across the sweep: its first-response wait and mean time to restore never break by the rule below.",
	}
	for _, w := range wants {
		if !strings.Contains(h, w) {
			t.Errorf("report lacks %q", w)
		}
	}
	// Findings and tables go along the sweep, not in point order.
	var order []int
	for _, v := range []string{"5", "10", "20", "40"} {
		order = append(order, strings.Index(h, "<h3>At product teams = "+v+"</h3>"))
	}
	for i := 1; i < len(order); i++ {
		if order[i-1] < 0 || !(order[i-1] < order[i]) {
			t.Errorf("findings headings not in ascending sweep order: positions %v", order)
			break
		}
	}

	// A long two-parameter sweep gets findings for three points, and says so.
	grid := synthSet([]results.Param{{Name: "org.product_teams"}, {Name: "services.incident_rate"}},
		[][]string{{"5", "10", "20", "40"}, {"0.2/week", "0.4/week", "0.8/week"}}, 3)
	_, h, _ = writeReport(t, grid, false)
	if !strings.Contains(h, "Findings are stated for 3 of the 12 sweep points") {
		t.Error("no note that findings cover only some points")
	}
	if strings.Contains(h, "Along the sweep") {
		t.Error("break rule applied to a two-parameter sweep")
	}
}

func TestReportDeterministic(t *testing.T) {
	_, h1, m1 := writeReport(t, teamsSweep("5", "10"), false)
	_, h2, m2 := writeReport(t, teamsSweep("5", "10"), false)
	if h1 != h2 || m1 != m2 {
		t.Error("the same inputs gave different reports")
	}
}

func TestReportProblems(t *testing.T) {
	s := knownSet()
	s.Manifest.Shard = "1/4"
	_, h, _ := writeReport(t, s, false)
	if !strings.Contains(h, "This folder is shard 1/4") {
		t.Error("no warning for a shard")
	}
	if _, _, err := WriteReport(t.TempDir(), nil, nil, nil, ReportOptions{}); err == nil {
		t.Error("WriteReport(nil set) succeeded")
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := WriteReport(file, knownSet(), nil, nil, ReportOptions{}); err == nil {
		t.Error("WriteReport into a path that is a file succeeded")
	}
	if _, _, err := WriteReport(t.TempDir(), knownSet(), nil, []string{filepath.Join(t.TempDir(), "gone.png")}, ReportOptions{}); err == nil {
		t.Error("WriteReport with a missing figure succeeded")
	}
}

func TestDescribeMetric(t *testing.T) {
	tests := []struct {
		name, label, unit string
		scale             float64
		higher            bool
	}{
		{"ttr_p90_h", "p90 time to restore", "h", 1, false},
		{"ttr_p50_h", "median time to restore", "h", 1, false},
		{"tta_mean_h", "mean time to acknowledge", "h", 1, false},
		{"ttd_mean_h", "mean time to detect", "h", 1, false},
		{"lead_time_p85_d", "p85 lead time", "days", 1, false},
		{"incidents_SEV2_per_week", "SEV2 incidents", "per week", 1, false},
		{"incidents_per_week", "incidents", "per week", 1, false},
		{"interrupt_frac", "interrupt work", "% of time", 100, false},
		{"planned_frac", "planned work", "% of time", 100, true},
		{"idle_frac", "idle time", "% of time", 100, false},
		{"availability", "availability", "%", 100, true},
		{"features_per_week", "feature throughput", "per week", 1, true},
		{"after_hours_pages_per_eng_week", "after-hours pages", "per engineer-week", 1, false},
		{"first_response_wait_h", "first-response wait", "h", 1, false},
		{"handoffs_per_incident", "handoffs", "per incident", 1, false},
		{"pages_per_shift", "pages", "per shift", 1, false},
		{"restore_h", "time to restore", "h", 1, false},
		{"something_new_per_week", "something new", "per week", 1, false},
		{"_h", "h", "", 1, false},
	}
	for _, tt := range tests {
		got := Describe(tt.name)
		if got.Name != tt.name || got.Label != tt.label || got.Unit != tt.unit || got.Scale != tt.scale || got.HigherIsBetter != tt.higher {
			t.Errorf("Describe(%q) = %+v, want label %q unit %q scale %v higher %v", tt.name, got, tt.label, tt.unit, tt.scale, tt.higher)
		}
	}
	if got := Describe("ttr_mean_h").AxisLabel(); got != "Mean time to restore (h)" {
		t.Errorf("AxisLabel = %q", got)
	}
	for name, want := range map[string]bool{"ttr_p90_h": true, "lead_time_p85_d": true, "ttr_mean_h": false, "p90": false, "tta_p90_h": true} {
		if IsQuantileMetric(name) != want {
			t.Errorf("IsQuantileMetric(%q) = %v, want %v", name, !want, want)
		}
	}
}

func TestFormatting(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		m, lo, hi float64
		want      string
	}{
		{6.65, 5.61, 7.69, "6.7 [5.6, 7.7]"},
		{0.312, 0.286, 0.338, "0.312 [0.286, 0.338]"},
		{99.9521, 99.9455, 99.9587, "99.9521 [99.9455, 99.9587]"},
		{-3, -3, -3, "−3.00 [−3.00, −3.00]"},
		{1234, 1100, 1368, "1234 [1100, 1368]"},
		{7, nan, nan, "7.00"},
		{nan, nan, nan, "–"},
	}
	for _, tt := range tests {
		if got := fmtMean(tt.m, tt.lo, tt.hi); got != tt.want {
			t.Errorf("fmtMean(%v, %v, %v) = %q, want %q", tt.m, tt.lo, tt.hi, got, tt.want)
		}
	}
	rel := results.SummaryRow{Diff: -2, DiffLo: -3, DiffHi: -1, Rel: -0.41, RelLo: -0.47, RelHi: -0.35}
	if got := fmtDiff(rel, 1); got != "−41% [−47%, −35%]" {
		t.Errorf("fmtDiff relative = %q", got)
	}
	abs := results.SummaryRow{Diff: 0.25, DiffLo: 0.1, DiffHi: 0.4, Rel: nan, RelLo: nan, RelHi: nan}
	if got := fmtDiff(abs, 1); got != "+0.25 [+0.10, +0.40]" {
		t.Errorf("fmtDiff absolute = %q", got)
	}
	if got := joinList([]string{"a", "b", "c"}, "or"); got != "a, b or c" {
		t.Errorf("joinList = %q", got)
	}
	if got := mdMarked("x " + strong("a_b*") + " [1, 2](y)"); got != `x **a\_b\*** [1, 2]\(y)` {
		t.Errorf("mdMarked = %q", got)
	}
	if got := string(emphasis("<" + strong("d&") + ">")); got != "&lt;<strong>d&amp;</strong>&gt;" {
		t.Errorf("emphasis = %q", got)
	}
}

func TestToDowntime(t *testing.T) {
	iv := toDowntime(chartsInterval(99.9, 99.8, 99.95), 100)
	want := [3]float64{0.001 * minutesPerWeek, 0.0005 * minutesPerWeek, 0.002 * minutesPerWeek}
	got := [3]float64{iv.Mean, iv.Lo, iv.Hi}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-9 {
			t.Errorf("downtime %v, want %v (bounds swap: high availability is low downtime)", got, want)
			break
		}
	}
}

func chartsInterval(m, lo, hi float64) charts.Interval {
	return charts.Interval{Mean: m, Lo: lo, Hi: hi}
}

// A noisy doubling is not a break: tiny waits double by chance, and the
// report must not cry wolf when the intervals overlap.
func TestReportSweepNoisyDoublingIsNoBreak(t *testing.T) {
	s := teamsSweep("5", "10", "20", "40")
	col := slices.Index(s.Metrics, "first_response_wait_h")
	for i := range s.Records {
		r := &s.Records[i]
		if r.Design != "collective" {
			continue
		}
		hi := 0.062 // mean 0.031 at 10, 20 and 40 teams ...
		if r.Params[0].Value == "5" {
			hi = 0.028 // ... 0.014 at 5: 2.2 times, but with wide overlapping intervals
		}
		r.Values[col] = 0
		if r.Rep%2 == 1 {
			r.Values[col] = hi
		}
	}
	_, h, _ := writeReport(t, s, false)
	if strings.Contains(h, "<strong>collective</strong> breaks down") {
		t.Error("a noisy doubling with overlapping intervals was reported as a break")
	}
	if !strings.Contains(h, "<strong>collective</strong> holds up across the sweep") {
		t.Error("collective should hold up")
	}
	if !strings.Contains(h, "<strong>centralized</strong> breaks down") {
		t.Error("the real, distinguishable break of centralized is no longer reported")
	}
}

// A key metric that is zero in both designs (no handoffs in two
// you-build-it designs) is not worth a clause in the findings.
func TestFindingsSkipMetricsZeroInBothDesigns(t *testing.T) {
	s := teamsSweep("5", "10")
	col := slices.Index(s.Metrics, "handoffs_per_incident")
	for i := range s.Records {
		s.Records[i].Values[col] = 0
	}
	_, _, md := writeReport(t, s, false)
	findings := md[strings.Index(md, "## Findings"):strings.Index(md, "## What was run")]
	if strings.Contains(findings, "handoffs") {
		t.Errorf("findings mention a metric that is zero in both designs:\n%s", findings)
	}
	if !strings.Contains(findings, "first-response wait") {
		t.Error("findings lost the metrics that do differ")
	}
}
