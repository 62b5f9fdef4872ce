package scenarios

import (
	"bytes"
	"encoding"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
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

// unsweepable are top-level keys that describe the experiment rather than
// the organisation: a sweep point cannot change them.
var unsweepable = map[string]bool{"name": true, "replications": true, "seed": true, "baseline": true, "max_events": true}

// resolve checks that a dotted path names a number, string or boolean
// field of the schema that this file can hold (designs and [[array]]
// elements must be written in the file), and returns its key parts and Go
// type. Errors suggest the closest valid path.
func resolve(tree map[string]any, path string, sweep bool) ([]string, reflect.Type, error) {
	segs := strings.Split(path, ".")
	if segs[0] == "sweep" {
		return nil, nil, errors.New("the sweep itself cannot be changed this way")
	}
	if sweep && segs[0] == "report" {
		return nil, nil, errors.New("report describes how the results are shown, not the organisation, and cannot be swept")
	}
	if sweep && segs[0] == "sensitivity" {
		return nil, nil, errors.New("sensitivity describes what opsim sensitivity varies, not the organisation, and cannot be swept")
	}
	if sweep && segs[0] == "workshop" {
		return nil, nil, errors.New("workshop describes what the live page offers, not the organisation, and cannot be swept")
	}
	if sweep && unsweepable[segs[0]] && len(segs) == 1 {
		return nil, nil, fmt.Errorf("%s describes the experiment, not the organisation, and cannot be swept", segs[0])
	}
	t := reflect.TypeOf(fileTOML{})
	var node any = tree
	for i, seg := range segs {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		sofar := strings.Join(segs[:i], ".")
		switch {
		case isScalarType(t):
			return nil, nil, fmt.Errorf("%s is a value, not a table: it has no %q", sofar, seg)
		case t.Kind() == reflect.Struct:
			idx, ok := fieldsByTag(t)[seg]
			if !ok {
				msg := fmt.Sprintf("unknown field %q", joinPath(sofar, seg))
				if sug, ok := suggest(seg, tagNames(t)); ok {
					msg += fmt.Sprintf(" (did you mean %q?)", joinPath(sofar, sug))
				} else {
					msg += fmt.Sprintf(" (fields of %s: %s)", orTop(sofar), strings.Join(tagNames(t), ", "))
				}
				return nil, nil, errors.New(msg)
			}
			t = t.Field(idx).Type
			node = child(node, seg)
		case t.Kind() == reflect.Map:
			m, _ := node.(map[string]any)
			if _, ok := m[seg]; !ok {
				names := slices.Sorted(maps.Keys(m))
				msg := fmt.Sprintf("no design named %q in the file", seg)
				if sug, ok := suggest(seg, names); ok {
					msg += fmt.Sprintf(" (did you mean %q?)", sug)
				} else if len(names) > 0 {
					msg += fmt.Sprintf(" (designs: %s)", strings.Join(names, ", "))
				}
				return nil, nil, errors.New(msg)
			}
			t = t.Elem()
			node = m[seg]
		case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
			items, _ := asList(node)
			n, err := strconv.Atoi(seg)
			if err != nil || n < 0 {
				return nil, nil, fmt.Errorf("%s is a list of tables: the next part must be an index, e.g. %s.0", sofar, sofar)
			}
			if n >= len(items) {
				if len(items) == 0 {
					return nil, nil, fmt.Errorf("the file has no [[%s]] tables to index", sofar)
				}
				return nil, nil, fmt.Errorf("index %d is out of range: the file has %d [[%s]] tables (0 to %d)", n, len(items), sofar, len(items)-1)
			}
			t = t.Elem()
			node = items[n]
		default:
			return nil, nil, fmt.Errorf("%s is a list of values; it cannot be changed one element at a time", sofar)
		}
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeOf(distTOML{}) {
		// A distribution can be set as a whole to a fixed duration.
		return segs, reflect.TypeOf(Duration(0)), nil
	}
	if !isScalarType(t) {
		what := "a table"
		if t.Kind() == reflect.Slice {
			what = "a list"
		}
		msg := fmt.Sprintf("%s is %s, not a single value", path, what)
		if t.Kind() == reflect.Struct {
			msg += fmt.Sprintf("; name one of its fields: %s", strings.Join(tagNames(t), ", "))
		}
		return nil, nil, errors.New(msg)
	}
	return segs, t, nil
}

func orTop(s string) string {
	if s == "" {
		return "the top level"
	}
	return s
}

func isScalarType(t reflect.Type) bool {
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return true
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int64, reflect.Float64, reflect.String, reflect.Bool:
		return true
	}
	return false
}

func child(node any, key string) any {
	m, _ := node.(map[string]any)
	return m[key]
}

// withValue returns a copy of the tree with the value at segs set, creating
// tables that the file leaves to their defaults. The original is untouched:
// sweep points and overrides must not leak into each other.
func withValue(tree map[string]any, segs []string, v any) map[string]any {
	root := copyValue(tree).(map[string]any)
	var node any = root
	for _, seg := range segs[:len(segs)-1] {
		switch n := node.(type) {
		case map[string]any:
			next, ok := n[seg]
			switch next.(type) {
			case map[string]any, []map[string]any, []any:
			default:
				ok = false
			}
			if !ok {
				next = map[string]any{}
				n[seg] = next
			}
			node = next
		case []map[string]any:
			i, _ := strconv.Atoi(seg)
			if i < 0 || i >= len(n) {
				return root
			}
			node = n[i]
		case []any:
			i, _ := strconv.Atoi(seg)
			if i < 0 || i >= len(n) {
				return root
			}
			node = n[i]
		default:
			return root
		}
	}
	if m, ok := node.(map[string]any); ok {
		m[segs[len(segs)-1]] = v
	}
	return root
}

func copyValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = copyValue(e)
		}
		return out
	case []map[string]any:
		out := make([]map[string]any, len(x))
		for i, e := range x {
			out[i] = copyValue(e).(map[string]any)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = copyValue(e)
		}
		return out
	}
	return v
}

