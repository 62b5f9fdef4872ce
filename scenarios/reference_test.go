package scenarios

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// schemaPaths lists every key the schema types accept, as reference paths:
// "[]" for an array of tables' elements, NAME for a design, and a
// distribution's keys once, as DIST.key.
func schemaPaths() []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	var walk func(prefix string, t reflect.Type)
	walk = func(prefix string, t reflect.Type) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		for i := range t.NumField() {
			f := t.Field(i)
			tag := strings.Split(f.Tag.Get("toml"), ",")[0]
			if tag == "" || tag == "-" {
				continue
			}
			p := prefix + tag
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			add(p)
			switch {
			case ft == reflect.TypeOf(distTOML{}):
				walk("DIST.", ft)
			case ft.Kind() == reflect.Struct && ft.NumField() > 0 && ft.Field(0).Tag.Get("toml") != "":
				walk(p+".", ft)
			case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct && ft.Elem() != reflect.TypeOf(Duration(0)):
				walk(p+"[].", ft.Elem())
			case ft.Kind() == reflect.Map && ft.Elem().Kind() == reflect.Pointer:
				walk(p+".NAME.", ft.Elem())
			}
		}
	}
	walk("", reflect.TypeOf(fileTOML{}))
	return out
}

func referenceKeys() map[string]Key {
	out := map[string]Key{}
	for _, s := range Reference {
		for _, k := range s.Keys {
			out[k.Path] = k
		}
	}
	return out
}

// TestReferenceCoversSchema fails when a TOML key of the schema types has
// no reference entry, or an entry names no key.
func TestReferenceCoversSchema(t *testing.T) {
	ref := referenceKeys()
	paths := schemaPaths()
	if len(paths) < 100 {
		t.Fatalf("walked only %d keys: the walk is broken", len(paths))
	}
	for _, p := range paths {
		if _, ok := ref[p]; !ok {
			t.Errorf("key %s has no entry in Reference (scenarios/reference_keys.go)", p)
		}
	}
	for p := range ref {
		if !slices.Contains(paths, p) {
			t.Errorf("Reference documents %s, which the schema does not have", p)
		}
	}
}

// TestReferenceEntries: every entry says what it is and means, and every
// default of its own names its source (or says "assumption").
func TestReferenceEntries(t *testing.T) {
	types := []string{TypeString, TypeInteger, TypeNumber, TypeBoolean, TypeDuration, TypeRate, TypeDistribution, TypeSwitchCost,
		TypeTable, TypeArrayOfTables, TypeStringList, TypeIntegerList, TypeDurationList, TypeValueTable, TypeNumberTable, TypeSweep}
	for _, s := range Reference {
		if s.Title == "" || s.Intro == "" {
			t.Errorf("section %q lacks a title or an intro", s.Title)
		}
		for _, k := range s.Keys {
			if !slices.Contains(types, k.Type) || k.Meaning == "" {
				t.Errorf("%s: type %q, meaning %q", k.Path, k.Type, k.Meaning)
			}
			own := k.Default != "" && !strings.HasPrefix(k.Default, "required") && !strings.HasPrefix(k.Default, "[")
			if own && k.Source == "" {
				t.Errorf("%s: default %q names no source (a book, report, field study, convention, or \"assumption\")", k.Path, k.Default)
			}
		}
	}
}

// fieldAt follows a dotted path of toml tags through v.
func fieldAt(v reflect.Value, path string) (reflect.Value, bool) {
	for _, part := range strings.Split(path, ".") {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return v, false
			}
			v = v.Elem()
		}
		i, ok := fieldsByTag(v.Type())[part]
		if !ok {
			return v, false
		}
		v = v.Field(i)
	}
	return v, true
}

// TestReferenceDefaults: a default the reference writes as a TOML literal
// is the value the parser fills in when the key is absent. Keys in arrays
// of tables and designs get theirs per element; [report] defaults are the
// report's own (a cmd/opsim test checks those against package analysis).
func TestReferenceDefaults(t *testing.T) {
	var f fileTOML
	f.setDefaults()
	checked := 0
	for p, k := range referenceKeys() {
		if !k.literal() || strings.ContainsAny(p, "[]") || strings.Contains(p, "NAME") || strings.HasPrefix(p, "DIST.") || strings.HasPrefix(p, "report.") || strings.HasPrefix(p, "sensitivity.") {
			continue
		}
		got, ok := fieldAt(reflect.ValueOf(&f).Elem(), p)
		if !ok {
			t.Errorf("%s: the reference gives the default %s, but the parser leaves it unset", p, k.Default)
			continue
		}
		// Decode the literal into a value of the field's type the way
		// Parse does, and compare.
		var tree map[string]any
		if _, err := toml.Decode("v = "+k.Default, &tree); err != nil {
			t.Errorf("%s: default %s is not TOML: %v", p, k.Default, err)
			continue
		}
		want := reflect.New(got.Type()).Elem()
		c := newChecker("ref", nil)
		(&decoder{c: c}).value(p, tree["v"], want)
		if errs := c.all(); len(errs) > 0 {
			t.Errorf("%s: default %s does not decode: %v", p, k.Default, errs)
			continue
		}
		if !equalDefaults(want, got) {
			t.Errorf("%s: the reference says %s, the parser sets %+v", p, k.Default, got.Interface())
		}
		checked++
	}
	if checked < 40 {
		t.Errorf("checked only %d defaults", checked)
	}
}

