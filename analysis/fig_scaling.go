package analysis

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/opsim/opsim/analysis/charts"
	"github.com/opsim/opsim/results"
)

// scalingDefaults are plotted against a one-parameter sweep when no
// measure changes enough to be chosen: the queueing symptom
// (first-response wait) first, because it is where an under-provisioned
// design breaks first, then what it does to restoration and to delivery.
var scalingDefaults = []string{"first_response_wait_h", "ttr_mean_h", "ttr_p90_h", "features_per_week"}

// scalingCandidates are the measures the scaling figure chooses among when
// the scenario names none: times, rates per incident, per engineer or per
// shift, shares of time and availability, which stay comparable as the
// organisation changes size.
var scalingCandidates = []string{
	"first_response_wait_h", "ttr_mean_h", "ttr_p90_h",
	"product_unplanned_frac", "product_planned_frac", "product_interrupt_frac", "product_toil_frac",
	"interrupt_frac", "toil_frac",
	"after_hours_pages_per_eng_week", "after_hours_hours_per_eng_week", "pages_per_shift",
	"handoffs_per_incident", "misroutes_per_incident", "availability", "lead_time_mean_d",
}

// scalingTotals are totals over the organisation per week: candidates only
// when the sweep keeps the headcount, since otherwise they grow with it
// and would crowd out every measure that says something.
var scalingTotals = []string{
	"features_per_week", "customer_escalations_per_week", "incidents_per_week",
	"incidents_cascade_per_week", "incidents_change_per_week", "interruptions_per_week",
}

// maxScalingPanels is how many measures the scaling figure shows when it
// chooses them: four stand in one row across a screen.
const maxScalingPanels = 4

// minScalingRatio is the least a measure must change along the sweep to be
// chosen: its highest mean 10% above its lowest.
const minScalingRatio = 1.1

