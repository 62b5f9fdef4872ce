package analysis

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/opsim/opsim/results"
)

// DecisionMeasures are the rows of the decision table after headcount: what
// an organisation design trades against each other. How fast incidents are
// restored; what gets delivered and how much of product teams' time goes
// to unplanned work (incidents, tickets and the context switching they
// cause); the on-call burden out of hours; what customers notice; what the
// services achieve; what the design costs a year, when the scenario gives
// prices. Rows whose metric a Set lacks, or has no number for in any
// design (no prices: no cost), are skipped, so the table works with models
// that do not report one of them. One row follows with the DORA 2024 band
// of each of DORA's four keys (DORAKeys), kept to one row so that the key
// figure stays near the first screen; their values are in the full tables.
var DecisionMeasures = []string{
	"ttr_mean_h",
	"features_per_week",
	"product_unplanned_frac",
	"after_hours_pages_per_eng_week",
	"customer_escalations_per_week",
	"availability",
	"cost_per_year",
}

// decisionTable is the report's first table: one column per design at the
// focus point, headcount first, then the DecisionMeasures, each cell with
// its interval and, for designs other than the baseline, the paired change
// and its verdict in words.
type decisionTable struct {
	Heading string
	Designs []tableDesign
	Rows    []decisionRow
	// Note says how to read the cells, in one line.
	Note string
}

type decisionRow struct {
	Label, Unit string
	// Sub marks the headcount rows per team kind, shown indented under
	// the total.
	Sub   bool
	Cells []decisionCell
}

type decisionCell struct {
	// Value is the mean and Interval its 95% interval ("" when there is
	// none, as for a headcount).
	Value, Interval string
	// Change is the paired change against the baseline ("" for the
	// baseline's own cell) with its interval, and Verdict its reading:
	// "better", "worse", "not distinguishable", or "" when the measure
	// has no better direction or the change is a headcount.
	Change, ChangeInterval, Verdict string
	// Class styles the verdict: "better", "worse" or "same".
	Class string
	// Inline shows the change beside the value rather than under it: a
	// headcount's change is one short number.
	Inline bool
}

// decision builds the decision table at the focus point; nil when there is
// nothing to show.
func (v *view) decision() *decisionTable {
	p := v.focus
	t := &decisionTable{}
	if len(v.varying) > 0 {
		t.Heading = "At " + v.pointLabel(p)
	}
	var designs []string
	for i, d := range v.designs {
		if v.hasRows(p.Index, d) {
			designs = append(designs, d)
			t.Designs = append(t.Designs, tableDesign{Name: d, Baseline: d == v.baseline, Colour: template.CSS(cssColour(i))})
		}
	}
	if len(designs) == 0 {
		return nil
	}
	t.Rows = append(t.Rows, v.headcountRows(p, designs)...)
	for _, m := range v.present(DecisionMeasures) {
		if v.measuredAt(p.Index, designs, m) {
			t.Rows = append(t.Rows, v.decisionRow(p, designs, m))
		}
	}
	t.Note = fmt.Sprintf("Mean [95%% CI] over %s. Below each design's mean: its paired change against %s [95%% CI], and whether that is better, worse or not distinguishable from no change.",
		v.replications(), v.baseline)
	if r, ok := v.doraRow(p, designs); ok {
		t.Rows = append(t.Rows, r)
		t.Note += " DORA 2024 bands: where each design's mean deployment frequency, median lead time for changes, change failure rate and median failed-deployment recovery time fall among DORA's 2024 performance clusters (– where not measured: lead time needs a pipeline); the values are in the full tables."
	}
	return t
}

// doraRow places each design in DORA's 2024 bands, one band per key in
// DORA's order; false when the Set has none of the keys.
func (v *view) doraRow(p results.Point, designs []string) (decisionRow, bool) {
	keys := v.present(DORAKeys)
	if len(keys) == 0 {
		return decisionRow{}, false
	}
	r := decisionRow{Label: "DORA 2024 bands", Unit: "deploys · lead time · failures · recovery"}
	for _, d := range designs {
		if g := RegimeOf(v.regimes, p.Index, d); g.Hides() {
			r.Cells = append(r.Cells, decisionCell{Value: g.Cell()})
			continue
		}
		var bands []string
		for _, m := range DORAKeys {
			b := "–"
			if row, ok := v.row(p.Index, d, m); ok && DORABand(m, row.Mean) != "" {
				b = strings.Replace(DORABand(m, row.Mean), " or ", "/", 1)
			}
			bands = append(bands, b)
		}
		r.Cells = append(r.Cells, decisionCell{Value: strings.Join(bands, " · ")})
	}
	return r, true
}

