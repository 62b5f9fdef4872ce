package analysis

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/opsim/opsim/analysis/charts"
	"github.com/opsim/opsim/results"
)

type rowKey struct {
	point          int
	design, metric string
}

// sweepParam is one swept parameter as the figures and report need it.
type sweepParam struct {
	Name  string // the scenario path, e.g. "org.product_teams"
	Label string // for axes: "product teams", plus the unit if one was stripped
	Text  map[int]string
	// Value is the numeric value by point index, nil when the parameter's
	// values are not all numbers sharing one unit.
	Value    map[int]float64
	Distinct int
}

// view is a Set and its summary rows arranged for figures and reports.
type view struct {
	set      *results.Set
	rows     map[rowKey]results.SummaryRow
	points   []results.Point // points that have rows, ascending index
	designs  []string        // manifest order, then others by appearance
	baseline string
	metrics  map[string]bool // metrics that have rows
	params   []sweepParam
	varying  []sweepParam // params that take more than one value
	focus    results.Point
	reps     int      // most replications of any design at any point
	regimes  []Regime // steady state of each design at each point
	opt      ReportOptions
	// focusMissed is set when opt.Focus names no point of the Set.
	focusMissed bool
	// heads caches headcounts; headsRead says it has been read.
	heads     map[rowKey]heads
	headsRead bool
}

func newView(set *results.Set, rows []results.SummaryRow, opt ReportOptions) *view {
	v := &view{
		opt:     opt,
		set:     set,
		rows:    make(map[rowKey]results.SummaryRow, len(rows)),
		designs: slices.Clone(set.Manifest.Designs),
		metrics: make(map[string]bool),
		regimes: opt.Regimes,
	}
	if v.regimes == nil {
		v.regimes = Regimes(set)
	}
	seenPoint := make(map[int]bool)
	for _, r := range rows {
		v.rows[rowKey{r.Point, r.Design, r.Metric}] = r
		v.metrics[r.Metric] = true
		if !slices.Contains(v.designs, r.Design) {
			v.designs = append(v.designs, r.Design)
		}
		if r.Baseline != "" && v.baseline == "" {
			v.baseline = r.Baseline
		}
		if !seenPoint[r.Point] {
			seenPoint[r.Point] = true
			v.points = append(v.points, results.Point{Index: r.Point, Params: r.Params})
		}
	}
	sort.Slice(v.points, func(a, b int) bool { return v.points[a].Index < v.points[b].Index })
	if v.baseline == "" {
		v.baseline = set.Manifest.Baseline
	}
	if v.baseline == "" && len(v.designs) > 0 {
		v.baseline = v.designs[0]
	}
	cells := make(map[rowKey]int)
	for _, r := range set.Records {
		k := rowKey{point: r.Point, design: r.Design}
		cells[k]++
		v.reps = max(v.reps, cells[k])
	}
	v.params = sweepParams(v.points)
	for _, p := range v.params {
		if p.Distinct > 1 {
			v.varying = append(v.varying, p)
		}
	}
	v.focus, v.focusMissed = v.chooseFocus()
	return v
}

// chooseFocus is the point single-point figures and tables are drawn at:
// the one opt.Focus names, otherwise the largest value of a one-parameter
// numeric sweep (where differences between designs are usually largest),
// otherwise the last point. missed says opt.Focus named a point the Set
// does not have.
func (v *view) chooseFocus() (p results.Point, missed bool) {
	if len(v.points) == 0 {
		return results.Point{}, false
	}
	if len(v.opt.Focus) > 0 {
		for _, p := range v.points {
			if hasParams(p.Params, v.opt.Focus) {
				return p, false
			}
		}
		missed = true
	}
	p = v.points[len(v.points)-1]
	if len(v.varying) == 1 && v.varying[0].Value != nil {
		best := math.Inf(-1)
		for _, q := range v.points {
			if x := v.varying[0].Value[q.Index]; x > best {
				best, p = x, q
			}
		}
	}
	return p, missed
}

// hasParams reports whether params include every one of want.
func hasParams(params, want []results.Param) bool {
	for _, w := range want {
		if !slices.Contains(params, w) {
			return false
		}
	}
	return true
}

