package analysis

import (
	"slices"

	"github.com/opsim/opsim/results"
)

// What a caller streaming a large results folder (cmd/campaign) needs to
// keep in memory for Summarize, Figures, WriteReport and the summary
// printers to give what they give with the whole folder: the records, the
// table rows ReportRow picks and the series and samples of the points
// FigurePoints names. They sit here, beside what reads them, so that the
// two change together.

// ReportRow reports whether headcounts and regimes read row of table t, a
// row of replication rep: the teams table's rows of each design's first
// replication at each point (the org chart is the same in every
// replication, so its headcount is the mean), and the rows of teams
// flagged unstable in any replication (Regimes).
func ReportRow(t *results.Table, row *results.TableRow, rep int) bool {
	if t.Name != teamsTable {
		return false
	}
	if rep == 0 {
		return true
	}
	ui := slices.Index(t.Columns, "unstable")
	return ui >= 0 && ui < len(row.Values) && row.Values[ui] == 1
}

// FigurePoints are the indexes of the sweep points of m whose runs'
// series and samples Figures draws with opt: the focus point (the
// distributions, the trade-off) and the points of the time-series panels.
// The warm-up check (WarmupIssues) reads the series it is given, so a
// caller that keeps only these points' series checks these points.
func FigurePoints(m *results.Manifest, opt ReportOptions) []int {
	var rows []results.SummaryRow
	for _, p := range m.Points {
		rows = append(rows, results.SummaryRow{Point: p.Index, Params: p.Params})
	}
	if len(rows) == 0 {
		rows = []results.SummaryRow{{}}
	}
	v := newView(&results.Set{Manifest: *m}, rows, opt)
	out := []int{v.focus.Index}
	for _, p := range v.seriesPoints() {
		if !slices.Contains(out, p.Index) {
			out = append(out, p.Index)
		}
	}
	return out
}