// measuredAt reports whether some design has a number for metric m at
// point p (a cost without prices, or lead time for changes without a
// pipeline, has none).
func (v *view) measuredAt(p int, designs []string, m string) bool {
	for _, d := range designs {
		if r, ok := v.row(p, d, m); ok && !math.IsNaN(r.Mean) {
			return true
		}
	}
	return false
}

// headcountRows are the engineers each design employs, in total and per
// kind of team, from the Set's teams table (none without one).
func (v *view) headcountRows(p results.Point, designs []string) []decisionRow {
	hc := v.headcounts()
	if hc == nil {
		return nil
	}
	var hs []heads
	for _, d := range designs {
		hs = append(hs, hc[rowKey{point: p.Index, design: d}])
	}
	base := hc[rowKey{point: p.Index, design: v.baseline}]
	row := func(label string, sub bool, count func(heads) float64) decisionRow {
		r := decisionRow{Label: label, Sub: sub}
		for i, d := range designs {
			n := count(hs[i])
			c := decisionCell{Value: fmtCount(n), Inline: true}
			if d != v.baseline && base != nil {
				c.Change, c.Class = headcountChange(n - count(base))
			}
			r.Cells = append(r.Cells, c)
		}
		return r
	}
	rows := []decisionRow{row("Engineers", false, heads.total)}
	for _, k := range kinds(hs...) {
		rows = append(rows, row(kindLabel(k), true, func(h heads) float64 { return h[k] }))
	}
	return rows
}

// headcountChange is a difference in headcount: exact, so no interval and
// no verdict (more people is a cost, not a failure).
func headcountChange(d float64) (text, class string) {
	if d == 0 {
		return "", ""
	}
	return fmtNum(d, countDecimals(d), "", true), ""
}

func fmtCount(n float64) string {
	if math.IsNaN(n) {
		return "–"
	}
	return fmtNum(n, countDecimals(n), "", false)
}

// countDecimals shows whole people as whole numbers; a fraction (uneven
// replications) keeps one decimal rather than rounding it away.
func countDecimals(n float64) int {
	if n == math.Trunc(n) {
		return 0
	}
	return 1
}

func (v *view) decisionRow(p results.Point, designs []string, m string) decisionRow {
	info := Describe(m)
	r := decisionRow{Label: info.Title(), Unit: info.Unit}
	for _, d := range designs {
		row, ok := v.row(p.Index, d, m)
		if !ok {
			r.Cells = append(r.Cells, decisionCell{Value: "–"})
			continue
		}
		var c decisionCell
		c.Value, c.Interval = fmtMeanParts(row.Mean*info.Scale, row.Lo*info.Scale, row.Hi*info.Scale)
		if g := RegimeOf(v.regimes, p.Index, d); g.Hides() {
			// No steady state, or regimes: a mean would describe no
			// organisation, so the cell says which.
			c.Value, c.Interval = g.Cell(), ""
		}
		if d != v.baseline && v.notCompared(p.Index, d) {
			c.Change, c.Class = "not compared", "same"
			r.Cells = append(r.Cells, c)
			continue
		}
		if !math.IsNaN(row.Mean) && row.N < v.reps {
			c.Interval += " (n=" + strconv.Itoa(row.N) + ")"
		}
		if d != v.baseline {
			c.Change, c.ChangeInterval = fmtDiffParts(row, info.Scale)
			c.Verdict, c.Class = verdict(row, m)
		}
		r.Cells = append(r.Cells, c)
	}
	return r
}

// verdict reads a paired change: "not distinguishable" when its interval
// holds zero, otherwise better or worse by the measure's direction ("" for
// a measure without one, and for a comparison that could not be made).
func verdict(r results.SummaryRow, m string) (text, class string) {
	switch {
	case math.IsNaN(r.Diff):
		return "", ""
	case !r.Distinguishable:
		return "not distinguishable", "same"
	case neutral(m):
		return "", ""
	case (r.Diff > 0) == Describe(m).HigherIsBetter:
		return "better", "better"
	}
	return "worse", "worse"
}
