package scenarios

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/opsim/opsim/models"
)

// Report is a scenario's [report] table: how the report presents the
// results. Nothing in it changes what is simulated, so it is not part of
// what a sweep can vary, and every key is optional.
//
//	[report]
//	measures = ["product_toil_frac", "features_per_week"]  # what the scaling panels show
//	focus = { "org.product_teams" = 20 }                  # the sweep point per-point figures show
//	break_factor = 3                                      # a break is a rise to 3x the first point's value ...
//	break_floor = { first_response_wait_h = 0.5 }         # ... and by at least 0.5 h (the measures watched)
//	tradeoff = ["cost_per_year", "ttr_mean_h"]            # the trade-off figure's axes
type Report struct {
	// Measures name the measures the scenario is about, in the order the
	// scaling figure's panels show them. Empty: the report picks the
	// measures that change most along the sweep.
	Measures []string
	// Focus is the sweep point that figures and tables of a single point
	// are drawn at, one value per swept path. Empty: the report's choice
	// (the largest value of a one-parameter numeric sweep).
	Focus []Param
	// BreakFactor is the relative rule for where a design breaks along a
	// sweep: a watched measure worse than BreakFactor times its value at
	// the first point. 0: the report's default.
	BreakFactor float64
	// BreakFloor names the measures a break is looked for in, each with
	// the absolute floor a change must pass as well to count, in the
	// measure's own unit (hours for a name ending in _h, a fraction for a
	// share). Nil: the report's default measures and floors.
	BreakFloor map[string]float64
	// Tradeoff names the trade-off figure's horizontal and vertical
	// measures. Nil: the report's default (restore time against features).
	Tradeoff []string
}

// reportTOML is the [report] table as written.
type reportTOML struct {
	Measures    []string           `toml:"measures"`
	Focus       map[string]any     `toml:"focus"`
	BreakFactor *float64           `toml:"break_factor"`
	BreakFloor  map[string]float64 `toml:"break_floor"`
	Tradeoff    []string           `toml:"tradeoff"`
}

// checkReport validates the [report] table against what the scenario can
// produce: measures the model reports for its first design, focus values
// the sweep runs, a factor above 1 and non-negative floors.
func checkReport(c *checker, s *Scenario, rt reportTOML) Report {
	r := Report{Measures: rt.Measures, BreakFloor: rt.BreakFloor}
	known := s.measureNames()
	checkMeasure := func(path, name string) { checkMeasure(c, known, path, name) }
	for i, m := range rt.Measures {
		checkMeasure(fmt.Sprintf("report.measures.%d", i), m)
	}
	if rt.Tradeoff != nil {
		if len(rt.Tradeoff) != 2 {
			c.add("report.tradeoff", "needs two measures, the horizontal and the vertical axis, got %d", len(rt.Tradeoff))
		}
		for i, m := range rt.Tradeoff {
			checkMeasure(fmt.Sprintf("report.tradeoff.%d", i), m)
		}
		r.Tradeoff = rt.Tradeoff
	}
	for _, m := range slices.Sorted(maps.Keys(rt.BreakFloor)) {
		checkMeasure("report.break_floor."+m, m)
		if f := rt.BreakFloor[m]; f < 0 {
			c.add("report.break_floor."+m, "must be zero or more, got %v", f)
		}
	}
	if rt.BreakFactor != nil {
		r.BreakFactor = *rt.BreakFactor
		if !(r.BreakFactor > 1) {
			c.add("report.break_factor", "must be more than 1 (a break is a rise to this multiple of the first point's value), got %v", r.BreakFactor)
		}
	}
	swept := map[string]SweepParam{}
	for _, sp := range s.Sweep {
		swept[sp.Path] = sp
	}
	for _, path := range slices.Sorted(maps.Keys(rt.Focus)) {
		// The path has dots of its own, so the field is named and located
		// as the sweep's keys are: quoted.
		key := []string{"report", "focus", path}
		add := func(format string, args ...any) { c.addKey(key, format, args...) }
		sp, ok := swept[path]
		switch {
		case !ok && len(swept) == 0:
			add("%s is not swept: the scenario has no [sweep] table", path)
			continue
		case !ok:
			add("%s is not swept (the swept paths: %s)", path, strings.Join(slices.Sorted(maps.Keys(swept)), ", "))
			continue
		}
		want := formatValue(rt.Focus[path])
		var vals []string
		for _, v := range sp.Values {
			vals = append(vals, formatValue(v))
		}
		if !slices.Contains(vals, want) {
			add("%s is not one of the swept values (%s)", describeValue(rt.Focus[path]), strings.Join(vals, ", "))
			continue
		}
		r.Focus = append(r.Focus, Param{Name: path, Value: want})
	}
	// The point's parameters in sweep order, as Points names them.
	slices.SortStableFunc(r.Focus, func(a, b Param) int {
		return slices.IndexFunc(s.Sweep, func(sp SweepParam) bool { return sp.Path == a.Name }) -
			slices.IndexFunc(s.Sweep, func(sp SweepParam) bool { return sp.Path == b.Name })
	})
	return r
}

// measureNames lists the measures a run of the scenario reports (those of
// its first design; every design reports the same), or nil when the
// scenario does not expand, which other checks report.
func (s *Scenario) measureNames() []string {
	if len(s.Designs) == 0 {
		return nil
	}
	cfg, err := models.Expand(s.Org, s.Designs[0])
	if err != nil {
		return nil
	}
	return models.MetricNames(&cfg)
}
