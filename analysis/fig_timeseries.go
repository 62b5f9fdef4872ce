package analysis

import (
	"fmt"
	"math"
	"slices"

	"github.com/opsim/opsim/analysis/charts"
	"github.com/opsim/opsim/results"
)

// timeSeriesNames are the daily series worth a chart: the work waiting in
// queues, the feature backlog, the ops team's queue when there is one, and,
// when incident rates move (a schedule, recurring problems), the
// organisation's incident rate and its open problems: the firefighting
// trap and its hysteresis show there.
var timeSeriesNames = []string{"queued_work", "backlog", "ops_queue", "incident_rate", "open_problems"}

// maxSeriesPanels is how many sweep points get a panel of their own in a
// time-series figure; a longer sweep shows this many of its points, spread
// along it and including the focus point, and says so.
const maxSeriesPanels = 6

// seriesPoints are the points a time-series figure shows, in sweep order.
func (v *view) seriesPoints() []results.Point {
	pts := v.sweepOrder()
	if len(pts) <= maxSeriesPanels {
		return pts
	}
	// Evenly spread positions along the sweep, the focus among them.
	pos := []int{v.sweepPos(v.focus)}
	for k := range maxSeriesPanels - 1 {
		pos = append(pos, k*(len(pts)-1)/(maxSeriesPanels-2))
	}
	slices.Sort(pos)
	var out []results.Point
	for _, i := range slices.Compact(pos) {
		out = append(out, pts[i])
	}
	return out
}

// timeSeries draws each daily series per design: one chart without a
// sweep, and small multiples, a panel per point on a shared axis, with
// one, so that a figure never shows one point while the rest of the
// report speaks of another.
func (v *view) timeSeries() []NamedFigure {
	points := v.seriesPoints()
	var out []NamedFigure
	for _, name := range timeSeriesNames {
		bounds := v.seriesRange(name)
		smoothed := false
		var panels []charts.SeriesPanel
		for _, p := range points {
			bands, sm, ok := v.seriesBands(name, p, bounds)
			if !ok {
				continue
			}
			smoothed = smoothed || sm
			panels = append(panels, charts.SeriesPanel{Title: v.pointLabel(p), Bands: bands})
		}
		if len(panels) == 0 {
			continue
		}
		how := "Daily value after the warm-up"
		if smoothed {
			how = "Value after the warm-up, each replication smoothed with a 7-day trailing mean to remove the weekday/weekend cycle"
		}
		info := Describe(name)
		title := info.Title() + " over time"
		fig := charts.TimeSeries(title, "Day after warm-up", info.AxisLabel(), panels[0].Bands)
		which := ""
		if len(v.varying) > 0 {
			title += ", by " + joinList(paramLabels(v.varying), "and")
			fig = charts.TimeSeriesPanels(title, "Day after warm-up", info.AxisLabel(), panels)
			which = " One panel per sweep point, all on the same vertical scale."
			if len(points) < len(v.points) {
				which = fmt.Sprintf(" One panel for each of %d of the %d sweep points (spread along the sweep, with the focus point), all on the same vertical scale.", len(points), len(v.points))
			}
		}
		out = append(out, NamedFigure{
			Name:  "timeseries-" + fileStem(name),
			Title: title,
			Caption: fmt.Sprintf("%s: the line is the mean over %s of a design, the shaded band its 95%% confidence interval; designs differ in colour, dash and marker, and each band's edges are drawn in its design's dash so that overlapping bands stay apart.%s "+
				"A level line means the design keeps up with its load; a line that keeps rising means work arrives faster than it is done and the queue has no steady state.",
				how, v.replications(), which),
			Figure: fig,
		})
	}
	return out
}

// seriesBands is the band of each design for series name at point p;
// smoothed says long series were smoothed, ok that any design has it.
func (v *view) seriesBands(name string, p results.Point, bounds valueRange) (bands []charts.Band, smoothed, ok bool) {
	runs := v.runsAt(p.Index)
	perDesign := make(map[string][][]float64)
	step := 0.0
	for _, sr := range v.set.Series {
		d, found := runs[sr.RunID]
		if !found || sr.Name != name {
			continue
		}
		perDesign[d] = append(perDesign[d], sr.Values)
		if step == 0 {
			step = sr.Step
		}
	}
	if len(perDesign) == 0 {
		return nil, false, false
	}
	bands = make([]charts.Band, len(v.designs))
	for i, d := range v.designs {
		rs := perDesign[d]
		if longSeries(rs, step) {
			rs = trailingMeans(rs, int(math.Round(smoothDays/step)))
			smoothed = true
		}
		bands[i] = seriesBand(d, rs, step, bounds)
	}
	return bands, smoothed, true
}

func paramLabels(ps []sweepParam) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Label)
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

// seriesRange is the range a series' daily means can lie in, from every
// value of that series in the Set (see rangeOf): queues and backlogs are
// never negative, and neither are their bands.
func (v *view) seriesRange(name string) valueRange {
	return rangeOf(name, func(yield func(float64) bool) {
		for _, sr := range v.set.Series {
			if sr.Name != name {
				continue
			}
			for _, x := range sr.Values {
				if !yield(x) {
					return
				}
			}
		}
	})
}

// seriesBand is the per-day mean and CI over replications, clipped to r;
// days some replications lack (shorter series, NaN) use the ones that have
// them.
func seriesBand(label string, runs [][]float64, step float64, r valueRange) charts.Band {
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
		lo, hi := r.clip(e.Lo, e.Hi)
		b.Lo = append(b.Lo, lo)
		b.Hi = append(b.Hi, hi)
	}
	return b
}
