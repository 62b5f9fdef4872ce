package campaign

import (
	"fmt"
	"maps"
	"path/filepath"
	"strings"

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

// optionsOf is a scenario's [report] table as analysis takes it, with the
// values the scenario uses and their sources for the report to state.
func optionsOf(sc *scenarios.Scenario) analysis.ReportOptions {
	r := sc.Report
	opt := analysis.ReportOptions{Measures: r.Measures, BreakFactor: r.BreakFactor, BreakFloor: maps.Clone(r.BreakFloor), Tradeoff: r.Tradeoff}
	for _, p := range r.Focus {
		opt.Focus = append(opt.Focus, results.Param{Name: p.Name, Value: p.Value})
	}
	for _, p := range sc.Parameters() {
		opt.Sources = append(opt.Sources, analysis.Source{Path: p.Path, Value: p.Value, Source: p.Provenance(), Explicit: p.Explicit})
	}
	return opt
}

// withSensitivity adds to opt the sensitivity analysis of m's scenario
// text from the first of dirs that holds one, linked relative to the
// report's folder reportDir, and says where it came from; an analysis of
// any other text is not used.
func withSensitivity(opt *analysis.ReportOptions, m *results.Manifest, reportDir string, dirs []string) (note string) {
	s, found := FindSensitivity(m.ScenarioHash, dirs...)
	if s == nil {
		return ""
	}
	opt.Sensitivity = s
	page := filepath.Join(found, analysis.SensitivityHTML)
	if rel, err := filepath.Rel(reportDir, page); err == nil && !strings.HasPrefix(rel, "..") {
		opt.SensitivityLink = filepath.ToSlash(rel)
	} else if abs, err := filepath.Abs(page); err == nil {
		opt.SensitivityLink = filepath.ToSlash(abs)
	}
	return "the report says which assumptions decide the result, from the sensitivity analysis in " + found
}
