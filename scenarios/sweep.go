package scenarios

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/opsim/opsim/models"
)

// SweepParam is one [sweep] entry: a field of the scenario and the values
// it takes. Path is the field's dotted path ("org.product_teams",
// "design.centralized.ops_team_size", "incidents.severity.0.share");
// Values are as TOML decoded them: int64, float64, string or bool.
type SweepParam struct {
	Path   string
	Values []any
}

// Point is one cell of the sweep grid. Index numbers the points in the
// order Points returns them, so runs and results can refer to a point by a
// number that stays stable while the file does.
type Point struct {
	Index  int
	Params []Param
}

// Param is a swept field at a point, formatted for people and CSV columns
// ("20", "0.15", "4/day") rather than as a Go value.
type Param struct{ Name, Value string }

// Points lists the sweep grid in row-major order of Sweep: the first
// parameter varies slowest, as nested loops written in file order would.
// Without a sweep there is one point with no parameters, so callers need no
// special case.
func (s *Scenario) Points() []Point {
	if len(s.Sweep) == 0 {
		return []Point{{Index: 0}}
	}
	n := s.gridSize()
	points := make([]Point, n)
	for i := range points {
		choice := s.choice(i)
		params := make([]Param, len(s.Sweep))
		for j, sp := range s.Sweep {
			params[j] = Param{Name: sp.Path, Value: formatValue(sp.Values[choice[j]])}
		}
		points[i] = Point{Index: i, Params: params}
	}
	return points
}

func (s *Scenario) gridSize() int {
	n := 1
	for _, sp := range s.Sweep {
		n *= len(sp.Values)
	}
	return n
}

// choice decomposes a point index into one value index per parameter.
func (s *Scenario) choice(i int) []int {
	out := make([]int, len(s.Sweep))
	for j := len(s.Sweep) - 1; j >= 0; j-- {
		n := len(s.Sweep[j].Values)
		out[j] = i % n
		i /= n
	}
	return out
}

// formatValue writes a swept value the way a person would read it in a
// table: durations and rates as written, numbers in their shortest form.
func formatValue(v any) string {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

// describeValue is formatValue with strings quoted, for error messages in
// which a bare 20m or an empty string would be unreadable.
func describeValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return formatValue(v)
}

// At returns the organisation and designs at a sweep point, with the
// point's values applied to the file as written and then converted and
// validated like the file itself. Values are applied to the file rather
// than to models values so that a swept field means exactly what the same
// key would mean in the file, defaults and all. Errors name the point.
func (s *Scenario) At(p Point) (models.Org, []models.Design, error) {
	if len(s.Sweep) == 0 {
		if p.Index != 0 {
			return models.Org{}, nil, fmt.Errorf("scenario %s has no sweep: point %d does not exist", s.File, p.Index)
		}
		return s.Org, append([]models.Design(nil), s.Designs...), nil
	}
	if p.Index < 0 || p.Index >= s.gridSize() {
		return models.Org{}, nil, fmt.Errorf("scenario %s: sweep point %d does not exist (there are %d)", s.File, p.Index, s.gridSize())
	}
	if s.tree == nil {
		return models.Org{}, nil, errors.New("scenarios: At needs a Scenario from Parse or Load")
	}
	tree := s.tree
	choice := s.choice(p.Index)
	var desc []string
	for j, sp := range s.Sweep {
		v := sp.Values[choice[j]]
		segs := strings.Split(sp.Path, ".")
		tree = withValue(withDefaults(tree, segs), segs, v)
		desc = append(desc, sp.Path+"="+formatValue(v))
	}
	c := newChecker(s.File, nil)
	comp := compile(c, tree, s.designOrder, defaultName(s.File))
	if errs := c.all(); len(errs) > 0 {
		suffix := fmt.Sprintf(" (at sweep point %d: %s)", p.Index, strings.Join(desc, ", "))
		for _, e := range errs {
			e.Msg += suffix
		}
		return models.Org{}, nil, errs.Err()
	}
	return comp.org, comp.designs, nil
}

// Configs expands every design at a sweep point, in design order: the
// configurations one replication of each design runs.
func (s *Scenario) Configs(p Point) ([]models.Config, error) {
	org, designs, err := s.At(p)
	if err != nil {
		return nil, err
	}
	out := make([]models.Config, 0, len(designs))
	for _, d := range designs {
		cfg, err := models.Expand(org, d)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.File, err)
		}
		cfg.MaxEvents = s.MaxEvents
		if err := s.eventsError(p, &cfg); err != nil {
			return nil, err
		}
		out = append(out, cfg)
	}
	return out, nil
}

// checkSweep validates the [sweep] table: every path must name a value of
// the schema present in this file, and every value must give a valid
// scenario on its own (the other parameters at the file's values), so that
// a bad value is reported at parse time on its sweep line rather than hours
// into a run. Combinations are checked by At.
func checkSweep(c *checker, s *Scenario, order []string) []SweepParam {
	raw, ok := s.tree["sweep"]
	if !ok {
		return nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return nil // the decoder reported the wrong type
	}
	base := c.problems()
	var params []SweepParam
	grid := 1
	for _, path := range order {
		key := []string{"sweep", path}
		add := func(format string, args ...any) { c.addKey(key, format, args...) }
		vals, isList := asList(m[path])
		if !isList {
			if _, isTable := m[path].(map[string]any); isTable {
				add(`a sweep key is a quoted path: write "%s.…" = [values], with the quotes`, path)
			} else {
				add("wrong type: expected a list of values, e.g. [5, 10, 20], found %s", tomlType(m[path]))
			}
			continue
		}
		if len(vals) == 0 {
			add("needs at least one value")
			continue
		}
		segs, _, err := resolve(s.tree, path, true)
		if err != nil {
			add("%v", err)
			continue
		}
		ok := true
		seen := map[string]bool{}
		for _, v := range vals {
			desc := describeValue(v)
			if seen[desc] {
				add("value %s is listed twice", desc)
				ok = false
				continue
			}
			seen[desc] = true
			for _, msg := range valueProblems(s, segs, v, base) {
				ok = false
				add("value %s: %s", desc, msg)
			}
		}
		if ok {
			grid *= len(vals)
			if grid > maxSweepPoints {
				add("the sweep grid would have more than %d points", maxSweepPoints)
				return nil
			}
			params = append(params, SweepParam{Path: path, Values: vals})
		}
	}
	return params
}

// sweepPaths lists the schema's value paths, for documentation and tests.
func sweepPaths() []string {
	var out []string
	var walk func(prefix string, t reflect.Type)
	walk = func(prefix string, t reflect.Type) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if isScalarType(t) {
			out = append(out, prefix)
			return
		}
		switch t.Kind() {
		case reflect.Struct:
			for _, name := range tagNames(t) {
				walk(joinPath(prefix, name), t.Field(fieldsByTag(t)[name]).Type)
			}
		case reflect.Map:
			walk(joinPath(prefix, "NAME"), t.Elem())
		case reflect.Slice:
			if t.Elem().Kind() == reflect.Struct {
				walk(joinPath(prefix, "N"), t.Elem())
			}
		}
	}
	walk("", reflect.TypeOf(fileTOML{}))
	sort.Strings(out)
	return out
}