// numberUnit splits "4/day", "1.5h" or "20" into the number and what
// follows it, so that sweeps written with units still plot as numbers.
var numberUnit = regexp.MustCompile(`^\s*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)\s*(.*?)\s*$`)

func sweepParams(points []results.Point) []sweepParam {
	if len(points) == 0 {
		return nil
	}
	var out []sweepParam
	for j, first := range points[0].Params {
		sp := sweepParam{Name: first.Name, Text: make(map[int]string), Value: make(map[int]float64)}
		unit, numeric := "", true
		distinct := make(map[string]bool)
		for i, p := range points {
			if j >= len(p.Params) {
				numeric = false
				continue
			}
			val := p.Params[j].Value
			sp.Text[p.Index] = val
			distinct[val] = true
			m := numberUnit.FindStringSubmatch(val)
			if m == nil {
				numeric = false
				continue
			}
			x, err := strconv.ParseFloat(m[1], 64)
			if err != nil || (i > 0 && m[2] != unit) {
				numeric = false
				continue
			}
			unit = m[2]
			sp.Value[p.Index] = x
		}
		sp.Distinct = len(distinct)
		sp.Label = paramLabel(first.Name)
		if !numeric {
			sp.Value = nil
		} else if unit != "" {
			sp.Label += " (" + unit + ")"
		}
		out = append(out, sp)
	}
	return out
}

// paramLabel turns a scenario path into words: the leading section
// ("org.", "services.") says where the key lives, not what it is.
func paramLabel(path string) string {
	parts := strings.Split(path, ".")
	switch {
	case len(parts) > 2 && isIndex(parts[1]):
		// An element of an array of tables: "schedule.0.incident_rate"
		// reads "schedule #1 incident rate", not "0 incident rate".
		n, _ := strconv.Atoi(parts[1])
		parts = append([]string{parts[0], "#" + strconv.Itoa(n+1)}, parts[2:]...)
	case len(parts) > 1:
		parts = parts[1:]
	}
	return strings.ReplaceAll(strings.Join(parts, " "), "_", " ")
}

func isIndex(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0
}

// pointLabel describes a point for titles, e.g. "product teams = 40"; ""
// when there is no sweep.
func (v *view) pointLabel(p results.Point) string {
	var parts []string
	for _, q := range p.Params {
		parts = append(parts, paramLabel(q.Name)+" = "+q.Value)
	}
	return strings.Join(parts, ", ")
}

// at returns " at <point>" for titles of sweeps, "" otherwise.
func (v *view) at(p results.Point) string {
	if len(v.varying) == 0 {
		return ""
	}
	return " at " + v.pointLabel(p)
}

func (v *view) row(point int, design, metric string) (results.SummaryRow, bool) {
	r, ok := v.rows[rowKey{point, design, metric}]
	return r, ok
}

// interval returns a row's mean and CI in display units, NaN if absent.
func (v *view) interval(point int, design, metric string) charts.Interval {
	r, ok := v.row(point, design, metric)
	if !ok {
		return charts.Interval{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	}
	s := Describe(metric).Scale
	return charts.Interval{Mean: r.Mean * s, Lo: r.Lo * s, Hi: r.Hi * s}
}

// present filters names to the metrics the summary has rows for.
func (v *view) present(names []string) []string {
	var out []string
	for _, n := range names {
		if v.metrics[n] {
			out = append(out, n)
		}
	}
	return out
}

func (v *view) replications() string {
	if v.reps == 1 {
		return "1 replication"
	}
	return fmt.Sprintf("%d replications", v.reps)
}

// betterHigher lists, in words, which of names are better when higher, for
// captions: the default reading is "lower is better".
func betterHigher(names []string) string {
	var hi, none []string
	for _, n := range names {
		switch info := Describe(n); {
		case neutral(n):
			none = append(none, info.Label)
		case info.HigherIsBetter:
			hi = append(hi, info.Label)
		}
	}
	s := "Lower is better for every metric shown"
	if len(hi) > 0 {
		s = "Lower is better, except for " + joinAnd(hi)
	}
	if len(none) > 0 {
		s += "; neither way is better for " + joinAnd(none)
	}
	return s + "."
}
