package scenarios

// Paths into a scenario's decoded TOML tree: resolving a dotted path such
// as "design.collective.ops_team_size" against the schema, and copying a
// tree with one value changed. [sweep], --set and [sensitivity.params]
// name the fields they vary this way.

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

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