func present(tree map[string]any, segs []string) bool {
	var node any = tree
	for _, seg := range segs {
		switch n := node.(type) {
		case map[string]any:
			next, ok := n[seg]
			if !ok {
				return false
			}
			node = next
		default:
			items, ok := asList(n)
			i, err := strconv.Atoi(seg)
			if !ok || err != nil || i < 0 || i >= len(items) {
				return false
			}
			node = items[i]
		}
	}
	return true
}

// Override applies command-line `--set PATH=VALUE` overrides to a scenario's
// text, before it is parsed: "org.product_teams=20",
// "services.coupling=0.05", "work.context_switch=30m",
// "design.collective.interrupts=shield". Values are written as on a command
// line, without TOML quotes.
//
// The text is edited in place where it can be (the value on its line
// replaced, or a missing key added under its table), so the comments, the
// order and the line numbers of the file survive into the run's manifest;
// only if that fails is the file rewritten from its decoded form. Unknown
// paths, bad values and the problems the new values cause are reported
// naming the --set flag.
func Override(file string, src []byte, sets []string) ([]byte, error) {
	if len(sets) == 0 {
		return src, nil
	}
	if err := checkInput(file, src); err != nil {
		return nil, err
	}
	tree, _, err := decodeTree(src)
	if err != nil {
		return nil, tomlErrors(file, err)
	}
	swept, _ := tree["sweep"].(map[string]any)
	var errs Errors
	type applied struct{ set, path string }
	var done []applied
	ed := &textEditor{text: src}
	for _, set := range sets {
		flag := "--set " + set
		bad := func(format string, args ...any) {
			errs = append(errs, &Error{File: file, Field: flag, Msg: fmt.Sprintf(format, args...)})
		}
		path, raw, ok := strings.Cut(set, "=")
		path, raw = strings.TrimSpace(path), strings.TrimSpace(raw)
		if !ok || path == "" {
			bad("want PATH=VALUE, e.g. --set org.product_teams=20")
			continue
		}
		segs, leaf, err := resolve(tree, path, false)
		if err != nil {
			bad("%v", err)
			continue
		}
		if _, isSwept := swept[path]; isSwept {
			bad("%s is swept in [sweep], which would override this at every point: change the sweep instead", path)
			continue
		}
		v, err := commandLineValue(path, raw, leaf)
		if err != nil {
			bad("%v", err)
			continue
		}
		next := withValue(withDefaults(tree, segs), segs, v)
		ed.set(tree, next, segs)
		tree = next
		done = append(done, applied{set: set, path: path})
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	out := ed.text
	if _, err := Parse(file, out); err != nil {
		var es Errors
		if !errors.As(err, &es) {
			return nil, err
		}
		// A problem in a field no --set names (the warm-up, when --set
		// shortened the horizon) is still the overrides' doing unless the
		// file has it as written: say which flags were given.
		var before map[string]bool
		given := func(e *Error) bool {
			if before == nil {
				before = map[string]bool{}
				var orig Errors
				if _, err := Parse(file, src); errors.As(err, &orig) {
					for _, o := range orig {
						before[o.Field+"\x00"+o.Msg] = true
					}
				}
			}
			return before[e.Field+"\x00"+e.Msg]
		}
		flags := make([]string, len(done))
		for i, a := range done {
			flags[i] = "--set " + a.set
		}
		mapped := make(Errors, 0, len(es))
		for _, e := range es {
			m := *e
			attributed := false
			for i := len(done) - 1; i >= 0 && !attributed; i-- {
				a := done[i]
				if e.Field != "" && related(e.Field, a.path) {
					m = Error{File: file, Field: "--set " + a.set, Msg: e.Msg}
					if e.Field != a.path {
						m.Msg = e.Field + ": " + e.Msg
					}
					attributed = true
				}
			}
			if !attributed {
				m.Line = ed.originalLine(e.Line)
				if !given(e) {
					m.Msg += " (with " + strings.Join(flags, ", ") + ")"
				}
			}
			mapped = append(mapped, &m)
		}
		return nil, mapped.Err()
	}
	return out, nil
}

// commandLineValue reads a --set value as the field's type wants it: a
// shell user should not need TOML quotes around "30m".
func commandLineValue(path, raw string, leaf reflect.Type) (any, error) {
	var v any
	switch {
	case leaf.Kind() == reflect.String || reflect.PointerTo(leaf).Implements(textUnmarshalerType):
		v = unquote(raw)
	case leaf.Kind() == reflect.Int || leaf.Kind() == reflect.Int64:
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bad value %q: %s wants an integer", raw, path)
		}
		v = n
	case leaf.Kind() == reflect.Float64:
		if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
			v = n // written back as the user typed it, "3" rather than "3.0"
			break
		}
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("bad value %q: %s wants a number", raw, path)
		}
		v = f
	case leaf.Kind() == reflect.Bool:
		switch raw {
		case "true":
			v = true
		case "false":
			v = false
		default:
			return nil, fmt.Errorf("bad value %q: %s wants true or false", raw, path)
		}
	}
	c := newChecker("", nil)
	(&decoder{c: c}).value(path, v, reflect.New(leaf).Elem())
	if len(c.own) > 0 {
		return nil, fmt.Errorf("bad value %q: %s", raw, c.own[0].Msg)
	}
	return v, nil
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		return s[1 : len(s)-1]
	}
	return s
}

