package analysis

import (
	"fmt"
	"math"
	"slices"

	"github.com/opsim/opsim/analysis/charts"
	"github.com/opsim/opsim/results"
)

// timeSplitParts are the shares of product teams' working time that the
// model reports, in the order the time-split bars stack them: the work,
// then the slack. Postmortems is inserted before idle as the remainder.
// The optional parts (deploy work, rework, coordination, improvement
// work) are shown only when some design spent time on them: they are zero
// unless a scenario models a pipeline, coordination costs, prevention or
// an error-budget freeze, and results written before the model had them
// lack them.
var timeSplitParts = []struct {
	metric, part string
	optional     bool
}{
	{"product_planned_frac", "planned work", false},
	{"product_interrupt_frac", "interrupts (incident work)", false},
	{"product_toil_frac", "tickets (toil)", false},
	{"product_release_frac", "releases (deploy work)", true},
	{"product_rework_frac", "rework of failed changes", true},
	{"product_coord_frac", "coordination", true},
	{"product_improve_frac", "improvement (action items, automation, reliability)", true},
	{"product_switch_frac", "context switching", false},
	{"", "postmortems", false},
	{"product_idle_frac", "idle", false},
}

// timeSplitShown are the parts the bars show: every required one, and an
// optional one when some design at some of the points spent time on it.
func (v *view) timeSplitShown(points []results.Point) []int {
	var out []int
	for j, tp := range timeSplitParts {
		if !tp.optional {
			out = append(out, j)
			continue
		}
		for _, p := range points {
			for _, d := range v.designs {
				if r, ok := v.row(p.Index, d, tp.metric); ok && r.Mean > 0 && !slices.Contains(out, j) {
					out = append(out, j)
				}
			}
		}
	}
	return out
}

// timeSplit is the "where the time goes" figure: per design, the mean share
// of product teams' working time in each activity, as one bar adding to
// 100%. Sweeps get the points the comparison shows, the designs' bars
// grouped by point.
func (v *view) timeSplit() (NamedFigure, bool) {
	for _, tp := range timeSplitParts {
		if tp.metric != "" && !tp.optional && !v.metrics[tp.metric] {
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
			"tickets are toil (operational requests); releases, rework, coordination and improvement, when shown, are deploy work, fixing failed changes, talking, onboarding and bridge calls, and postmortem action items, toil automation and reliability work under an error-budget freeze; "+
			"context switching is the time lost getting back into a task after being pulled off it; "+
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
	shown := v.timeSplitShown(points)
	for _, k := range shown {
		parts = append(parts, timeSplitParts[k].part)
	}
	for _, p := range points {
		for _, d := range v.designs {
			st := charts.Stack{Label: d, Parts: make([]float64, len(shown))}
			if len(points) > 1 {
				st.Label += "\n" + v.pointLabel(p)
			}
			sum, known, rest := 0.0, true, -1
			for j, k := range shown {
				tp := timeSplitParts[k]
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
