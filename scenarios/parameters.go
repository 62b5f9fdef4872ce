package scenarios

import (
	"maps"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Parameter is one value a scenario uses, written in its file or taken
// from the documented default: what a report lists with its source, and
// what opsim sensitivity varies.
type Parameter struct {
	// Path is the dotted path --set and [sweep] take, e.g.
	// "design.centralized.ops_runbooks" or "incidents.severity.0.share".
	Path string
	// Key is the reference's entry for the value; a distribution's
	// parameter has its DIST entry ("DIST.median").
	Key Key
	// Source is where the documented default comes from: the key's own,
	// or, for a value inside a table or a distribution, the table's.
	Source string
	// Value is the value as a scenario writes it: "0.5", "15m",
	// "0.3/week", "lognormal"; for a list left to its default, the
	// reference's description of it.
	Value string
	// Explicit says the file writes the value; otherwise it is the default.
	Explicit bool
	// Default is the documented default as a scenario would write it, when
	// the reference gives one, so that an explicit value can be told apart
	// from the default it repeats.
	Default string
	// Kind is how the value can vary: KindInteger, KindNumber,
	// KindDuration or KindRate; "" for one that cannot (a string, a
	// boolean, a list).
	Kind string
	// Number is the value in Unit: a duration in the unit it is written
	// in (7.5 for "7.5m", Unit "m"), a rate per its period (0.3 for
	// "0.3/week", Unit "/week"), a plain number as it is.
	Number float64
	Unit   string
	// Variable says --set can change the value: a list of tables left to
	// its default cannot be indexed, so its values cannot vary one by one.
	Variable bool

	order int // the reference's position of the key, for sorting
}

// Provenance says where the scenario's value comes from: the documented
// default's source, or, for a value the file sets to something else, that
// it is the scenario's own.
func (p Parameter) Provenance() string {
	if p.Explicit && p.Default != "" && p.Value != p.Default {
		return "the scenario's own value (default " + p.Default + ": " + p.Source + ")"
	}
	return p.Source
}

// Kinds of parameters that vary.
const (
	KindInteger  = "integer"
	KindNumber   = "number"
	KindDuration = "duration"
	KindRate     = "rate"
)

// experimentKeys describe the experiment, not the organisation: they are
// neither calibration nor assumptions about it. The tables at the end say
// how the results are shown or explored.
var experimentKeys = map[string]bool{
	"name": true, "horizon": true, "warmup": true, "replications": true, "seed": true, "baseline": true,
	"max_events": true, "report": true, "sweep": true, "sensitivity": true, "workshop": true,
}

// offTables are mechanisms that are off unless their table is written:
// their defaults describe nothing the scenario uses.
var offTables = map[string]bool{"deploy": true, "change": true, "coordination": true, "costs": true}

// switches are mechanisms that are off unless one of these keys of their
// table is above zero (the reference says so in their intros): while they
// are off, their other values describe nothing the scenario uses.
var switches = map[string][]string{
	"prevention": {"action_items", "recurrence", "automate_every"},
	"fatigue":    {"penalty", "attrition"},
}

// switchedOff reports whether table's mechanism is off in the decoded
// scenario eff.
func switchedOff(eff map[string]any, table string) bool {
	keys, ok := switches[table]
	if !ok {
		return false
	}
	t, _ := eff[table].(map[string]any)
	for _, k := range keys {
		switch v := t[k].(type) {
		case int64:
			if v > 0 {
				return false
			}
		case float64:
			if v > 0 {
				return false
			}
		}
	}
	return true
}

// Parameters lists every value the scenario uses, written or by default,
// in the reference's order: the organisation's values with the source of
// each default. The experiment's own keys (horizon, replications, ...),
// [report], [sweep] and [sensitivity] are left out, and so are the
// mechanisms the file leaves off ([deploy], [change], [coordination],
// [costs] unless written; [prevention] and [fatigue] unless switched on)
// and the design keys a design's preset does not read. A list of
// tables left to its default ([[incidents.severity]]) is one parameter.
func (s *Scenario) Parameters() []Parameter {
	if s.tree == nil {
		return nil
	}
	f := &fileTOML{}
	f.setDefaults()
	(&decoder{c: newChecker("", nil)}).value("", s.tree, reflect.ValueOf(f).Elem())
	eff, _ := toTree(reflect.ValueOf(f)).(map[string]any)
	ref := referenceIndex()
	var out []Parameter
	var walk func(segs []string, v any)
	walk = func(segs []string, v any) {
		path := strings.Join(segs, ".")
		switch x := v.(type) {
		case map[string]any:
			if raw, ok := valueAt(s.tree, segs).(string); ok && len(segs) > 0 {
				// A distribution written as a plain duration varies as one.
				out = append(out, s.parameter(segs, raw, ref))
				return
			}
			for _, k := range slices.Sorted(maps.Keys(x)) {
				walk(append(slices.Clip(segs), k), x[k])
			}
		case []any:
			if len(x) == 0 {
				return
			}
			if _, tables := x[0].(map[string]any); !tables {
				out = append(out, s.parameter(segs, v, ref))
				return
			}
			if !present(s.tree, segs) {
				p := s.parameter(segs, v, ref)
				p.Value = p.Key.Default
				out = append(out, p)
				return
			}
			for i, item := range x {
				walk(append(slices.Clip(segs), strconv.Itoa(i)), item)
			}
		case nil:
		default:
			if path != "" {
				out = append(out, s.parameter(segs, v, ref))
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(eff)) {
		switch {
		case experimentKeys[k], k == "design":
			continue
		case offTables[k] && !present(s.tree, []string{k}), switchedOff(eff, k):
			continue
		}
		walk([]string{k}, eff[k])
	}
	out = append(out, s.designParameters(ref)...)
	slices.SortStableFunc(out, func(a, b Parameter) int { return a.order - b.order })
	return out
}

// designParameters are the design keys each design uses: those its file
// table writes and those its preset reads, at their documented defaults.
func (s *Scenario) designParameters(ref refIndex) []Parameter {
	var out []Parameter
	tables, _ := s.tree["design"].(map[string]any)
	for _, d := range s.Designs {
		raw, _ := tables[d.Name].(map[string]any)
		keys := slices.Clone(presetKeys[d.Preset])
		for k := range raw {
			if k != "preset" && !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			segs := []string{"design", d.Name, k}
			var v any
			if w, ok := raw[k]; ok {
				v = w
			} else if key, ok := ref.keys["design.NAME."+k]; ok && key.literal() {
				v = literalValue(key.Default)
			} else {
				continue
			}
			if _, tables := v.([]map[string]any); tables {
				continue // routes: the design's structure, not a value
			}
			out = append(out, s.parameter(segs, v, ref))
		}
	}
	return out
}

// sameValue reports whether a decoded value and a literal mean the same
// duration, rate or number ("8h" and "1pd").
func sameValue(v, lit any) bool {
	a, aok := v.(string)
	b, bok := lit.(string)
	if !aok || !bok {
		return false
	}
	if x, err := ParseDuration(a); err == nil {
		y, err := ParseDuration(b)
		return err == nil && x == y
	}
	if x, err := ParseRate(a); err == nil {
		y, err := ParseRate(b)
		return err == nil && x == y
	}
	return false
}

// literalValue decodes a reference default written as a TOML literal.
func literalValue(lit string) any {
	if n, err := strconv.ParseInt(lit, 10, 64); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(lit, 64); err == nil {
		return f
	}
	if b, err := strconv.ParseBool(lit); err == nil {
		return b
	}
	return unquote(lit)
}

// parameter describes the value v at segs.
func (s *Scenario) parameter(segs []string, v any, ref refIndex) Parameter {
	path := strings.Join(segs, ".")
	p := Parameter{Path: path, Explicit: present(s.tree, segs)}
	p.Key, p.Source, p.order = ref.lookup(segs)
	if p.Explicit {
		if raw := valueAt(s.tree, segs); raw != nil {
			v = raw
		}
	}
	p.Value = formatValue(v)
	if _, isList := v.([]any); isList {
		p.Value = tomlInline(v)
	}
	if p.Key.literal() && !strings.HasPrefix(p.Key.Default, "{") {
		p.Default = formatValue(literalValue(p.Key.Default))
		if !p.Explicit && p.Default != p.Value && sameValue(v, literalValue(p.Key.Default)) {
			// The default as the reference writes it ("1pd"), not as the
			// decoder gives it back ("8h").
			v, p.Value = literalValue(p.Key.Default), p.Default
		}
	}
	_, leaf, err := resolve(s.tree, path, true)
	if err != nil {
		return p
	}
	p.Variable = true
	switch {
	case leaf == reflect.TypeOf(Duration(0)) || leaf == reflect.TypeOf(switchCost{}):
		if text, ok := v.(string); ok {
			if p.Number, p.Unit, ok = durationInUnit(text); ok {
				p.Kind = KindDuration
			}
		}
	case leaf == reflect.TypeOf(Rate(0)):
		if text, ok := v.(string); ok {
			if p.Number, p.Unit, ok = rateInUnit(text); ok {
				p.Kind = KindRate
			}
		}
	case leaf.Kind() == reflect.Int || leaf.Kind() == reflect.Int64:
		if n, ok := v.(int64); ok {
			p.Kind, p.Number = KindInteger, float64(n)
		}
	case leaf.Kind() == reflect.Float64:
		switch n := v.(type) {
		case int64:
			p.Kind, p.Number = KindNumber, float64(n)
		case float64:
			p.Kind, p.Number = KindNumber, n
		}
	}
	return p
}

// oneUnit matches a duration written as one amount and one unit ("7.5m").
var oneUnit = regexp.MustCompile(`^\s*([0-9]*\.?[0-9]+)\s*([a-z]+)\s*$`)

// durationInUnit reads a duration in the unit it is written in, so that a
// varied value reads like the file's ("22.5m", not "0.375h"); compound
// durations ("1h30m") are read in hours.
func durationInUnit(text string) (float64, string, bool) {
	if m := oneUnit.FindStringSubmatch(text); m != nil {
		if _, known := durationUnits[m[2]]; known {
			n, err := strconv.ParseFloat(m[1], 64)
			return n, m[2], err == nil
		}
	}
	d, err := ParseDuration(text)
	return d.Hours(), "h", err == nil
}

// rateInUnit reads a rate per the period it is written with: 0.3 and
// "/week" for "0.3/week".
func rateInUnit(text string) (float64, string, bool) {
	if _, err := ParseRate(text); err != nil {
		return 0, "", false
	}
	count, per, found := strings.Cut(text, "/")
	if !found {
		return 0, "/h", true // "0"
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(count), 64)
	return n, "/" + strings.TrimSpace(per), err == nil
}

// Format writes x, in the parameter's unit, as --set and a scenario file
// take it: "0.75", "8", "22.5m", "0.45/week".
func (p Parameter) Format(x float64) string {
	if p.Kind == KindInteger {
		return strconv.FormatInt(int64(math.Round(x)), 10)
	}
	// Six significant digits: a bisected value needs no more, and the
	// text stays readable in tables and file names.
	s := strconv.FormatFloat(x, 'g', 6, 64)
	if strings.ContainsAny(s, "e") {
		s = strconv.FormatFloat(x, 'f', -1, 64)
	}
	return s + p.Unit
}

// Bounds are the values the parameter can take, in its unit: the
// reference's minimum and maximum for numbers (a probability stays within
// 0 and 1), zero and above for durations and rates.
func (p Parameter) Bounds() (lo, hi float64) {
	lo, hi = math.Inf(-1), math.Inf(1)
	if p.Kind == KindDuration || p.Kind == KindRate {
		lo = 0
	}
	if p.Key.Min != nil {
		lo = *p.Key.Min
	}
	if p.Key.Max != nil {
		hi = *p.Key.Max
	}
	return lo, hi
}

// Range is the range opsim sensitivity varies the parameter over, in its
// unit, and what it comes from: the plausible range the reference
// documents (widened to the scenario's value if that lies outside it), or
// the value ± spread (0.5 for ±50%), within Bounds and, for an integer,
// rounded to whole values. lo == hi means nothing to vary (a value of 0
// with no documented range).
func (p Parameter) Range(spread float64) (lo, hi float64, from string) {
	blo, bhi := p.Bounds()
	if r := p.Key.Range; len(r) == 2 && p.Unit == "" {
		lo, hi, from = math.Min(r[0], p.Number), math.Max(r[1], p.Number), "the reference's plausible range"
	} else {
		lo, hi = p.Number*(1-spread), p.Number*(1+spread)
		from = "±" + strconv.FormatFloat(100*spread, 'f', -1, 64) + "%"
	}
	lo, hi = math.Max(lo, blo), math.Min(hi, bhi)
	if p.Kind == KindInteger {
		// Whole values inside the range: ±50% of 3 is 2 to 4.
		lo, hi = math.Ceil(lo-1e-9), math.Floor(hi+1e-9)
	}
	return lo, hi, from
}

// refIndex finds the reference's entry of a value's path.
type refIndex struct {
	keys  map[string]Key
	order map[string]int
}

func referenceIndex() refIndex {
	ix := refIndex{keys: map[string]Key{}, order: map[string]int{}}
	for _, s := range Reference {
		for _, k := range s.Keys {
			ix.order[k.Path] = len(ix.keys)
			ix.keys[k.Path] = k
		}
	}
	return ix
}

// lookup returns the entry of the value at segs, the source of its
// default (its own, or that of the nearest enclosing key that has one: the
// distribution table of a median, the severity list of a share) and the
// position in the reference that lists it where a reader looks for it
// (a distribution's parameters with their table, not with DIST).
func (ix refIndex) lookup(segs []string) (key Key, source string, order int) {
	generic := genericPath(segs)
	found, ordered := false, false
	for n := len(generic); n > 0; n-- {
		path := strings.Join(generic[:n], ".")
		k, ok := ix.keys[path]
		if !ok {
			k, ok = ix.keys[strings.TrimSuffix(path, "[]")]
		}
		if !ok && n == len(generic) && n > 1 {
			// A distribution's own parameters are documented once.
			if parent, isDist := ix.keys[strings.Join(generic[:n-1], ".")]; isDist && parent.Type == TypeDistribution {
				key, found = ix.keys["DIST."+generic[n-1]], true
			}
			continue
		}
		if !ok {
			continue
		}
		if !found {
			key, found = k, true
		}
		if !ordered {
			order, ordered = ix.order[k.Path], true
		}
		if k.Source != "" {
			source = k.Source
			break
		}
	}
	if !found {
		key = Key{Path: strings.Join(generic, ".")}
	}
	return key, source, order
}
