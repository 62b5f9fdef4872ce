package analysis

import (
	"fmt"
	"math"

	"github.com/opsim/opsim/analysis/charts"
)

// tradeoff places each design by its paired changes against the baseline
// in two measures at the focus point: mean time to restore and feature
// throughput, or the two the scenario's [report] tradeoff names (cost
// against either, say). The axes are changes in percent, sharing one range
// with zero lines, so that the picture keeps the proportions of the
// numbers: plotting the designs' own means on free axes turned a 0.13%
// difference in throughput into the full height of the chart.
func (v *view) tradeoff() (NamedFigure, bool) {
	xm, ym := v.opt.tradeoff()
	designs := v.designs
	if !v.metrics[xm] || !v.metrics[ym] || len(v.designs) < 2 || !v.measuredAt(v.focus.Index, designs, xm) || !v.measuredAt(v.focus.Index, designs, ym) {
		return NamedFigure{}, false
	}
	xi, yi := Describe(xm), Describe(ym)
	zero := charts.Interval{}
	pts := []charts.TradeoffPoint{}
	for _, d := range v.designs {
		if d == v.baseline {
			pts = append(pts, charts.TradeoffPoint{Label: d + " (baseline)", X: zero, Y: zero})
			continue
		}
		if v.notCompared(v.focus.Index, d) {
			continue // no steady state: a point would claim a change that describes nothing
		}
		pts = append(pts, charts.TradeoffPoint{Label: d, X: v.relChange(v.focus.Index, d, xm), Y: v.relChange(v.focus.Index, d, ym)})
	}
	title := "Trade-off: " + xi.Label + " against " + yi.Label + v.at(v.focus)
	short := xi.Title() + " against " + yi.Label + v.at(v.focus)
	way := func(info MetricInfo, up, down string) string {
		if info.HigherIsBetter {
			return up
		}
		return down
	}
	vert, horiz := way(yi, "up", "down"), way(xi, "to the right", "to the left")
	return NamedFigure{
		Name:  "tradeoff",
		Title: title,
		Caption: fmt.Sprintf("Each point is a design's paired change against %s, which sits where the two zero lines cross, in percent of %s's value (over %s), with 95%% confidence intervals in both directions. "+
			"Both axes are changes and span the same range, so distances keep their proportions: a point on the horizontal line has the same %s as %s. "+
			"Better is %s (%s) and %s (%s): a design %s and %s of the crossing is better on both; otherwise it trades one for the other.",
			v.baseline, v.baseline, v.replications(), yi.Label, v.baseline,
			vert, betterWord(yi), horiz, betterWord(xi), vert, horiz),
		Figure: charts.TradeoffChanges(short, "Change in "+xi.Label+" (%)", "Change in "+yi.Label+" (%)", pts),
	}, true
}

// betterWord says which way a measure improves, for captions.
func betterWord(info MetricInfo) string {
	switch {
	case info.HigherIsBetter:
		return "more " + info.Label
	case info.Unit == "h" || info.Unit == "days":
		return "shorter " + info.Label
	}
	return "less " + info.Label
}

// relChange is a row's paired relative change in percent with its
// interval, NaN when absent.
func (v *view) relChange(point int, design, metric string) charts.Interval {
	r, ok := v.row(point, design, metric)
	if !ok {
		return charts.Interval{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	}
	r = snapRow(r)
	return charts.Interval{Mean: 100 * r.Rel, Lo: 100 * r.RelLo, Hi: 100 * r.RelHi}
}