// textEditor edits TOML text so that it decodes to a wanted tree, keeping
// everything else byte for byte. Every edit is checked by decoding the
// result and comparing it with the wanted tree, so a clever edit can never
// change more than asked; when no edit passes, the file is re-encoded.
type textEditor struct {
	text      []byte
	inserted  []int // lines of the current text that were added
	rewritten bool
}

// originalLine maps a line of the edited text back to the file as the user
// has it, so errors not caused by a --set still point at the right line.
func (ed *textEditor) originalLine(line int) int {
	if ed.rewritten || line == 0 {
		return 0
	}
	n := line
	for _, l := range ed.inserted {
		if l == line {
			return 0
		}
		if l < line {
			n--
		}
	}
	return n
}

func (ed *textEditor) set(cur, next map[string]any, segs []string) {
	ix := indexKeys(ed.text)
	lines := strings.SplitAfter(string(ed.text), "\n")
	ok := func(cand string) bool {
		t, _, err := decodeTree([]byte(cand))
		return err == nil && reflect.DeepEqual(t, next)
	}
	accept := func(cand string, at, n int) bool { // n lines inserted at line at
		if !ok(cand) {
			return false
		}
		ed.text = []byte(cand)
		for i := 0; i < n; i++ {
			ed.shift(at + i)
			ed.inserted = append(ed.inserted, at+i)
		}
		return true
	}
	if present(cur, segs) {
		key := segs[len(segs)-1]
		if l := ix.lineOfIndexed(segs); l >= 1 && l <= len(lines) {
			line := lines[l-1]
			for _, span := range valueSpans(line, key) {
				edited := line[:span[0]] + tomlInline(valueAt(next, segs)) + line[span[1]:]
				if accept(strings.Join(lines[:l-1], "")+edited+strings.Join(lines[l:], ""), 0, 0) {
					return
				}
			}
		}
	} else {
		// Write the shallowest part of the path the file does not have:
		// the key itself, or a whole table such as [response].
		k := len(segs) - 1
		for k > 0 && !present(cur, segs[:k]) {
			k--
		}
		parent, own := segs[:k], segs[:k+1]
		val := valueAt(next, own)
		newLine := keyText(own[k]) + " = " + tomlInline(val) + " # --set\n"
		insertAfter := func(l int) bool { // l = 0: at the top
			if l < 0 || l > len(lines) {
				return false
			}
			before := strings.Join(lines[:l], "")
			if before != "" && !strings.HasSuffix(before, "\n") {
				return false
			}
			return accept(before+newLine+strings.Join(lines[l:], ""), l+1, 1)
		}
		appendTable := func(table []string, body string) bool {
			text := string(ed.text)
			if text != "" && !strings.HasSuffix(text, "\n") {
				text += "\n"
			}
			n := strings.Count(text, "\n")
			add := "\n[" + toml.Key(table).String() + "]\n" + body
			return accept(text+add, n+1, strings.Count(add, "\n"))
		}
		if m, isTable := val.(map[string]any); isTable && !hasIndex(own) {
			var body strings.Builder
			for _, key := range slices.Sorted(maps.Keys(m)) {
				body.WriteString(keyText(key) + " = " + tomlInline(m[key]) + " # --set\n")
			}
			if appendTable(own, body.String()) {
				return
			}
		}
		if k == 0 {
			last := 0
			for key, v := range cur {
				switch v.(type) {
				case map[string]any, []map[string]any:
					continue
				}
				if l, found := ix.exact[joinKey([]string{key})]; found && l > last {
					last = l
				}
			}
			if last > 0 && insertAfter(last) || insertAfter(0) {
				return
			}
		} else if insertAfter(ix.lineOfIndexed(parent)) {
			return
		}
		if len(parent) > 0 && !hasIndex(parent) && appendTable(parent, newLine) {
			return
		}
	}
	var buf bytes.Buffer
	buf.WriteString("# Rewritten by --set, which could not edit the file in place; its comments are lost.\n")
	if err := toml.NewEncoder(&buf).Encode(next); err == nil {
		ed.text = buf.Bytes()
		ed.rewritten = true
	}
}

