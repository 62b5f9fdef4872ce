package campaign

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
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
	opt = optionsOf(sc)
	opt.Sources = sourcesOf(sc)
	return opt, ""
}

// sourcesOf lists the values sc uses with where each comes from, for a
// report to state; a swept value with the values it ran at. Only reports
// need it, so live pages and plans go without the work.
func sourcesOf(sc *scenarios.Scenario) []analysis.Source {
	var out []analysis.Source
	swept := map[string]string{}
	for _, sp := range sc.Sweep {
		var vals []string
		for _, pt := range sc.Points() {
			for _, q := range pt.Params {
				if q.Name == sp.Path && !slices.Contains(vals, q.Value) {
					vals = append(vals, q.Value)
				}
			}
		}
		swept[sp.Path] = "swept: " + strings.Join(vals, ", ")
	}
	for _, p := range sc.Parameters() {
		src := analysis.Source{Path: p.Path, Value: p.Value, Source: p.Provenance(), Explicit: p.Explicit}
		if v, ok := swept[p.Path]; ok {
			src.Value = v // the file's own value is not what ran
		}
		out = append(out, src)
	}
	return out
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
