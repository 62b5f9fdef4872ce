package scenarios

import (
	"fmt"
	"slices"
	"strings"
)

// Sensitivity is a scenario's [sensitivity] table: what opsim sensitivity
// varies and which result it watches. Nothing in it changes what is
// simulated, so it cannot be swept, and every key is optional.
//
//	[sensitivity]
//	metrics = ["ttr_mean_h", "features_per_week"]   # the results watched
//	designs = ["centralized", "collective"]         # their paired difference: the second minus the first
//	method = "oat"                                  # or "morris"
//	replications = 10
//	spread = 0.5                                    # vary each value by ±50% ...
//	exclude = ["org.product_teams"]                 # ... but these
//	[sensitivity.params]                            # ... and these over their own ranges
//	"design.centralized.ops_runbooks" = [0.25, 1.0]
//	"response.handoff" = ["5m", "30m"]
type Sensitivity struct {
	// Metrics are the results watched: the paired difference between the
	// two designs in each. Empty: DefaultSensitivityMetrics.
	Metrics []string
	// Designs are the two designs compared, the reference first. Empty:
	// the baseline and the first other design in the file.
	Designs []string
	// Method is MethodOAT (empty) or MethodMorris.
	Method string
	// Trajectories and Levels shape Morris's design (0: the defaults).
	Trajectories, Levels int
	// Replications per design and setting (0: the default).
	Replications int
	// Spread is the default range, the value ± this fraction (0: 0.5).
	Spread float64
	// Params name values with ranges of their own, in file order; with
	// Only, nothing else varies.
	Params []SensitivityRange
	Only   bool
	// Exclude names values that are not to vary.
	Exclude []string
}

// SensitivityRange is one [sensitivity.params] entry: a value's path and
// the low and high ends of its range, as written (numbers, or strings for
// durations and rates).
type SensitivityRange struct {
	Path      string
	Low, High any
}

// Methods of opsim sensitivity.
const (
	// MethodOAT varies one value at a time to the low and the high end of
	// its range, the others at the scenario's values: 2k+1 settings.
	MethodOAT = "oat"
	// MethodMorris follows r random trajectories through a grid of the
	// ranges, one value changing per step (Morris 1991): r(k+1) settings,
	// which also show interactions and curvature.
	MethodMorris = "morris"
)

// Defaults of [sensitivity].
var DefaultSensitivityMetrics = []string{"ttr_mean_h", "features_per_week"}

const (
	// DefaultSensitivityReplications keeps a one-at-a-time analysis of the
	// default scenario within a minute on two cores; designs share their
	// random numbers, so their paired differences are sharp with few.
	DefaultSensitivityReplications = 10
	// DefaultSpread varies a value ±50% when its reference gives no
	// plausible range: wide enough to cross most verdicts' tipping points,
	// and an assumption, not a measured uncertainty.
	DefaultSpread = 0.5
	// DefaultTrajectories is the number of Morris trajectories: with
	// DefaultLevels, Morris's design costs about twice a one-at-a-time
	// analysis. Campolongo et al. (2007) use 10 or more when runs are cheap.
	DefaultTrajectories = 4
	// DefaultLevels is the number of levels of Morris's grid.
	DefaultLevels = 4
)

// sensitivityTOML is the [sensitivity] table as written.
type sensitivityTOML struct {
	Metrics      []string       `toml:"metrics"`
	Designs      []string       `toml:"designs"`
	Method       string         `toml:"method"`
	Trajectories *int           `toml:"trajectories"`
	Levels       *int           `toml:"levels"`
	Replications *int           `toml:"replications"`
	Spread       *float64       `toml:"spread"`
	Params       map[string]any `toml:"params"`
	Only         bool           `toml:"only"`
	Exclude      []string       `toml:"exclude"`
}

