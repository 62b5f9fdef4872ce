package analysis

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/opsim/opsim/analysis/charts"
	"github.com/opsim/opsim/results"
)

// NamedFigure is a chart with what a report needs around it.
type NamedFigure struct {
	// Name is the file stem, e.g. "comparison" or "heatmap-collective";
	// unique within one Figures result and safe as a file name.
	Name string
	// Title is a heading for the figure in a report.
	Title string
	// Caption tells the reader what is drawn and how to read it.
	Caption string
	// Figure draws the chart when encoded (charts.Save, Encode).
	Figure charts.Figure
}

// FiguresDir is the folder under a report's directory that WriteFigures
// writes into and that report.md links to.
const FiguresDir = "figures"

// restoreSample is the sample the model records for every incident: its
// time to restore, in hours.
const restoreSample = "restore_h"

// ciLevel is the level of the intervals figures and reports compute
// themselves (per-day bands), matching Summarize's default.
const ciLevel = DefaultLevel

// scalingMetrics are plotted against a one-parameter sweep: the queueing
// symptom (first-response wait) first, because it is where an
// under-provisioned design breaks first, then what it does to restoration
// and to delivery.
var scalingMetrics = []string{"first_response_wait_h", "ttr_mean_h", "ttr_p90_h", "features_per_week"}

// timeSeriesNames are the daily series worth a chart: the work waiting in
// queues, the feature backlog, and the ops team's queue when there is one.
var timeSeriesNames = []string{"queued_work", "backlog", "ops_queue"}

// Figures chooses the charts that fit set and its summary rows (from
// Summarize) and builds them; nothing is drawn until a figure is encoded.
//
//   - comparison: the key metrics (KeyMetrics present in the set) as bars
//     with CIs per design, at each point if the sweep has at most three
//     points, otherwise at the focus point;
//   - restore-distribution: the ECDF of every incident's time to restore,
//     pooled over replications, per design at the focus point (when the set
//     has "restore_h" samples), with a very long tail drawn at the axis
//     edge (see capTail);
//   - timeseries-*: queued work, backlog and the ops queue per day, mean
//     and 95% CI across replications, per design at the first point;
//     series longer than four weeks are smoothed per replication with a
//     7-day trailing mean first, since the weekday/weekend cycle otherwise
//     drowns the trend;
//   - scaling: first-response wait, time to restore and feature
//     throughput against the parameter of a one-parameter numeric sweep;
//   - heatmap-<design>: mean time to restore over a two-parameter numeric
//     sweep, one per design;
//   - tradeoff: mean time to restore against feature throughput per design
//     at the focus point;
//   - time-split: how product teams' working time divides into planned
//     work, interrupts, tickets, context switching, postmortems and idle
//     time, one stacked bar per design, at the same point(s) as the
//     comparison (when the set has the product_*_frac metrics).
//
// The focus point is the largest value of a one-parameter numeric sweep
// (where differences between designs are usually largest), otherwise the
// last point. Designs keep the manifest's order in every chart so each has
// the same colour throughout. Kinds without data are left out.
func Figures(set *results.Set, rows []results.SummaryRow) []NamedFigure {
	if set == nil {
		return nil
	}
	v := newView(set, rows)
	if len(v.points) == 0 {
		return nil
	}
	var figs []NamedFigure
	figs = append(figs, v.comparisons()...)
	figs = append(figs, v.distributions()...)
	figs = append(figs, v.timeSeries()...)
	if f, ok := v.scaling(); ok {
		figs = append(figs, f)
	}
	figs = append(figs, v.heatMaps()...)
	if f, ok := v.tradeoff(); ok {
		figs = append(figs, f)
	}
	if f, ok := v.timeSplit(); ok {
		figs = append(figs, f)
	}
	return figs
}

// WriteFigures renders each figure as PNG and SVG into dir/figures (created
// if needed) and returns the paths written, PNG before SVG for each figure.
// A figure that fails to render does not stop the others: its error is
// returned, joined with any others, alongside the paths that were written,
// so a report can still show what did render.
func WriteFigures(dir string, figs []NamedFigure) ([]string, error) {
	out := filepath.Join(dir, FiguresDir)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("analysis: figures: %w", err)
	}
	var paths []string
	var errs []error
	for _, f := range figs {
		for _, ext := range []string{".png", ".svg"} {
			path := filepath.Join(out, f.Name+ext)
			if err := charts.Save(f.Figure, path); err != nil {
				errs = append(errs, fmt.Errorf("analysis: figure %s: %w", f.Name+ext, err))
				continue
			}
			paths = append(paths, path)
		}
	}
	return paths, errors.Join(errs...)
}

