package main

import (
	"fmt"
	"io"
	"maps"

	"github.com/opsim/opsim/analysis"
	"github.com/opsim/opsim/results"
	"github.com/opsim/opsim/scenarios"
)

// reportOptions reads the [report] table of the scenario a results folder
// was run from (its manifest keeps the text, overrides applied), so that
// compare, sweep, plot and merge all draw the same report. A scenario that
// no longer parses, e.g. one written for another version of opsim, gets
// the report's defaults, and w is told why.
func reportOptions(w io.Writer, set *results.Set) analysis.ReportOptions {
	m := &set.Manifest
	sc, err := scenarios.Parse(m.ScenarioFile, []byte(m.Scenario))
	if err != nil {
		fmt.Fprintf(w, "note: the report uses its default measures and focus: the scenario in the results does not parse here: %v\n", err)
		return analysis.ReportOptions{}
	}
	r := sc.Report
	opt := analysis.ReportOptions{
		Measures:    r.Measures,
		BreakFactor: r.BreakFactor,
		BreakFloor:  maps.Clone(r.BreakFloor),
		Tradeoff:    r.Tradeoff,
	}
	for _, p := range r.Focus {
		opt.Focus = append(opt.Focus, results.Param{Name: p.Name, Value: p.Value})
	}
	return opt
}
