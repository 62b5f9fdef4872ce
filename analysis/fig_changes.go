package analysis

import (
	"fmt"
	"math"
	"slices"

	"github.com/opsim/opsim/analysis/charts"
)

// changeMeasures are the rows of the changes figure: the decision
// measures, then the other key metrics.
func (v *view) changeMeasures() []string {
	ms := v.present(DecisionMeasures)
	for _, m := range v.present(KeyMetrics) {
		if !slices.Contains(ms, m) {
			ms = append(ms, m)
		}
	}
	return ms
}

// changes is the forest plot of every design's paired change against the
// baseline at the focus point: the figure that answers "what does this
// design change, and by how much" at a glance, on one percent axis with a
// zero line, so that no difference is stretched to fill an axis.
func (v *view) changes() (NamedFigure, bool) {
	p := v.focus
	var rows []charts.Change
	for _, m := range v.changeMeasures() {
		info := Describe(m)
		for _, d := range v.designs {
			if d == v.baseline || v.notCompared(p.Index, d) {
				continue
			}
			r, ok := v.row(p.Index, d, m)
			if !ok || math.IsNaN(r.Rel) || (r.Mean == 0 && r.Diff == 0) {
				continue
			}
			pct := v.relChange(p.Index, d, m)
			text := fmtNum(pct.Mean, decimals(pct.Mean, pct.Lo, pct.Hi, true), "%", true)
			if word, _ := verdict(r, m); word != "" {
				text += " " + word
			}
			rows = append(rows, charts.Change{Measure: info.Title(), Design: d, Pct: pct, Text: text})
		}
	}
	if len(rows) == 0 {
		return NamedFigure{}, false
	}
	title := "Change against " + v.baseline + v.at(p)
	return NamedFigure{
		Name:  "changes",
		Title: title,
		Caption: fmt.Sprintf("Each row is one measure: the marker is a design's mean change against %s, in percent of %s's value, paired replication by replication over %s; the bar is its 95%% confidence interval. "+
			"The vertical line is no change, and every row shares one axis, so a change of a tenth of a percent sits on the line and one of a third far from it. "+
			"The words beside each bar say whether the change is better or worse for that measure, or not distinguishable from none (its interval crosses the line).",
			v.baseline, v.baseline, v.replications()),
		Figure: charts.Changes(title, "Paired change against "+v.baseline+" (%)", v.designs, rows),
	}, true
}