type rowKey struct {
	point          int
	design, metric string
}

// sweepParam is one swept parameter as the figures and report need it.
type sweepParam struct {
	Name  string // the scenario path, e.g. "org.product_teams"
	Label string // for axes: "product teams", plus the unit if one was stripped
	Text  map[int]string
	// Value is the numeric value by point index, nil when the parameter's
	// values are not all numbers sharing one unit.
	Value    map[int]float64
	Distinct int
}

// view is a Set and its summary rows arranged for figures and reports.
type view struct {
	set      *results.Set
	rows     map[rowKey]results.SummaryRow
	points   []results.Point // points that have rows, ascending index
	designs  []string        // manifest order, then others by appearance
	baseline string
	metrics  map[string]bool // metrics that have rows
	params   []sweepParam
	varying  []sweepParam // params that take more than one value
	focus    results.Point
	reps     int      // most replications of any design at any point
	regimes  []Regime // steady state of each design at each point
}

func newView(set *results.Set, rows []results.SummaryRow) *view {
	v := &view{
		set:     set,
		rows:    make(map[rowKey]results.SummaryRow, len(rows)),
		designs: slices.Clone(set.Manifest.Designs),
		metrics: make(map[string]bool),
		regimes: Regimes(set),
	}
	seenPoint := make(map[int]bool)
	for _, r := range rows {
		v.rows[rowKey{r.Point, r.Design, r.Metric}] = r
		v.metrics[r.Metric] = true
		if !slices.Contains(v.designs, r.Design) {
			v.designs = append(v.designs, r.Design)
		}
		if r.Baseline != "" && v.baseline == "" {
			v.baseline = r.Baseline
		}
		if !seenPoint[r.Point] {
			seenPoint[r.Point] = true
			v.points = append(v.points, results.Point{Index: r.Point, Params: r.Params})
		}
	}
	sort.Slice(v.points, func(a, b int) bool { return v.points[a].Index < v.points[b].Index })
	if v.baseline == "" {
		v.baseline = set.Manifest.Baseline
	}
	if v.baseline == "" && len(v.designs) > 0 {
		v.baseline = v.designs[0]
	}
	cells := make(map[rowKey]int)
	for _, r := range set.Records {
		k := rowKey{point: r.Point, design: r.Design}
		cells[k]++
		v.reps = max(v.reps, cells[k])
	}
	v.params = sweepParams(v.points)
	for _, p := range v.params {
		if p.Distinct > 1 {
			v.varying = append(v.varying, p)
		}
	}
	v.focus = FocusPoint(v.points)
	return v
}

// numberUnit splits "4/day", "1.5h" or "20" into the number and what
// follows it, so that sweeps written with units still plot as numbers.
var numberUnit = regexp.MustCompile(`^\s*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)\s*(.*?)\s*$`)

func sweepParams(points []results.Point) []sweepParam {
	if len(points) == 0 {
		return nil
	}
	var out []sweepParam
	for j, first := range points[0].Params {
		sp := sweepParam{Name: first.Name, Text: make(map[int]string), Value: make(map[int]float64)}
		unit, numeric := "", true
		distinct := make(map[string]bool)
		for i, p := range points {
			if j >= len(p.Params) {
				numeric = false
				continue
			}
			val := p.Params[j].Value
			sp.Text[p.Index] = val
			distinct[val] = true
			m := numberUnit.FindStringSubmatch(val)
			if m == nil {
				numeric = false
				continue
			}
			x, err := strconv.ParseFloat(m[1], 64)
			if err != nil || (i > 0 && m[2] != unit) {
				numeric = false
				continue
			}
			unit = m[2]
			sp.Value[p.Index] = x
		}
		sp.Distinct = len(distinct)
		sp.Label = paramLabel(first.Name)
		if !numeric {
			sp.Value = nil
		} else if unit != "" {
			sp.Label += " (" + unit + ")"
		}
		out = append(out, sp)
	}
	return out
}