// checkSensitivity validates the [sensitivity] table against the
// scenario: measures its runs report, two of its designs, paths of values
// that can vary, and ranges whose ends are valid values.
func checkSensitivity(c *checker, s *Scenario, st sensitivityTOML, order []string) Sensitivity {
	out := Sensitivity{Metrics: st.Metrics, Method: st.Method, Only: st.Only}
	known := s.measureNames()
	for i, m := range st.Metrics {
		checkMeasure(c, known, fmt.Sprintf("sensitivity.metrics.%d", i), m)
	}
	if st.Designs != nil {
		var names []string
		for _, d := range s.Designs {
			names = append(names, d.Name)
		}
		switch {
		case len(st.Designs) != 2:
			c.add("sensitivity.designs", "needs two designs, the reference and the one compared with it, got %d", len(st.Designs))
		case st.Designs[0] == st.Designs[1]:
			c.add("sensitivity.designs", "names %q twice: compare two different designs", st.Designs[0])
		default:
			for i, d := range st.Designs {
				if !slices.Contains(names, d) {
					c.add(fmt.Sprintf("sensitivity.designs.%d", i), "no design named %q (designs: %s)", d, strings.Join(names, ", "))
				}
			}
			out.Designs = st.Designs
		}
	}
	if st.Method != "" && st.Method != MethodOAT && st.Method != MethodMorris {
		c.add("sensitivity.method", "must be %q (one at a time) or %q (elementary effects), got %q", MethodOAT, MethodMorris, st.Method)
	}
	intIn := func(path string, v *int, lo, hi int) int {
		if v == nil {
			return 0
		}
		if *v < lo || *v > hi {
			c.add(path, "must be between %d and %d, got %d", lo, hi, *v)
		}
		return *v
	}
	out.Trajectories = intIn("sensitivity.trajectories", st.Trajectories, 2, 1000)
	out.Levels = intIn("sensitivity.levels", st.Levels, 2, 100)
	out.Replications = intIn("sensitivity.replications", st.Replications, 2, maxReplications)
	if st.Spread != nil {
		out.Spread = *st.Spread
		if !(out.Spread > 0 && out.Spread <= 1) {
			c.add("sensitivity.spread", "must be more than 0 and at most 1 (0.5 varies each value by ±50%%), got %v", out.Spread)
		}
	}
	for i, path := range st.Exclude {
		if _, _, err := resolve(s.tree, path, true); err != nil {
			c.add(fmt.Sprintf("sensitivity.exclude.%d", i), "%v", err)
		}
	}
	out.Exclude = st.Exclude
	out.Params = checkSensitivityParams(c, s, st.Params, order)
	if st.Only && len(st.Params) == 0 {
		c.add("sensitivity.only", "is true but [sensitivity.params] lists nothing to vary")
	}
	return out
}

// checkSensitivityParams checks each [sensitivity.params] entry: a path
// of a value that can vary, and a range of two valid values, low first.
func checkSensitivityParams(c *checker, s *Scenario, params map[string]any, order []string) []SensitivityRange {
	if len(params) == 0 {
		return nil
	}
	byPath := map[string]Parameter{}
	for _, p := range s.Parameters() {
		byPath[p.Path] = p
	}
	base := c.problems()
	var out []SensitivityRange
	for _, path := range order {
		key := []string{"sensitivity", "params", path}
		add := func(format string, args ...any) { c.addKey(key, format, args...) }
		segs, _, err := resolve(s.tree, path, true)
		if err != nil {
			add("%v", err)
			continue
		}
		p, ok := byPath[path]
		if !ok || p.Kind == "" {
			add("is not a number, duration or rate the scenario uses, so it cannot vary over a range")
			continue
		}
		vals, isList := asList(params[path])
		if !isList || len(vals) != 2 {
			add("wants a range of two values, low and high, e.g. %s", rangeExample(p))
			continue
		}
		var ends [2]float64
		good := true
		for i, v := range vals {
			x, err := p.inUnit(v)
			if err != nil {
				add("%s: %v", describeValue(v), err)
				good = false
				continue
			}
			ends[i] = x
			for _, msg := range valueProblems(s, segs, v, base) {
				add("value %s: %s", describeValue(v), msg)
				good = false
			}
		}
		if good && !(ends[0] < ends[1]) {
			add("the range must go from low to high, got %s to %s", describeValue(vals[0]), describeValue(vals[1]))
			good = false
		}
		if good {
			out = append(out, SensitivityRange{Path: path, Low: vals[0], High: vals[1]})
		}
	}
	return out
}