// equalDefaults compares decoded values, distributions by what they mean.
func equalDefaults(a, b reflect.Value) bool {
	if d, ok := a.Interface().(*distTOML); ok {
		e := b.Interface().(*distTOML)
		return reflect.DeepEqual(d.spec(), e.spec())
	}
	if x, ok := a.Interface().(float64); ok {
		return math.Abs(x-b.Interface().(float64)) < 1e-12
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}

// TestGeneratedDocsAreCurrent fails when docs/scenarios.md or
// docs/opsim.schema.json differ from what the reference generates.
func TestGeneratedDocsAreCurrent(t *testing.T) {
	schema, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string][]byte{
		"../docs/scenarios.md":      []byte(ReferenceMarkdown()),
		"../docs/opsim.schema.json": schema,
	} {
		got, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s is stale: run 'make docs' to regenerate it from scenarios/reference_keys.go", file)
		}
	}
}

// validate checks a decoded TOML value against a JSON Schema, for the
// parts the generated schema uses. It returns the paths that fail.
func validate(path string, v any, s map[string]any, defs map[string]any) []string {
	if ref, ok := s["$ref"].(string); ok {
		return validate(path, v, defs[strings.TrimPrefix(ref, "#/definitions/")].(map[string]any), defs)
	}
	if alts, ok := s["anyOf"].([]any); ok {
		var why []string
		for _, alt := range alts {
			bad := validate(path, v, alt.(map[string]any), defs)
			if len(bad) == 0 {
				return nil
			}
			why = append(why, bad...)
		}
		return []string{path + ": matches none of anyOf: " + strings.Join(why, "; ")}
	}
	var bad []string
	fail := func(why string) { bad = append(bad, path+": "+why) }
	if typ, ok := s["type"]; ok {
		var types []string
		switch x := typ.(type) {
		case string:
			types = []string{x}
		case []any:
			for _, y := range x {
				types = append(types, y.(string))
			}
		}
		if !slices.Contains(types, jsonType(v)) && !(jsonType(v) == "integer" && slices.Contains(types, "number")) {
			fail(fmt.Sprintf("%s, want %v", jsonType(v), types))
			return bad
		}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		fail(fmt.Sprintf("%v not in %v", v, enum))
	}
	if pat, ok := s["pattern"].(string); ok {
		if str, isStr := v.(string); isStr && !regexp.MustCompile(pat).MatchString(str) {
			fail(fmt.Sprintf("%q does not match %s", str, pat))
		}
	}
	if x, ok := asFloat(v); ok {
		if lo, ok := s["minimum"].(float64); ok && x < lo {
			fail(fmt.Sprintf("%v below %v", x, lo))
		}
		if hi, ok := s["maximum"].(float64); ok && x > hi {
			fail(fmt.Sprintf("%v above %v", x, hi))
		}
	}
	switch x := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		pats, _ := s["patternProperties"].(map[string]any)
		for k, val := range x {
			if ps, ok := props[k]; ok {
				bad = append(bad, validate(path+"."+k, val, ps.(map[string]any), defs)...)
				continue
			}
			matched := false
			for pat, ps := range pats {
				if regexp.MustCompile(pat).MatchString(k) {
					matched = true
					bad = append(bad, validate(path+"."+k, val, ps.(map[string]any), defs)...)
				}
			}
			if matched {
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					fail("unknown key " + k)
				}
			case map[string]any:
				bad = append(bad, validate(path+"."+k, val, ap, defs)...)
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, el := range x {
				bad = append(bad, validate(fmt.Sprintf("%s.%d", path, i), el, items, defs)...)
			}
		}
	case []map[string]any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, el := range x {
				bad = append(bad, validate(fmt.Sprintf("%s.%d", path, i), el, items, defs)...)
			}
		}
	}
	return bad
}

// jsonType names a decoded TOML value's type as JSON Schema does.
func jsonType(v any) string {
	switch t := tomlType(v); t {
	case "float":
		return "number"
	case "table":
		return "object"
	default:
		return t
	}
}

func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// TestJSONSchemaAcceptsTheBundledScenarios: the schema editors use accepts
// every bundled scenario and rejects what the parser rejects for the same
// reason (an unknown key, a value outside its range or list).
func TestJSONSchemaAcceptsTheBundledScenarios(t *testing.T) {
	raw, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	defs := schema["definitions"].(map[string]any)
	files, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if !strings.HasSuffix(f.Name(), ".toml") {
			continue
		}
		var tree map[string]any
		if _, err := toml.DecodeFile(f.Name(), &tree); err != nil {
			t.Fatal(err)
		}
		if bad := validate(f.Name(), tree, schema, defs); len(bad) > 0 {
			t.Errorf("the JSON Schema rejects %s:\n%s", f.Name(), strings.Join(bad, "\n"))
		}
		n++
	}
	if n < 5 {
		t.Fatalf("checked %d bundled scenarios", n)
	}
	for _, tc := range []struct{ src, want string }{
		{head + "enginers = 3\n", "unknown key enginers"},
		{"horizon = \"10w\"\n[org]\ncalendar = \"weekends\"\n", "not in"},
		{"horizon = \"10w\"\n[services]\ncoupling = 1.5\n", "above 1"},
		{"horizon = \"10 weeks\"\n", "does not match"},
		{"horizon = \"10w\"\n[design.a]\npreset = \"collective\"\nops_team_sise = 3\n", "unknown key ops_team_sise"},
	} {
		var tree map[string]any
		if _, err := toml.Decode(tc.src, &tree); err != nil {
			t.Fatal(err)
		}
		bad := strings.Join(validate("x", tree, schema, defs), "\n")
		if !strings.Contains(bad, tc.want) {
			t.Errorf("schema check of %q: %q, want %q", tc.src, bad, tc.want)
		}
	}
}