// paramLabel turns a scenario path into words: the leading section
// ("org.", "services.") says where the key lives, not what it is.
func paramLabel(path string) string {
	parts := strings.Split(path, ".")
	if len(parts) > 1 {
		parts = parts[1:]
	}
	return strings.ReplaceAll(strings.Join(parts, " "), "_", " ")
}

// pointLabel describes a point for titles, e.g. "product teams = 40"; ""
// when there is no sweep.
func (v *view) pointLabel(p results.Point) string {
	var parts []string
	for _, q := range p.Params {
		parts = append(parts, paramLabel(q.Name)+" = "+q.Value)
	}
	return strings.Join(parts, ", ")
}

// at returns " at <point>" for titles of sweeps, "" otherwise.
func (v *view) at(p results.Point) string {
	if len(v.varying) == 0 {
		return ""
	}
	return " at " + v.pointLabel(p)
}

func (v *view) row(point int, design, metric string) (results.SummaryRow, bool) {
	r, ok := v.rows[rowKey{point, design, metric}]
	return r, ok
}

// interval returns a row's mean and CI in display units, NaN if absent.
func (v *view) interval(point int, design, metric string) charts.Interval {
	r, ok := v.row(point, design, metric)
	if !ok {
		return charts.Interval{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	}
	s := Describe(metric).Scale
	return charts.Interval{Mean: r.Mean * s, Lo: r.Lo * s, Hi: r.Hi * s}
}

// present filters names to the metrics the summary has rows for.
func (v *view) present(names []string) []string {
	var out []string
	for _, n := range names {
		if v.metrics[n] {
			out = append(out, n)
		}
	}
	return out
}

func (v *view) replications() string {
	if v.reps == 1 {
		return "1 replication"
	}
	return fmt.Sprintf("%d replications", v.reps)
}

// betterHigher lists, in words, which of names are better when higher, for
// captions: the default reading is "lower is better".
func betterHigher(names []string) string {
	var hi []string
	for _, n := range names {
		if Describe(n).HigherIsBetter {
			hi = append(hi, Describe(n).Label)
		}
	}
	switch len(hi) {
	case 0:
		return "Lower is better for every metric shown."
	case 1:
		return "Lower is better, except for " + hi[0] + "."
	}
	return "Lower is better, except for " + strings.Join(hi[:len(hi)-1], ", ") + " and " + hi[len(hi)-1] + "."
}

// comparedPoints are the points designs are compared at: every point of a
// sweep of at most three, otherwise the focus point.
func (v *view) comparedPoints() []results.Point {
	if len(v.points) <= 3 {
		return v.points
	}
	return []results.Point{v.focus}
}

func (v *view) comparisons() []NamedFigure {
	metrics := v.present(KeyMetrics)
	if len(metrics) == 0 {
		return nil
	}
	points := v.comparedPoints()
	var out []NamedFigure
	for _, p := range points {
		var panels []charts.Panel
		downtime := false
		for _, m := range metrics {
			info := Describe(m)
			pn := charts.Panel{Title: info.Title(), Unit: info.Unit, Designs: v.designs}
			asDowntime := strings.HasPrefix(m, "availability")
			if asDowntime {
				downtime = true
				pn.Title, pn.Unit = "Downtime (1 − "+info.Label+")", "min per week"
			}
			for _, d := range v.designs {
				iv := v.interval(p.Index, d, m)
				if asDowntime {
					iv = toDowntime(iv, info.Scale)
				}
				pn.Values = append(pn.Values, iv)
			}
			panels = append(panels, pn)
		}
		note := ""
		if downtime {
			note = " Availability is drawn as downtime, (1 − availability) × the minutes of a week, because bars of 99.9% and 99.95% would look identical."
		}
		name := "comparison"
		if len(points) > 1 {
			name = fmt.Sprintf("comparison-p%d", p.Index)
		}
		title := "Key metrics by design" + v.at(p)
		out = append(out, NamedFigure{
			Name:  name,
			Title: title,
			Caption: fmt.Sprintf("Each panel is one metric. A bar is a design's mean over %s; the whisker is the 95%% confidence interval of that mean. %s "+
				"Overlapping whiskers do not mean \"no difference\": the designs share random numbers, and the paired differences in the tables below are the sharper test.",
				v.replications(), betterHigher(withoutAvailability(metrics))) + note,
			Figure: charts.Comparison(title, panels),
		})
	}
	return out
}

// minutesPerWeek converts an unavailable fraction of time into downtime.
const minutesPerWeek = 7 * 24 * 60

// toDowntime turns an availability interval (in display units, scaled by
// scale) into minutes of downtime per week; the bounds swap because the
// scale is reversed.
func toDowntime(iv charts.Interval, scale float64) charts.Interval {
	f := func(a float64) float64 { return (1 - a/scale) * minutesPerWeek }
	return charts.Interval{Mean: f(iv.Mean), Lo: f(iv.Hi), Hi: f(iv.Lo)}
}

// withoutAvailability drops the availability metrics, which the comparison
// draws as downtime (lower is better) rather than as themselves.
func withoutAvailability(names []string) []string {
	return slices.DeleteFunc(slices.Clone(names), func(n string) bool { return strings.HasPrefix(n, "availability") })
}

func (v *view) runsAt(point int) map[string]string {
	runs := make(map[string]string)
	for _, r := range v.set.Records {
		if r.Point == point {
			runs[r.ID] = r.Design
		}
	}
	return runs
}

func (v *view) distributions() []NamedFigure {
	runs := v.runsAt(v.focus.Index)
	var names []string
	pooled := make(map[string]map[string][]float64) // sample name → design → values
	for _, sm := range v.set.Samples {
		d, ok := runs[sm.RunID]
		if !ok {
			continue
		}
		if pooled[sm.Name] == nil {
			pooled[sm.Name] = make(map[string][]float64)
			names = append(names, sm.Name)
		}
		pooled[sm.Name][d] = append(pooled[sm.Name][d], sm.Values...)
	}
	var out []NamedFigure
	for _, n := range names {
		info := Describe(n)
		samples := make([][]float64, len(v.designs))
		for i, d := range v.designs {
			samples[i] = pooled[n][d]
		}
		samples, tail := capTail(samples)
		stem := fileStem(n) + "-distribution"
		what := info.Label
		if n == restoreSample {
			stem = "restore-distribution"
			what = "time to restore of every incident"
		}
		title := "Distribution of " + what + v.at(v.focus)
		short := info.Title() + ", every " + unitOf(n) + v.at(v.focus)
		out = append(out, NamedFigure{
			Name:  stem,
			Title: title,
			Caption: fmt.Sprintf("Empirical cumulative distribution, all %s pooled per design (n in the legend is the number of values). "+
				"A curve's height at x is the share of values at or below x: the curve further left and higher is faster, "+
				"and the right-hand end shows the long tail that the mean hides. Read the median where a curve crosses 0.5 and the p90 where it crosses 0.9.",
				pooledWhat(n, v.replications())) + tail.note(info),
			Figure: charts.ECDF(short, info.AxisLabel(), v.designs, samples),
		})
	}
	return out
}

// tailCap says where capTail cut the x axis and how many values lay past it.
type tailCap struct {
	at          float64
	beyond, all int
}

func (c tailCap) note(info MetricInfo) string {
	if c.beyond == 0 {
		return ""
	}
	return fmt.Sprintf(" The x axis ends at %s %s, the 99th percentile of the design with the longest tail; the %d values beyond it (%.1f%%) are drawn at that edge, so each curve's height is exact up to there.",
		fmtSig(c.at*info.Scale, 3), info.Unit, c.beyond, 100*float64(c.beyond)/float64(c.all))
}

// capTail clips very long tails at the largest per-design 99th percentile.
// Restore times are heavy-tailed: a handful of day-long incidents would
// otherwise stretch the axis until the body of every curve is a vertical
// line at the left. Values beyond the cap are moved onto it rather than
// dropped, which keeps n and every height left of the cap exact. Tails
// shorter than 1.5 times the cap are left alone.
func capTail(samples [][]float64) ([][]float64, tailCap) {
	var c tailCap
	top := math.Inf(-1)
	for _, xs := range samples {
		clean := finiteOnly(xs)
		if len(clean) == 0 {
			continue
		}
		c.at = math.Max(c.at, Quantile(clean, 0.99))
		top = math.Max(top, slices.Max(clean))
		c.all += len(clean)
	}
	if !(c.at > 0) || !(top > 1.5*c.at) {
		return samples, tailCap{}
	}
	out := make([][]float64, len(samples))
	for i, xs := range samples {
		out[i] = make([]float64, len(xs))
		for j, x := range xs {
			if x > c.at {
				x = c.at
				c.beyond++
			}
			out[i][j] = x
		}
	}
	return out, c
}

func finiteOnly(xs []float64) []float64 {
	out := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			out = append(out, x)
		}
	}
	return out
}

