package scenarios

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

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
