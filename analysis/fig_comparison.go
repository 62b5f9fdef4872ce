package analysis

import (
	"fmt"
	"slices"
	"strings"

	"github.com/opsim/opsim/analysis/charts"
	"github.com/opsim/opsim/results"
)

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
