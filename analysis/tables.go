package analysis

import (
	"fmt"
	"html/template"
	"math"

	"github.com/opsim/opsim/analysis/charts"
	"github.com/opsim/opsim/results"
)

func tables(v *view) []pointTable {
	var out []pointTable
	key := v.present(KeyMetrics)
	for _, p := range v.sweepOrder() {
		t := pointTable{}
		if len(v.varying) > 0 {
			t.Heading = "At " + v.pointLabel(p)
		}
		var designs []string
		var cols []tableDesign
		for i, d := range v.designs {
			if v.hasRows(p.Index, d) {
				designs = append(designs, d)
				cols = append(cols, tableDesign{Name: d, Baseline: d == v.baseline, Colour: template.CSS(cssColour(i))})
			}
		}
		t.Key.Designs, t.All.Designs = cols, cols
		for _, m := range key {
			t.Key.Rows = append(t.Key.Rows, v.tableRow(p, designs, m))
		}
		for _, m := range v.set.Metrics {
			if v.metrics[m] {
				t.All.Rows = append(t.All.Rows, v.tableRow(p, designs, m))
			}
		}
		out = append(out, t)
	}
	return out
}

// hasRows reports whether design has any summary row at point; designs
// that were not run there get no column.
func (v *view) hasRows(point int, design string) bool {
	for m := range v.metrics {
		if _, ok := v.row(point, design, m); ok {
			return true
		}
	}
	return false
}

func (v *view) tableRow(p results.Point, designs []string, m string) tableRow {
	info := Describe(m)
	tr := tableRow{Label: info.Title(), Unit: info.Unit, Metric: m}
	for _, d := range designs {
		r, ok := v.row(p.Index, d, m)
		if !ok {
			tr.Cells = append(tr.Cells, tableCell{Value: "–", Diff: "–", Base: d == v.baseline})
			continue
		}
		if v.notCompared(p.Index, d) {
			cell := RegimeOf(v.regimes, p.Index, d).Cell()
			if cell == "" {
				cell = fmtRow(r, info)
			}
			tr.Cells = append(tr.Cells, tableCell{Value: cell, Diff: "not compared", Base: d == v.baseline})
			continue
		}
		c := tableCell{Value: fmtRow(r, info), Base: d == v.baseline}
		if !math.IsNaN(r.Mean) && r.N < v.reps {
			c.Value += fmt.Sprintf(" (n=%d)", r.N)
		}
		if !c.Base {
			c.Diff = fmtDiff(r, info.Scale)
			c.Distinguishable = r.Distinguishable
			if r.Distinguishable {
				_, c.Class = verdict(r, m)
			}
		}
		tr.Cells = append(tr.Cells, c)
	}
	return tr
}

// neutral metrics have no better direction (see MetricInfo.HigherIsBetter),
// so the tables do not colour their changes as good or bad.
func neutral(m string) bool { return Describe(m).Neutral || m == "idle_frac" }

func cssColour(i int) string {
	r, g, b, _ := charts.DesignColor(i).RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}
