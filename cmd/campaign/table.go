package campaign

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
)

// KeyTable is the key metrics of one sweep point, design by design, as the
// command-line tool prints them and the workshop page shows them: both
// read the cells from here, so a room sees the numbers the CLI prints.
type KeyTable struct {
	// Point is the sweep point's index; Title names its parameters
	// ("org.product_teams = 10"), "" without a sweep.
	Point   int
	Title   string
	Designs []string
	Rows    []KeyRow
	// Verdicts say, per design with no steady state or in regimes, what
	// is wrong ("collective: unstable in ..."), in design order.
	Verdicts []string
}

// KeyRow is one key metric across the designs.
type KeyRow struct {
	Metric string
	// Label is the metric's label with its unit, "mean time to restore (h)".
	Label string
	Cells []KeyCell // one per design
}

// KeyCell is one design's value of a key metric.
type KeyCell struct {
	// Text is the cell as printed: "3.55 ± 0.0634 (-33%)", "-" when the
	// design has no value, or the regime's word ("unstable") when its
	// replications describe no steady state.
	Text string
	// Row is the summary row the text is made from; nil for "-" and for a
	// hidden mean.
	Row *results.SummaryRow
	// Hidden is the regime's word when the mean is not shown.
	Hidden string
}

// KeyTables lays out the key metrics of set's summary rows, one table per
// sweep point in the rows' order; regimes are set's (analysis.Regimes, or
// a campaign's Result.Regimes).
func KeyTables(set *results.Set, rows []results.SummaryRow, regimes []analysis.Regime) []KeyTable {
	designs := set.Manifest.Designs
	byKey := map[string]*results.SummaryRow{}
	var points []int
	seen := map[int]bool{}
	for i, r := range rows {
		byKey[fmt.Sprintf("%d/%s/%s", r.Point, r.Design, r.Metric)] = &rows[i]
		if !seen[r.Point] {
			seen[r.Point] = true
			points = append(points, r.Point)
		}
	}
	var out []KeyTable
	for _, p := range points {
		kt := KeyTable{Point: p, Designs: designs}
		var title []string
		for _, pt := range set.Manifest.Points {
			if pt.Index == p {
				for _, q := range pt.Params {
					title = append(title, q.Name+" = "+q.Value)
				}
			}
		}
		kt.Title = strings.Join(title, ", ")
		for _, m := range KeyMetrics(set.Metrics) {
			info := analysis.Describe(m)
			kr := KeyRow{Metric: m, Label: info.Label}
			if info.Unit != "" {
				kr.Label = fmt.Sprintf("%s (%s)", info.Label, info.Unit)
			}
			for _, d := range designs {
				r, ok := byKey[fmt.Sprintf("%d/%s/%s", p, d, m)]
				switch {
				case !ok:
					kr.Cells = append(kr.Cells, KeyCell{Text: "-"})
					continue
				case analysis.RegimeOf(regimes, p, d).Hides():
					// No mean: the replications describe no steady state.
					g := analysis.RegimeOf(regimes, p, d).Cell()
					kr.Cells = append(kr.Cells, KeyCell{Text: g, Hidden: g})
					continue
				}
				text := fmt.Sprintf("%s ± %s", Number(r.Mean*info.Scale), Number((r.Hi-r.Lo)/2*info.Scale))
				if r.Baseline != "" && !math.IsNaN(r.Rel) && !analysis.RegimeOf(regimes, p, r.Baseline).Hides() {
					mark := ""
					if !r.Distinguishable {
						mark = " ns"
					}
					text += " (" + ChangeText(r.Rel) + mark + ")"
				}
				kr.Cells = append(kr.Cells, KeyCell{Text: text, Row: r})
			}
			kt.Rows = append(kt.Rows, kr)
		}
		for _, d := range designs {
			if s := analysis.RegimeOf(regimes, p, d).Verdict(); s != "" {
				kt.Verdicts = append(kt.Verdicts, d+": "+s)
			}
		}
		out = append(out, kt)
	}
	return out
}

// Number prints a number with about three significant digits, as the
// summary table does.
func Number(x float64) string {
	switch {
	case math.IsNaN(x):
		return "n/a"
	case x == 0:
		return "0"
	case math.Abs(x) >= 100:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case math.Abs(x) >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	case math.Abs(x) >= 1:
		return strconv.FormatFloat(x, 'f', 2, 64)
	default:
		return strconv.FormatFloat(x, 'g', 3, 64)
	}
}

// ChangeText writes a relative change as a signed percentage for the
// summary table: whole percent from 1% up, two significant digits below,
// so a distinguishable change of -0.13% reads "-0.13%" and not "-0%",
// which next to "distinguishable" would look like a contradiction.
func ChangeText(rel float64) string {
	pct := 100 * rel
	switch {
	case math.IsNaN(pct):
		return "n/a"
	case pct == 0:
		return "+0%"
	}
	dec := 0
	if math.Abs(pct) < 0.995 {
		dec = 1 - int(math.Floor(math.Log10(math.Abs(pct)))) // two significant digits: 0.13, 0.013
	}
	s := strconv.FormatFloat(pct, 'f', dec, 64)
	if pct > 0 {
		s = "+" + s
	}
	return s + "%"
}