// valueAt returns the tree's value at segs, or nil.
func valueAt(tree map[string]any, segs []string) any {
	var node any = tree
	for _, seg := range segs {
		switch n := node.(type) {
		case map[string]any:
			node = n[seg]
		default:
			items, _ := asList(n)
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(items) {
				return nil
			}
			node = items[i]
		}
	}
	return node
}

// tomlInline writes a tree value as TOML on one line: inline tables for
// tables, so that a new distribution table fits on the line of its key.
func tomlInline(v any) string {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			return "{}"
		}
		parts := make([]string, 0, len(x))
		for _, k := range slices.Sorted(maps.Keys(x)) {
			parts = append(parts, keyText(k)+" = "+tomlInline(x[k]))
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = tomlInline(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return tomlScalar(v)
}

// withDefaults copies into the tree, along a path, a table the file leaves
// out whose default is replaced as a whole rather than key by key (the
// distribution tables): setting work.feature_size.p90 must change the
// default distribution's p90, not replace it by a table with p90 alone.
func withDefaults(tree map[string]any, segs []string) map[string]any {
	def := &fileTOML{}
	def.setDefaults()
	rv := reflect.ValueOf(def).Elem()
	var node any = tree
	for i, seg := range segs[:len(segs)-1] {
		for rv.Kind() == reflect.Pointer {
			if rv.IsNil() {
				return tree
			}
			rv = rv.Elem()
		}
		if rv.Kind() != reflect.Struct {
			return tree
		}
		idx, ok := fieldsByTag(rv.Type())[seg]
		if !ok {
			return tree
		}
		f := rv.Field(idx)
		m, _ := node.(map[string]any)
		child, given := m[seg]
		if !given && f.Kind() == reflect.Pointer && !f.IsNil() && f.Elem().Kind() == reflect.Struct {
			return withValue(tree, segs[:i+1], toTree(f))
		}
		node, rv = child, f
	}
	return tree
}

// toTree converts a schema value back to the form TOML decodes to.
func toTree(rv reflect.Value) any {
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if m, ok := rv.Interface().(encoding.TextMarshaler); ok {
		b, err := m.MarshalText()
		if err != nil {
			return nil
		}
		return string(b)
	}
	switch rv.Kind() {
	case reflect.Struct:
		out := map[string]any{}
		for name, i := range fieldsByTag(rv.Type()) {
			if v := toTree(rv.Field(i)); v != nil && !(rv.Field(i).Kind() == reflect.String && v == "") {
				out[name] = v
			}
		}
		return out
	case reflect.Slice:
		if rv.IsNil() {
			return nil
		}
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = toTree(rv.Index(i))
		}
		return out
	case reflect.Int, reflect.Int64:
		return rv.Int()
	case reflect.Float64:
		return rv.Float()
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return rv.Bool()
	}
	return nil
}

