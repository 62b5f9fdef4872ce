package analysis

import (
	"fmt"
	"math"

	"github.com/opsim/opsim/analysis/charts"
)

// timeSeriesNames are the daily series worth a chart: the work waiting in
// queues, the feature backlog, and the ops team's queue when there is one.
var timeSeriesNames = []string{"queued_work", "backlog", "ops_queue"}

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
		bounds := v.seriesRange(name)
		smoothed := false
		bands := make([]charts.Band, len(v.designs))
		for i, d := range v.designs {
			runs := perDesign[d]
			if longSeries(runs, step) {
				runs = trailingMeans(runs, int(math.Round(smoothDays/step)))
				smoothed = true
			}
			bands[i] = seriesBand(d, runs, step, bounds)
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