// scalingMeasures are the scaling figure's panels: the scenario's own
// measures when it names them (chosen is true); otherwise the watched
// measures on which some design breaks, then the candidates that change
// most along the sweep (changeScore), up to maxScalingPanels.
func (v *view) scalingMeasures() (measures []string, chosen bool) {
	if len(v.opt.Measures) > 0 {
		if ms := v.present(v.opt.Measures); len(ms) > 0 {
			return ms, true
		}
	}
	found, _ := v.findBreaks()
	watched, _ := v.breakMeasures()
	for _, m := range watched {
		if slices.ContainsFunc(found, func(b breakPoint) bool { return b.metric == m }) {
			measures = append(measures, m)
		}
	}
	cands := v.present(scalingCandidates)
	if !v.headcountVaries() {
		cands = append(cands, v.present(scalingTotals)...)
	}
	type scored struct {
		m     string
		score float64
	}
	var ranked []scored
	for _, m := range cands {
		if s := v.changeScore(m); s >= math.Log(minScalingRatio) && !slices.Contains(measures, m) {
			ranked = append(ranked, scored{m, s})
		}
	}
	slices.SortStableFunc(ranked, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
	for _, r := range ranked {
		if len(measures) >= maxScalingPanels {
			break
		}
		measures = append(measures, r.m)
	}
	if len(measures) == 0 {
		measures = v.present(scalingDefaults)
	}
	return measures, false
}

// shareOffset is changeScore's least offset for a share: two percentage
// points.
const shareOffset = 0.02

// changeScore is how much metric m changes along the sweep: over designs,
// the largest log ratio of a design's highest mean to its lowest, counted
// only when the two intervals are apart. A small offset (5% of the
// metric's largest mean, at least shareOffset for a share) keeps a
// measure that moves between two tiny values from scoring as if it had
// grown tenfold.
func (v *view) changeScore(m string) float64 {
	pts := v.sweepOrder()
	top := 0.0
	for _, d := range v.designs {
		for _, p := range pts {
			if r, ok := v.row(p.Index, d, m); ok && !math.IsNaN(r.Mean) {
				top = math.Max(top, math.Abs(r.Mean))
			}
		}
	}
	eps := 0.05 * top
	if Describe(m).Scale == 100 {
		// A share must move by points, not only by ratio: 0.01% to 0.4%
		// of time is forty times as much and still nothing.
		eps = math.Max(eps, shareOffset)
	}
	best := 0.0
	for _, d := range v.designs {
		var lo, hi *results.SummaryRow
		for _, p := range pts {
			r, ok := v.row(p.Index, d, m)
			if !ok || math.IsNaN(r.Mean) {
				continue
			}
			if lo == nil || r.Mean < lo.Mean {
				lo = &r
			}
			if hi == nil || r.Mean > hi.Mean {
				hi = &r
			}
		}
		if lo == nil || !(hi.Lo > lo.Hi) || !(lo.Mean+eps > 0) {
			continue
		}
		best = math.Max(best, math.Log((hi.Mean+eps)/(lo.Mean+eps)))
	}
	return best
}

// headcountVaries reports whether the baseline's headcount differs between
// sweep points; true when the Set does not say, so that totals are not
// mistaken for effects.
func (v *view) headcountVaries() bool {
	hc := v.headcounts()
	if hc == nil {
		return true
	}
	first := -1.0
	for _, p := range v.points {
		h := hc[rowKey{point: p.Index, design: v.baseline}]
		if h == nil {
			return true
		}
		if first >= 0 && h.total() != first {
			return true
		}
		first = h.total()
	}
	return false
}

func (v *view) scaling() (NamedFigure, bool) {
	if len(v.varying) != 1 || v.varying[0].Value == nil || len(v.points) < 2 {
		return NamedFigure{}, false
	}
	sp := v.varying[0]
	metrics, chosen := v.scalingMeasures()
	if len(metrics) == 0 {
		return NamedFigure{}, false
	}
	found, _ := v.findBreaks()
	var panels []charts.ScalingPanel
	for _, m := range metrics {
		info := Describe(m)
		// The title names the measure; the axis needs only its unit, and a
		// long label would not fit a panel four to a row.
		pn := charts.ScalingPanel{Title: info.Title(), XLabel: capitalize(sp.Label), YLabel: info.Unit}
		for _, d := range v.designs {
			c := charts.Curve{Label: d}
			for _, p := range v.points {
				if _, ok := v.row(p.Index, d, m); !ok || RegimeOf(v.regimes, p.Index, d).Hides() {
					continue // no mean where the design has no steady state
				}
				c.X = append(c.X, sp.Value[p.Index])
				c.Y = append(c.Y, v.interval(p.Index, d, m))
			}
			pn.Curves = append(pn.Curves, c)
		}
		for _, b := range found {
			switch {
			case b.regime != nil:
				pn.Marks = append(pn.Marks, charts.Mark{Design: b.design, X: sp.Value[b.at.Index], Label: b.design + ": no steady state"})
			case b.metric == m:
				pn.Marks = append(pn.Marks, charts.Mark{Design: b.design, X: sp.Value[b.at.Index], Label: b.design + " breaks"})
			}
		}
		panels = append(panels, pn)
	}
	which := "the measures the scenario names in its [report] table"
	if !chosen {
		which = fmt.Sprintf("the measures that change most along the sweep (the largest ratio between a design's highest and lowest mean, with the two intervals apart; at most %d)", maxScalingPanels)
		if !v.headcountVaries() {
			which += ", weekly totals included since the headcount stays the same"
		} else {
			which += "; weekly totals over the organisation are left out, since they grow with its size"
		}
		if len(found) > 0 {
			which += ", after the measures on which a design breaks"
		}
	}
	marks := ""
	if len(found) > 0 {
		marks = " A dashed vertical line marks where a design breaks by the rule stated with the findings; where it has no steady state (a queue growing through the horizon) its curve stops, since a mean there would describe nothing."
	}
	title := "How the designs scale with " + sp.Label
	return NamedFigure{
		Name:  "scaling",
		Title: title,
		Key:   true,
		Caption: fmt.Sprintf("Each panel is one measure against %s: %s. A line joins a design's means, the band is their 95%% confidence interval (%s per point); designs differ in colour, marker and dash. "+
			"A curve that stays flat scales; one that bends upwards marks the size at which the design stops keeping up.%s %s",
			sp.Label, which, v.replications(), marks, betterHigher(metrics)),
		Figure: charts.ScalingPanels(title, panels),
	}, true
}

func (v *view) heatMaps() []NamedFigure {
	if len(v.varying) != 2 || v.varying[0].Value == nil || v.varying[1].Value == nil {
		return nil
	}
	// The scenario's first measure, or the one a design shows first when
	// it cannot keep up.
	metric := "ttr_mean_h"
	if ms := v.present(v.opt.Measures); len(ms) > 0 {
		metric = ms[0]
	}
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
			Key:   true,
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