// rangeExample is a range as [sensitivity.params] takes it for p.
func rangeExample(p Parameter) string {
	lo, hi, _ := p.Range(DefaultSpread)
	if p.Unit == "" {
		return fmt.Sprintf("[%s, %s]", p.Format(lo), p.Format(hi))
	}
	return fmt.Sprintf("[%q, %q]", p.Format(lo), p.Format(hi))
}

// inUnit reads a value written in a scenario (a number, or a string for a
// duration or a rate) in the parameter's unit.
func (p Parameter) inUnit(v any) (float64, error) {
	switch p.Kind {
	case KindInteger:
		n, ok := v.(int64)
		if !ok {
			return 0, fmt.Errorf("%s wants an integer", p.Path)
		}
		return float64(n), nil
	case KindNumber:
		switch n := v.(type) {
		case int64:
			return float64(n), nil
		case float64:
			return n, nil
		}
		return 0, fmt.Errorf("%s wants a number", p.Path)
	}
	text, ok := v.(string)
	if !ok {
		return 0, fmt.Errorf("%s wants a %s string, e.g. %q", p.Path, p.Kind, p.Format(p.Number))
	}
	if p.Kind == KindDuration {
		d, err := ParseDuration(text)
		if err != nil {
			return 0, err
		}
		return d.Hours() / unitHours(p.Unit, durationUnits), nil
	}
	r, err := ParseRate(text)
	if err != nil {
		return 0, err
	}
	per, err := ParseRate("1" + p.Unit)
	if err != nil || per.PerHour() == 0 {
		return 0, fmt.Errorf("%s: cannot read its unit %q", p.Path, p.Unit)
	}
	return r.PerHour() / per.PerHour(), nil
}

// unitHours is the hours of one unit of a duration, 1 for "h" and for a
// unit it does not know.
func unitHours(unit string, units map[string]unitScale) float64 {
	if u, ok := units[unit]; ok {
		return u.toHours(1)
	}
	return 1
}

// SensitivityRange gives the range opsim sensitivity varies p over, in
// its unit, and what the range comes from: the [sensitivity.params] entry
// if there is one, else p.Range with the table's spread.
func (s *Scenario) SensitivityRange(p Parameter) (lo, hi float64, from string) {
	for _, r := range s.Sensitivity.Params {
		if r.Path != p.Path {
			continue
		}
		l, errL := p.inUnit(r.Low)
		h, errH := p.inUnit(r.High)
		if errL == nil && errH == nil {
			return l, h, "[sensitivity.params]"
		}
	}
	spread := s.Sensitivity.Spread
	if spread == 0 {
		spread = DefaultSpread
	}
	return p.Range(spread)
}

// problems are the checker's findings so far, as keys for valueProblems.
func (c *checker) problems() map[string]bool {
	out := map[string]bool{}
	for _, e := range c.all() {
		out[e.Field+"\x00"+e.Msg] = true
	}
	return out
}

// valueProblems are the problems that setting v at segs adds to those the
// file already has (base): a swept value or a range's end that would make
// the scenario invalid is reported where it is written, not when it runs.
func valueProblems(s *Scenario, segs []string, v any, base map[string]bool) []string {
	path := strings.Join(segs, ".")
	vc := newChecker("", nil)
	compile(vc, withValue(withDefaults(s.tree, segs), segs, v), s.designOrder, defaultName(s.File))
	var out []string
	for _, e := range vc.all() {
		switch {
		case base[e.Field+"\x00"+e.Msg]:
		case e.Field == path || e.Field == "":
			out = append(out, e.Msg)
		default:
			out = append(out, e.Field+": "+e.Msg)
		}
	}
	return out
}

// checkMeasure reports a name that is not a measure the scenario's runs
// report (known; nil when the scenario does not expand, which other checks
// report).
func checkMeasure(c *checker, known []string, path, name string) {
	if known == nil || slices.Contains(known, name) {
		return
	}
	msg := fmt.Sprintf("unknown measure %q", name)
	if sug, ok := suggest(name, known); ok {
		msg += fmt.Sprintf(" (did you mean %q?)", sug)
	} else {
		msg += " (the measures are the columns of runs.csv)"
	}
	c.add(path, "%s", msg)
}
