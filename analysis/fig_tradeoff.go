package analysis

import (
	"fmt"

	"github.com/opsim/opsim/analysis/charts"
)

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
