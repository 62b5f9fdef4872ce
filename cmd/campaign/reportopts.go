package campaign

import (
	"fmt"
	"maps"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
	"github.com/opsim/opsim/scenarios"
)

// reportOptions reads the [report] table of the scenario m was run from
// (the manifest keeps the text, overrides applied), so that a campaign,
// Redraw and Merge all draw the same report. A scenario that no longer
// parses, e.g. one written for another version of opsim, gets the report's
// defaults, and note says why.
func reportOptions(m *results.Manifest) (opt analysis.ReportOptions, note string) {
	sc, err := scenarios.Parse(m.ScenarioFile, []byte(m.Scenario))
	if err != nil {
		return opt, fmt.Sprintf("the report uses its default measures and focus: the scenario in the results does not parse here: %v", err)
	}
	return optionsOf(sc), ""
}

// optionsOf is a scenario's [report] table as analysis takes it.
func optionsOf(sc *scenarios.Scenario) analysis.ReportOptions {
	r := sc.Report
	opt := analysis.ReportOptions{Measures: r.Measures, BreakFactor: r.BreakFactor, BreakFloor: maps.Clone(r.BreakFloor), Tradeoff: r.Tradeoff}
	for _, p := range r.Focus {
		opt.Focus = append(opt.Focus, results.Param{Name: p.Name, Value: p.Value})
	}
	return opt
}