// shift moves recorded insertions at or after line l down by one.
func (ed *textEditor) shift(l int) {
	for i, x := range ed.inserted {
		if x >= l {
			ed.inserted[i]++
		}
	}
}

func hasIndex(segs []string) bool {
	for _, s := range segs {
		if _, err := strconv.Atoi(s); err == nil {
			return true
		}
	}
	return false
}

func keyText(key string) string {
	if bareKeyRE.MatchString(key) {
		return key
	}
	return tomlString(key)
}

// valueSpans finds where the value of key is written on a line: after
// `key =`, `"key" =` or `'key' =`, possibly inside an inline table or after
// a dotted prefix. Only one-line scalars are returned; anything else is
// left to the re-encoding fallback.
func valueSpans(line, key string) [][2]int {
	var spans [][2]int
	for _, form := range []string{key, tomlString(key), "'" + key + "'"} {
		for from := 0; ; {
			i := strings.Index(line[from:], form)
			if i < 0 {
				break
			}
			i += from
			from = i + 1
			if i > 0 && !strings.ContainsRune(" \t{,.", rune(line[i-1])) {
				continue
			}
			j := i + len(form)
			for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
				j++
			}
			if j >= len(line) || line[j] != '=' {
				continue
			}
			j++
			for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
				j++
			}
			if end, ok := scalarEnd(line, j); ok {
				spans = append(spans, [2]int{j, end})
			}
		}
	}
	return spans
}

func scalarEnd(line string, i int) (int, bool) {
	if i >= len(line) {
		return 0, false
	}
	switch {
	case strings.HasPrefix(line[i:], `"""`), strings.HasPrefix(line[i:], `'''`):
		return 0, false
	case line[i] == '"':
		for j := i + 1; j < len(line); j++ {
			switch line[j] {
			case '\\':
				j++
			case '"':
				return j + 1, true
			case '\n':
				return 0, false
			}
		}
		return 0, false
	case line[i] == '\'':
		if j := strings.IndexAny(line[i+1:], "'\n"); j >= 0 && line[i+1+j] == '\'' {
			return i + 1 + j + 1, true
		}
		return 0, false
	case line[i] == '[' || line[i] == '{':
		return 0, false
	}
	j := i
	for j < len(line) && !strings.ContainsRune(" \t,}#\r\n", rune(line[j])) {
		j++
	}
	return j, j > i
}

// tomlScalar writes a value as TOML. Floats always carry a '.' or an
// exponent so that they decode as floats again.
func tomlScalar(v any) string {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
		return s
	case bool:
		return strconv.FormatBool(x)
	case string:
		return tomlString(x)
	}
	return fmt.Sprint(v)
}

// tomlString quotes a basic string with TOML's escapes, which differ from
// Go's (no \x, no \a).
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
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