// fmtSig writes x with sig significant digits, for numbers in captions.
func fmtSig(x float64, sig int) string { return strconv.FormatFloat(x, 'g', sig, 64) }

// unitOf names what one value of a sample is, for short chart titles.
func unitOf(name string) string {
	if name == restoreSample {
		return "incident"
	}
	return "value"
}

func pooledWhat(name, reps string) string {
	if name == restoreSample {
		return "incidents of all " + reps
	}
	return "values of all " + reps
}

// fileStem makes a name safe as a file name on every system.
func fileStem(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		default:
			b.WriteRune('-')
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

func (v *view) timeSeries() []NamedFigure {
	first := v.points[0]
	runs := v.runsAt(first.Index)
	var out []NamedFigure
	for _, name := range timeSeriesNames {
		perDesign := make(map[string][][]float64)
		step := 0.0
		for _, sr := range v.set.Series {
			d, ok := runs[sr.RunID]
			if !ok || sr.Name != name {
				continue
			}
			perDesign[d] = append(perDesign[d], sr.Values)
			if step == 0 {
				step = sr.Step
			}
		}
		if len(perDesign) == 0 {
			continue
		}
		smoothed := false
		bands := make([]charts.Band, len(v.designs))
		for i, d := range v.designs {
			runs := perDesign[d]
			if longSeries(runs, step) {
				runs = trailingMeans(runs, int(math.Round(smoothDays/step)))
				smoothed = true
			}
			bands[i] = seriesBand(d, runs, step)
		}
		how := "Daily value after the warm-up"
		if smoothed {
			how = "Value after the warm-up, each replication smoothed with a 7-day trailing mean to remove the weekday/weekend cycle"
		}
		info := Describe(name)
		title := info.Title() + " over time"
		if len(v.varying) > 0 {
			title += v.at(first)
		}
		out = append(out, NamedFigure{
			Name:  "timeseries-" + fileStem(name),
			Title: title,
			Caption: fmt.Sprintf("%s: the line is the mean over %s of a design, the shaded band its 95%% confidence interval. "+
				"A level line means the design keeps up with its load; a line that keeps rising means work arrives faster than it is done and the queue has no steady state.",
				how, v.replications()),
			Figure: charts.TimeSeries(title, "Day after warm-up", info.AxisLabel(), bands),
		})
	}
	return out
}

// smoothDays is the smoothing window for long daily series: a week, so the
// weekday/weekend cycle of business-hours calendars averages out and the
// trend, which is what the chart is for, shows.
const smoothDays = 7

// longSeries reports whether runs span more than four smoothing windows;
// shorter series are shown day by day, since smoothing would hide most of
// what little there is.
func longSeries(runs [][]float64, step float64) bool {
	for _, r := range runs {
		if float64(len(r))*step > 4*smoothDays {
			return true
		}
	}
	return false
}

// trailingMeans replaces each value by the mean of it and the window−1
// values before it (fewer at the start), skipping NaN; a window with no
// value is NaN.
func trailingMeans(runs [][]float64, window int) [][]float64 {
	window = max(1, window)
	out := make([][]float64, len(runs))
	for k, r := range runs {
		out[k] = make([]float64, len(r))
		for i := range r {
			sum, n := 0.0, 0
			for j := max(0, i-window+1); j <= i; j++ {
				if !math.IsNaN(r[j]) {
					sum += r[j]
					n++
				}
			}
			out[k][i] = math.NaN()
			if n > 0 {
				out[k][i] = sum / float64(n)
			}
		}
	}
	return out
}

// seriesBand is the per-day mean and CI over replications; days some
// replications lack (shorter series, NaN) use the ones that have them.
func seriesBand(label string, runs [][]float64, step float64) charts.Band {
	b := charts.Band{Label: label}
	days := 0
	for _, r := range runs {
		days = max(days, len(r))
	}
	xs := make([]float64, 0, len(runs))
	for i := range days {
		xs = xs[:0]
		for _, r := range runs {
			if i < len(r) && !math.IsNaN(r[i]) {
				xs = append(xs, r[i])
			}
		}
		e := MeanCI(xs, ciLevel)
		b.T = append(b.T, float64(i+1)*step)
		b.Mean = append(b.Mean, e.Mean)
		b.Lo = append(b.Lo, e.Lo)
		b.Hi = append(b.Hi, e.Hi)
	}
	return b
}

func (v *view) scaling() (NamedFigure, bool) {
	if len(v.varying) != 1 || v.varying[0].Value == nil || len(v.points) < 2 {
		return NamedFigure{}, false
	}
	sp := v.varying[0]
	metrics := v.present(scalingMetrics)
	if len(metrics) == 0 {
		return NamedFigure{}, false
	}
	var panels []charts.ScalingPanel
	for _, m := range metrics {
		info := Describe(m)
		pn := charts.ScalingPanel{Title: info.Title(), XLabel: capitalize(sp.Label), YLabel: info.AxisLabel()}
		for _, d := range v.designs {
			c := charts.Curve{Label: d}
			for _, p := range v.points {
				if _, ok := v.row(p.Index, d, m); !ok {
					continue
				}
				c.X = append(c.X, sp.Value[p.Index])
				c.Y = append(c.Y, v.interval(p.Index, d, m))
			}
			pn.Curves = append(pn.Curves, c)
		}
		panels = append(panels, pn)
	}
	title := "How the designs scale with " + sp.Label
	return NamedFigure{
		Name:  "scaling",
		Title: title,
		Caption: fmt.Sprintf("Each panel is one metric against %s; a line joins a design's means, the band is their 95%% confidence interval (%s per point). "+
			"A curve that stays flat scales; one that bends upwards marks the size at which the design stops keeping up. %s",
			sp.Label, v.replications(), betterHigher(metrics)),
		Figure: charts.ScalingPanels(title, panels),
	}, true
}

func (v *view) heatMaps() []NamedFigure {
	if len(v.varying) != 2 || v.varying[0].Value == nil || v.varying[1].Value == nil {
		return nil
	}
	const metric = "ttr_mean_h"
	if !v.metrics[metric] {
		return nil
	}
	px, py := v.varying[0], v.varying[1]
	xs, ys := distinctSorted(px.Value), distinctSorted(py.Value)
	info := Describe(metric)
	var out []NamedFigure
	for _, d := range v.designs {
		g := charts.Grid{XLabel: capitalize(px.Label), YLabel: capitalize(py.Label), X: xs, Y: ys}
		g.Z = make([][]float64, len(ys))
		for yi := range g.Z {
			g.Z[yi] = make([]float64, len(xs))
			for xi := range g.Z[yi] {
				g.Z[yi][xi] = math.NaN()
			}
		}
		some := false
		for _, p := range v.points {
			r, ok := v.row(p.Index, d, metric)
			if !ok {
				continue
			}
			xi := slices.Index(xs, px.Value[p.Index])
			yi := slices.Index(ys, py.Value[p.Index])
			g.Z[yi][xi] = r.Mean * info.Scale
			some = some || !math.IsNaN(r.Mean)
		}
		if !some {
			continue
		}
		title := info.Title() + ": " + d
		out = append(out, NamedFigure{
			Name:  "heatmap-" + fileStem(d),
			Title: title,
			Caption: fmt.Sprintf("Mean %s of design %s over the two swept parameters, one cell per sweep point (mean of %s). "+
				"Each design's map has its own colour scale, so compare designs by the numbers printed in the cells, not by colour; grey cells have no data.",
				info.Label, d, v.replications()),
			Figure: charts.HeatMap(title, info.AxisLabel(), g),
		})
	}
	return out
}

func distinctSorted(m map[int]float64) []float64 {
	var out []float64
	for _, x := range m {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	sort.Float64s(out)
	return out
}

func (v *view) tradeoff() (NamedFigure, bool) {
	const xm, ym = "ttr_mean_h", "features_per_week"
	if !v.metrics[xm] || !v.metrics[ym] {
		return NamedFigure{}, false
	}
	xi, yi := Describe(xm), Describe(ym)
	var pts []charts.TradeoffPoint
	for _, d := range v.designs {
		pts = append(pts, charts.TradeoffPoint{Label: d, X: v.interval(v.focus.Index, d, xm), Y: v.interval(v.focus.Index, d, ym)})
	}
	title := "Trade-off: " + xi.Label + " against " + yi.Label + v.at(v.focus)
	short := "Restore time against feature throughput" + v.at(v.focus)
	return NamedFigure{
		Name:  "tradeoff",
		Title: title,
		Caption: fmt.Sprintf("Each point is a design's mean over %s, with 95%% confidence intervals in both directions. "+
			"Better is up (more features delivered) and to the left (incidents restored sooner): a design up and to the left of another is better on both; "+
			"otherwise the two trade one for the other.", v.replications()),
		Figure: charts.Tradeoff(short, xi.AxisLabel(), yi.AxisLabel(), pts),
	}, true
}

// timeSplitParts are the shares of product teams' working time that the
// model reports, in the order the time-split bars stack them: the work,
// then the slack. Postmortems, the one share the model does not report
// for a team kind, is inserted before idle as the remainder.
var timeSplitParts = []struct{ metric, part string }{
	{"product_planned_frac", "planned work"},
	{"product_interrupt_frac", "interrupts (incident work)"},
	{"product_toil_frac", "tickets (toil)"},
	{"product_switch_frac", "context switching"},
	{"", "postmortems"},
	{"product_idle_frac", "idle"},
}

// timeSplit is the "where the time goes" figure: per design, the mean share
// of product teams' working time in each activity, as one bar adding to
// 100%. Sweeps get the points the comparison shows, the designs' bars
// grouped by point.
func (v *view) timeSplit() (NamedFigure, bool) {
	for _, tp := range timeSplitParts {
		if tp.metric != "" && !v.metrics[tp.metric] {
			return NamedFigure{}, false
		}
	}
	points := v.comparedPoints()
	parts, stacks, ok := v.timeSplitStacks(points)
	if !ok {
		return NamedFigure{}, false
	}
	title := "Where product teams' time goes"
	if len(points) == 1 {
		title += v.at(points[0])
	}
	return NamedFigure{
		Name:  "time-split",
		Title: title,
		Caption: fmt.Sprintf("Each bar is one design: how the working time of its product teams (the hours engineers are at work, not on call at home) divides, "+
			"each share the mean over %s. Planned work is feature delivery; interrupts are incident work (triage, diagnosis, mitigation); "+
			"tickets are toil (operational requests); context switching is the time lost getting back into a task after being pulled off it; "+
			"postmortems is learning from incidents, the remainder 1 − the other shares; idle is time with nothing to do. "+
			"Shares too narrow to print inside their segment are listed under the bar. "+
			"This is the trade-off of \"you build it, you run it\": a design that hands incidents and tickets to the teams that build the services "+
			"moves interrupts, tickets and context switching onto them; compare those segments across designs, and whether planned work shrinks or idle slack absorbs them.",
			v.replications()),
		Figure: charts.StackedBars(title, "% of product teams' working time", parts, stacks),
	}, true
}

// timeSplitStacks builds the time-split bars: for each point, one stack
// per design (labelled with the point too when there are several), parts
// in the order of timeSplitParts, in percent. Postmortem time is
// max(0, 1 − the five reported shares), NaN when any of them is unknown.
// ok is false when no share is known anywhere.
func (v *view) timeSplitStacks(points []results.Point) (parts []string, stacks []charts.Stack, ok bool) {
	parts = make([]string, len(timeSplitParts))
	for j, tp := range timeSplitParts {
		parts[j] = tp.part
	}
	for _, p := range points {
		for _, d := range v.designs {
			st := charts.Stack{Label: d, Parts: make([]float64, len(timeSplitParts))}
			if len(points) > 1 {
				st.Label += "\n" + v.pointLabel(p)
			}
			sum, known, rest := 0.0, true, -1
			for j, tp := range timeSplitParts {
				if tp.metric == "" {
					rest = j
					continue
				}
				x := math.NaN()
				if r, found := v.row(p.Index, d, tp.metric); found {
					x = r.Mean
				}
				if math.IsNaN(x) || math.IsInf(x, 0) {
					known = false
				} else {
					ok = true
					sum += x
				}
				st.Parts[j] = 100 * x
			}
			st.Parts[rest] = math.NaN()
			if known {
				st.Parts[rest] = 100 * math.Max(0, 1-sum)
			}
			stacks = append(stacks, st)
		}
	}
	return parts, stacks, ok
}
